import { Presets, SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { type CascadeParams, impliedK, simulateCascade } from '../modules/analytics/index.js'

/** What an operator plans: the sharing of a campaign, and how long and how often to simulate it. */
export interface SimulateOptions {
  shareRate: number
  fanOut: number
  openRate: number
  conversion: number
  cycleTimeDays: number
  cycle: 'exponential' | 'gamma' | 'lognormal' | 'fixed'
  counts: 'poisson' | 'negbin'
  dispersion: number
  seedBuyers: number
  days: number
  runs: number
  seed: string
  maxBuyers: number
}

export const SIMULATE_DEFAULTS: SimulateOptions = {
  shareRate: 0.3,
  fanOut: 3,
  openRate: 1,
  conversion: 0.2,
  cycleTimeDays: 1,
  cycle: 'exponential',
  counts: 'poisson',
  dispersion: 1,
  seedBuyers: 100,
  days: 7,
  runs: 200,
  seed: '1',
  maxBuyers: 1_000_000,
}

export interface SimulationSummary {
  k: number
  options: SimulateOptions
  /** Per day: new buyers on average over the runs, the 10th and 90th percentile, and the running total. */
  perDay: { day: number; mean: number; p10: number; p90: number; cumulative: number }[]
  total: { mean: number; p10: number; p90: number }
  /** Buyers brought in by sharing (the total less the seed buyers), on average. */
  brought: number
  /** Runs that hit the buyer cap before the last day. */
  capped: number
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  const i = (s.length - 1) * q
  const lo = Math.floor(i)
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo)
}

/** Problems with the options, in words; the simulator's own checks come on top. */
function optionProblems(o: SimulateOptions) {
  const out: string[] = []
  const whole = (v: number, name: string, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max)
      out.push(`${name} must be a whole number from ${min} to ${max}`)
  }
  whole(o.seedBuyers, 'seed buyers', 1, 1_000_000)
  whole(o.days, 'days', 1, 365)
  whole(o.runs, 'runs', 1, 100_000)
  whole(o.maxBuyers, 'max buyers', 1, 10_000_000)
  if (!['exponential', 'gamma', 'lognormal', 'fixed'].includes(o.cycle))
    out.push('cycle must be exponential, gamma, lognormal or fixed')
  if (!['poisson', 'negbin'].includes(o.counts)) out.push('counts must be poisson or negbin')
  return out
}

/**
 * Runs the cascade simulator `runs` times (seeds `<seed>:0`, `<seed>:1`, …) and sums up the new
 * buyers per day: what an operator can expect from a plan ("with this share rate and conversion,
 * how many buyers in 7 days?"). Deterministic for a seed.
 */
export function runSimulation(
  input: Partial<SimulateOptions>,
  onProgress?: (done: number, total: number) => void,
): SimulationSummary {
  const o = { ...SIMULATE_DEFAULTS, ...input }
  const params: CascadeParams = {
    shareRate: o.shareRate,
    fanOut: o.fanOut,
    openRate: o.openRate,
    conversion: o.conversion,
    cycleTimeDays: o.cycleTimeDays,
    cycle:
      o.cycle === 'gamma'
        ? { kind: 'gamma', shape: 2 }
        : o.cycle === 'lognormal'
          ? { kind: 'lognormal', sigma: 0.8 }
          : { kind: o.cycle },
    counts: o.counts === 'negbin' ? { kind: 'negbin', dispersion: o.dispersion } : { kind: 'poisson' },
  }
  const problems = optionProblems(o)
  if (problems.length) throw new Error(problems.join('; '))
  const perRun: number[][] = []
  let capped = 0
  for (let i = 0; i < o.runs; i++) {
    const sim = simulateCascade(params, {
      seed: `${o.seed}:${i}`,
      seedBuyers: o.seedBuyers,
      days: o.days,
      maxBuyers: o.maxBuyers,
      events: false,
    })
    if (sim.capped) capped++
    perRun.push(Array.from({ length: o.days }, (_, d) => sim.perDay[d] ?? 0))
    onProgress?.(i + 1, o.runs)
  }
  let cumulative = 0
  const perDay = Array.from({ length: o.days }, (_, d) => {
    const xs = perRun.map((r) => r[d])
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    cumulative += mean
    return { day: d + 1, mean, p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), cumulative }
  })
  const totals = perRun.map((r) => r.reduce((a, b) => a + b, 0))
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length
  return {
    k: impliedK(params),
    options: o,
    perDay,
    total: { mean, p10: quantile(totals, 0.1), p90: quantile(totals, 0.9) },
    brought: mean - o.seedBuyers,
    capped,
  }
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1))

/** The summary as the terminal shows it: the plan, a table by day, the total, what K means. */
export function formatSimulation(s: SimulationSummary): string {
  const o = s.options
  const rows = s.perDay.map((d) => [
    String(d.day),
    d.mean.toFixed(1),
    `${num(d.p10)}–${num(d.p90)}`,
    d.cumulative.toFixed(1),
  ])
  const head = ['day', 'new buyers (mean)', 'p10–p90', 'cumulative']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padStart(widths[i])).join('   ')}`
  const out = [
    '',
    `  Plan: share rate ${pct(o.shareRate)} · fan-out ${num(o.fanOut)} sends per sharer · ${num(o.openRate)} opens per send · conversion ${pct(o.conversion)} per open`,
    `  K = s·f·r·c = ${s.k.toFixed(3)} new buyers per buyer · cycle time ${num(o.cycleTimeDays)} day(s), ${o.cycle} · counts ${o.counts}${o.counts === 'negbin' ? ` (dispersion ${o.dispersion})` : ''}`,
    `  ${o.seedBuyers} seed buyers · ${o.days} days · ${o.runs} runs (seed ${o.seed})`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `  Expected buyers in ${o.days} days: ${s.total.mean.toFixed(1)} (p10 ${num(s.total.p10)} – p90 ${num(s.total.p90)}), of which ${s.brought.toFixed(1)} brought in by sharing`,
    s.k < 1
      ? `  K < 1: the campaign fades; in the end each seed buyer's tree holds about 1/(1−K) = ${(1 / (1 - s.k)).toFixed(2)} buyers`
      : `  K ≥ 1: the campaign grows by itself, about ×${s.k.toFixed(2)} per cycle time, until its audience runs out`,
  ]
  if (s.capped)
    out.push(`  ${s.capped} run(s) reached ${o.maxBuyers} buyers and stopped early: the totals are a floor`)
  return `${out.join('\n')}\n`
}

const number = (name: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, not "${v}"`)
  return n
}

/** `liebian simulate`: the cascade simulator for planning a campaign. */
export function simulateCommand(program: Command) {
  const d = SIMULATE_DEFAULTS
  program
    .command('simulate')
    .description(
      "simulate a campaign's sharing: with this share rate and conversion, how many buyers in N days?",
    )
    .option('--share-rate <s>', 'chance a new buyer shares (0–1)', number('share rate'), d.shareRate)
    .option('--fan-out <f>', 'sends per sharer, one chat or friend each (≥ 1)', number('fan-out'), d.fanOut)
    .option('--open-rate <r>', 'people opening the link per send', number('open rate'), d.openRate)
    .option('--conversion <c>', 'chance a person who opened buys (0–1)', number('conversion'), d.conversion)
    .option(
      '--cycle-time <days>',
      'mean days from a purchase to the purchases it brings',
      number('cycle time'),
      d.cycleTimeDays,
    )
    .option('--cycle <family>', 'cycle-time distribution: exponential, gamma, lognormal, fixed', d.cycle)
    .option('--counts <family>', 'sends and opens drawn as poisson or negbin', d.counts)
    .option(
      '--dispersion <k>',
      'negative binomial dispersion (smaller: a few big chats)',
      number('dispersion'),
      d.dispersion,
    )
    .option('--seed-buyers <n>', 'buyers at the start', number('seed buyers'), d.seedBuyers)
    .option('--days <n>', 'days to simulate', number('days'), d.days)
    .option('--runs <n>', 'simulations to average', number('runs'), d.runs)
    .option('--seed <seed>', 'random seed (the same seed gives the same answer)', d.seed)
    .option('--max-buyers <n>', 'stop a run at this many buyers', number('max buyers'), d.maxBuyers)
    .option('--json', 'print the summary as JSON')
    .action((opts: Partial<SimulateOptions> & { cycleTime?: number; json?: boolean }) => {
      const { cycleTime, json, ...rest } = opts
      const input = { ...rest, cycleTimeDays: cycleTime ?? d.cycleTimeDays }
      const showBar = !json && process.stderr.isTTY && (input.runs ?? d.runs) >= 20
      const bar = new SingleBar(
        { format: '  simulating [{bar}] {value}/{total} runs', hideCursor: true, stream: process.stderr },
        Presets.shades_classic,
      )
      let started = false
      let summary: SimulationSummary
      try {
        summary = runSimulation(input, (done, total) => {
          if (!showBar) return
          if (!started) {
            bar.start(total, 0)
            started = true
          }
          bar.update(done)
        })
      } catch (err) {
        if (started) bar.stop()
        console.error(`  ${(err as Error).message}`)
        process.exitCode = 2
        return
      }
      if (started) bar.stop()
      console.log(json ? JSON.stringify(summary, null, 2) : formatSimulation(summary))
    })
}
