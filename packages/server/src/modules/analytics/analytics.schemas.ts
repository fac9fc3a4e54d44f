import { Type } from '@sinclair/typebox'
import { Nullable } from '../../platform/http/schemas.js'

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
