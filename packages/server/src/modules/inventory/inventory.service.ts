import { sql } from 'kysely'
import type { Core } from '../../core.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import type { MovementKind } from './inventory.tables.js'

export interface StockLine {
  skuId: string
  quantity: number
}

type TCtx = Pick<Ctx, 'db' | 'tenantId'>

/**
 * Stock per SKU. Reserving is one conditional UPDATE per line (`on_hand - reserved >= qty`), so
 * stock can neither go negative nor be sold twice, however many buyers arrive at once; the row
 * lock serialises them and the CHECK constraints are the last line of defence.
 */
export function createInventoryService(core: Core) {
  async function move(
    ctx: TCtx,
    skuId: string,
    kind: MovementKind,
    quantity: number,
    orderId: string | null,
    note?: string,
  ) {
    await scoped(ctx)
      .insertInto('stock_movements', {
        sku_id: skuId,
        kind,
        quantity,
        order_id: orderId,
        note: note ?? null,
        at: core.clock.now(),
      })
      .execute()
  }

  async function assertSku(ctx: TCtx, skuId: string) {
    const sku = await scoped(ctx).selectFrom('skus').select('id').where('id', '=', skuId).executeTakeFirst()
    if (!sku) throw notFound('sku', 'skuId')
  }

  return {
    /** Goods arrive: on hand goes up. Runs in the caller's transaction when it has one. */
    async receive(ctx: TCtx, skuId: string, quantity: number, note?: string) {
      if (!Number.isInteger(quantity) || quantity <= 0)
        throw invalid('quantity', 'a positive whole number', '数量须为正整数')
      await inTransaction(ctx.db, async (trx) => {
        const t = { ...ctx, db: trx }
        await assertSku(t, skuId)
        await sql`insert into stock (sku_id, tenant_id, on_hand, reserved, updated_at) values (${skuId}, ${ctx.tenantId}, ${quantity}, 0, ${core.clock.now()})
          on conflict (sku_id) do update set on_hand = stock.on_hand + excluded.on_hand, updated_at = excluded.updated_at
          where stock.tenant_id = excluded.tenant_id`.execute(trx)
        await move(t, skuId, 'receive', quantity, null, note)
      })
    },

    /** A stock count correction by an operator; cannot take on hand below what is reserved. */
    async adjust(ctx: Ctx, skuId: string, delta: number, note: string) {
      if (!Number.isInteger(delta) || delta === 0)
        throw invalid('delta', 'a non-zero whole number', '调整数量须为非零整数')
      if (delta > 0) {
        await inTransaction(ctx.db, async (trx) => {
          await this.receive({ ...ctx, db: trx }, skuId, delta, note)
          await audit({ ...ctx, db: trx }, core.clock, 'inventory.adjust', 'sku', skuId, { delta, note })
        })
        return this.level(ctx, skuId)
      }
      await inTransaction(ctx.db, async (trx) => {
        const t = { ...ctx, db: trx }
        await assertSku(t, skuId)
        const r = await scoped(t)
          .updateTable('stock')
          .set((eb) => ({ on_hand: eb('on_hand', '+', delta), updated_at: core.clock.now() }))
          .where('sku_id', '=', skuId)
          .where(sql<boolean>`on_hand + ${delta} >= reserved`)
          .executeTakeFirst()
        if (!r.numUpdatedRows)
          throw invalid(
            'delta',
            'would take stock below what is reserved for unpaid orders',
            '调整后的库存不能少于待支付订单占用的数量',
          )
        await move(t, skuId, 'adjust', delta, null, note)
        await audit(t, core.clock, 'inventory.adjust', 'sku', skuId, { delta, note })
      })
      return this.level(ctx, skuId)
    },

    async level(ctx: TCtx, skuId: string) {
      const row = await scoped(ctx)
        .selectFrom('stock')
        .select(['on_hand', 'reserved'])
        .where('sku_id', '=', skuId)
        .executeTakeFirst()
      const onHand = row?.on_hand ?? 0
      const reserved = row?.reserved ?? 0
      return { skuId, onHand, reserved, available: onHand - reserved }
    },

    /**
     * Holds stock for an unpaid order, in the caller's transaction. Lines are taken in SKU order
     * so two orders never wait on each other's rows. Throws 409 `sold_out` naming the line.
     */
    async reserve(ctx: TCtx, orderId: string, lines: StockLine[]) {
      const now = core.clock.now()
      const sorted = lines.map((l, i) => ({ ...l, i })).sort((a, b) => a.skuId.localeCompare(b.skuId))
      for (const l of sorted) {
        const r = await sql`update stock set reserved = reserved + ${l.quantity}, updated_at = ${now}
          where sku_id = ${l.skuId} and tenant_id = ${ctx.tenantId} and on_hand - reserved >= ${l.quantity}`.execute(
          ctx.db,
        )
        if (!r.numAffectedRows) throw new AppError('sold_out', {}, `items.${l.i}.quantity`)
      }
      await scoped(ctx)
        .insertInto(
          'stock_reservations',
          lines.map((l) => ({
            id: newId(),
            order_id: orderId,
            sku_id: l.skuId,
            quantity: l.quantity,
            status: 'active' as const,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute()
      await scoped(ctx)
        .insertInto(
          'stock_movements',
          lines.map((l) => ({
            sku_id: l.skuId,
            kind: 'reserve' as const,
            quantity: l.quantity,
            order_id: orderId,
            note: null,
            at: now,
          })),
        )
        .execute()
    },

    /**
     * Reserves only if every line can be had, without failing the caller's transaction: rows are
     * locked first, then checked, then taken. Used when a late payment tries to revive an order.
     */
    async tryReserve(ctx: TCtx, orderId: string, lines: StockLine[]) {
      const ids = [...new Set(lines.map((l) => l.skuId))].sort()
      const rows = await scoped(ctx)
        .selectFrom('stock')
        .select(['sku_id', 'on_hand', 'reserved'])
        .where('sku_id', 'in', ids)
        .orderBy('sku_id')
        .forUpdate()
        .execute()
      const free = new Map(rows.map((r) => [r.sku_id, r.on_hand - r.reserved]))
      if (!lines.every((l) => (free.get(l.skuId) ?? 0) >= l.quantity)) return false
      await scoped(ctx)
        .deleteFrom('stock_reservations')
        .where('order_id', '=', orderId)
        .where('status', '=', 'released')
        .execute()
      await this.reserve(ctx, orderId, lines)
      return true
    },

    /** Gives an order's held stock back (cancel, expiry). Idempotent. */
    async release(ctx: TCtx, orderId: string) {
      await this.settle(ctx, orderId, 'released')
    },

    /** The order is paid: held stock leaves the shelf for good. Idempotent. */
    async consume(ctx: TCtx, orderId: string) {
      await this.settle(ctx, orderId, 'consumed')
    },

    async settle(ctx: TCtx, orderId: string, to: 'released' | 'consumed') {
      const now = core.clock.now()
      const held = await scoped(ctx)
        .updateTable('stock_reservations')
        .set({ status: to, updated_at: now })
        .where('order_id', '=', orderId)
        .where('status', '=', 'active')
        .returning(['sku_id', 'quantity'])
        .execute()
      held.sort((a, b) => a.sku_id.localeCompare(b.sku_id))
      for (const h of held) {
        await scoped(ctx)
          .updateTable('stock')
          .set((eb) => ({
            reserved: eb('reserved', '-', h.quantity),
            ...(to === 'consumed' ? { on_hand: eb('on_hand', '-', h.quantity) } : {}),
            updated_at: now,
          }))
          .where('sku_id', '=', h.sku_id)
          .execute()
        await move(ctx, h.sku_id, to === 'consumed' ? 'sell' : 'release', h.quantity, orderId)
      }
      return held.length
    },

    /** Whether the order still holds stock (it may have been released by the unpaid timeout). */
    async holds(ctx: TCtx, orderId: string) {
      const r = await scoped(ctx)
        .selectFrom('stock_reservations')
        .select('id')
        .where('order_id', '=', orderId)
        .where('status', '=', 'active')
        .executeTakeFirst()
      return !!r
    },

    /** Returned goods go back on the shelf. */
    async restock(ctx: TCtx, orderId: string, skuId: string, quantity: number) {
      await scoped(ctx)
        .updateTable('stock')
        .set((eb) => ({ on_hand: eb('on_hand', '+', quantity), updated_at: core.clock.now() }))
        .where('sku_id', '=', skuId)
        .execute()
      await move(ctx, skuId, 'return', quantity, orderId)
    },

    /** Console list: one query, keyset by product then SKU. */
    async list(ctx: TCtx, f: { q?: string; limit: number; after?: string }) {
      let q = scoped(ctx)
        .selectFrom('skus')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .leftJoin('stock', 'stock.sku_id', 'skus.id')
        .select([
          'skus.id as sku_id',
          'skus.spec',
          'skus.code',
          'skus.price_fen',
          'products.id as product_id',
          'products.title',
          sql<number>`coalesce(stock.on_hand, 0)`.as('on_hand'),
          sql<number>`coalesce(stock.reserved, 0)`.as('reserved'),
        ])
        .orderBy('skus.id')
        .limit(f.limit + 1)
      if (f.q) q = q.where('products.title', 'ilike', `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
      if (f.after) q = q.where('skus.id', '>', f.after)
      const rows = await q.execute()
      const items = rows.slice(0, f.limit).map((r) => ({
        skuId: r.sku_id,
        productId: r.product_id,
        productTitle: r.title,
        specLabel: Object.values((r.spec ?? {}) as Record<string, string>).join(' / '),
        code: r.code,
        priceFen: r.price_fen,
        onHand: Number(r.on_hand),
        reserved: Number(r.reserved),
        available: Number(r.on_hand) - Number(r.reserved),
      }))
      return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].skuId : null }
    },

    async movements(ctx: TCtx, skuId: string) {
      await assertSku(ctx, skuId)
      const rows = await scoped(ctx)
        .selectFrom('stock_movements')
        .selectAll()
        .where('sku_id', '=', skuId)
        .orderBy('id', 'desc')
        .limit(200)
        .execute()
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        quantity: r.quantity,
        orderId: r.order_id,
        note: r.note,
        at: r.at,
      }))
    },
  }
}

export type InventoryService = ReturnType<typeof createInventoryService>
