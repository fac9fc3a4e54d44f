import { DAY_MS, type FissionEvent } from './events.js'
import {
  bernoulli,
  exponential,
  gamma,
  negativeBinomial,
  normal,
  poisson,
  type Random,
  seededRandom,
} from './random.js'

/** How counts (sends per sharer beyond the first, people opening per send) are drawn around their mean. */
export type CountDistribution = { kind: 'poisson' } | { kind: 'negbin'; dispersion: number }

/** The family each stage of the cycle time is drawn from (its mean is fixed by `cycleTimeDays`). */
export type CycleDistribution =
  | { kind: 'exponential' }
  | { kind: 'gamma'; shape: number }
  | { kind: 'lognormal'; sigma: number }
  | { kind: 'fixed' }

/** A campaign's sharing as the operator plans it; K = shareRate · fanOut · openRate · conversion. */
export interface CascadeParams {
  /** s: the chance a new buyer shares at all (0–1). */
  shareRate: number
  /** f: sends per sharer, one chat or friend each (≥ 1: a sharer sends at least once). */
  fanOut: number
  /** r: distinct people who open the link per send (a big chat may bring several). */
  openRate: number
  /** c: the chance a person who opened becomes a new buyer (0–1). */
  conversion: number
  counts?: CountDistribution
  /** Mean days from a buyer's activation to that of a buyer they bring in. */
  cycleTimeDays?: number
  cycle?: CycleDistribution
}

export interface SimulationOptions {
  seed: number | string
  /** Buyers at the start (bought on their own: the roots of the trees). */
  seedBuyers: number
  /** The seed buyers' purchases spread evenly over this many days from the start. Default 1. */
  seedSpreadDays?: number
  /** Stop after this many days. */
  days: number
  /** Stop early once this many buyers have activated (a supercritical campaign grows without end). */
  maxBuyers?: number
  /** Epoch ms of the start. */
  start?: number
  /** Also produce the event history (off for quick Monte Carlo in the CLI). Default true. */
  events?: boolean
  campaign?: string
  /** Order value of each purchase, fen. */
  orderFen?: number
}

export interface SimulatedBuyer {
  id: string
  parent: string | null
  generation: number
  at: number
}

export interface Simulation {
  /** The K these parameters imply: s·f·r·c. */
  k: number
  params: Required<Omit<CascadeParams, 'counts' | 'cycle'>> & Pick<CascadeParams, 'counts' | 'cycle'>
  buyers: SimulatedBuyer[]
  /** Sorted by time; only what happened by `end`. */
  events: FissionEvent[]
  start: number
  /** When the simulation stopped: the start plus `days`, or the moment `maxBuyers` was reached. */
  end: number
  capped: boolean
  /** New buyers per day from the start (seed buyers included). */
  perDay: number[]
}

/** The K-factor a plan implies: s · f · r · c. */
export const impliedK = (p: Pick<CascadeParams, 'shareRate' | 'fanOut' | 'openRate' | 'conversion'>) =>
  p.shareRate * p.fanOut * p.openRate * p.conversion

/** Problems with a plan, in words (empty when it can be simulated). */
export function planProblems(p: CascadeParams): string[] {
  const out: string[] = []
  if (!(p.shareRate >= 0 && p.shareRate <= 1)) out.push('share rate must be between 0 and 1')
  if (!(p.fanOut >= 1)) out.push('fan-out must be at least 1 (a sharer sends at least once)')
  if (!(p.openRate >= 0)) out.push('open rate must be 0 or more')
  if (!(p.conversion >= 0 && p.conversion <= 1)) out.push('conversion must be between 0 and 1')
  if (p.cycleTimeDays !== undefined && !(p.cycleTimeDays > 0)) out.push('cycle time must be more than 0 days')
  if (p.counts?.kind === 'negbin' && !(p.counts.dispersion > 0)) out.push('dispersion must be more than 0')
  return out
}

/** The cycle time splits into the share (25%), the open (25%) and the purchase (50%). */
const STAGES = [0.25, 0.25, 0.5] as const

function stageDraw(rng: Random, dist: CycleDistribution, mean: number): number {
  switch (dist.kind) {
    case 'fixed':
      return mean
    case 'gamma':
      return gamma(rng, dist.shape, mean / dist.shape)
    case 'lognormal':
      return Math.exp(Math.log(mean) - (dist.sigma * dist.sigma) / 2 + dist.sigma * normal(rng))
    default:
      return exponential(rng, mean)
  }
}

const countDraw = (rng: Random, dist: CountDistribution, mean: number) =>
  dist.kind === 'negbin' ? negativeBinomial(rng, mean, dist.dispersion) : poisson(rng, mean)

/** Every simulated event has the same shape, so the loops over a million of them stay fast. */
const event = (
  type: FissionEvent['type'],
  at: number,
  actor: string,
  token: string | null,
  sharer: string | null,
  campaign: string | null,
  extra: { amountFen?: number; ref?: string; firstVisit?: boolean; source?: string } = {},
): FissionEvent => ({
  type,
  at,
  actor,
  token,
  sharer,
  campaign,
  amountFen: extra.amountFen ?? 0,
  ref: extra.ref ?? null,
  firstVisit: extra.firstVisit ?? false,
  source: extra.source ?? null,
  channel: null,
})

/** A min-heap of pending buyers by activation time. */
class Pending {
  private items: SimulatedBuyer[] = []
  get size() {
    return this.items.length
  }
  peek() {
    return this.items[0]
  }
  push(b: SimulatedBuyer) {
    const a = this.items
    a.push(b)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p].at <= a[i].at) break
      ;[a[p], a[i]] = [a[i], a[p]]
      i = p
    }
  }
  pop() {
    const a = this.items
    const top = a[0]
    const last = a.pop()!
    if (a.length) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && a[l].at < a[m].at) m = l
        if (r < a.length && a[r].at < a[m].at) m = r
        if (m === i) break
        ;[a[m], a[i]] = [a[i], a[m]]
        i = m
      }
    }
    return top
  }
}

/**
 * A branching process of sharing, seeded so it repeats exactly. Each new buyer shares with
 * probability s; a sharer sends 1 + X times (X drawn with mean f − 1); each send is opened by M
 * distinct new people (M drawn with mean r, Poisson or negative binomial); each of them buys with
 * probability c and becomes a buyer who may share in turn. The stages take their share of the
 * cycle time. Buyers are processed in time order, so a cap stops the process at one moment and
 * everything after it is cut.
 *
 * The history it returns is what the analytics pipeline would record: `share.created`,
 * `share.sent`, `share.opened` (first visits), `order.paid` (through the share's token).
 */
export function simulateCascade(params: CascadeParams, opts: SimulationOptions): Simulation {
  const problems = planProblems(params)
  if (problems.length) throw new Error(problems.join('; '))
  const rng = seededRandom(opts.seed)
  const counts = params.counts ?? { kind: 'poisson' }
  const cycle = params.cycle ?? { kind: 'exponential' }
  const T = (params.cycleTimeDays ?? 1) * DAY_MS
  const start = opts.start ?? Date.UTC(2026, 0, 1, -8)
  let end = start + opts.days * DAY_MS
  const maxBuyers = opts.maxBuyers ?? 1_000_000
  const withEvents = opts.events !== false
  const campaign = opts.campaign ?? 'simulated'
  const orderFen = opts.orderFen ?? 9_900
  const spread = (opts.seedSpreadDays ?? 1) * DAY_MS

  const events: FissionEvent[] = []
  const buyers: SimulatedBuyer[] = []
  const pending = new Pending()
  let people = 0
  let orders = 0
  for (let i = 0; i < opts.seedBuyers; i++)
    pending.push({ id: `u${people++}`, parent: null, generation: 0, at: start + rng.next() * spread })

  const parentToken = new Map<string, string>()
  let capped = false
  while (pending.size && pending.peek().at <= end) {
    const b = pending.pop()
    buyers.push(b)
    if (withEvents)
      events.push(
        event(
          'order.paid',
          b.at,
          b.id,
          b.parent ? parentToken.get(b.parent)! : null,
          b.parent,
          b.parent ? campaign : null,
          { amountFen: orderFen, ref: `o${orders++}`, source: b.parent ? 'share' : 'direct' },
        ),
      )
    if (buyers.length >= maxBuyers) {
      end = b.at
      capped = true
      break
    }
    if (!bernoulli(rng, params.shareRate)) continue
    const token = `t${b.id}`
    parentToken.set(b.id, token)
    const sends = 1 + countDraw(rng, counts, params.fanOut - 1)
    let firstSend = Number.POSITIVE_INFINITY
    for (let j = 0; j < sends; j++) {
      const sentAt = b.at + stageDraw(rng, cycle, T * STAGES[0])
      firstSend = Math.min(firstSend, sentAt)
      if (withEvents) events.push(event('share.sent', sentAt, b.id, token, b.id, campaign))
      const openers = countDraw(rng, counts, params.openRate)
      for (let k = 0; k < openers; k++) {
        const id = `u${people++}`
        const openedAt = sentAt + stageDraw(rng, cycle, T * STAGES[1])
        if (withEvents)
          events.push(event('share.opened', openedAt, id, token, b.id, campaign, { firstVisit: true }))
        if (bernoulli(rng, params.conversion))
          pending.push({
            id,
            parent: b.id,
            generation: b.generation + 1,
            at: openedAt + stageDraw(rng, cycle, T * STAGES[2]),
          })
      }
    }
    if (withEvents) events.push(event('share.created', firstSend, b.id, token, b.id, campaign))
  }
  const kept = withEvents ? events.filter((e) => e.at <= end).sort((a, b) => a.at - b.at) : []
  const perDay = Array.from({ length: Math.max(1, Math.ceil((end - start) / DAY_MS)) }, () => 0)
  for (const b of buyers) {
    const d = Math.min(perDay.length - 1, Math.floor((b.at - start) / DAY_MS))
    perDay[d]++
  }
  return {
    k: impliedK(params),
    params: {
      shareRate: params.shareRate,
      fanOut: params.fanOut,
      openRate: params.openRate,
      conversion: params.conversion,
      cycleTimeDays: T / DAY_MS,
      counts,
      cycle,
    },
    buyers,
    events: kept,
    start,
    end,
    capped,
    perDay,
  }
}
