import { Type } from '@sinclair/typebox'
import { DateTime, Id } from '../../platform/http/schemas.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Str = Type.String()

export const OrderStatus = Type.Union(
  [
    'pending_payment',
    'awaiting_group',
    'paid',
    'shipped',
    'ready_for_pickup',
    'completed',
    'cancelled',
    'refunded',
  ].map((s) => Type.Literal(s)),
)

export const Attribution = Type.Object(
  {
    shareToken: Type.Optional(Type.String({ maxLength: 64 })),
    promoterId: Type.Optional(Id),
    groupId: Type.Optional(Id),
    liveRoomId: Type.Optional(Id),
    communityLeaderId: Type.Optional(Id),
    creatorId: Type.Optional(Id),
    campaignId: Type.Optional(Id),
    channel: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
)

const Line = Type.Object({
  id: Id,
  productId: Id,
  skuId: Id,
  title: Str,
  specLabel: Str,
  imageUrl: Nullable(Str),
  unitPriceFen: Type.Integer(),
  quantity: Type.Integer(),
  amountFen: Type.Integer(),
  refundedQuantity: Type.Integer(),
  refundedFen: Type.Integer(),
  returnable7d: Type.Boolean(),
  attribution: Type.Object({
    promoterId: Nullable(Str),
    shareToken: Nullable(Str),
    groupId: Nullable(Str),
    liveRoomId: Nullable(Str),
    communityLeaderId: Nullable(Str),
    creatorId: Nullable(Str),
    campaignId: Nullable(Str),
    channel: Nullable(Str),
  }),
})

export const AfterSales = Type.Object({
  id: Id,
  orderId: Id,
  type: Str,
  status: Str,
  reason: Str,
  noReasonReturn: Type.Boolean(),
  lines: Type.Array(Type.Object({ lineId: Id, quantity: Type.Integer(), amountFen: Type.Integer() })),
  amountFen: Type.Integer(),
  rejectReason: Nullable(Str),
  createdBy: Str,
  createdAt: DateTime,
})

export const Order = Type.Object({
  id: Id,
  orderNo: Str,
  status: Str,
  kind: Str,
  kindRef: Nullable(Str),
  fulfillment: Str,
  address: Nullable(Type.Object({ name: Str, phone: Str, region: Str, detail: Str })),
  note: Str,
  itemsFen: Type.Integer(),
  shippingFen: Type.Integer(),
  discountFen: Type.Integer(),
  taxFen: Type.Integer(),
  totalFen: Type.Integer(),
  paidFen: Type.Integer(),
  refundedFen: Type.Integer(),
  expiresAt: DateTime,
  paidAt: Nullable(DateTime),
  shippedAt: Nullable(DateTime),
  completedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  carrier: Nullable(Str),
  trackingNo: Nullable(Str),
  pickupCode: Nullable(Str),
  createdAt: DateTime,
  itemCount: Type.Integer(),
  lines: Type.Array(Line),
  shopper: Type.Optional(Type.Object({ id: Id, phone: Str, nickname: Str })),
  history: Type.Optional(
    Type.Array(
      Type.Object({
        from: Nullable(Str),
        to: Str,
        event: Str,
        actorKind: Str,
        reason: Nullable(Str),
        at: DateTime,
      }),
    ),
  ),
  afterSales: Type.Optional(Type.Array(AfterSales)),
})

export const OrderPage = Type.Object({ items: Type.Array(Order), nextCursor: Nullable(Str) })

export const OrderQuery = Type.Object({
  status: Type.Optional(OrderStatus),
  q: Type.Optional(Type.String({ maxLength: 60 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
})

export const RefundLines = Type.Array(
  Type.Object(
    { lineId: Id, quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
    { additionalProperties: false },
  ),
  {
    minItems: 1,
    maxItems: 50,
  },
)

export const Cart = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      skuId: Id,
      productId: Id,
      title: Str,
      specLabel: Str,
      imageUrl: Nullable(Str),
      priceFen: Type.Integer(),
      quantity: Type.Integer(),
      available: Type.Integer(),
    }),
  ),
  totalFen: Type.Integer(),
})
