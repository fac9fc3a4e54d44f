import { Type } from '@sinclair/typebox'
import { DateTime, Id, Nullable, paged } from '../../platform/http/schemas.js'
import { LIMITS } from './domain/offer-rules.js'

const Str = Type.String()
const Int = Type.Integer()
const bounded = (l: { min: number; max: number }, description?: string) =>
  Type.Integer({ minimum: l.min, maximum: l.max, description })
const PriceFen = bounded(LIMITS.priceFen, 'fen')

const offerFields = {
  startPriceFen: Type.Optional({ ...PriceFen, description: 'fen; default the SKU price' }),
  floorPriceFen: { ...PriceFen, description: 'fen; at least 1 and below the start price' },
  helpersNeeded: bounded(LIMITS.helpersNeeded),
  timeLimitMinutes: bounded(LIMITS.timeLimitMinutes, 'how long one bargain may run'),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  perShopperLimit: Type.Optional(bounded(LIMITS.perShopperLimit, 'bargains one shopper may start')),
  stockCap: Type.Optional(Nullable(bounded(LIMITS.stockCap, 'bargain orders at most; null: no cap'))),
  payWithinMinutes: Type.Optional(
    bounded(LIMITS.payWithinMinutes, 'to order and pay once the floor is reached'),
  ),
  buyAtCurrentPrice: Type.Optional(
    Type.Boolean({ description: 'may buy at the current price before the floor' }),
  ),
  helperDailyLimit: Type.Optional(bounded(LIMITS.helperDailyLimit, 'helps per shopper per day')),
  deviceDailyLimit: Type.Optional(bounded(LIMITS.deviceDailyLimit, 'helps per device per day')),
}

export const OfferCreate = Type.Object({ skuId: Id, ...offerFields }, { additionalProperties: false })
export const OfferPatch = Type.Partial(Type.Object(offerFields), { additionalProperties: false })

export const Offer = Type.Object({
  id: Id,
  productId: Id,
  skuId: Id,
  status: Str,
  title: Str,
  specLabel: Str,
  imageUrl: Nullable(Str),
  skuPriceFen: Int,
  startPriceFen: Int,
  floorPriceFen: Int,
  helpersNeeded: Int,
  timeLimitMinutes: Int,
  startsAt: DateTime,
  endsAt: DateTime,
  perShopperLimit: Int,
  stockCap: Nullable(Int),
  orderedCount: Int,
  payWithinMinutes: Int,
  buyAtCurrentPrice: Type.Boolean(),
  helperDailyLimit: Int,
  deviceDailyLimit: Int,
  figures: Type.Object({ started: Int, reached: Int, ordered: Int, paid: Int, paidGmvFen: Int }),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export const OfferPage = paged(Offer)

export const StoreOffer = Type.Object({
  id: Id,
  productId: Id,
  skuId: Id,
  title: Str,
  specLabel: Str,
  imageUrl: Nullable(Str),
  startPriceFen: Int,
  floorPriceFen: Int,
  helpersNeeded: Int,
  timeLimitMinutes: Int,
  endsAt: DateTime,
  buyAtCurrentPrice: Type.Boolean(),
  soldOut: Type.Boolean(),
  myBargainId: Nullable(Str),
})

const Person = { nickname: Str, avatarUrl: Nullable(Str) }

export const Bargain = Type.Object({
  id: Id,
  offerId: Id,
  status: Str,
  startPriceFen: Int,
  floorPriceFen: Int,
  currentPriceFen: Int,
  cutFen: Int,
  helpersNeeded: Int,
  helpersCount: Int,
  expiresAt: DateTime,
  reachedAt: Nullable(DateTime),
  payBy: Nullable(DateTime),
  orderId: Nullable(Str),
  buyAtCurrentPrice: Type.Boolean(),
  product: Type.Object({
    id: Id,
    skuId: Id,
    title: Str,
    specLabel: Str,
    imageUrl: Nullable(Str),
    priceFen: Int,
  }),
  starter: Type.Object(Person),
  helpers: Type.Array(
    Type.Object({ ...Person, cutFen: Int, newCustomer: Type.Boolean(), at: DateTime, me: Type.Boolean() }),
  ),
  mine: Type.Boolean(),
  helped: Type.Boolean(),
  canOrder: Type.Boolean(),
  share: Nullable(Type.Object({ token: Str, path: Str })),
  serverTime: DateTime,
})

export const MyBargain = Type.Object({
  id: Id,
  offerId: Id,
  status: Str,
  title: Str,
  imageUrl: Nullable(Str),
  startPriceFen: Int,
  floorPriceFen: Int,
  currentPriceFen: Int,
  helpersNeeded: Int,
  helpersCount: Int,
  expiresAt: DateTime,
  payBy: Nullable(DateTime),
  orderId: Nullable(Str),
  createdAt: DateTime,
})

export const HelpResult = Type.Object({ cutFen: Int, newCustomer: Type.Boolean(), bargain: Bargain })

export const OrderBody = Type.Object(
  {
    fulfillment: Type.Union([Type.Literal('delivery'), Type.Literal('pickup')]),
    addressId: Type.Optional(Id),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
