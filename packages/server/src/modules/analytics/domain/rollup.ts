/** Shop days turn over at midnight in Asia/Shanghai (UTC+8, no daylight saving). */
const SHOP_OFFSET_MS = 8 * 3_600_000

/** The shop's calendar day of an instant, as YYYY-MM-DD. */
export const shopDay = (at: number) => new Date(at + SHOP_OFFSET_MS).toISOString().slice(0, 10)

/** The instant a shop day starts. */
export const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`) - SHOP_OFFSET_MS

/** What the daily rollup reads of each event. */
export interface RollupEvent {
  tenantId: string
  type: string
  at: number
  amountFen: number
  firstVisit: boolean
  source: string | null
  channel: string | null
}

/** Counters kept per shop day; `_fen` ones are sums of money. */
export const DAILY_METRICS = [
  'orders',
  'gmv_fen',
  'refunds',
  'refund_fen',
  'new_customers',
  'shares',
  'share_actions',
  'opens',
  'first_opens',
  'views',
  'clicks',
  'groups_opened',
  'groups_joined',
  'groups_succeeded',
  'groups_failed',
  'commission_fen',
  'commission_clawed_back',
  'commissions_settled',
  'draws',
  'bargains_started',
] as const
export type DailyMetric = (typeof DAILY_METRICS)[number]

/** How one event type counts: the metrics it adds to, and whether by source and channel too. */
const COUNTS: Record<string, { metrics: [DailyMetric, 'count' | 'amount'][]; dims?: boolean }> = {
  'order.paid': {
    metrics: [
      ['orders', 'count'],
      ['gmv_fen', 'amount'],
    ],
    dims: true,
  },
  'order.refunded': {
    metrics: [
      ['refunds', 'count'],
      ['refund_fen', 'amount'],
    ],
  },
  'share.created': { metrics: [['shares', 'count']], dims: true },
  'share.sent': { metrics: [['share_actions', 'count']], dims: true },
  'share.opened': { metrics: [['opens', 'count']], dims: true },
  'page.viewed': { metrics: [['views', 'count']] },
  'page.clicked': { metrics: [['clicks', 'count']] },
  'group.opened': { metrics: [['groups_opened', 'count']] },
  'group.joined': { metrics: [['groups_joined', 'count']] },
  'group.succeeded': { metrics: [['groups_succeeded', 'count']] },
  'group.failed': { metrics: [['groups_failed', 'count']] },
  'commission.frozen': { metrics: [['commission_fen', 'amount']] },
  'commission.clawed_back': { metrics: [['commission_clawed_back', 'count']] },
  'commission.settled': { metrics: [['commissions_settled', 'count']] },
  'draw.drawn': { metrics: [['draws', 'count']] },
  'bargain.started': { metrics: [['bargains_started', 'count']] },
}

/** `tenant|day|metric|dim` → amount to add. */
export type Increments = Map<string, number>

export const incrementKey = (tenantId: string, day: string, metric: string, dim = '') =>
  `${tenantId}|${day}|${metric}|${dim}`

export function addIncrement(inc: Increments, key: string, n: number) {
  if (n) inc.set(key, (inc.get(key) ?? 0) + n)
}

/**
 * What a batch of events adds to the daily counters: each metric per shop day, in total and,
 * for orders and shares, by source and by channel. Adding batches in any order gives the same sums.
 */
export function dailyIncrements(events: readonly RollupEvent[], into: Increments = new Map()): Increments {
  for (const e of events) {
    const rule = COUNTS[e.type]
    if (!rule) continue
    const day = shopDay(e.at)
    for (const [metric, what] of rule.metrics) {
      const n = what === 'count' ? 1 : e.amountFen
      addIncrement(into, incrementKey(e.tenantId, day, metric), n)
      if (rule.dims) {
        if (e.source) addIncrement(into, incrementKey(e.tenantId, day, metric, `source:${e.source}`), n)
        if (e.channel) addIncrement(into, incrementKey(e.tenantId, day, metric, `channel:${e.channel}`), n)
      }
    }
    if (e.type === 'share.opened' && e.firstVisit) {
      addIncrement(into, incrementKey(e.tenantId, day, 'first_opens'), 1)
      if (e.channel)
        addIncrement(into, incrementKey(e.tenantId, day, 'first_opens', `channel:${e.channel}`), 1)
    }
  }
  return into
}

/** A customer's activation as the rollup keeps it. */
export interface CustomerActivation {
  tenantId: string
  shopperId: string
  at: number
  ref: string
  amountFen: number
  parentId: string | null
  token: string | null
  campaign: string | null
  source: string
  channel: string | null
}

/**
 * Folds a batch's first orders into the known activations. A shopper seen for the first time
 * adds a new customer on their day; an order earlier than the one on record (it arrived late)
 * moves the new customer to its day. Returns the rows to write and the counter changes.
 */
export function foldActivations(
  known: ReadonlyMap<string, CustomerActivation>,
  batchFirst: readonly CustomerActivation[],
  into: Increments = new Map(),
): { changed: CustomerActivation[]; increments: Increments } {
  const changed: CustomerActivation[] = []
  const count = (a: CustomerActivation, n: number) => {
    const day = shopDay(a.at)
    addIncrement(into, incrementKey(a.tenantId, day, 'new_customers'), n)
    addIncrement(into, incrementKey(a.tenantId, day, 'new_customers', `source:${a.source}`), n)
  }
  for (const a of batchFirst) {
    const had = known.get(`${a.tenantId}|${a.shopperId}`)
    if (had && (had.at < a.at || (had.at === a.at && had.ref <= a.ref))) continue
    if (had) count(had, -1)
    count(a, 1)
    changed.push(a)
  }
  return { changed, increments: into }
}
