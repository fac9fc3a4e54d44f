import { Type } from '@sinclair/typebox'
import { DateTime, Fen, Id, Nullable, paged } from '../../platform/http/schemas.js'

const Str = Type.String()
const Signed = Type.Integer({ description: 'amount in fen; below zero when owed back after a clawback' })

export const CommissionStatus = Type.Union([
  Type.Literal('frozen'),
  Type.Literal('settled'),
  Type.Literal('void'),
  Type.Literal('clawed'),
])
export const CommissionReview = Type.Union([
  Type.Literal('none'),
  Type.Literal('held'),
  Type.Literal('cleared'),
  Type.Literal('confirmed'),
])
export const WithdrawalStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('approved'),
  Type.Literal('paid'),
  Type.Literal('rejected'),
])

const Flag = Type.Object({ rule: Str, en: Str, zh: Str })

export const Commission = Type.Object({
  id: Id,
  orderId: Id,
  orderNo: Str,
  title: Str,
  buyer: Type.String({ description: 'the buyer, masked' }),
  level: Type.Integer({ minimum: 1, maximum: 2 }),
  baseFen: Fen,
  amountFen: Fen,
  clawedFen: Fen,
  status: CommissionStatus,
  review: CommissionReview,
  flags: Type.Array(Flag),
  settleAfter: Nullable(DateTime),
  settledAt: Nullable(DateTime),
  createdAt: DateTime,
})

export const ConsoleCommission = Type.Composite([
  Commission,
  Type.Object({ promoterId: Id, promoterName: Nullable(Str) }),
])

export const CommissionPage = paged(Commission)
export const ConsoleCommissionPage = paged(ConsoleCommission)

export const CommissionQuery = Type.Object(
  {
    status: Type.Optional(CommissionStatus),
    review: Type.Optional(CommissionReview),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

export const Earnings = Type.Object({
  frozenFen: Signed,
  availableFen: Signed,
  withdrawingFen: Signed,
  withdrawnFen: Fen,
})

export const Downline = Type.Object({
  levels: Type.Array(
    Type.Object({
      level: Type.Integer({ minimum: 1, maximum: 2 }),
      count: Type.Integer({ minimum: 0 }),
      items: Type.Array(
        Type.Object({
          customer: Str,
          boundAt: DateTime,
          reason: Str,
          orders: Type.Integer({ minimum: 0 }),
          paidFen: Fen,
        }),
      ),
    }),
  ),
})

export const Withdrawal = Type.Object({
  id: Id,
  promoterId: Id,
  amountFen: Fen,
  feeFen: Fen,
  payoutFen: Fen,
  status: WithdrawalStatus,
  provider: Str,
  providerRef: Nullable(Str),
  reason: Nullable(Str),
  requestedAt: DateTime,
  reviewedAt: Nullable(DateTime),
  paidAt: Nullable(DateTime),
})

export const ConsoleWithdrawal = Type.Composite([Withdrawal, Type.Object({ promoterName: Nullable(Str) })])

export const WithdrawalSettings = Type.Object({
  minFen: Fen,
  feeFen: Fen,
  dailyLimitFen: Nullable(Fen),
})
