import type { Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { daysFrom } from '../../platform/clock.js'
import type { Ctx } from '../../platform/context.js'
import { actorColumns } from '../../platform/context.js'
import { AppError, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { type AfterSalesEvent, afterSalesMachine } from './domain/order-state.js'
import type { AfterSalesLine } from './orders.tables.js'
import { afterSalesView } from './orders.views.js'

type TCtx = Ctx & { db: Transaction<DB> }

export interface AfterSalesInput {
  type: 'refund_only' | 'return_refund'
  reason: string
  /** The 7-day no-reason return: only for products that allow it, within the shop's return window. */
  noReasonReturn?: boolean
  /** Omitted: everything still refundable. */
  lines?: { lineId: string; quantity: number }[]
}

const OPEN = ['requested', 'approved'] as const
/** Order statuses whose goods never left the shop: refunding them puts the stock back. */
const STILL_HERE: string[] = ['awaiting_group', 'paid', 'ready_for_pickup']

/**
 * After-sales: a shopper asks, an operator approves or rejects, the refund goes through the
 * payment provider, and only when the provider confirms do the order's refunded amounts move.
 * An operator's own refund is the same request, approved at once.
 */
export function createAfterSalesService(core: Core) {
  async function transition(
    ctx: TCtx,
    id: string,
    event: AfterSalesEvent,
    reason?: string,
    set: Record<string, unknown> = {},
  ) {
    const a = await scoped(ctx)
      .selectFrom('after_sales')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!a) throw notFound('after_sales', 'id')
    const to = afterSalesMachine.next(a.status, event)
    const now = core.clock.now()
    await scoped(ctx)
      .updateTable('after_sales')
      .set({ ...set, status: to, updated_at: now })
      .where('id', '=', id)
      .execute()
    await scoped(ctx)
      .insertInto('after_sales_history', {
        after_sales_id: id,
        from_status: a.status,
        to_status: to,
        event,
        ...actorColumns(ctx.actor),
        reason: reason ?? null,
        at: now,
      })
      .execute()
    await core.events.publish(ctx.db, ctx.tenantId, `orders.after_sales.${to}`, {
      afterSalesId: id,
      orderId: a.order_id,
    })
    return { ...a, status: to }
  }

  /** Works out the lines and amount of a request against what is still refundable. */
  async function price(ctx: TCtx, orderId: string, input: AfterSalesInput) {
    const s = scoped(ctx)
    const order = await core.orders.lock(ctx, orderId)
    if (!['awaiting_group', 'paid', 'shipped', 'ready_for_pickup', 'completed'].includes(order.status))
      throw new AppError('invalid_transition', { entity: 'order', from: order.status })
    if (input.type === 'return_refund' && !['shipped', 'completed'].includes(order.status))
      throw new AppError('return_not_allowed', {}, 'type')
    const lines = await s
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute()
    const open = await s
      .selectFrom('after_sales')
      .select(['lines', 'amount_fen'])
      .where('order_id', '=', orderId)
      .where('status', 'in', OPEN)
      .execute()
    const claimed = new Map<string, { qty: number; fen: number }>()
    for (const l of lines) claimed.set(l.id, { qty: l.refunded_quantity, fen: l.refunded_fen })
    for (const req of open)
      for (const rl of req.lines) {
        const c = claimed.get(rl.lineId)!
        c.qty += rl.quantity
        c.fen += rl.amountFen
      }
    const wanted =
      input.lines ??
      lines
        .map((l) => ({ lineId: l.id, quantity: l.quantity - claimed.get(l.id)!.qty }))
        .filter((l) => l.quantity > 0)
    if (!wanted.length) throw new AppError('refund_exceeds_paid', {}, 'lines')
    const chosen: AfterSalesLine[] = []
    wanted.forEach((w, i) => {
      const line = lines.find((l) => l.id === w.lineId)
      if (!line) throw notFound('order', `lines.${i}.lineId`)
      const c = claimed.get(line.id)!
      const left = line.quantity - c.qty
      if (w.quantity < 1 || w.quantity > left)
        throw new AppError('refund_exceeds_paid', {}, `lines.${i}.quantity`)
      if (input.noReasonReturn && !line.returnable_7d)
        throw new AppError('return_not_allowed', {}, `lines.${i}.lineId`)
      // The last units take whatever is left of the line, so parts always add up to the whole.
      const amountFen =
        w.quantity === left
          ? line.amount_fen - c.fen
          : Math.floor((line.amount_fen * w.quantity) / line.quantity)
      c.qty += w.quantity
      c.fen += amountFen
      chosen.push({ lineId: line.id, quantity: w.quantity, amountFen })
    })
    if (input.noReasonReturn) {
      const shop = await core.shops.get(ctx)
      const days = shop.settings.returnWindowDays ?? 7
      if (order.completed_at && daysFrom(order.completed_at, days) < core.clock.now())
        throw new AppError('return_not_allowed', {}, 'noReasonReturn')
    }
    let amountFen = chosen.reduce((s, l) => s + l.amountFen, 0)
    // Refunding the last of the goods also returns the delivery fee: the order is refunded whole.
    const allClaimed = lines.every((l) => claimed.get(l.id)!.qty === l.quantity)
    if (allClaimed) {
      const openFen = open.reduce((s, r) => s + r.amount_fen, 0)
      amountFen = order.paid_fen - order.refunded_fen - openFen
    }
    if (amountFen <= 0) throw new AppError('refund_exceeds_paid', {}, 'lines')
    const restock = input.type === 'return_refund' || STILL_HERE.includes(order.status)
    return { order, chosen, amountFen, restock }
  }

  async function create(
    ctx: TCtx,
    orderId: string,
    shopperId: string,
    input: AfterSalesInput,
    createdBy: 'shopper' | 'staff' | 'system',
  ) {
    const { chosen, amountFen, restock } = await price(ctx, orderId, input)
    return insert(ctx, {
      order_id: orderId,
      shopper_id: shopperId,
      type: input.type,
      reason: input.reason,
      no_reason_return: input.noReasonReturn ?? false,
      lines: chosen,
      amount_fen: amountFen,
      restock,
      created_by: createdBy,
    })
  }

  /** Writes a request in `requested` with its first history row. */
  async function insert(
    ctx: TCtx,
    r: {
      order_id: string
      shopper_id: string
      type: 'refund_only' | 'return_refund'
      reason: string
      no_reason_return: boolean
      lines: AfterSalesLine[]
      amount_fen: number
      restock: boolean
      created_by: 'shopper' | 'staff' | 'system'
    },
  ) {
    const id = newId()
    const now = core.clock.now()
    await scoped(ctx)
      .insertInto('after_sales', {
        ...r,
        id,
        status: 'requested',
        lines: JSON.stringify(r.lines),
        created_at: now,
        updated_at: now,
      })
      .execute()
    await scoped(ctx)
      .insertInto('after_sales_history', {
        after_sales_id: id,
        from_status: null,
        to_status: 'requested',
        event: 'request',
        ...actorColumns(ctx.actor),
        reason: r.reason,
        at: now,
      })
      .execute()
    return id
  }

  async function approveIn(ctx: TCtx, id: string) {
    const a = await transition(ctx, id, 'approve')
    await core.payments.requestRefund(ctx, {
      orderId: a.order_id,
      afterSalesId: id,
      amountFen: a.amount_fen,
      reason: a.reason,
    })
    await audit(ctx, core.clock, 'after_sales.approve', 'after_sales', id, { amountFen: a.amount_fen })
  }

  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }))
  const get = async (ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) => {
    const a = await scoped(ctx).selectFrom('after_sales').selectAll().where('id', '=', id).executeTakeFirst()
    if (!a) throw notFound('after_sales', 'id')
    return afterSalesView(a)
  }

  return {
    async request(ctx: Ctx, shopperId: string, orderId: string, input: AfterSalesInput) {
      const id = await tx(ctx, async (t) => {
        const o = await core.orders.lock(t, orderId)
        if (o.shopper_id !== shopperId) throw notFound('order', 'id')
        const id = await create(t, orderId, shopperId, input, 'shopper')
        await core.events.publish(t.db, ctx.tenantId, 'orders.after_sales.requested', {
          afterSalesId: id,
          orderId,
        })
        return id
      })
      return get(ctx, id)
    },

    async approve(ctx: Ctx, id: string) {
      await tx(ctx, (t) => approveIn(t, id))
      core.worker.poke()
      return get(ctx, id)
    },

    async reject(ctx: Ctx, id: string, reason: string) {
      await tx(ctx, async (t) => {
        await transition(t, id, 'reject', reason, { reject_reason: reason })
        await audit(t, core.clock, 'after_sales.reject', 'after_sales', id, { reason })
      })
      return get(ctx, id)
    },

    /** An operator refunds an order (whole, or chosen lines): a request approved at once. */
    async refundByOperator(
      ctx: Ctx,
      orderId: string,
      input: { lines?: { lineId: string; quantity: number }[]; reason: string },
    ) {
      const id = await tx(ctx, async (t) => {
        const o = await core.orders.lock(t, orderId)
        if (o.paid_fen === 0) throw new AppError('invalid_transition', { entity: 'order', from: o.status })
        const id = await create(
          t,
          orderId,
          o.shopper_id,
          { type: 'refund_only', reason: input.reason, lines: input.lines },
          'staff',
        )
        await approveIn(t, id)
        return id
      })
      core.worker.poke()
      return get(ctx, id)
    },

    /**
     * A refund the system decides (a failed group, a lost lucky draw), in the caller's transaction:
     * an approved request like an operator's, so the order's figures move when the provider confirms.
     */
    async refundBySystem(ctx: TCtx, orderId: string, reason: string) {
      const o = await core.orders.lock(ctx, orderId)
      const id = await create(ctx, orderId, o.shopper_id, { type: 'refund_only', reason }, 'system')
      await approveIn(ctx, id)
      return id
    },

    /**
     * Part of a line's price given back without any goods (a ladder group reached a lower step):
     * a zero-quantity request, so a later whole refund still adds up to what was paid.
     */
    async refundDifference(ctx: TCtx, orderId: string, lineId: string, amountFen: number, reason: string) {
      const o = await core.orders.lock(ctx, orderId)
      const line = await scoped(ctx)
        .selectFrom('order_lines')
        .select(['amount_fen', 'refunded_fen'])
        .where('id', '=', lineId)
        .where('order_id', '=', orderId)
        .executeTakeFirst()
      if (!line) throw notFound('order', 'lineId')
      if (amountFen <= 0 || line.refunded_fen + amountFen > line.amount_fen)
        throw new AppError('refund_exceeds_paid', {}, 'amountFen')
      const id = await insert(ctx, {
        order_id: orderId,
        shopper_id: o.shopper_id,
        type: 'refund_only',
        reason,
        no_reason_return: false,
        lines: [{ lineId, quantity: 0, amountFen }],
        amount_fen: amountFen,
        restock: false,
        created_by: 'system',
      })
      await approveIn(ctx, id)
      return id
    },

    /** The provider confirmed the refund: move the order's figures, restock, maybe close the order. */
    async refunded(ctx: TCtx, id: string) {
      const a = await transition(ctx, id, 'refund')
      const s = scoped(ctx)
      const order = await core.orders.lock(ctx, a.order_id)
      // Goods come back when the shopper returns them, or when they never left the shop.
      const restock = a.type === 'return_refund' || STILL_HERE.includes(order.status)
      const lines = await s
        .selectFrom('order_lines')
        .select(['id', 'sku_id'])
        .where('order_id', '=', a.order_id)
        .execute()
      const skuOf = new Map(lines.map((l) => [l.id, l.sku_id]))
      // Stock rows are always locked in SKU order, as reserve and settle do.
      const parts = [...a.lines].sort((x, y) => skuOf.get(x.lineId)!.localeCompare(skuOf.get(y.lineId)!))
      for (const l of parts) {
        await s
          .updateTable('order_lines')
          .set((eb) => ({
            refunded_quantity: eb('refunded_quantity', '+', l.quantity),
            refunded_fen: eb('refunded_fen', '+', l.amountFen),
          }))
          .where('id', '=', l.lineId)
          .execute()
        if (restock && l.quantity)
          await core.inventory.restock(ctx, a.order_id, skuOf.get(l.lineId)!, l.quantity)
      }
      await s.updateTable('after_sales').set({ restock }).where('id', '=', id).execute()
      const o = await s
        .updateTable('orders')
        .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', a.amount_fen), updated_at: core.clock.now() }))
        .where('id', '=', a.order_id)
        .returning(['refunded_fen', 'paid_fen'])
        .executeTakeFirstOrThrow()
      if (o.refunded_fen === o.paid_fen)
        await core.orders.transition(ctx, a.order_id, 'refund_all', { reason: a.reason })
    },

    /** The provider refused the refund: the request goes back to the operator. */
    async refundFailed(ctx: TCtx, id: string) {
      const a = await scoped(ctx)
        .selectFrom('after_sales')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst()
      if (a?.status === 'approved')
        await transition(ctx, id, 'refund_fail', 'the payment provider refused the refund')
    },

    async list(ctx: Pick<Ctx, 'db' | 'tenantId'>, f: { status?: string; limit: number }) {
      let q = scoped(ctx).selectFrom('after_sales').selectAll().orderBy('created_at', 'desc').limit(f.limit)
      if (f.status) q = q.where('status', '=', f.status as any)
      return (await q.execute()).map(afterSalesView)
    },

    get,
  }
}

export type AfterSalesService = ReturnType<typeof createAfterSalesService>
