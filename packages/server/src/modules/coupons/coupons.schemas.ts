import { Type } from '@sinclair/typebox'
import { DateTime, Id, Nullable, paged } from '../../platform/http/schemas.js'
import { LIMITS } from './domain/template-rules.js'

const Str = Type.String()
const Int = Type.Integer()
const bounded = (l: { min: number; max: number }, description?: string) =>
  Type.Integer({ minimum: l.min, maximum: l.max, description })
const Label = Type.Object({ zh: Str, en: Str })
const Kind = Type.Union(['fixed', 'percent', 'threshold', 'free_shipping'].map((k) => Type.Literal(k)))
const Scope = Type.Union(['all', 'categories', 'products'].map((k) => Type.Literal(k)))
const Validity = Type.Union([Type.Literal('fixed'), Type.Literal('after_claim')])
const When = Type.String({ format: 'date-time' })

export const TemplateCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: Kind,
    amountFen: Type.Optional(bounded(LIMITS.amountFen, 'fen off (fixed, threshold)')),
    percentBps: Type.Optional(bounded(LIMITS.percentBps, 'basis points off (percent): 1500 = 15% off')),
    capFen: Type.Optional(Nullable(bounded(LIMITS.capFen, 'at most this much off (percent)'))),
    thresholdFen: Type.Optional(
      bounded(LIMITS.thresholdFen, 'eligible subtotal needed (threshold: required; others: minimum spend)'),
    ),
    scope: Scope,
    scopeIds: Type.Array(Id, { maxItems: LIMITS.scopeIds.max, description: 'category or product ids' }),
    validity: Validity,
    validFrom: Type.Optional(When),
    validUntil: Type.Optional(When),
    validDays: Type.Optional(bounded(LIMITS.validDays, 'days a claimed coupon stays valid (after_claim)')),
    claimStartsAt: When,
    claimEndsAt: When,
    perPersonLimit: bounded(LIMITS.perPersonLimit),
    totalLimit: Nullable(bounded(LIMITS.totalLimit, 'coupons at most; null: no limit')),
    claimable: Type.Boolean({ description: 'shown in the claim centre; otherwise issued by operators only' }),
  },
  { additionalProperties: false },
)

export const TemplatePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    claimEndsAt: Type.Optional(When),
    perPersonLimit: Type.Optional(bounded(LIMITS.perPersonLimit)),
    totalLimit: Type.Optional(Nullable(bounded(LIMITS.totalLimit))),
    claimable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

const terms = {
  name: Str,
  kind: Str,
  label: Label,
  amountFen: Int,
  percentBps: Int,
  capFen: Nullable(Int),
  thresholdFen: Int,
  scope: Str,
  scopeIds: Type.Array(Str),
}

export const Template = Type.Object({
  id: Id,
  ...terms,
  validity: Str,
  validFrom: Nullable(DateTime),
  validUntil: Nullable(DateTime),
  validDays: Nullable(Int),
  claimStartsAt: DateTime,
  claimEndsAt: DateTime,
  perPersonLimit: Int,
  totalLimit: Nullable(Int),
  claimable: Type.Boolean(),
  status: Str,
  issuedCount: Int,
  usedCount: Int,
  createdAt: DateTime,
  updatedAt: DateTime,
})
export const TemplatePage = paged(Template)

export const IssueBody = Type.Object(
  { shopperIds: Type.Array(Id, { minItems: 1, maxItems: LIMITS.issueShoppers.max }) },
  { additionalProperties: false },
)
export const IssueResult = Type.Object({
  issued: Type.Array(Type.Object({ shopperId: Id, couponId: Id })),
  skipped: Type.Array(Type.Object({ shopperId: Id, reason: Str })),
})

export const CentreItem = Type.Object({
  id: Id,
  ...terms,
  validity: Str,
  validFrom: Nullable(DateTime),
  validUntil: Nullable(DateTime),
  validDays: Nullable(Int),
  claimEndsAt: DateTime,
  perPersonLimit: Int,
  remaining: Nullable(Int),
  claimed: Int,
  canClaim: Type.Boolean(),
})

export const Coupon = Type.Object({
  id: Id,
  templateId: Id,
  ...terms,
  status: Str,
  source: Str,
  validFrom: DateTime,
  validUntil: DateTime,
  orderId: Nullable(Str),
  usedAt: Nullable(DateTime),
  createdAt: DateTime,
})

export const PointsRules = Type.Object(
  {
    pointsPerYuan: Type.Integer({ minimum: 1, maximum: 10_000, description: 'points worth 1 yuan' }),
    maxShareBps: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description: 'points pay at most this share of the goods, in basis points',
    }),
  },
  { additionalProperties: false },
)

export const QuoteBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { skuId: Id, quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    couponIds: Type.Optional(Type.Array(Id, { maxItems: 5 })),
    points: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    fulfillment: Type.Union([Type.Literal('delivery'), Type.Literal('pickup')]),
  },
  { additionalProperties: false },
)

const Adjustment = Type.Object({ kind: Str, couponId: Type.Optional(Str), amountFen: Int })
const Breakdown = Type.Array(
  Type.Object({
    kind: Str,
    couponId: Type.Optional(Str),
    amountFen: Int,
    label: Label,
    zh: Str,
    en: Str,
  }),
)
const PricedLines = Type.Array(
  Type.Object({
    skuId: Id,
    productId: Id,
    quantity: Int,
    unitPriceFen: Int,
    baseFen: Int,
    special: Nullable(Type.Object({ kind: Str, unitPriceFen: Int })),
    specialFen: Int,
    couponFen: Int,
    pointsFen: Int,
    finalFen: Int,
    adjustments: Type.Array(Adjustment),
  }),
)
export const OrderPrice = Type.Object({
  orderId: Id,
  couponIds: Type.Array(Str),
  itemsFen: Type.Integer({ description: 'goods before coupons' }),
  discountFen: Type.Integer({ description: "coupons' discount, goods and shipping" }),
  shippingFen: Type.Integer({ description: 'shipping before a free-shipping coupon' }),
  totalFen: Int,
  lines: PricedLines,
  breakdown: Breakdown,
})
export const Quote = Type.Object({
  lines: Type.Array(
    Type.Object({
      skuId: Id,
      productId: Id,
      quantity: Int,
      unitPriceFen: Int,
      baseFen: Int,
      special: Nullable(Type.Object({ kind: Str, unitPriceFen: Int })),
      specialFen: Int,
      couponFen: Int,
      pointsFen: Int,
      finalFen: Int,
      adjustments: Type.Array(Adjustment),
    }),
  ),
  itemsFen: Int,
  specialDiscountFen: Int,
  couponDiscountFen: Int,
  pointsDiscountFen: Int,
  pointsUsed: Int,
  shippingBaseFen: Int,
  shippingFen: Int,
  goodsFen: Int,
  totalFen: Int,
  applied: Type.Array(Type.Object({ couponId: Str, kind: Str, amountFen: Int })),
  rejected: Type.Array(Type.Object({ couponId: Str, reason: Str, zh: Str, en: Str })),
  breakdown: Type.Array(
    Type.Object({
      kind: Str,
      couponId: Type.Optional(Str),
      amountFen: Int,
      label: Label,
      zh: Str,
      en: Str,
    }),
  ),
  pointsRules: PointsRules,
})
