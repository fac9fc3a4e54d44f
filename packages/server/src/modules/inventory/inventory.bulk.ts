import { type RawBuilder, sql } from 'kysely'
import type { Clock } from '../../platform/clock.js'
import type { Ctx } from '../../platform/context.js'
import { AppError } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'

type TCtx = Pick<Ctx, 'db' | 'tenantId'>

export interface Hold {
  orderId: string
  skuId: string
  quantity: number
}

/**
 * The rows of stock holds for many orders as statements (no round trip yet), so a bulk writer can
 * send them with its own in one statement: per SKU the stock update, then every reservation and
 * `reserve` movement as one insert each — the rows `inventory.reserve` writes order by order.
 * With `fromSetAside`, the units come back from a set-aside outside the stock (a flash-sale carve)
 * first, as one `adjust` movement carrying its note, so the update needs no availability check.
 * Without it, `stock` statements are conditional: run them alone and check they updated a row.
 */
export function holdStatements(
  tenantId: string,
  now: Date,
  holds: Hold[],
  fromSetAside?: { note: string },
  /** A condition every statement adds (see `asOneStatement`'s guard); default true. */
  guard: RawBuilder<unknown> = sql`true`,
): { stock: { skuId: string; statement: RawBuilder<unknown> }[]; rows: RawBuilder<unknown>[] } {
  const sums = new Map<string, number>()
  for (const h of holds) sums.set(h.skuId, (sums.get(h.skuId) ?? 0) + h.quantity)
  const stock = [...sums.keys()].sort().map((skuId) => {
    const q = sums.get(skuId)!
    return {
      skuId,
      statement: fromSetAside
        ? sql`update stock set on_hand = on_hand + ${q}, reserved = reserved + ${q}, updated_at = ${now}
            where sku_id = ${skuId} and tenant_id = ${tenantId} and ${guard}`
        : sql`update stock set reserved = reserved + ${q}, updated_at = ${now}
            where sku_id = ${skuId} and tenant_id = ${tenantId} and on_hand - reserved >= ${q} and ${guard}`,
    }
  })
  const ids = holds.map(() => newId())
  const orderIds = holds.map((h) => h.orderId)
  const skuIds = holds.map((h) => h.skuId)
  const qs = holds.map((h) => h.quantity)
  const rows: RawBuilder<unknown>[] = [
    sql`insert into stock_reservations (id, tenant_id, order_id, sku_id, quantity, status, created_at, updated_at)
        select u.id, ${tenantId}, u.order_id, u.sku_id, u.quantity, 'active', ${now}, ${now}
        from unnest(${ids}::uuid[], ${orderIds}::uuid[], ${skuIds}::uuid[], ${qs}::int[]) as u(id, order_id, sku_id, quantity)
        where ${guard}`,
    sql`insert into stock_movements (tenant_id, sku_id, kind, quantity, order_id, note, at)
        select ${tenantId}, u.sku_id, 'reserve', u.quantity, u.order_id, null, ${now}
        from unnest(${orderIds}::uuid[], ${skuIds}::uuid[], ${qs}::int[]) as u(order_id, sku_id, quantity)
        where ${guard}`,
  ]
  if (fromSetAside) {
    const set = [...sums.keys()].sort()
    rows.unshift(
      sql`insert into stock_movements (tenant_id, sku_id, kind, quantity, order_id, note, at)
          select ${tenantId}, u.sku_id, 'adjust', u.quantity, null, ${fromSetAside.note}, ${now}
          from unnest(${set}::uuid[], ${set.map((k) => sums.get(k)!)}::int[]) as u(sku_id, quantity)
          where ${guard}`,
    )
  }
  return { stock, rows }
}

/**
 * Stock holds for many orders in the caller's transaction with a fixed number of statements.
 * Throws 409 `sold_out` (and so rolls the caller back) when a SKU cannot cover its sum.
 */
export async function reserveMany(ctx: TCtx, clock: Clock, holds: Hold[]) {
  if (!holds.length) return
  const { stock, rows } = holdStatements(ctx.tenantId, clock.now(), holds)
  for (const s of stock) {
    const r = await s.statement.execute(ctx.db)
    if (!r.numAffectedRows) throw new AppError('sold_out', {}, 'quantity')
  }
  for (const r of rows) await r.execute(ctx.db)
}

/**
 * Moves units between a SKU's stock and a set-aside outside it (a flash-sale carve), as an
 * `adjust` movement carrying `note`, in the caller's transaction. Taking (delta < 0) only
 * succeeds while that much is available (on hand − reserved); returns whether it moved.
 */
export async function shiftStock(ctx: TCtx, clock: Clock, skuId: string, delta: number, note: string) {
  if (!Number.isInteger(delta) || delta === 0) return true
  const now = clock.now()
  const r = await sql`update stock set on_hand = on_hand + ${delta}, updated_at = ${now}
    where sku_id = ${skuId} and tenant_id = ${ctx.tenantId} and on_hand + ${delta} >= reserved`.execute(
    ctx.db,
  )
  if (!r.numAffectedRows) return false
  await scoped(ctx)
    .insertInto('stock_movements', {
      sku_id: skuId,
      kind: 'adjust',
      quantity: delta,
      order_id: null,
      note,
      at: now,
    })
    .execute()
  return true
}
