import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

import type { PaymentStatus, RefundStatus } from './domain/payment-state.js'

export type { PaymentStatus, RefundStatus }

export interface PaymentsTables {
  payments: {
    id: string
    tenant_id: string
    order_id: string
    provider: string
    out_trade_no: string
    amount_fen: number
    status: PaymentStatus
    pay_url: string | null
    provider_txn_id: string | null
    /** The payer's account at the provider, when it says (see `PaymentNotification.payerAccount`). */
    payer_account: string | null
    paid_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  refunds: {
    id: string
    tenant_id: string
    payment_id: string
    order_id: string
    after_sales_id: string | null
    out_refund_no: string
    amount_fen: number
    reason: string
    status: RefundStatus
    provider_refund_id: string | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  /** Every status change of a payment or a refund (exactly one of the two ids is set). */
  payment_history: {
    id: Generated<number>
    tenant_id: string
    payment_id: string | null
    refund_id: string | null
    from_status: string | null
    to_status: string
    event: string
    detail: string | null
    at: Timestamp
  }
  /** Every notification received, trusted or not: the audit trail of what providers said. */
  payment_notifications: {
    id: Generated<number>
    tenant_id: string | null
    provider: string
    ref: string | null
    outcome: 'applied' | 'duplicate' | 'rejected' | 'unknown' | 'mismatch' | 'error'
    detail: string | null
    body: string
    received_at: Timestamp
  }
  /** The sandbox provider's own books: it stands outside the shop, like a real provider. */
  sandbox_payments: {
    out_trade_no: string
    amount_fen: number
    description: string
    notify_url: string
    return_url: string | null
    status: 'open' | 'paid' | 'closed'
    transaction_id: string | null
    /** Who paid at the cashier, when the tester names them. */
    payer: string | null
    paid_at: Timestamp | null
    expires_at: Timestamp
    created_at: Timestamp
  }
  sandbox_refunds: {
    out_refund_no: string
    out_trade_no: string
    amount_fen: number
    refund_id: string
    created_at: Timestamp
  }
}
