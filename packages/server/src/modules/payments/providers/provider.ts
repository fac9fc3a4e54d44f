/**
 * A payment provider as the payments module sees it: five calls, whatever the provider. The
 * built-in sandbox and the WeChat Pay v3 adapter implement it; Alipay can follow the same shape.
 */
export interface PaymentProvider {
  readonly name: string
  /** Opens a payment at the provider; returns what the shopper needs to pay it. */
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>
  /**
   * Verifies a notification (signature, timestamp, our merchant/app) and decodes it.
   * Throws `AppError('invalid_signature')` when it cannot be trusted.
   */
  parseNotification(input: {
    headers: Record<string, string | string[] | undefined>
    rawBody: string
  }): Promise<ProviderNotification>
  /** The HTTP answer the provider expects for a notification we accepted (ok) or refused. */
  ack(ok: boolean, message?: string): { status: number; body?: unknown }
  /** Asks the provider to refund part or all of a captured payment. */
  refund(input: RefundInput): Promise<RefundResult>
  /** Looks a payment up at the provider, for orders whose notification never came. */
  queryPayment(outTradeNo: string): Promise<PaymentNotification | undefined>
}

export interface CreatePaymentInput {
  /** Our payment number, unique per provider merchant (WeChat `out_trade_no`). */
  outTradeNo: string
  amountFen: number
  description: string
  notifyUrl: string
  expiresAt: Date
  /** Where the provider's cashier sends the browser back after paying. */
  returnUrl?: string
  /** WeChat JSAPI needs the payer's openid; absent → a QR/redirect payment. */
  payerOpenId?: string
}

export interface CreatedPayment {
  /** Where a browser goes to pay (sandbox cashier, WeChat `code_url`/H5 URL). */
  payUrl?: string
  /** Parameters for a client-side SDK (WeChat JSAPI `prepay_id` bundle). */
  clientParams?: Record<string, string>
  providerRef?: string
}

export interface PaymentNotification {
  kind: 'payment'
  outTradeNo: string
  providerTxnId: string
  amountFen: number
  status: 'succeeded' | 'closed' | 'failed'
  paidAt?: Date
  /** The merchant/app the provider says it paid, checked against ours. */
  merchantId?: string
  appId?: string
  /** The payer's account at the provider (WeChat openid, Alipay buyer id), when it says. */
  payerAccount?: string
}

export interface RefundNotification {
  kind: 'refund'
  outRefundNo: string
  outTradeNo: string
  providerRefundId: string
  /** This refund's amount, when the provider states it (checked against ours). */
  amountFen?: number
  /** What has been refunded on the payment in all, when that is what the provider states instead (Alipay). */
  refundedTotalFen?: number
  status: 'succeeded' | 'failed'
}

export type ProviderNotification = PaymentNotification | RefundNotification

export interface RefundInput {
  outTradeNo: string
  outRefundNo: string
  amountFen: number
  /** What was paid in total (WeChat wants both). */
  totalFen: number
  reason: string
  notifyUrl: string
}

export interface RefundResult {
  /** Sandbox refunds settle at once; real providers usually answer `pending` and notify later. */
  status: 'succeeded' | 'pending' | 'failed'
  providerRefundId?: string
}
