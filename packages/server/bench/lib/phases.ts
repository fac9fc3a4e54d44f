import { type LoadRequest, type LoadResult, load } from './load.js'

/** One kind of request a benchmark measures, e.g. the trivial route or a checkout. */
export interface Phase {
  key: string
  request: LoadRequest
  varyHeaders?: () => Record<string, string>
}

export interface PhaseSettings {
  origin: string
  runs: number
  seconds: number
  warmupSeconds: number
  connections: number
}

/** results[run][phase.key] */
export type RunResults = Record<string, LoadResult>[]

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

function describe(r: LoadResult) {
  const codes = Object.entries(r.errorCodes)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ')
  return `${fmt(r.perSecond).padStart(7)}/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}${codes ? ` (${codes})` : ''}`
}

/**
 * Warms each phase up once, then runs the phases interleaved (A,B,C,A,B,C,…) so that noise on the
 * machine falls on all of them alike. `onResult` sees every load, warm-ups included.
 */
export async function runInterleaved(
  phases: Phase[],
  s: PhaseSettings,
  onResult: (phase: Phase, r: LoadResult, warmup: boolean) => void = () => {},
): Promise<RunResults> {
  const width = Math.max(...phases.map((p) => p.key.length))
  const drive = (p: Phase, seconds: number) =>
    load({
      origin: s.origin,
      request: p.request,
      varyHeaders: p.varyHeaders,
      seconds,
      connections: s.connections,
    })

  if (s.warmupSeconds > 0)
    for (const p of phases) {
      const r = await drive(p, s.warmupSeconds)
      onResult(p, r, true)
      console.log(`  warm-up  ${p.key.padEnd(width)}  ${describe(r)}`)
    }
  const results: RunResults = []
  for (let run = 0; run < s.runs; run++) {
    const byPhase: Record<string, LoadResult> = {}
    for (const p of phases) {
      const r = await drive(p, s.seconds)
      onResult(p, r, false)
      byPhase[p.key] = r
      console.log(`  run ${run + 1}/${s.runs}  ${p.key.padEnd(width)}  ${describe(r)}`)
    }
    results.push(byPhase)
  }
  return results
}
