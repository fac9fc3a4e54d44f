import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Core } from '../../../core.js'
import { AppError } from '../../../platform/errors.js'
import { enqueue, type JobHandler, outsideTransaction } from '../../../platform/jobs.js'
import type {
  CreatedPayment,
  CreatePaymentInput,
  PaymentNotification,
  PaymentProvider,
  ProviderNotification,
  RefundInput,
  RefundResult,
} from './provider.js'

const MAX_SKEW_MS = 5 * 60_000
/** Like a real provider, the sandbox keeps a payment open for a while after the shop's own timeout. */
const OPEN_FOR_MS = 2 * 60 * 60_000

export const SANDBOX_MERCHANT = 'liebian-sandbox'

export function signSandbox(secret: string, timestamp: string, nonce: string, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}\n`).digest('base64')
}

/**
 * A payment provider that behaves like a real one, on this machine: it keeps its own books,
 * has a cashier page where the shopper pays, and then tells the shop by an asynchronous, signed
 * HTTP notification that it retries until the shop answers 2xx. Refunds settle at once.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox'
  constructor(private readonly core: Core) {}

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const now = this.core.clock.now()
    await this.core.db
      .insertInto('sandbox_payments')
      .values({
        out_trade_no: input.outTradeNo,
        amount_fen: input.amountFen,
        description: input.description,
        notify_url: input.notifyUrl,
        return_url: input.returnUrl ?? null,
        status: 'open',
        expires_at: new Date(Math.max(input.expiresAt.getTime(), now.getTime()) + OPEN_FOR_MS),
        created_at: now,
      })
      .onConflict((oc) => oc.column('out_trade_no').doNothing())
      .execute()
    return {
      payUrl: `${this.core.config.publicUrl}/sandbox/pay/${encodeURIComponent(input.outTradeNo)}`,
      providerRef: input.outTradeNo,
    }
  }

  /**
   * The shopper pressed "pay" on the cashier page, optionally as `payer` (an account name the
   * notification then reports, as real providers report theirs). Returns where to send the browser next.
   */
  async confirm(
    outTradeNo: string,
    payer?: string,
  ): Promise<{ ok: boolean; returnUrl: string | null; reason?: string }> {
    const now = this.core.clock.now()
    return this.core.db.transaction().execute(async (trx) => {
      const p = await trx
        .selectFrom('sandbox_payments')
        .selectAll()
        .where('out_trade_no', '=', outTradeNo)
        .forUpdate()
        .executeTakeFirst()
      if (!p) return { ok: false, returnUrl: null, reason: 'unknown payment' }
      if (p.status === 'paid') return { ok: true, returnUrl: p.return_url }
      if (p.status !== 'open' || p.expires_at <= now)
        return { ok: false, returnUrl: p.return_url, reason: 'payment closed' }
      await trx
        .updateTable('sandbox_payments')
        .set({
          status: 'paid',
          payer: payer ?? null,
          paid_at: now,
          transaction_id: `SBX${now.getTime()}${randomBytes(4).toString('hex')}`,
        })
        .where('out_trade_no', '=', outTradeNo)
        .execute()
      await enqueue(trx, this.core.clock, {
        kind: 'sandbox.notify',
        payload: { outTradeNo },
        runAt: now,
        dedupeKey: `sandbox.notify:${outTradeNo}`,
        maxAttempts: 16,
      })
      this.core.worker.poke()
      return { ok: true, returnUrl: p.return_url }
    })
  }

  async get(outTradeNo: string) {
    return this.core.db
      .selectFrom('sandbox_payments')
      .selectAll()
      .where('out_trade_no', '=', outTradeNo)
      .executeTakeFirst()
  }

  /** The signed notification for a paid payment, as the provider would send it. */
  async notification(outTradeNo: string) {
    const p = await this.get(outTradeNo)
    if (p?.status !== 'paid') return undefined
    const body = JSON.stringify({
      event: 'payment.succeeded',
      out_trade_no: p.out_trade_no,
      transaction_id: p.transaction_id,
      amount_fen: p.amount_fen,
      paid_at: p.paid_at,
      merchant: SANDBOX_MERCHANT,
      payer: p.payer,
    })
    const timestamp = String(Math.floor(this.core.clock.now().getTime() / 1000))
    const nonce = randomBytes(12).toString('hex')
    const headers = {
      'content-type': 'application/json',
      'x-sandbox-timestamp': timestamp,
      'x-sandbox-nonce': nonce,
      'x-sandbox-signature': signSandbox(this.core.config.sandboxSecret, timestamp, nonce, body),
    }
    return { url: p.notify_url, headers, body }
  }

  async parseNotification(input: {
    headers: Record<string, string | string[] | undefined>
    rawBody: string
  }): Promise<ProviderNotification> {
    const h = (k: string) => {
      const v = input.headers[k]
      return Array.isArray(v) ? v[0] : v
    }
    const ts = h('x-sandbox-timestamp')
    const nonce = h('x-sandbox-nonce')
    const sig = h('x-sandbox-signature')
    if (!ts || !nonce || !sig) throw new AppError('invalid_signature')
    const expected = Buffer.from(signSandbox(this.core.config.sandboxSecret, ts, nonce, input.rawBody))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new AppError('invalid_signature')
    if (Math.abs(this.core.clock.now().getTime() - Number(ts) * 1000) > MAX_SKEW_MS)
      throw new AppError('invalid_signature')
    let b: any
    try {
      b = JSON.parse(input.rawBody)
    } catch {
      throw new AppError('invalid_signature')
    }
    if (b.merchant !== SANDBOX_MERCHANT) throw new AppError('payment_mismatch')
    return {
      kind: 'payment',
      outTradeNo: String(b.out_trade_no),
      providerTxnId: String(b.transaction_id),
      amountFen: Number(b.amount_fen),
      status: 'succeeded',
      paidAt: b.paid_at ? new Date(b.paid_at) : undefined,
      merchantId: b.merchant,
      ...(typeof b.payer === 'string' && b.payer ? { payerAccount: b.payer } : {}),
    }
  }

  ack(ok: boolean, message?: string) {
    return ok
      ? { status: 200, body: { code: 'SUCCESS' } }
      : { status: 400, body: { code: 'FAIL', message: message ?? 'rejected' } }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    return this.core.db.transaction().execute(async (trx) => {
      const p = await trx
        .selectFrom('sandbox_payments')
        .selectAll()
        .where('out_trade_no', '=', input.outTradeNo)
        .forUpdate()
        .executeTakeFirst()
      if (p?.status !== 'paid') return { status: 'failed' as const }
      const prior = await trx
        .selectFrom('sandbox_refunds')
        .selectAll()
        .where('out_refund_no', '=', input.outRefundNo)
        .executeTakeFirst()
      if (prior) return { status: 'succeeded' as const, providerRefundId: prior.refund_id }
      const done = await trx
        .selectFrom('sandbox_refunds')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('n'))
        .where('out_trade_no', '=', input.outTradeNo)
        .executeTakeFirstOrThrow()
      if (Number(done.n) + input.amountFen > p.amount_fen) return { status: 'failed' as const }
      const refundId = `SBXR${Date.now()}${randomBytes(4).toString('hex')}`
      await trx
        .insertInto('sandbox_refunds')
        .values({
          out_refund_no: input.outRefundNo,
          out_trade_no: input.outTradeNo,
          amount_fen: input.amountFen,
          refund_id: refundId,
          created_at: this.core.clock.now(),
        })
        .execute()
      return { status: 'succeeded' as const, providerRefundId: refundId }
    })
  }

  async queryPayment(outTradeNo: string): Promise<PaymentNotification | undefined> {
    const p = await this.get(outTradeNo)
    if (!p || p.status === 'open') return undefined
    if (p.status === 'closed')
      return { kind: 'payment', outTradeNo, providerTxnId: '', amountFen: p.amount_fen, status: 'closed' }
    return {
      kind: 'payment',
      outTradeNo,
      providerTxnId: p.transaction_id!,
      amountFen: p.amount_fen,
      status: 'succeeded',
      paidAt: p.paid_at ?? undefined,
      merchantId: SANDBOX_MERCHANT,
      ...(p.payer ? { payerAccount: p.payer } : {}),
    }
  }
}

/** Delivers a sandbox notification; a non-2xx answer throws, so the job retries with backoff. */
export const sandboxNotifyJob: JobHandler = outsideTransaction(async ({ payload, core }) => {
  const sandbox = core.payments.provider('sandbox') as SandboxProvider
  const n = await sandbox.notification(payload.outTradeNo)
  if (!n) return
  const res = await core.fetch(n.url, { method: 'POST', headers: n.headers, body: n.body })
  if (res.status < 200 || res.status >= 300)
    throw new Error(`shop answered ${res.status} to the payment notification`)
})
