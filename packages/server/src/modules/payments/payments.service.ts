import { randomBytes } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { type Ctx, systemCtx } from '../../platform/context.js'
import type { Db } from '../../platform/db.js'
import { AppError, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { enqueue, type JobHandler, outsideTransaction } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { accounts } from '../ledger/index.js'
import {
  type PaymentEvent,
  type PaymentStatus,
  paymentMachine,
  type RefundEvent,
  type RefundStatus,
  refundMachine,
} from './domain/payment-state.js'
import type { PaymentsTables } from './payments.tables.js'
import type { PaymentNotification, PaymentProvider, RefundNotification } from './providers/provider.js'

type TCtx = Ctx & { db: Transaction<DB> }

export interface RefundRequest {
  orderId: string
  afterSalesId?: string | null
  /** Refund this payment; default: the order's captured payment. */
  paymentId?: string
  amountFen: number
  reason: string
}

const paymentView = (p: {
  id: string
  order_id: string
  provider: string
  out_trade_no: string
  amount_fen: number
  status: string
  pay_url: string | null
  paid_at: Date | null
  created_at: Date
}) => ({
  paymentId: p.id,
  orderId: p.order_id,
  provider: p.provider,
  outTradeNo: p.out_trade_no,
  amountFen: p.amount_fen,
  status: p.status,
  payUrl: p.pay_url,
  paidAt: p.paid_at,
  createdAt: p.created_at,
})

/**
 * Payments and refunds through a provider. Provider calls never happen inside a database
 * transaction: the intent is committed first, the provider is called, and its answer (or its
 * later notification) is applied exactly once, keyed by the provider's reference.
 */
export function createPaymentsService(core: Core, providers: Record<string, PaymentProvider>) {
  const provider = (name: string) => {
    const p = providers[name]
    if (!p)
      throw new AppError(
        'validation_failed',
        { detail: `unknown payment provider ${name}`, detail_zh: `不支持的支付方式：${name}` },
        'provider',
      )
    return p
  }
  const notifyUrl = (name: string) => `${core.config.publicUrl}/api/v1/payments/notify/${name}`

  /** Which shop a notification was about, when we know its payment or refund. */
  async function tenantOf(ref: string | null | undefined) {
    if (!ref) return null
    const row =
      (await core.db
        .selectFrom('payments')
        .select('tenant_id')
        .where('out_trade_no', '=', ref)
        .executeTakeFirst()) ??
      (await core.db
        .selectFrom('refunds')
        .select('tenant_id')
        .where('out_refund_no', '=', ref)
        .executeTakeFirst())
    return row?.tenant_id ?? null
  }

  async function logNotification(row: {
    tenantId?: string | null
    provider: string
    ref?: string | null
    outcome: Selectable<PaymentsTables['payment_notifications']>['outcome']
    detail?: string
    body: string
  }) {
    await core.db
      .insertInto('payment_notifications')
      .values({
        tenant_id: row.tenantId ?? (await tenantOf(row.ref)),
        provider: row.provider,
        ref: row.ref ?? null,
        outcome: row.outcome,
        detail: row.detail ?? null,
        body: row.body.slice(0, 8000),
        received_at: core.clock.now(),
      })
      .execute()
  }

  /** The one way a payment changes status: the machine decides, the history records it. */
  async function movePayment(
    db: Db,
    p: { id: string; tenant_id: string; status: PaymentStatus },
    event: PaymentEvent,
    set: { provider_txn_id?: string; paid_at?: Date; payer_account?: string | null } = {},
    detail?: string,
  ) {
    const to = paymentMachine.next(p.status, event)
    const at = core.clock.now()
    await db
      .updateTable('payments')
      .set({ ...set, status: to, updated_at: at })
      .where('id', '=', p.id)
      .execute()
    await db
      .insertInto('payment_history')
      .values({
        tenant_id: p.tenant_id,
        payment_id: p.id,
        refund_id: null,
        from_status: p.status,
        to_status: to,
        event,
        detail: detail ?? null,
        at,
      })
      .execute()
  }

  /** The one way a refund changes status. */
  async function moveRefund(
    db: Db,
    r: { id: string; tenant_id: string; status: RefundStatus },
    event: RefundEvent,
    set: { provider_refund_id?: string | null } = {},
  ) {
    const to = refundMachine.next(r.status, event)
    const at = core.clock.now()
    await db
      .updateTable('refunds')
      .set({ ...set, status: to, updated_at: at })
      .where('id', '=', r.id)
      .execute()
    await db
      .insertInto('payment_history')
      .values({
        tenant_id: r.tenant_id,
        payment_id: null,
        refund_id: r.id,
        from_status: r.status,
        to_status: to,
        event,
        detail: null,
        at,
      })
      .execute()
  }

  /** Applies a captured payment once: books it, then pays the order or queues the money back. */
  async function applyPayment(n: PaymentNotification): Promise<'applied' | 'duplicate' | 'unknown'> {
    return core.db.transaction().execute(async (trx) => {
      const p = await trx
        .selectFrom('payments')
        .selectAll()
        .where('out_trade_no', '=', n.outTradeNo)
        .forUpdate()
        .executeTakeFirst()
      if (!p) return 'unknown' as const
      const ctx = { ...systemCtx(p.tenant_id, trx), db: trx } as TCtx
      if (n.status !== 'succeeded') {
        if (p.status === 'pending') await movePayment(trx, p, n.status === 'closed' ? 'close' : 'fail')
        return 'applied' as const
      }
      // A changed amount is refused even on a replay: it is either a forgery or a provider fault.
      if (n.amountFen !== p.amount_fen) throw new AppError('payment_mismatch')
      if (p.status === 'succeeded') return 'duplicate' as const
      const now = core.clock.now()
      await movePayment(
        trx,
        p,
        'succeed',
        { provider_txn_id: n.providerTxnId, paid_at: n.paidAt ?? now, payer_account: n.payerAccount ?? null },
        n.providerTxnId,
      )
      await core.ledger.post(ctx, {
        kind: 'payment.captured',
        key: `capture:${p.id}`,
        orderId: p.order_id,
        memo: `${p.provider} ${n.providerTxnId}`,
        postings: [
          { account: accounts.providerCash(p.provider), amountFen: p.amount_fen },
          { account: accounts.sales, amountFen: -p.amount_fen },
        ],
      })
      const outcome = await core.orders.applyPayment(ctx, p.order_id, p.amount_fen)
      await core.events.publish(trx, p.tenant_id, 'payments.payment.succeeded', {
        paymentId: p.id,
        orderId: p.order_id,
        amountFen: p.amount_fen,
      })
      if (outcome === 'refund') {
        // Never keep money for an order that cannot be served: it goes straight back.
        await requestRefund(ctx, {
          orderId: p.order_id,
          paymentId: p.id,
          amountFen: p.amount_fen,
          reason: 'order no longer payable (cancelled and sold out, or already paid)',
        })
      }
      return 'applied' as const
    })
  }

  async function requestRefund(ctx: TCtx, r: RefundRequest) {
    let q = scoped(ctx)
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', r.orderId)
      .where('status', '=', 'succeeded')
    if (r.paymentId) q = q.where('id', '=', r.paymentId)
    const payments = await q.orderBy('paid_at').forUpdate().execute()
    const used = payments.length
      ? await scoped(ctx)
          .selectFrom('refunds')
          .select(['payment_id', (eb) => eb.fn.sum<number>('amount_fen').as('n')])
          .where(
            'payment_id',
            'in',
            payments.map((p) => p.id),
          )
          .where('status', 'in', ['pending', 'succeeded'])
          .groupBy('payment_id')
          .execute()
      : []
    const refunded = new Map(used.map((u) => [u.payment_id, Number(u.n)]))
    // The payment that still has room: an auto-refunded duplicate payment has none.
    const payment = payments.find((p) => (refunded.get(p.id) ?? 0) + r.amountFen <= p.amount_fen)
    if (!payment) throw new AppError('refund_exceeds_paid')
    const id = newId()
    const now = core.clock.now()
    await scoped(ctx)
      .insertInto('refunds', {
        id,
        payment_id: payment.id,
        order_id: r.orderId,
        after_sales_id: r.afterSalesId ?? null,
        out_refund_no: `R${id.replace(/-/g, '').slice(0, 24)}`,
        amount_fen: r.amountFen,
        reason: r.reason,
        status: 'pending',
        created_at: now,
        updated_at: now,
      })
      .execute()
    await scoped(ctx)
      .insertInto('payment_history', {
        payment_id: null,
        refund_id: id,
        from_status: null,
        to_status: 'pending',
        event: 'create',
        detail: r.reason,
        at: now,
      })
      .execute()
    await enqueue(ctx.db, core.clock, {
      kind: 'payments.refund',
      tenantId: ctx.tenantId,
      payload: { refundId: id },
      runAt: now,
      dedupeKey: `payments.refund:${id}`,
    })
    return id
  }

  /** The provider says the refund went through: book it once and tell the order. */
  /**
   * The provider's word on a refund (its notification, or its answer to our request), applied
   * once. What a notification claims is checked against our refund row before anything moves.
   */
  async function settleRefund(
    outRefundNo: string,
    result: {
      status: 'succeeded' | 'failed'
      providerRefundId?: string
      amountFen?: number
      refundedTotalFen?: number
      outTradeNo?: string
    },
  ): Promise<'applied' | 'duplicate' | 'unknown'> {
    return core.db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .selectAll('refunds')
        .select(['payments.provider', 'payments.out_trade_no', 'payments.amount_fen as payment_fen'])
        .where('refunds.out_refund_no', '=', outRefundNo)
        .forUpdate('refunds')
        .executeTakeFirst()
      if (!r) return 'unknown' as const
      if (result.amountFen !== undefined && result.amountFen !== r.amount_fen)
        throw new AppError('payment_mismatch')
      if (result.outTradeNo !== undefined && result.outTradeNo !== r.out_trade_no)
        throw new AppError('payment_mismatch')
      // A running total must at least cover this refund and never exceed what was paid.
      if (
        result.refundedTotalFen !== undefined &&
        (result.refundedTotalFen < r.amount_fen || result.refundedTotalFen > r.payment_fen)
      )
        throw new AppError('payment_mismatch')
      // A refund the provider refused may still succeed later (after manual handling there).
      if (r.status === 'succeeded' || (r.status === 'failed' && result.status === 'failed'))
        return 'duplicate' as const
      const ctx = systemCtx(r.tenant_id, trx) as TCtx
      if (result.status === 'failed') {
        await moveRefund(trx, r, 'fail')
        if (r.after_sales_id) await core.afterSales.refundFailed(ctx, r.after_sales_id)
        core.log.error({ refundId: r.id }, 'provider refused a refund: back to the operator')
        return 'applied' as const
      }
      await moveRefund(trx, r, 'succeed', { provider_refund_id: result.providerRefundId ?? null })
      await core.ledger.post(ctx, {
        kind: 'payment.refunded',
        key: `refund:${r.id}`,
        orderId: r.order_id,
        memo: r.reason,
        postings: [
          { account: accounts.sales, amountFen: r.amount_fen },
          { account: accounts.providerCash(r.provider), amountFen: -r.amount_fen },
        ],
      })
      if (r.after_sales_id) await core.afterSales.refunded(ctx, r.after_sales_id)
      await core.events.publish(trx, r.tenant_id, 'payments.refund.succeeded', {
        refundId: r.id,
        orderId: r.order_id,
        amountFen: r.amount_fen,
      })
      return 'applied' as const
    })
  }

  return {
    provider,
    requestRefund,
    applyPayment,

    /** Opens (or reuses) a payment for an unpaid order and returns where to pay it. */
    /** The provider a shopper pays with unless they choose: a real one when configured. */
    defaultProvider: () => (providers.wechatpay ? 'wechatpay' : providers.alipay ? 'alipay' : 'sandbox'),

    async pay(ctx: Ctx, shopperId: string, orderId: string, providerName: string) {
      const prov = provider(providerName)
      const order = await scoped(ctx)
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', orderId)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!order) throw notFound('order', 'id')
      if (order.status !== 'pending_payment')
        throw new AppError('invalid_transition', { entity: 'order', from: order.status })
      const open = await scoped(ctx)
        .selectFrom('payments')
        .selectAll()
        .where('order_id', '=', orderId)
        .where('provider', '=', providerName)
        .where('status', '=', 'pending')
        .where('pay_url', 'is not', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst()
      if (open) return paymentView(open)
      const now = core.clock.now()
      const id = newId()
      // Unique per attempt, at most 32 characters as WeChat allows.
      const outTradeNo = `P${order.order_no}${randomBytes(3).toString('hex')}`
      await scoped(ctx)
        .insertInto('payments', {
          id,
          order_id: orderId,
          provider: providerName,
          out_trade_no: outTradeNo,
          amount_fen: order.total_fen,
          status: 'pending',
          created_at: now,
          updated_at: now,
        })
        .execute()
      await scoped(ctx)
        .insertInto('payment_history', {
          payment_id: id,
          refund_id: null,
          from_status: null,
          to_status: 'pending',
          event: 'create',
          detail: providerName,
          at: now,
        })
        .execute()
      const lines = await scoped(ctx)
        .selectFrom('order_lines')
        .select('title')
        .where('order_id', '=', orderId)
        .limit(3)
        .execute()
      const created = await prov.createPayment({
        outTradeNo,
        amountFen: order.total_fen,
        description:
          lines
            .map((l) => l.title)
            .join('、')
            .slice(0, 120) || order.order_no,
        notifyUrl: notifyUrl(providerName),
        returnUrl: `${core.config.publicUrl}/orders/${orderId}?paid=1`,
        expiresAt: order.expires_at,
      })
      const row = await scoped(ctx)
        .updateTable('payments')
        .set({ pay_url: created.payUrl ?? null, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      return { ...paymentView(row), clientParams: created.clientParams }
    },

    /** A notification from a provider: verified, logged, applied once; returns the provider's expected answer. */
    async notify(
      providerName: string,
      headers: Record<string, string | string[] | undefined>,
      rawBody: string,
    ) {
      const prov = providers[providerName]
      if (!prov) return { status: 404, body: { code: 'FAIL', message: 'unknown provider' } }
      let n: PaymentNotification | RefundNotification
      try {
        n = (await prov.parseNotification({ headers, rawBody })) as PaymentNotification | RefundNotification
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'error'
        core.log.warn({ provider: providerName, code }, 'payment notification refused')
        await logNotification({
          provider: providerName,
          outcome: code === 'payment_mismatch' ? 'mismatch' : 'rejected',
          detail: code,
          body: rawBody,
        })
        return prov.ack(false, code)
      }
      const ref = n.kind === 'payment' ? n.outTradeNo : n.outRefundNo
      try {
        if (n.kind === 'refund') {
          const outcome = await settleRefund(n.outRefundNo, n)
          await logNotification({ provider: providerName, ref, outcome, body: rawBody })
          if (outcome === 'unknown')
            core.log.warn({ provider: providerName, ref }, 'refund notification for an unknown refund')
          return prov.ack(outcome !== 'unknown', outcome)
        }
        const outcome = await applyPayment(n)
        await logNotification({ provider: providerName, ref, outcome, body: rawBody })
        if (outcome === 'unknown')
          core.log.warn({ provider: providerName, ref }, 'payment notification for an unknown payment')
        core.worker.poke()
        return prov.ack(outcome !== 'unknown', outcome)
      } catch (err) {
        const mismatch = err instanceof AppError && err.code === 'payment_mismatch'
        core.log[mismatch ? 'warn' : 'error'](
          { err, provider: providerName, ref },
          'payment notification not applied',
        )
        await logNotification({
          provider: providerName,
          ref,
          outcome: mismatch ? 'mismatch' : 'error',
          detail: String((err as Error).message).slice(0, 500),
          body: rawBody,
        })
        return prov.ack(false, mismatch ? 'amount does not match' : 'try again')
      }
    },

    /**
     * Before an unpaid order is cancelled, asks the provider about its open payments, so one
     * whose notification was lost is still applied rather than cancelled under the shopper.
     */
    async reconcileOrder(tenantId: string, orderId: string) {
      const open = await core.db
        .selectFrom('payments')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('order_id', '=', orderId)
        .where('status', '=', 'pending')
        .execute()
      for (const p of open) {
        const n = await provider(p.provider).queryPayment(p.out_trade_no)
        if (n) await applyPayment(n)
      }
    },

    async forOrder(ctx: Pick<Ctx, 'db' | 'tenantId'>, orderId: string) {
      const s = scoped(ctx)
      const [payments, refunds] = await Promise.all([
        s.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute(),
        s.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute(),
      ])
      return {
        payments: payments.map(paymentView),
        refunds: refunds.map((r) => ({
          id: r.id,
          amountFen: r.amount_fen,
          reason: r.reason,
          status: r.status,
          afterSalesId: r.after_sales_id,
          createdAt: r.created_at,
        })),
      }
    },

    settleRefund,
  }
}

export type PaymentsService = ReturnType<typeof createPaymentsService>

/** Carries a pending refund to the provider; a `pending` answer waits for the provider's notification. */
export const refundJob: JobHandler = outsideTransaction(async ({ payload, core }) => {
  const r = await core.db
    .selectFrom('refunds')
    .selectAll()
    .where('id', '=', payload.refundId)
    .executeTakeFirst()
  if (r?.status !== 'pending') return
  const p = await core.db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', r.payment_id)
    .executeTakeFirstOrThrow()
  const result = await core.payments.provider(p.provider).refund({
    outTradeNo: p.out_trade_no,
    outRefundNo: r.out_refund_no,
    amountFen: r.amount_fen,
    totalFen: p.amount_fen,
    reason: r.reason,
    notifyUrl: `${core.config.publicUrl}/api/v1/payments/notify/${p.provider}`,
  })
  // `pending`: the provider notifies when it is done.
  if (result.status !== 'pending')
    await core.payments.settleRefund(r.out_refund_no, {
      status: result.status,
      providerRefundId: result.providerRefundId,
    })
})
