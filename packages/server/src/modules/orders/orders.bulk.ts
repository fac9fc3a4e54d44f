import type { Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { minutesFrom } from '../../platform/clock.js'
import type { Ctx } from '../../platform/context.js'
import { newId, orderNo } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { reserveMany } from '../inventory/index.js'
import { orderTotals } from './domain/totals.js'
import type { ShippingAddress } from './orders.tables.js'

type TCtx = Ctx & { db: Transaction<DB> }

/** One order of a bulk placement: a single line at the deal's unit price. */
export interface BulkOrder {
  /** Chosen by the caller, so its own rows can point at the order in the same transaction. */
  id: string
  shopperId: string
  skuId: string
  quantity: number
  unitPriceFen: number
  fulfillment: 'delivery' | 'pickup'
  address?: ShippingAddress | null
  kindRef?: string
  campaignId?: string
}

export interface PlacedOrder {
  id: string
  orderNo: string
  totalFen: number
  expiresAt: Date
}

/**
 * Places many one-line orders in the caller's transaction with a fixed number of statements,
 * writing exactly the rows `orders.place` writes for each: the order, its line, the stock hold
 * (reservation and movement), the first history row, the `orders.expire` job and the
 * `orders.order.placed` event. For deal modules that decide a whole crowd at once (flash sales);
 * the caller has checked the SKUs are on sale. Throws 409 `sold_out` when stock cannot cover them.
 */
export async function placeMany(
  core: Core,
  t: TCtx,
  orders: BulkOrder[],
  opts: { kind: string; payWithinMinutes?: number },
): Promise<PlacedOrder[]> {
  if (!orders.length) return []
  const ts = scoped(t)
  const skuIds = [...new Set(orders.map((o) => o.skuId))]
  const [skus, shop] = await Promise.all([
    ts
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select([
        'skus.id',
        'skus.spec',
        'skus.image_url',
        'products.id as product_id',
        'products.title',
        'products.images',
        'products.merchant_id',
        'products.returnable_7d',
      ])
      .where('skus.id', 'in', skuIds)
      .execute(),
    core.shops.get(t),
  ])
  const byId = new Map(skus.map((k) => [k.id, k]))
  const now = core.clock.now()
  const expiresAt = minutesFrom(
    now,
    opts.payWithinMinutes ?? shop.settings.unpaidTimeoutMinutes ?? core.config.unpaidTimeoutMinutes,
  )
  const placed = orders.map((o) => {
    const totals = orderTotals(
      [{ skuId: o.skuId, quantity: o.quantity, unitPriceFen: o.unitPriceFen }],
      o.fulfillment,
      shop.settings as Record<string, number>,
    )
    return { o, totals, orderNo: orderNo(now) }
  })
  await ts
    .insertInto(
      'orders',
      placed.map(({ o, totals, orderNo }) => ({
        id: o.id,
        order_no: orderNo,
        shopper_id: o.shopperId,
        status: 'pending_payment' as const,
        fulfillment: o.fulfillment,
        address: o.address ? JSON.stringify(o.address) : null,
        note: '',
        items_fen: totals.itemsFen,
        shipping_fen: totals.shippingFen,
        discount_fen: totals.discountFen,
        total_fen: totals.totalFen,
        tax_fen: 0,
        kind: opts.kind,
        kind_ref: o.kindRef ?? null,
        expires_at: expiresAt,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute()
  await ts
    .insertInto(
      'order_lines',
      orders.map((o) => {
        const k = byId.get(o.skuId)
        if (!k) throw new Error(`placeMany: unknown SKU ${o.skuId}`)
        return {
          id: newId(),
          order_id: o.id,
          product_id: k.product_id,
          sku_id: k.id,
          merchant_id: k.merchant_id,
          title: k.title,
          spec_label: Object.values(k.spec ?? {}).join(' / '),
          image_url: k.image_url ?? (k.images as string[])[0] ?? null,
          unit_price_fen: o.unitPriceFen,
          quantity: o.quantity,
          amount_fen: o.unitPriceFen * o.quantity,
          returnable_7d: k.returnable_7d,
          promoter_id: null,
          share_token: null,
          group_id: null,
          live_room_id: null,
          community_leader_id: null,
          creator_id: null,
          campaign_id: o.campaignId ?? null,
          channel: null,
        }
      }),
    )
    .execute()
  await reserveMany(
    t,
    core.clock,
    orders.map((o) => ({ orderId: o.id, skuId: o.skuId, quantity: o.quantity })),
  )
  await ts
    .insertInto(
      'order_history',
      orders.map((o) => ({
        order_id: o.id,
        from_status: null,
        to_status: 'pending_payment' as const,
        event: 'place',
        actor_kind: 'shopper',
        actor_id: o.shopperId,
        reason: null,
        at: now,
      })),
    )
    .execute()
  await t.db
    .insertInto('jobs')
    .values(
      orders.map((o) => ({
        id: newId(),
        tenant_id: t.tenantId,
        kind: 'orders.expire',
        payload: JSON.stringify({ orderId: o.id }),
        run_at: expiresAt,
        dedupe_key: `orders.expire:${o.id}`,
        max_attempts: 10,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute()
  await core.events.publishMany(
    t.db,
    t.tenantId,
    placed.map(({ o, totals }) => ({
      type: 'orders.order.placed',
      payload: { orderId: o.id, shopperId: o.shopperId, kind: opts.kind, totalFen: totals.totalFen },
    })),
  )
  return placed.map(({ o, totals, orderNo }) => ({ id: o.id, orderNo, totalFen: totals.totalFen, expiresAt }))
}
