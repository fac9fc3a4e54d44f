import { Type } from '@sinclair/typebox'
import { DateTime, Fen, Id, Nullable } from '../../platform/http/schemas.js'

const Status = Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('ended')])
const Phase = Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('ended')])
const Count = Type.Integer({ minimum: 1, maximum: 1_000_000 })

export const SlotSkuInput = Type.Object(
  {
    skuId: Id,
    flashPriceFen: Type.Integer({
      minimum: 1,
      maximum: 100_000_000_00,
      description: 'fen, below the SKU price',
    }),
    stock: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'units carved from the SKU stock' }),
    perPersonLimit: Type.Integer({ minimum: 1, maximum: 999 }),
  },
  { additionalProperties: false },
)
export const SlotInput = Type.Object(
  {
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    skus: Type.Array(SlotSkuInput, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
)
export const CampaignInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    slots: Type.Array(SlotInput, { maxItems: 50 }),
  },
  { additionalProperties: false },
)
export const CampaignPatch = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    slots: Type.Optional(Type.Array(SlotInput, { maxItems: 50 })),
  },
  { additionalProperties: false, minProperties: 1 },
)

const SlotSku = Type.Object({
  skuId: Id,
  productId: Id,
  title: Type.String(),
  specLabel: Type.String(),
  imageUrl: Nullable(Type.String()),
  flashPriceFen: Fen,
  priceFen: Fen,
  stock: Type.Integer(),
  perPersonLimit: Type.Integer(),
  carved: Type.Integer(),
  held: Type.Integer(),
  sold: Type.Integer(),
  taken: Type.Integer(),
  returned: Type.Integer(),
  left: Type.Integer(),
})
export const Campaign = Type.Object({
  id: Id,
  title: Type.String(),
  status: Status,
  createdAt: DateTime,
  serverNow: DateTime,
  slots: Type.Array(
    Type.Object({
      id: Id,
      startsAt: DateTime,
      endsAt: DateTime,
      status: Type.String(),
      phase: Phase,
      skus: Type.Array(SlotSku),
    }),
  ),
})
export const CampaignSummary = Type.Object({
  id: Id,
  title: Type.String(),
  status: Status,
  slotCount: Type.Integer(),
  startsAt: Nullable(DateTime),
  endsAt: Nullable(DateTime),
  createdAt: DateTime,
})
export const CampaignQuery = Type.Object(
  {
    status: Type.Optional(Status),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
)

export const StoreSlot = Type.Object({
  id: Id,
  campaignId: Id,
  title: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  phase: Phase,
  items: Type.Array(
    Type.Object({
      skuId: Id,
      productId: Id,
      title: Type.String(),
      specLabel: Type.String(),
      imageUrl: Nullable(Type.String()),
      flashPriceFen: Fen,
      priceFen: Fen,
      perPersonLimit: Type.Integer(),
      stock: Type.Integer(),
      left: Type.Integer(),
      soldUnits: Type.Integer(),
      soldOut: Type.Boolean(),
    }),
  ),
})
export const StoreSlots = Type.Object({ serverNow: DateTime, slots: Type.Array(StoreSlot) })
export const StoreSlotOne = Type.Object({ serverNow: DateTime, slot: StoreSlot })

export const PurchaseBody = Type.Object(
  {
    slotId: Id,
    skuId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 99 }),
    fulfillment: Type.Optional(Type.Union([Type.Literal('pickup'), Type.Literal('delivery')])),
    addressId: Type.Optional(Id),
  },
  { additionalProperties: false },
)
export const Purchase = Type.Object({
  id: Id,
  slotId: Id,
  skuId: Id,
  quantity: Type.Integer(),
  unitPriceFen: Fen,
  totalFen: Fen,
  orderId: Id,
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('cancelled')]),
  expiresAt: DateTime,
  createdAt: DateTime,
})
export { Count }
