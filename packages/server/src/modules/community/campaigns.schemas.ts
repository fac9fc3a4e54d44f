import { Type } from '@sinclair/typebox'
import { DateTime, Fen, Id, Nullable } from '../../platform/http/schemas.js'

const Bp = Type.Integer({ minimum: 0, maximum: 3_000, description: 'basis points (100 = 1%)' })

export const CampaignStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('receiving'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
])

export const CampaignSkuInput = Type.Object(
  {
    skuId: Id,
    priceFen: Type.Integer({ minimum: 1, maximum: 100_000_000_00 }),
    perPersonLimit: Type.Integer({ minimum: 1, maximum: 999 }),
    totalCap: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    supplier: Type.String({ minLength: 1, maxLength: 60 }),
    unit: Type.String({ minLength: 1, maxLength: 10 }),
    costFen: Fen,
    commissionBp: Type.Optional(Nullable(Bp)),
  },
  { additionalProperties: false },
)

export const CampaignInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    cutoffAt: Type.String({ format: 'date-time' }),
    pickupDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, shop time' }),
    commissionBp: Type.Optional(Bp),
    uncollectedDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 3 })),
    uncollectedRule: Type.Optional(
      Type.Union([Type.Literal('refund'), Type.Literal('keep_and_flag')], { default: 'refund' }),
    ),
    returnWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, default: 7 })),
    skus: Type.Array(CampaignSkuInput, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
)

const CampaignSku = Type.Object({
  skuId: Id,
  productId: Id,
  title: Type.String(),
  specLabel: Type.String(),
  priceFen: Fen,
  perPersonLimit: Type.Integer(),
  totalCap: Nullable(Type.Integer()),
  sold: Type.Integer(),
  remaining: Nullable(Type.Integer()),
  supplier: Type.String(),
  unit: Type.String(),
  costFen: Fen,
  commissionBp: Nullable(Type.Integer()),
})

export const Campaign = Type.Object({
  id: Id,
  title: Type.String(),
  status: CampaignStatus,
  cutoffAt: DateTime,
  pickupDate: Type.String(),
  commissionBp: Type.Integer(),
  uncollectedDays: Type.Integer(),
  uncollectedRule: Type.String(),
  returnWindowDays: Type.Integer(),
  openedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  createdAt: DateTime,
  skus: Type.Array(CampaignSku),
})

export const StoreCampaign = Type.Object({
  id: Id,
  title: Type.String(),
  status: CampaignStatus,
  cutoffAt: DateTime,
  pickupDate: Type.String(),
  skus: Type.Array(
    Type.Object({
      skuId: Id,
      productId: Id,
      title: Type.String(),
      specLabel: Type.String(),
      priceFen: Fen,
      perPersonLimit: Type.Integer(),
      remaining: Nullable(Type.Integer()),
    }),
  ),
})

export const CampaignOrderBody = Type.Object(
  {
    leaderId: Id,
    items: Type.Array(
      Type.Object(
        { skuId: Id, quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

export const ReceiptBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          skuId: Id,
          received: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'units that arrived' }),
          damaged: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'of those, damaged' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
)

export const VerifyBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 200, description: 'the 8 digits, or the QR text' }) },
  { additionalProperties: false },
)

export const RouteInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    pickupPointIds: Type.Array(Id, { minItems: 1, maxItems: 200, description: 'in driving order' }),
  },
  { additionalProperties: false },
)

export const CampaignParams = Type.Object({ id: Id })
export const PickupParams = Type.Object({ orderId: Id })
