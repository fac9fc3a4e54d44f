import { sql } from 'kysely'
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
 * Stock holds for many orders in the caller's transaction with a fixed number of statements: one
 * conditional UPDATE per SKU for the sum, then every reservation and `reserve` movement in one
 * multi-row insert each. The rows are the ones `inventory.reserve` writes order by order.
 * Throws 409 `sold_out` (and so rolls the caller back) when a SKU cannot cover its sum.
 */
export async function reserveMany(ctx: TCtx, clock: Clock, holds: Hold[]) {
  if (!holds.length) return
  const now = clock.now()
  const sums = new Map<string, number>()
  for (const h of holds) sums.set(h.skuId, (sums.get(h.skuId) ?? 0) + h.quantity)
  for (const skuId of [...sums.keys()].sort()) {
    const q = sums.get(skuId)!
    const r = await sql`update stock set reserved = reserved + ${q}, updated_at = ${now}
      where sku_id = ${skuId} and tenant_id = ${ctx.tenantId} and on_hand - reserved >= ${q}`.execute(ctx.db)
    if (!r.numAffectedRows) throw new AppError('sold_out', {}, 'quantity')
  }
  await scoped(ctx)
    .insertInto(
      'stock_reservations',
      holds.map((h) => ({
        id: newId(),
        order_id: h.orderId,
        sku_id: h.skuId,
        quantity: h.quantity,
        status: 'active' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute()
  await scoped(ctx)
    .insertInto(
      'stock_movements',
      holds.map((h) => ({
        sku_id: h.skuId,
        kind: 'reserve' as const,
        quantity: h.quantity,
        order_id: h.orderId,
        note: null,
        at: now,
      })),
    )
    .execute()
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
