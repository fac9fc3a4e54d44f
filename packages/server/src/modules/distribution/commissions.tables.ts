import type { ColumnType, Generated } from 'kysely'
import type { CommissionStatus, WithdrawalStatus } from './domain/lifecycle.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Why a commission is held for review, or was blocked (see domain/fraud.ts). */
export interface CommissionFlag {
  rule: string
  en: string
  zh: string
}

export type CommissionReview = 'none' | 'held' | 'cleared' | 'confirmed'

/** Commissions, the orders promoters brought in, and withdrawals. */
export interface CommissionsTables {
  /** One per order line per level. `amount_fen − clawed_fen` is what the promoter keeps. */
  commissions: {
    id: string
    tenant_id: string
    order_id: string
    order_line_id: string
    level: 1 | 2
    promoter_id: string
    buyer_id: string
    base_fen: number
    amount_fen: number
    refunded_base_fen: Generated<number>
    clawed_fen: Generated<number>
    status: CommissionStatus
    source: string
    capped: boolean
    review: Generated<CommissionReview>
    flags: ColumnType<CommissionFlag[], string | undefined, string>
    settle_after: Timestamp | null
    settled_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  commission_history: {
    id: Generated<number>
    tenant_id: string
    commission_id: string
    from_status: CommissionStatus | null
    to_status: CommissionStatus
    event: string
    /** The money this step moved (the commission, a clawback), positive. */
    amount_fen: number
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
  /** Commissions the fraud rules refused outright, with the reasons. */
  commission_refusals: {
    id: Generated<number>
    tenant_id: string
    order_id: string
    promoter_id: string
    level: 1 | 2
    /** What it would have paid. */
    amount_fen: number
    flags: ColumnType<CommissionFlag[], string, string>
    at: Timestamp
  }
  /** Orders a promoter brought in (level 1), for leaderboards and network figures. */
  referred_orders: {
    tenant_id: string
    order_id: string
    promoter_id: string
    buyer_id: string
    /** Goods paid, shipping excluded. */
    paid_fen: number
    refunded_fen: Generated<number>
    /** The buyer's first paid order in the shop. */
    new_customer: boolean
    paid_at: Timestamp
  }
  withdrawals: {
    id: string
    tenant_id: string
    promoter_id: string
    amount_fen: number
    fee_fen: number
    status: WithdrawalStatus
    provider: string
    provider_ref: string | null
    reason: string | null
    requested_at: Timestamp
    reviewed_at: Timestamp | null
    reviewed_by: string | null
    paid_at: Timestamp | null
    updated_at: Timestamp
  }
  withdrawal_history: {
    id: Generated<number>
    tenant_id: string
    withdrawal_id: string
    from_status: WithdrawalStatus | null
    to_status: WithdrawalStatus
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
}
