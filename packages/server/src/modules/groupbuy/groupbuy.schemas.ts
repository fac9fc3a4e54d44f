import { Type } from '@sinclair/typebox'
import { DateTime, Fen, Id, Nullable } from '../../platform/http/schemas.js'

const Str = Type.String()
const Int = Type.Integer()
const DealType = Type.Union(
  ['standard', 'ladder', 'lucky_draw', 'flash', 'cross_border'].map((t) => Type.Literal(t)),
)
const Step = Type.Object(
  { size: Type.Integer({ minimum: 2, maximum: 100 }), priceFen: Fen },
  { additionalProperties: false },
)

export const DealBody = Type.Object(
  {
    type: DealType,
    skuId: Id,
    title: Type.Optional(Type.String({ maxLength: 60 })),
    groupSize: Type.Integer({ description: 'N seats; a ladder group’s maximum' }),
    groupPriceFen: Type.Optional(Fen),
    ladderSteps: Type.Optional(Type.Array(Step, { maxItems: 10 })),
    timeLimitMinutes: Int,
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    perPersonLimit: Int,
    openerDiscountFen: Type.Optional(Fen),
    freeToOpen: Type.Optional(Type.Boolean()),
    newCustomersOnly: Type.Optional(Type.Boolean()),
    autoFillThresholdBp: Type.Optional(Int),
    luckyDrawWinners: Type.Optional(Int),
    flashSlotId: Type.Optional(Id),
    importTaxRateBp: Type.Optional(Int),
    openerRewardFen: Type.Optional(Fen),
    openerRewardBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
)

export const Deal = Type.Object({
  id: Id,
  type: Str,
  status: Str,
  title: Str,
  productId: Id,
  skuId: Id,
  productTitle: Str,
  specLabel: Str,
  imageUrl: Nullable(Str),
  groupSize: Int,
  singlePriceFen: Int,
  groupPriceFen: Type.Integer({ description: 'the group price; a ladder group’s first step' }),
  ladderSteps: Nullable(Type.Array(Type.Object({ size: Int, priceFen: Int }))),
  openerDiscountFen: Int,
  freeToOpen: Type.Boolean(),
  newCustomersOnly: Type.Boolean(),
  autoFillThresholdBp: Nullable(Int),
  luckyDrawWinners: Nullable(Int),
  flashSlotId: Nullable(Str),
  importTaxRateBp: Nullable(Int),
  importTaxFen: Nullable(Type.Integer({ description: 'import tax on one seat at the group price' })),
  openerRewardFen: Nullable(Int),
  openerRewardBp: Nullable(Int),
  timeLimitMinutes: Int,
  startsAt: DateTime,
  endsAt: DateTime,
  perPersonLimit: Int,
  serverNow: DateTime,
})

export const DealStats = Type.Object({
  groupsOpened: Int,
  forming: Int,
  succeeded: Int,
  failed: Int,
  successRateBp: Int,
  members: Int,
  gmvFen: Int,
})

const Member = Type.Object({
  id: Type.String({ description: 'the seat id: what the lucky draw ranks' }),
  nickname: Str,
  avatarUrl: Nullable(Str),
  isOpener: Type.Boolean(),
  paidAt: DateTime,
  won: Nullable(Type.Boolean()),
})

export const Group = Type.Object({
  id: Id,
  dealId: Id,
  status: Str,
  groupSize: Int,
  paidSeats: Int,
  heldSeats: Int,
  seatsLeft: Int,
  openedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  priceFen: Type.Integer({ description: 'a seat’s price now; a ladder group’s step reached' }),
  members: Type.Array(Member, { description: 'paid members only' }),
  draw: Nullable(
    Type.Object({
      seedHash: Type.String({ description: 'SHA-256 of the seed, shown from the start' }),
      seed: Nullable(Type.String({ description: 'revealed after the draw' })),
      winners: Type.Array(Str, { description: 'winning seat ids' }),
    }),
  ),
  deal: Deal,
  me: Nullable(
    Type.Object({
      seatId: Id,
      seatStatus: Str,
      orderId: Id,
      isOpener: Type.Boolean(),
      won: Nullable(Type.Boolean()),
    }),
  ),
  serverNow: DateTime,
})

export const ConsoleGroup = Type.Object({
  ...Group.properties,
  opener: Type.Object({ id: Id, nickname: Str, phone: Str }),
  openerRewardFen: Nullable(Int),
  seats: Type.Array(
    Type.Object({
      id: Id,
      shopperId: Id,
      nickname: Str,
      phone: Str,
      isOpener: Type.Boolean(),
      status: Str,
      orderId: Id,
      quantity: Int,
      paidFen: Int,
      won: Nullable(Type.Boolean()),
      residentIdMasked: Nullable(Str),
      joinedAt: DateTime,
      paidAt: Nullable(DateTime),
    }),
  ),
  history: Type.Array(
    Type.Object({
      from: Nullable(Str),
      to: Str,
      event: Str,
      actorKind: Str,
      reason: Nullable(Str),
      at: DateTime,
    }),
  ),
})

export const SeatBody = Type.Object(
  {
    fulfillment: Type.Union([Type.Literal('delivery'), Type.Literal('pickup')]),
    addressId: Type.Optional(Id),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
    note: Type.Optional(Type.String({ maxLength: 200 })),
    realName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    residentId: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    shareToken: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{10}$' })),
  },
  { additionalProperties: false },
)
