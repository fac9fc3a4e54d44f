import { type CpuShare, measureCpu } from './cpu.js'
import { type LoadRequest, type LoadResult, load } from './load.js'
import { sampleActivity } from './pg-waits.js'

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
  /** Process group of the server, to tell its CPU time from the rest of the machine's. */
  serverGroup: number
  /** On Postgres: also sample what the server's connections wait for. */
  databaseUrl?: string
  /** Runs after each load, until the requests it cut off have finished on the server. */
  settle: () => Promise<void>
}

export interface PhaseResult extends LoadResult {
  cpu?: CpuShare
  /** Average number of the database's busy connections in each state or wait. */
  pgWaits?: Record<string, number>
}

/** results[run][phase.key] */
export type RunResults = Record<string, PhaseResult>[]

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

function describe(r: PhaseResult) {
  const codes = Object.entries(r.errorCodes)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ')
  const c = r.cpu
  const cpu = c
    ? `  cpu% server ${c.server} postgres ${c.postgres} load ${c.loadGenerator} other ${c.other} idle ${c.idle}`
    : ''
  const waits = Object.entries(r.pgWaits ?? {})
    .slice(0, 3)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  return `${fmt(r.perSecond).padStart(7)}/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}${codes ? ` (${codes})` : ''}${cpu}${waits ? `  pg: ${waits}` : ''}`
}

/**
 * Warms each phase up once, then runs the phases interleaved (A,B,C,A,B,C,…) so that noise on the
 * machine falls on all of them alike. `onResult` sees every load, warm-ups included.
 */
export async function runInterleaved(
  phases: Phase[],
  s: PhaseSettings,
  onResult: (phase: Phase, r: PhaseResult, warmup: boolean) => void = () => {},
): Promise<RunResults> {
  const width = Math.max(...phases.map((p) => p.key.length))
  const drive = async (p: Phase, seconds: number): Promise<PhaseResult> => {
    const cpu = measureCpu(s.serverGroup)
    const activity = s.databaseUrl ? sampleActivity(s.databaseUrl) : undefined
    const r = await load({
      origin: s.origin,
      request: p.request,
      varyHeaders: p.varyHeaders,
      seconds,
      connections: s.connections,
    })
    const pg = await activity?.()
    const result = { ...r, cpu: cpu(pg?.pids), pgWaits: pg?.waits }
    await s.settle()
    return result
  }

  if (s.warmupSeconds > 0)
    for (const p of phases) {
      const r = await drive(p, s.warmupSeconds)
      onResult(p, r, true)
      console.log(`  warm-up  ${p.key.padEnd(width)}  ${describe(r)}`)
    }
  const results: RunResults = []
  for (let run = 0; run < s.runs; run++) {
    const byPhase: Record<string, PhaseResult> = {}
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
