import { Type } from '@sinclair/typebox'
import { DateTime, Id, Nullable } from '../../platform/http/schemas.js'

const Str = Type.String()
const Int = Type.Integer()
const ChanceCount = Type.Integer({ minimum: 0, maximum: 100 })
const Bp = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points: 10000 = 100%' })
export const PrizeKind = Type.Union([Type.Literal('product'), Type.Literal('points'), Type.Literal('coupon')])
export const CampaignStatus = Type.Union(['draft', 'active', 'paused', 'ended'].map((s) => Type.Literal(s)))
export const AwardStatus = Type.Union(['pending', 'claimed', 'fulfilled'].map((s) => Type.Literal(s)))

export const PrizeInput = Type.Object(
  {
    id: Type.Optional(Id),
    kind: PrizeKind,
    name: Type.String({ minLength: 1, maxLength: 40 }),
    imageUrl: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    skuId: Type.Optional(Nullable(Id)),
    amount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000 }))),
    reference: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    probabilityBp: Bp,
  },
  { additionalProperties: false },
)

export const CampaignInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    dailyChances: ChanceCount,
    shareDailyCap: ChanceCount,
    inviteVisitChances: ChanceCount,
    inviteOrderChances: ChanceCount,
    inviteDailyCap: ChanceCount,
    noPrizeBp: Bp,
    prizes: Type.Array(PrizeInput, { minItems: 1, maxItems: 8 }),
  },
  { additionalProperties: false },
)

const campaignFields = {
  id: Id,
  title: Str,
  description: Str,
  status: Str,
  startsAt: DateTime,
  endsAt: DateTime,
  dailyChances: Int,
  shareDailyCap: Int,
  inviteVisitChances: Int,
  inviteOrderChances: Int,
  inviteDailyCap: Int,
  noPrizeBp: Int,
  createdAt: DateTime,
  updatedAt: DateTime,
}

export const CampaignSummary = Type.Object({ ...campaignFields, draws: Int, wins: Int })

export const Campaign = Type.Object({
  ...campaignFields,
  prizes: Type.Array(
    Type.Object({
      id: Id,
      position: Int,
      kind: Str,
      name: Str,
      imageUrl: Nullable(Str),
      skuId: Nullable(Str),
      amount: Nullable(Int),
      reference: Nullable(Str),
      stock: Int,
      awarded: Int,
      stockLeft: Int,
      probabilityBp: Int,
      currentProbabilityBp: Int,
    }),
  ),
  currentNoPrizeBp: Int,
  figures: Type.Object({ draws: Int, wins: Int, drawers: Int, winners: Int }),
})

const Address = Type.Object({ name: Str, phone: Str, region: Str, detail: Str })

export const Award = Type.Object({
  id: Id,
  drawId: Id,
  campaignId: Id,
  prizeId: Id,
  kind: Str,
  name: Str,
  skuId: Nullable(Str),
  amount: Nullable(Int),
  reference: Nullable(Str),
  status: Str,
  address: Nullable(Address),
  createdAt: DateTime,
})

export const Winner = Type.Object({
  ...Award.properties,
  shopperId: Id,
  shopperPhone: Str,
  shopperNickname: Str,
})

export const MyPrize = Type.Object({ ...Award.properties, campaignTitle: Str })

const OddsPrize = Type.Object({
  id: Id,
  position: Int,
  kind: Str,
  name: Str,
  imageUrl: Nullable(Str),
  amount: Nullable(Int),
  probabilityBp: Int,
  inStock: Type.Boolean(),
})

export const Chances = Type.Object({
  day: Str,
  granted: Int,
  used: Int,
  remaining: Int,
  shareEarned: Int,
  shareDailyCap: Int,
  inviteEarned: Int,
  inviteDailyCap: Int,
})

export const DrawPage = Type.Object({
  id: Id,
  title: Str,
  description: Str,
  status: Str,
  open: Type.Boolean(),
  startsAt: DateTime,
  endsAt: DateTime,
  odds: Type.Object({ prizes: Type.Array(OddsPrize), noPrizeBp: Int }),
  chances: Chances,
  inviteVisitChances: Int,
  inviteOrderChances: Int,
})

export const DrawResult = Type.Object({
  drawId: Id,
  prizeId: Nullable(Id),
  position: Nullable(Int),
  prize: Nullable(OddsPrize),
  awardId: Nullable(Id),
  remaining: Int,
  at: DateTime,
})

export const ShareResult = Type.Object({ token: Str, path: Str, earned: Int, chances: Chances })

export const OpenCampaign = Type.Object({
  id: Id,
  title: Str,
  description: Str,
  startsAt: DateTime,
  endsAt: DateTime,
})
