import { type RawBuilder, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { minutesFrom } from '../../platform/clock.js'
import type { Ctx } from '../../platform/context.js'
import { AppError } from '../../platform/errors.js'
import { newId, orderNo } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { holdStatements } from '../inventory/index.js'
import { orderTotals, type ShippingRules } from './domain/totals.js'
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

/** What order lines copy from the catalogue, and the shop's rules: read once, before the transaction. */
export interface BulkCatalog {
  skus: Map<
    string,
    {
      productId: string
      title: string
      specLabel: string
      imageUrl: string | null
      merchantId: string | null
      returnable7d: boolean
    }
  >
  rules: ShippingRules
  unpaidTimeoutMinutes: number
}

export async function bulkCatalog(
  core: Core,
  ctx: Pick<Ctx, 'db' | 'tenantId'>,
  skuIds: string[],
): Promise<BulkCatalog> {
  const [rows, shop] = await Promise.all([
    scoped(ctx)
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
      .where('skus.id', 'in', [...new Set(skuIds)])
      .execute(),
    core.shops.get(ctx),
  ])
  return {
    skus: new Map(
      rows.map((k) => [
        k.id,
        {
          productId: k.product_id,
          title: k.title,
          specLabel: Object.values(k.spec ?? {}).join(' / '),
          imageUrl: k.image_url ?? (k.images as string[])[0] ?? null,
          merchantId: k.merchant_id,
          returnable7d: k.returnable_7d,
        },
      ]),
    ),
    rules: shop.settings as ShippingRules,
    unpaidTimeoutMinutes: shop.settings.unpaidTimeoutMinutes ?? core.config.unpaidTimeoutMinutes,
  }
}

/**
 * The rows `orders.place` writes for each of many one-line orders — the order, its line, the stock
 * hold (reservation and movement), the first history row, the `orders.expire` job and the
 * `orders.order.placed` event — as statements that do not depend on each other's results, for the
 * caller to send in its transaction (one by one, or as one). `holds.fromSetAside` takes the units
 * from a set-aside outside the stock (see inventory `holdStatements`). Outbox rows are included when
 * no subscriber listens to `orders.order.placed`; otherwise `events` must go through `publishMany`.
 */
export function placeManyStatements(
  core: Core,
  tenantId: string,
  orders: BulkOrder[],
  catalog: BulkCatalog,
  opts: {
    kind: string
    payWithinMinutes?: number
    fromSetAside?: { note: string }
    /** A condition every statement adds (see `asOneStatement`'s guard). */
    guard?: RawBuilder<unknown>
  },
) {
  const guard = opts.guard ?? sql`true`
  const now = core.clock.now()
  const expiresAt = minutesFrom(now, opts.payWithinMinutes ?? catalog.unpaidTimeoutMinutes)
  const placed = orders.map((o) => {
    const k = catalog.skus.get(o.skuId)
    if (!k) throw new Error(`placeManyStatements: SKU ${o.skuId} is not in the catalogue read`)
    const totals = orderTotals(
      [{ skuId: o.skuId, quantity: o.quantity, unitPriceFen: o.unitPriceFen }],
      o.fulfillment,
      catalog.rules,
    )
    return { o, k, totals, orderNo: orderNo(now) }
  })
  const col = <T>(f: (p: (typeof placed)[number]) => T) => placed.map(f)
  const ids = col((p) => p.o.id)
  const shoppers = col((p) => p.o.shopperId)
  const events = placed.map((p) => ({
    type: 'orders.order.placed',
    payload: { orderId: p.o.id, shopperId: p.o.shopperId, kind: opts.kind, totalFen: p.totals.totalFen },
  }))
  const hold = holdStatements(
    tenantId,
    now,
    orders.map((o) => ({ orderId: o.id, skuId: o.skuId, quantity: o.quantity })),
    opts.fromSetAside,
    guard,
  )
  const statements: RawBuilder<unknown>[] = [
    sql`insert into orders (id, tenant_id, order_no, shopper_id, status, fulfillment, address, note, items_fen,
          shipping_fen, discount_fen, total_fen, tax_fen, kind, kind_ref, expires_at, created_at, updated_at)
        select u.id, ${tenantId}, u.order_no, u.shopper_id, 'pending_payment', u.fulfillment, u.address::jsonb, '',
               u.items_fen, u.shipping_fen, 0, u.total_fen, 0, ${opts.kind}, u.kind_ref, ${expiresAt}, ${now}, ${now}
        from unnest(${ids}::uuid[], ${col((p) => p.orderNo)}::text[], ${shoppers}::uuid[],
                    ${col((p) => p.o.fulfillment)}::text[], ${col((p) => (p.o.address ? JSON.stringify(p.o.address) : null))}::text[],
                    ${col((p) => p.totals.itemsFen)}::bigint[], ${col((p) => p.totals.shippingFen)}::bigint[],
                    ${col((p) => p.totals.totalFen)}::bigint[], ${col((p) => p.o.kindRef ?? null)}::text[])
             as u(id, order_no, shopper_id, fulfillment, address, items_fen, shipping_fen, total_fen, kind_ref)
        where ${guard}`,
    sql`insert into order_lines (id, tenant_id, order_id, product_id, sku_id, merchant_id, title, spec_label, image_url,
          unit_price_fen, quantity, amount_fen, returnable_7d, campaign_id)
        select u.id, ${tenantId}, u.order_id, u.product_id, u.sku_id, u.merchant_id, u.title, u.spec_label, u.image_url,
               u.unit_price_fen, u.quantity, u.unit_price_fen * u.quantity, u.returnable_7d, u.campaign_id
        from unnest(${col(() => newId())}::uuid[], ${ids}::uuid[], ${col((p) => p.k.productId)}::uuid[],
                    ${col((p) => p.o.skuId)}::uuid[], ${col((p) => p.k.merchantId)}::uuid[], ${col((p) => p.k.title)}::text[],
                    ${col((p) => p.k.specLabel)}::text[], ${col((p) => p.k.imageUrl)}::text[],
                    ${col((p) => p.o.unitPriceFen)}::bigint[], ${col((p) => p.o.quantity)}::int[],
                    ${col((p) => p.k.returnable7d)}::boolean[], ${col((p) => p.o.campaignId ?? null)}::uuid[])
             as u(id, order_id, product_id, sku_id, merchant_id, title, spec_label, image_url, unit_price_fen, quantity,
                  returnable_7d, campaign_id)
        where ${guard}`,
    ...hold.rows,
    sql`insert into order_history (tenant_id, order_id, from_status, to_status, event, actor_kind, actor_id, reason, at)
        select ${tenantId}, u.order_id, null, 'pending_payment', 'place', 'shopper', u.shopper_id, null, ${now}
        from unnest(${ids}::uuid[], ${shoppers}::uuid[]) as u(order_id, shopper_id)
        where ${guard}`,
    sql`insert into jobs (id, tenant_id, kind, payload, run_at, dedupe_key, max_attempts, created_at)
        select u.id, ${tenantId}, 'orders.expire', json_build_object('orderId', u.order_id)::jsonb, ${expiresAt},
               'orders.expire:' || u.order_id, 10, ${now}
        from unnest(${col(() => newId())}::uuid[], ${ids}::uuid[]) as u(id, order_id)
        where ${guard}
        on conflict (dedupe_key) do nothing`,
  ]
  const outboxInline = !core.events.subscribed('orders.order.placed')
  if (outboxInline)
    statements.push(
      sql`insert into outbox_events (tenant_id, type, payload, created_at)
          select ${tenantId}, 'orders.order.placed', u.payload::jsonb, ${now}
          from unnest(${events.map((e) => JSON.stringify(e.payload))}::text[]) as u(payload)
          where ${guard}`,
    )
  return {
    /** Conditional stock updates (unless `fromSetAside`): each must update its row. */
    stock: hold.stock,
    statements,
    /** Events still to publish (`publishMany`) because a subscriber listens. */
    events: outboxInline ? [] : events,
    placed: placed.map(
      (p): PlacedOrder => ({
        id: p.o.id,
        orderNo: p.orderNo,
        totalFen: p.totals.totalFen,
        expiresAt,
      }),
    ),
  }
}

/**
 * Places many one-line orders in the caller's transaction with a fixed number of statements,
 * writing exactly the rows `orders.place` writes for each. For deal modules that decide a crowd at
 * once; the caller has checked the SKUs are on sale. Throws 409 `sold_out` when stock cannot cover them.
 */
export async function placeMany(
  core: Core,
  t: TCtx,
  orders: BulkOrder[],
  opts: { kind: string; payWithinMinutes?: number },
): Promise<PlacedOrder[]> {
  if (!orders.length) return []
  const catalog = await bulkCatalog(
    core,
    t,
    orders.map((o) => o.skuId),
  )
  const { stock, statements, events, placed } = placeManyStatements(core, t.tenantId, orders, catalog, opts)
  for (const s of stock) {
    const r = await s.statement.execute(t.db)
    if (!r.numAffectedRows) throw new AppError('sold_out', {}, 'quantity')
  }
  for (const s of statements) await s.execute(t.db)
  await core.events.publishMany(t.db, t.tenantId, events)
  return placed
}
