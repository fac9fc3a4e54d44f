import { type TInteger, type TOptional, Type } from '@sinclair/typebox'

import { DateTime, Id, Nullable } from '../../platform/http/schemas.js'
import { FRAUD_BOUNDS, type FraudThresholds } from './domain/fraud.js'

// Bounds here only keep input sane; what is lawful is the compliance guard's to say, with the
// field and a reason in plain words (so refused fields such as entryFeeFen are accepted here).
const Int = (max: number) => Type.Integer({ minimum: 0, maximum: max })
const closed = { additionalProperties: false }
const Ids = Type.Array(Id, { maxItems: 100 })

const Qualification = Type.Union([
  Type.Object(
    { kind: Type.Literal('apply'), approval: Type.Union([Type.Literal('auto'), Type.Literal('manual')]) },
    closed,
  ),
  Type.Object(
    {
      kind: Type.Literal('spend'),
      minPaidFen: Int(1_000_000_000),
      windowDays: Int(3650),
      onlyProductIds: Type.Optional(Ids),
    },
    closed,
  ),
  Type.Object({ kind: Type.Literal('invitation') }, closed),
  Type.Object({ kind: Type.Literal('staff') }, closed),
  Type.Object(
    { kind: Type.Literal('starter_pack'), productIds: Ids, amountFen: Type.Optional(Int(1_000_000_000)) },
    closed,
  ),
  Type.Object({ kind: Type.Literal('paid_membership') }, closed),
])

/** The fraud thresholds a shop changes, each within the range the rules accept (domain/fraud.ts). */
const FraudThresholdsInput = Type.Object(
  Object.fromEntries(
    Object.entries(FRAUD_BOUNDS).map(([k, b]) => [
      k,
      Type.Optional(Type.Integer({ minimum: b.min, maximum: b.max })),
    ]),
  ) as { [K in keyof FraudThresholds]: TOptional<TInteger> },
  closed,
)

export const Program = Type.Object(
  {
    qualifications: Type.Array(Qualification, { maxItems: 10 }),
    statusDays: Nullable(Int(3650)),
    renewBySpendFen: Type.Optional(Int(1_000_000_000)),
    binding: Type.Object(
      {
        bindOn: Type.Union([Type.Literal('click'), Type.Literal('first_paid_order')]),
        touch: Type.Union([Type.Literal('first'), Type.Literal('last')]),
        lockDays: Int(3650),
        permanent: Type.Boolean(),
      },
      closed,
    ),
    inviteReward: Type.Optional(
      Type.Object(
        {
          reward: Type.Union([Type.Literal('coupon'), Type.Literal('points'), Type.Literal('cash')]),
          when: Type.Union([
            Type.Literal('invitee_first_purchase'),
            Type.Literal('invitee_joined'),
            Type.Literal('invite_sent'),
          ]),
          value: Type.Union([Int(1_000_000_000), Type.String({ maxLength: 64 })]),
        },
        closed,
      ),
    ),
    returnWindowDays: Type.Optional(Int(90)),
    withdrawal: Type.Optional(
      Type.Object(
        {
          minFen: Int(100_000_000),
          feeFen: Int(100_000_000),
          dailyLimitFen: Nullable(Int(10_000_000_000)),
        },
        closed,
      ),
    ),
    entryFeeFen: Type.Optional(Int(1_000_000_000)),
    membershipGrantsPromoter: Type.Optional(Type.Boolean()),
    fraud: Type.Optional(FraudThresholdsInput),
  },
  closed,
)

const Rate = Type.Union([
  Type.Object(
    { kind: Type.Literal('rate'), level1Bp: Int(100_000), level2Bp: Type.Optional(Int(100_000)) },
    closed,
  ),
  Type.Object(
    {
      kind: Type.Literal('fixed'),
      level1FenPerUnit: Int(100_000_000),
      level2FenPerUnit: Type.Optional(Int(100_000_000)),
    },
    closed,
  ),
])
const Rates = Type.Record(Type.String({ maxLength: 80 }), Rate, { maxProperties: 500 })

export const Plan = Type.Object(
  {
    defaultRate: Rate,
    categoryRates: Rates,
    productRates: Rates,
    levels: Int(10),
    secondLevelAcknowledged: Type.Boolean(),
    earnOnOwnPurchases: Type.Boolean(),
    dealOverrides: Type.Record(Type.String({ maxLength: 80 }), Type.Union([Rate, Type.Literal('none')]), {
      maxProperties: 500,
    }),
    payOnMembershipFees: Type.Optional(Type.Boolean()),
    networkBonus: Type.Optional(
      Type.Object({ rateBp: Int(100_000), minNetworkSize: Type.Optional(Int(1_000_000)) }, closed),
    ),
  },
  closed,
)

export const ProgramBody = Type.Object({ program: Program, plan: Plan }, closed)
export const ProgramView = Type.Object({
  program: Program,
  plan: Plan,
  version: Type.Integer(),
  updatedAt: Nullable(DateTime),
})

export const StoreProgram = Type.Object({
  qualifications: Type.Array(Type.String()),
  statusDays: Nullable(Type.Integer()),
  renewBySpendFen: Nullable(Type.Integer()),
  levels: Type.Integer(),
  rules: Type.Array(Type.String()),
})

export const PromoterStatus = Type.Union([
  Type.Literal('applied'),
  Type.Literal('active'),
  Type.Literal('expired'),
  Type.Literal('suspended'),
])

export const Promoter = Type.Object({
  id: Id,
  shopperId: Id,
  nickname: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  status: PromoterStatus,
  source: Type.String(),
  reason: Nullable(Type.String()),
  invitedBy: Nullable(Id),
  appliedAt: DateTime,
  activatedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
})

export const PromoterMe = Type.Object({
  promoter: Nullable(Promoter),
  history: Type.Array(
    Type.Object({
      from: Nullable(Type.String()),
      to: Type.String(),
      event: Type.String(),
      reason: Nullable(Type.String()),
      at: DateTime,
    }),
  ),
})
