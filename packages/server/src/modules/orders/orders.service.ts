import { randomInt } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { minutesFrom } from '../../platform/clock.js'
import type { Ctx } from '../../platform/context.js'
import { actorColumns } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId, orderNo } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { type OrderEvent, type OrderStatus, orderMachine } from './domain/order-state.js'
import { mergeLines, orderTotals } from './domain/totals.js'
import type { OrdersTables } from './orders.tables.js'
import { orderView } from './orders.views.js'

export interface Attribution {
  shareToken?: string
  promoterId?: string
  groupId?: string
  liveRoomId?: string
  communityLeaderId?: string
  creatorId?: string
  campaignId?: string
  channel?: string
}

export interface PlaceOrderInput {
  items?: { skuId: string; quantity: number }[]
  cartItemIds?: string[]
  fulfillment: 'delivery' | 'pickup'
  addressId?: string
  note?: string
  attribution?: Attribution
  /** The shopper's coupons to use (priced and redeemed by the coupons module). */
  couponIds?: string[]
}

export interface OrderFilter {
  shopperId?: string
  status?: OrderStatus
  q?: string
  from?: Date
  to?: Date
  limit: number
  cursor?: string
}

type TCtx = Ctx & { db: Transaction<DB> }
type OrderRow = Selectable<OrdersTables['orders']>

/**
 * What a deal module adds to the orders it owns (`orders.kind`). Hooks run in the order's own
 * transaction, under its row lock, so the deal's rows and the order never disagree.
 */
export interface OrderKind {
  /**
   * Locks the deal's own row before the order's row is locked. Deal modules lock their row first
   * and then place or cancel orders, so every path takes deal → order → stock and none can deadlock.
   */
  lockFirst?(ctx: TCtx, order: OrderRow): Promise<void>
  /** The event a captured payment takes: a group seat waits in `awaiting_group`. */
  payEvent?: 'pay' | 'pay_into_group'
  /** After the order took its payment. */
  onPaid?(ctx: TCtx, order: OrderRow): Promise<void>
  /** After the order was cancelled (by the shopper or the unpaid timeout) and its stock released. */
  onCancelled?(ctx: TCtx, order: OrderRow): Promise<void>
  /** Whether a payment arriving after cancellation may still take the order; default yes. */
  acceptsLatePayment?: boolean
  /** The deal the order was bought through (e.g. `groupbuy:<dealId>`), for deal-specific commission rates. */
  dealKey?(ctx: Pick<Ctx, 'db' | 'tenantId'>, order: OrderRow): Promise<string | null>
}

/** How a deal module places an order: its own prices, its kind, and its rows in the same transaction. */
export interface PlaceOptions {
  kind?: string
  kindRef?: string
  /** The deal's unit price per SKU, in place of the SKU's own price. */
  unitPriceFen?: (skuId: string) => number
  /** Import tax on the whole order (cross-border). */
  taxFen?: number
  /** How long the order may stay unpaid; default the shop's unpaid timeout. */
  payWithinMinutes?: number
  /** A zero total is allowed (free to open); the caller settles it with `applyPayment(t, id, 0)`. */
  free?: boolean
  /** Runs inside the order's transaction once the order and its stock hold are written. */
  within?: (t: TCtx, orderId: string) => Promise<void>
}

/**
 * Another module's step in the transaction of every order `place` writes (bulk placements skip
 * it): distribution records where the order was placed from (`ctx.client`) for its fraud rules.
 */
export type PlacedListener = (ctx: TCtx, order: { id: string; shopperId: string }) => Promise<void>

/** Orders: cart, checkout, the order lifecycle and its history. */
export function createOrdersService(core: Core) {
  const placedListeners: PlacedListener[] = []
  const load = async (ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string, lock = false) => {
    let q = scoped(ctx).selectFrom('orders').selectAll().where('id', '=', id)
    if (lock) q = q.forUpdate()
    const o = await q.executeTakeFirst()
    if (!o) throw notFound('order', 'id')
    return o
  }

  /** The one way an order changes status: checks the machine, writes the row and its history. */
  async function transition(
    ctx: TCtx,
    orderId: string,
    event: OrderEvent,
    opts: { reason?: string; set?: Record<string, unknown> } = {},
  ) {
    const o = await load(ctx, orderId, true)
    const to = orderMachine.next(o.status, event)
    const now = core.clock.now()
    await scoped(ctx)
      .updateTable('orders')
      .set({ ...(opts.set ?? {}), status: to, updated_at: now })
      .where('id', '=', orderId)
      .execute()
    await scoped(ctx)
      .insertInto('order_history', {
        order_id: orderId,
        from_status: o.status,
        to_status: to,
        event,
        ...actorColumns(ctx.actor),
        reason: opts.reason ?? null,
        at: now,
      })
      .execute()
    await core.events.publish(ctx.db, ctx.tenantId, `orders.order.${to}`, {
      orderId,
      from: o.status,
      to,
      event,
    })
    return { ...o, status: to }
  }

  // Joins the caller's transaction when there is one: a deal module places orders under its own locks.
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  const kinds = new Map<string, OrderKind>()
  /** The order under its row lock, its deal's row locked first when its kind has one. */
  async function lockInOrder(ctx: TCtx, id: string) {
    const peek = await load(ctx, id)
    const lockFirst = kinds.get(peek.kind)?.lockFirst
    if (!lockFirst) return load(ctx, id, true)
    await lockFirst(ctx, peek)
    return load(ctx, id, true)
  }

  return {
    transition,

    /** Adds a step to every placement's transaction (see `PlacedListener`). */
    onPlaced(fn: PlacedListener) {
      placedListeners.push(fn)
    },

    /** A deal module registers the rules of the orders it owns. */
    registerKind(kind: string, hooks: OrderKind) {
      kinds.set(kind, hooks)
    },

    /** The deal an order was bought through, as its kind names it; null for ordinary orders. */
    async dealKey(ctx: Pick<Ctx, 'db' | 'tenantId'>, order: OrderRow): Promise<string | null> {
      return (await kinds.get(order.kind)?.dealKey?.(ctx, order)) ?? null
    },

    // Cart ------------------------------------------------------------------
    async cart(ctx: Ctx, shopperId: string) {
      const rows = await scoped(ctx)
        .selectFrom('cart_items')
        .innerJoin('skus', 'skus.id', 'cart_items.sku_id')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .leftJoin('stock', 'stock.sku_id', 'skus.id')
        .select([
          'cart_items.id',
          'cart_items.sku_id',
          'cart_items.quantity',
          'skus.spec',
          'skus.price_fen',
          'skus.image_url',
          'skus.status as sku_status',
          'products.id as product_id',
          'products.title',
          'products.images',
          'products.status as product_status',
          'stock.on_hand',
          'stock.reserved',
        ])
        .where('cart_items.shopper_id', '=', shopperId)
        .orderBy('cart_items.created_at', 'desc')
        .execute()
      const items = rows.map((r) => {
        const purchasable = r.sku_status === 'active' && r.product_status === 'published'
        return {
          id: r.id,
          skuId: r.sku_id,
          productId: r.product_id,
          title: r.title,
          specLabel: Object.values(r.spec ?? {}).join(' / '),
          imageUrl: r.image_url ?? (r.images as string[])[0] ?? null,
          priceFen: r.price_fen,
          quantity: r.quantity,
          available: purchasable ? (r.on_hand ?? 0) - (r.reserved ?? 0) : 0,
        }
      })
      return { items, totalFen: items.reduce((s, i) => s + i.priceFen * i.quantity, 0) }
    },

    async addToCart(ctx: Ctx, shopperId: string, skuId: string, quantity: number) {
      const sku = await scoped(ctx)
        .selectFrom('skus')
        .select('id')
        .where('id', '=', skuId)
        .where('status', '=', 'active')
        .executeTakeFirst()
      if (!sku) throw notFound('sku', 'skuId')
      await ctx.db
        .insertInto('cart_items')
        .values({
          id: newId(),
          tenant_id: ctx.tenantId,
          shopper_id: shopperId,
          sku_id: skuId,
          quantity,
          created_at: core.clock.now(),
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'shopper_id', 'sku_id']).doUpdateSet((eb) => ({
            quantity: eb.fn('least', [
              eb('cart_items.quantity', '+', eb.ref('excluded.quantity')),
              eb.val(999),
            ]),
          })),
        )
        .execute()
      return this.cart(ctx, shopperId)
    },

    async updateCartItem(ctx: Ctx, shopperId: string, id: string, quantity: number) {
      const r = await scoped(ctx)
        .updateTable('cart_items')
        .set({ quantity })
        .where('id', '=', id)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!r.numUpdatedRows) throw notFound('cart_item', 'id')
      return this.cart(ctx, shopperId)
    },

    async removeCartItem(ctx: Ctx, shopperId: string, id: string) {
      const r = await scoped(ctx)
        .deleteFrom('cart_items')
        .where('id', '=', id)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!r.numDeletedRows) throw notFound('cart_item', 'id')
      return this.cart(ctx, shopperId)
    },

    // Checkout ----------------------------------------------------------------
    /**
     * Places an order and reserves its stock in one transaction: either the order exists with
     * its stock held, or nothing was written. The unpaid timeout is a job due at `expiresAt`.
     */
    async place(ctx: Ctx, shopperId: string, input: PlaceOrderInput, opts: PlaceOptions = {}) {
      const s = scoped(ctx)
      let wanted = input.items ?? []
      if (input.cartItemIds?.length) {
        const cart = await s
          .selectFrom('cart_items')
          .select(['id', 'sku_id', 'quantity'])
          .where('shopper_id', '=', shopperId)
          .where('id', 'in', input.cartItemIds)
          .execute()
        if (cart.length !== new Set(input.cartItemIds).size) throw notFound('cart_item', 'cartItemIds')
        wanted = [...wanted, ...cart.map((c) => ({ skuId: c.sku_id, quantity: c.quantity }))]
      }
      if (!wanted.length) throw invalid('items', 'choose at least one item', '请至少选择一件商品')
      const items = mergeLines(wanted)
      if (items.length > 50) throw invalid('items', 'at most 50 different items', '一个订单最多 50 种商品')
      const skus = await s
        .selectFrom('skus')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .select([
          'skus.id',
          'skus.spec',
          'skus.price_fen',
          'skus.image_url',
          'skus.status as sku_status',
          'products.id as product_id',
          'products.title',
          'products.images',
          'products.status as product_status',
          'products.merchant_id',
          'products.returnable_7d',
          'products.category_id',
        ])
        .where(
          'skus.id',
          'in',
          items.map((i) => i.skuId),
        )
        .execute()
      const byId = new Map(skus.map((k) => [k.id, k]))
      items.forEach((it, i) => {
        const k = byId.get(it.skuId)
        if (!k) throw notFound('sku', `items.${i}.skuId`)
        if (k.sku_status !== 'active' || k.product_status !== 'published')
          throw new AppError('not_purchasable', {}, `items.${i}.skuId`)
        if (it.quantity > 999) throw invalid(`items.${i}.quantity`, 'at most 999', '每种商品最多购买 999 件')
      })
      if (input.fulfillment === 'delivery' && !input.addressId)
        throw invalid('addressId', 'a delivery address is required', '快递配送请选择收货地址')
      const address =
        input.fulfillment === 'delivery'
          ? await core.identity.getAddress(ctx, shopperId, input.addressId!)
          : null
      const shop = await core.shops.get(ctx)
      const priced = items.map((it) => ({
        ...it,
        unitPriceFen: opts.unitPriceFen?.(it.skuId) ?? byId.get(it.skuId)!.price_fen,
      }))
      const shipping = shop.settings as Record<string, number>
      // With coupons, each line carries its share of them: the order has no discount left to spread.
      const couponPrice = input.couponIds?.length
        ? await core.coupons.priceForCheckout(ctx, shopperId, {
            lines: priced.map((p) => ({
              key: p.skuId,
              productId: byId.get(p.skuId)!.product_id,
              categoryId: byId.get(p.skuId)!.category_id,
              quantity: p.quantity,
              unitPriceFen: p.unitPriceFen,
            })),
            couponIds: input.couponIds,
            shipping: {
              fulfillment: input.fulfillment,
              feeFen: shipping.shippingFeeFen ?? 0,
              freeOverFen: shipping.freeShippingOverFen ?? null,
            },
          })
        : null
      const lineFen = new Map(couponPrice?.lines.map((l) => [l.key, l.finalFen]))
      const totals = couponPrice
        ? {
            itemsFen: couponPrice.goodsFen,
            shippingFen: couponPrice.shippingFen,
            discountFen: 0,
            totalFen: couponPrice.totalFen,
          }
        : orderTotals(priced, input.fulfillment, shipping)
      const taxFen = opts.taxFen ?? 0
      totals.totalFen += taxFen
      if (totals.totalFen <= 0 && !opts.free)
        throw invalid('items', 'the order total must be above zero', '订单金额须大于 0')
      const now = core.clock.now()
      const id = newId()
      const expiresAt = minutesFrom(
        now,
        opts.payWithinMinutes ?? shop.settings.unpaidTimeoutMinutes ?? core.config.unpaidTimeoutMinutes,
      )
      const a = input.attribution ?? {}
      await tx(ctx, async (t) => {
        const ts = scoped(t)
        await ts
          .insertInto('orders', {
            id,
            order_no: orderNo(now),
            shopper_id: shopperId,
            status: 'pending_payment',
            fulfillment: input.fulfillment,
            address: address
              ? JSON.stringify({
                  name: address.name,
                  phone: address.phone,
                  region: address.region,
                  detail: address.detail,
                })
              : null,
            note: input.note ?? '',
            items_fen: totals.itemsFen,
            shipping_fen: totals.shippingFen,
            discount_fen: totals.discountFen,
            total_fen: totals.totalFen,
            tax_fen: taxFen,
            kind: opts.kind ?? 'standard',
            kind_ref: opts.kindRef ?? null,
            expires_at: expiresAt,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await ts
          .insertInto(
            'order_lines',
            priced.map((p) => {
              const k = byId.get(p.skuId)!
              return {
                id: newId(),
                order_id: id,
                product_id: k.product_id,
                sku_id: k.id,
                merchant_id: k.merchant_id,
                title: k.title,
                spec_label: Object.values(k.spec ?? {}).join(' / '),
                image_url: k.image_url ?? (k.images as string[])[0] ?? null,
                unit_price_fen: p.unitPriceFen,
                quantity: p.quantity,
                amount_fen: lineFen.get(p.skuId) ?? p.unitPriceFen * p.quantity,
                returnable_7d: k.returnable_7d,
                promoter_id: a.promoterId ?? null,
                share_token: a.shareToken ?? null,
                group_id: a.groupId ?? null,
                live_room_id: a.liveRoomId ?? null,
                community_leader_id: a.communityLeaderId ?? null,
                creator_id: a.creatorId ?? null,
                campaign_id: a.campaignId ?? null,
                channel: a.channel ?? null,
              }
            }),
          )
          .execute()
        if (couponPrice) await core.coupons.redeemForOrder(t, shopperId, id, input.couponIds!, couponPrice)
        await core.inventory.reserve(t, id, items)
        await ts
          .insertInto('order_history', {
            order_id: id,
            from_status: null,
            to_status: 'pending_payment',
            event: 'place',
            actor_kind: 'shopper',
            actor_id: shopperId,
            reason: null,
            at: now,
          })
          .execute()
        if (input.cartItemIds?.length)
          await ts
            .deleteFrom('cart_items')
            .where('shopper_id', '=', shopperId)
            .where('id', 'in', input.cartItemIds)
            .execute()
        await enqueue(t.db, core.clock, {
          kind: 'orders.expire',
          tenantId: ctx.tenantId,
          payload: { orderId: id },
          runAt: expiresAt,
          dedupeKey: `orders.expire:${id}`,
        })
        await opts.within?.(t, id)
        for (const fn of placedListeners) await fn(t, { id, shopperId })
        await core.events.publish(t.db, ctx.tenantId, 'orders.order.placed', {
          orderId: id,
          shopperId,
          kind: opts.kind ?? 'standard',
          totalFen: totals.totalFen,
        })
      })
      return this.get(ctx, id, { shopperId })
    },

    // Reads -------------------------------------------------------------------
    /** One order with lines, history and after-sales; `shopperId` limits it to that shopper's own. */
    async get(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string, opts: { shopperId?: string } = {}) {
      const s = scoped(ctx)
      let q = s.selectFrom('orders').selectAll().where('id', '=', id)
      if (opts.shopperId) q = q.where('shopper_id', '=', opts.shopperId)
      const o = await q.executeTakeFirst()
      if (!o) throw notFound('order', 'id')
      const [lines, history, afterSales, shopper] = await Promise.all([
        s.selectFrom('order_lines').selectAll().where('order_id', '=', id).orderBy('id').execute(),
        s.selectFrom('order_history').selectAll().where('order_id', '=', id).orderBy('id').execute(),
        s.selectFrom('after_sales').selectAll().where('order_id', '=', id).orderBy('created_at').execute(),
        s
          .selectFrom('shoppers')
          .select(['id', 'phone', 'nickname'])
          .where('id', '=', o.shopper_id)
          .executeTakeFirst(),
      ])
      return orderView(o, lines, { history, afterSales, shopper })
    },

    /** Keyset-paged list: two queries whatever the page size. */
    async list(ctx: Pick<Ctx, 'db' | 'tenantId'>, f: OrderFilter) {
      const s = scoped(ctx)
      let q = s
        .selectFrom('orders')
        .innerJoin('shoppers', 'shoppers.id', 'orders.shopper_id')
        .selectAll('orders')
        .select(['shoppers.phone', 'shoppers.nickname'])
        .orderBy('orders.created_at', 'desc')
        .orderBy('orders.id', 'desc')
        .limit(f.limit + 1)
      if (f.shopperId) q = q.where('orders.shopper_id', '=', f.shopperId)
      if (f.status) q = q.where('orders.status', '=', f.status)
      if (f.from) q = q.where('orders.created_at', '>=', f.from)
      if (f.to) q = q.where('orders.created_at', '<', f.to)
      if (f.q) {
        const term = f.q.trim()
        q = q.where((eb) =>
          eb.or([
            eb('orders.order_no', '=', term),
            eb('shoppers.phone', '=', term),
            eb('shoppers.nickname', 'ilike', `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
          ]),
        )
      }
      const c = decodeCursor(f.cursor)
      if (c)
        q = q.where((eb) =>
          eb.or([
            eb('orders.created_at', '<', c.at),
            eb.and([eb('orders.created_at', '=', c.at), eb('orders.id', '<', c.id)]),
          ]),
        )
      const rows = await q.execute()
      const page = rows.slice(0, f.limit)
      const lines = page.length
        ? await s
            .selectFrom('order_lines')
            .selectAll()
            .where(
              'order_id',
              'in',
              page.map((o) => o.id),
            )
            .orderBy('id')
            .execute()
        : []
      const items = page.map((o) => {
        const view = orderView(
          o,
          lines.filter((l) => l.order_id === o.id),
          { shopper: { id: o.shopper_id, phone: o.phone, nickname: o.nickname } },
        )
        // Only the shopper sees their pickup code; staff ask for it at the counter.
        return f.shopperId ? view : { ...view, pickupCode: null }
      })
      const last = page[page.length - 1]
      return {
        items,
        nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
      }
    },

    // Lifecycle -----------------------------------------------------------------
    async cancel(ctx: Ctx, id: string, opts: { shopperId?: string; reason?: string }) {
      await tx(ctx, async (t) => {
        const o = await lockInOrder(t, id)
        if (opts.shopperId && o.shopper_id !== opts.shopperId) throw notFound('order', 'id')
        await transition(t, id, 'cancel', {
          reason: opts.reason ?? 'cancelled by shopper',
          set: { cancelled_at: core.clock.now() },
        })
        await core.inventory.release(t, id)
        await kinds.get(o.kind)?.onCancelled?.(t, o)
      })
      return this.get(ctx, id, opts)
    },

    /** The unpaid timeout: cancels an order still unpaid at its due time and releases its stock. */
    async expire(ctx: TCtx, id: string) {
      const o = await lockInOrder(ctx, id)
      if (o.status !== 'pending_payment') return false
      if (o.expires_at > core.clock.now()) return false
      await transition(ctx, id, 'expire', {
        reason: 'unpaid timeout',
        set: { cancelled_at: core.clock.now() },
      })
      await core.inventory.release(ctx, id)
      await kinds.get(o.kind)?.onCancelled?.(ctx, o)
      return true
    },

    /**
     * A payment for this order was captured. Returns 'applied' when the order is now paid, or
     * 'refund' when the money must go back: the order is already paid by another payment, or it
     * was cancelled and its stock is gone.
     */
    async applyPayment(ctx: TCtx, id: string, amountFen: number): Promise<'applied' | 'refund'> {
      const o = await lockInOrder(ctx, id)
      if (amountFen !== o.total_fen) throw new AppError('payment_mismatch')
      const now = core.clock.now()
      const set = {
        paid_fen: amountFen,
        paid_at: now,
        ...(o.fulfillment === 'pickup'
          ? { pickup_code: String(randomInt(0, 1_000_000)).padStart(6, '0') }
          : {}),
      }
      const kind = kinds.get(o.kind)
      if (o.status === 'pending_payment') {
        await core.inventory.consume(ctx, id)
        await transition(ctx, id, kind?.payEvent ?? 'pay', { set })
        await kind?.onPaid?.(ctx, o)
        return 'applied'
      }
      if (o.status === 'cancelled' && kind?.acceptsLatePayment !== false) {
        const lines = await scoped(ctx)
          .selectFrom('order_lines')
          .select(['sku_id', 'quantity'])
          .where('order_id', '=', id)
          .execute()
        const held = await core.inventory.tryReserve(
          ctx,
          id,
          lines.map((l) => ({ skuId: l.sku_id, quantity: l.quantity })),
        )
        if (!held) return 'refund'
        await core.inventory.consume(ctx, id)
        await transition(ctx, id, 'late_pay', {
          reason: 'payment arrived after the unpaid timeout; stock still available',
          set: { ...set, cancelled_at: null },
        })
        return 'applied'
      }
      return 'refund'
    },

    async ship(ctx: Ctx, id: string, carrier: string, trackingNo: string) {
      await tx(ctx, async (t) => {
        const o = await load(t, id, true)
        if (o.fulfillment !== 'delivery')
          throw new AppError('invalid_transition', { entity: 'order', from: o.status })
        await transition(t, id, 'ship', {
          set: { carrier, tracking_no: trackingNo, shipped_at: core.clock.now() },
        })
        await audit(t, core.clock, 'order.ship', 'order', id, { carrier, trackingNo })
      })
      return this.get(ctx, id)
    },

    async readyForPickup(ctx: Ctx, id: string) {
      await tx(ctx, async (t) => {
        const o = await load(t, id, true)
        if (o.fulfillment !== 'pickup')
          throw new AppError('invalid_transition', { entity: 'order', from: o.status })
        await transition(t, id, 'ready')
        await audit(t, core.clock, 'order.ready_for_pickup', 'order', id)
      })
      return this.get(ctx, id)
    },

    /** Staff completes: a pickup needs the shopper's pickup code; a delivery is marked received. */
    async complete(ctx: Ctx, id: string, pickupCode?: string) {
      await tx(ctx, async (t) => {
        const o = await load(t, id, true)
        if (o.status === 'ready_for_pickup') {
          if (!pickupCode || pickupCode !== o.pickup_code)
            throw invalid('pickupCode', 'the pickup code does not match', '提货码不正确')
          await transition(t, id, 'pick_up', { set: { completed_at: core.clock.now() } })
        } else {
          await transition(t, id, 'complete', { set: { completed_at: core.clock.now() } })
        }
        await audit(t, core.clock, 'order.complete', 'order', id)
      })
      return this.get(ctx, id)
    },

    async confirmReceipt(ctx: Ctx, shopperId: string, id: string) {
      await tx(ctx, async (t) => {
        const o = await load(t, id, true)
        if (o.shopper_id !== shopperId) throw notFound('order', 'id')
        await transition(t, id, 'complete', {
          reason: 'received by shopper',
          set: { completed_at: core.clock.now() },
        })
      })
      return this.get(ctx, id, { shopperId })
    },

    /** Load for a money step in the caller's transaction. */
    lock: (ctx: TCtx, id: string) => load(ctx, id, true),
  }
}

export type OrdersService = ReturnType<typeof createOrdersService>
