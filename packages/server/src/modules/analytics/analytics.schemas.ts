import { Type } from '@sinclair/typebox'
import { Nullable } from '../../platform/http/schemas.js'
import { GOAL_METRIC_NAMES } from './domain/goals.js'

/** The most events one storefront batch may carry. */
export const MAX_BATCH = 50

const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'a shop day (Asia/Shanghai), YYYY-MM-DD',
})

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
)

export const KFactorQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    windowDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'days after activation that count' }),
    ),
  },
  { additionalProperties: false },
)

const Campaign = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'a campaign id, or a share target as `<kind>:<id>` (e.g. `product:<id>`, `deal:<id>`)',
})

export const CascadeQuery = Type.Object(
  {
    campaign: Type.Optional(Campaign),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_000, default: 500 })),
  },
  { additionalProperties: false },
)

export const FunnelQuery = Type.Object(
  {
    campaign: Type.Optional(Campaign),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
)

export const ClientEventBody = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$', description: 'the storefront’s id for this event' }),
    type: Type.Union([Type.Literal('page.viewed'), Type.Literal('page.clicked'), Type.Literal('share.sent')]),
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'when it happened; server time is used if far off' }),
    ),
    path: Type.Optional(Type.String({ maxLength: 200 })),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    targetKind: Type.Optional(
      Type.Union(
        ['product', 'deal', 'group', 'flash_slot', 'bargain', 'draw', 'page'].map((k) => Type.Literal(k)),
      ),
    ),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    shareToken: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{10}$' })),
    element: Type.Optional(Type.String({ maxLength: 64, description: 'what was tapped' })),
    channel: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$', description: 'where a share was sent' })),
  },
  { additionalProperties: false },
)

export const IngestBody = Type.Object(
  { events: Type.Array(ClientEventBody, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
)

export const IngestResult = Type.Object({
  accepted: Type.Integer({ description: 'stored now' }),
  duplicates: Type.Integer({ description: 'already stored (a retry)' }),
  ignored: Type.Integer({ description: 'unknown share tokens, or share actions by someone else' }),
})

const Counters = Type.Record(Type.String(), Type.Number())

export const Overview = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Counters,
  days: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  bySource: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  byChannel: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  customers: Type.Object({
    new: Type.Object({ customers: Type.Integer(), orders: Type.Integer(), gmvFen: Type.Integer() }),
    returning: Type.Object({ orders: Type.Integer(), gmvFen: Type.Integer() }),
  }),
  groups: Type.Object({
    opened: Type.Integer(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    successRate: Nullable(Type.Number()),
    timeToFill: Type.Union([
      Type.Object({ groups: Type.Integer(), meanMinutes: Type.Number(), medianMinutes: Type.Number() }),
      Type.Null(),
    ]),
  }),
  commission: Type.Object({ fen: Type.Integer(), shareOfGmv: Nullable(Type.Number()) }),
  topPromoters: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      shopperId: Type.String({ format: 'uuid' }),
      nickname: Nullable(Type.String()),
      phoneMasked: Nullable(Type.String()),
      promoterStatus: Nullable(Type.String({ description: 'their promoter status, if they are one' })),
      orders: Type.Integer({ description: 'paid orders through their shares, or with them as the promoter' }),
      gmvFen: Type.Integer(),
      buyers: Type.Integer(),
      newCustomers: Type.Integer({ description: 'buyers whose first paid order it was' }),
    }),
    { description: 'who brought in the most GMV (top 10)' },
  ),
})

const CycleTime = Type.Object({ meanDays: Type.Number(), medianDays: Type.Number(), p90Days: Type.Number() })

export const KFactorResult = Type.Object({
  from: Type.String(),
  to: Type.String(),
  k: Type.Number({ description: 'new activated buyers per activated buyer within the window = s·f·r·c' }),
  s: Type.Number({ description: 'share rate: sharers / buyers' }),
  f: Type.Number({ description: 'fan-out: sends / sharers' }),
  r: Type.Number({ description: 'opens per recipient: first opens / sends' }),
  c: Type.Number({ description: 'conversion per open: new buyers / first opens' }),
  buyers: Type.Integer(),
  sharers: Type.Integer(),
  sends: Type.Integer(),
  opens: Type.Integer(),
  newBuyers: Type.Integer(),
  windowDays: Type.Integer(),
  activation: Type.String(),
  activationText: Type.String(),
  cycleTime: Type.Union([CycleTime, Type.Null()]),
})

const Node = Type.Object({
  id: Type.String(),
  parent: Nullable(Type.String()),
  generation: Type.Integer(),
  at: Type.String({ description: 'first time they took part (ISO)' }),
  shares: Type.Integer(),
  sends: Type.Integer(),
  opens: Type.Integer(),
  orders: Type.Integer(),
  gmvFen: Type.Integer(),
  children: Type.Integer(),
  descendants: Type.Integer(),
  descendantGmvFen: Type.Integer(),
})

export const CascadeResult = Type.Object({
  campaign: Nullable(Type.String()),
  people: Type.Integer(),
  roots: Type.Integer(),
  maxDepth: Type.Integer(),
  meanTreeSize: Type.Number(),
  generations: Type.Array(
    Type.Object({
      generation: Type.Integer(),
      people: Type.Integer(),
      sharers: Type.Integer(),
      sends: Type.Integer(),
      opens: Type.Integer(),
      buyers: Type.Integer(),
      orders: Type.Integer(),
      gmvFen: Type.Integer(),
    }),
  ),
  sizes: Type.Array(Type.Object({ band: Type.String(), trees: Type.Integer() })),
  depths: Type.Array(Type.Object({ depth: Type.Integer(), trees: Type.Integer() })),
  topSpreaders: Type.Array(Node),
  nodes: Type.Array(Node),
  truncated: Type.Boolean(),
})

export const FunnelResult = Type.Object({
  from: Type.String(),
  to: Type.String(),
  campaign: Nullable(Type.String()),
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      people: Type.Integer(),
      rate: Type.Number({ description: 'this step over the previous' }),
    }),
  ),
  orders: Type.Integer(),
  gmvFen: Type.Integer(),
})

const RetentionCell = Type.Object({
  week: Type.Integer({ description: 'weeks after the cohort’s week (1 = the next)' }),
  weekStart: Type.String({ description: 'that week’s Monday' }),
  customers: Type.Integer({ description: 'cohort customers who paid an order that week' }),
  rate: Type.Number({ description: 'customers / cohort size' }),
  partial: Type.Boolean({ description: 'the week runs past the range’s end' }),
})

export const RetentionResult = Type.Object({
  from: Type.String({ description: 'Monday of the first cohort week' }),
  to: Type.String(),
  cohorts: Type.Array(
    Type.Object({
      week: Type.String({ description: 'Monday of the week of their first paid order' }),
      source: Type.String({ description: 'acquisition source of that order, or `all`' }),
      customers: Type.Integer(),
      retained: Type.Array(RetentionCell),
    }),
  ),
  bySource: Type.Array(
    Type.Object({
      source: Type.String(),
      customers: Type.Integer(),
      retained: Type.Array(
        Type.Object({
          week: Type.Integer(),
          customers: Type.Integer(),
          rate: Type.Number({ description: 'over the cohorts that week was seen in full for' }),
        }),
      ),
    }),
  ),
})

const GoalMetric = Type.Union(
  GOAL_METRIC_NAMES.map((m) => Type.Literal(m)),
  {
    description:
      'gmv_fen, net_gmv_fen (less refunds), orders, new_customers, shares, share_actions, first_opens, views: added up from the start; k_factor: K of the buyers activated since the start (7-day window)',
  },
)

export const GoalBody = Type.Object(
  {
    metric: GoalMetric,
    target: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1e12,
      description: 'the value to reach by the deadline (fen for money; a whole number except for k_factor)',
    }),
    deadline: Day,
    startsOn: Type.Optional(
      Type.String({ ...Day, description: 'the first day that counts (default today)' }),
    ),
    title: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
)

export const Goal = Type.Object({
  id: Type.String({ format: 'uuid' }),
  metric: Type.String(),
  title: Nullable(Type.String()),
  target: Type.Number(),
  startsOn: Type.String(),
  deadline: Type.String({ description: 'the last day that counts' }),
  createdAt: Type.String({ format: 'date-time' }),
  current: Type.Number({ description: 'the value so far (to today, or to the deadline once past)' }),
  progress: Type.Number({ description: 'current / target (1 = reached)' }),
  elapsed: Type.Number({ description: 'share of the goal’s time gone by, 0–1' }),
  expectedNow: Nullable(
    Type.Number({ description: 'where a straight line to the target stands now (totals)' }),
  ),
  projected: Nullable(
    Type.Number({ description: 'the value at the deadline at the pace so far (a ratio: as it stands)' }),
  ),
  projectedProgress: Nullable(Type.Number({ description: 'projected / target' })),
  status: Type.Union([
    Type.Literal('not_started'),
    Type.Literal('on_track'),
    Type.Literal('behind'),
    Type.Literal('achieved'),
    Type.Literal('missed'),
  ]),
  daysLeft: Type.Integer({ description: 'shop days left, today included' }),
})

export const GoalList = Type.Object({ items: Type.Array(Goal) })

export const ExportQuery = Type.Object(
  {
    report: Type.Union(
      [Type.Literal('overview'), Type.Literal('funnel'), Type.Literal('cascades'), Type.Literal('retention')],
      { description: 'which report: the same numbers as its JSON route' },
    ),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    campaign: Type.Optional(Campaign),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_000, default: 500, description: 'cascade nodes' }),
    ),
    lang: Type.Optional(
      Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], {
        description: 'headers’ language (default: Accept-Language, else zh-CN)',
      }),
    ),
  },
  { additionalProperties: false },
)
