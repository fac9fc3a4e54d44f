import { sql } from 'kysely'
import type { Ctx } from '../../platform/context.js'
import { scoped } from '../../platform/tenancy.js'
import type { ProductStatus } from './domain/product.js'
import { containsPattern } from './domain/product.js'

type Scope = Pick<Ctx, 'db' | 'tenantId'>

export interface ProductRow {
  id: string
  merchant_id: string | null
  category_id: string | null
  title: string
  subtitle: string
  description: string
  images: string[]
  spec_names: string[]
  status: ProductStatus
  returnable_7d: boolean
  price_from_fen: number
  created_at: Date
  updated_at: Date
}

export interface SkuRow {
  id: string
  product_id: string
  spec: Record<string, string>
  code: string | null
  price_fen: number
  list_price_fen: number | null
  image_url: string | null
  status: 'active' | 'disabled'
  position: number
  /** on_hand − reserved from the inventory module's stock row; 0 when it has none. */
  available: number
}

const productColumns = [
  'products.id',
  'products.merchant_id',
  'products.category_id',
  'products.title',
  'products.subtitle',
  'products.description',
  'products.images',
  'products.spec_names',
  'products.status',
  'products.returnable_7d',
  'products.price_from_fen',
  'products.created_at',
  'products.updated_at',
] as const

export async function findProduct(
  ctx: Scope,
  id: string,
  opts: { forUpdate?: boolean; status?: ProductStatus; merchantId?: string } = {},
): Promise<ProductRow | undefined> {
  let q = scoped(ctx).selectFrom('products').select(productColumns).where('products.id', '=', id)
  if (opts.status) q = q.where('products.status', '=', opts.status)
  if (opts.merchantId) q = q.where('products.merchant_id', '=', opts.merchantId)
  if (opts.forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export interface ProductQuery {
  status?: ProductStatus
  categoryIds?: string[]
  q?: string
  merchantId?: string
  after?: { at: Date; id: string }
  limit: number
}

/** One page of products, newest first, keyset on (created_at, id); fetches one extra row to tell if more follow. */
export function listProducts(ctx: Scope, f: ProductQuery): Promise<ProductRow[]> {
  let q = scoped(ctx)
    .selectFrom('products')
    .select(productColumns)
    .orderBy('products.created_at', 'desc')
    .orderBy('products.id', 'desc')
    .limit(f.limit + 1)
  if (f.status) q = q.where('products.status', '=', f.status)
  if (f.categoryIds) q = q.where('products.category_id', 'in', f.categoryIds)
  if (f.merchantId) q = q.where('products.merchant_id', '=', f.merchantId)
  if (f.q) q = q.where('products.title', 'ilike', containsPattern(f.q))
  const after = f.after
  if (after)
    q = q.where((eb) =>
      eb(eb.refTuple('products.created_at', 'products.id'), '<', eb.tuple(after.at, after.id)),
    )
  return q.execute()
}

/**
 * The SKUs of many products with what can be sold of each, in one query: stock belongs to the
 * inventory module, and reading it here with a join keeps a product page at a fixed query count.
 */
export function skusWithStock(ctx: Scope, productIds: string[], activeOnly = false): Promise<SkuRow[]> {
  if (productIds.length === 0) return Promise.resolve([])
  let q = scoped(ctx)
    .selectFrom('skus')
    .leftJoin('stock', (j) =>
      j.onRef('stock.sku_id', '=', 'skus.id').onRef('stock.tenant_id', '=', 'skus.tenant_id'),
    )
    .select([
      'skus.id',
      'skus.product_id',
      'skus.spec',
      'skus.code',
      'skus.price_fen',
      'skus.list_price_fen',
      'skus.image_url',
      'skus.status',
      'skus.position',
      sql<number>`coalesce(stock.on_hand - stock.reserved, 0)`.as('available'),
    ])
    .where('skus.product_id', 'in', productIds)
    .orderBy('skus.product_id')
    .orderBy('skus.position')
    .orderBy('skus.id')
  if (activeOnly) q = q.where('skus.status', '=', 'active')
  return q.execute()
}

/** Products of the page that have at least one active SKU with stock to sell. */
export async function productsInStock(ctx: Scope, productIds: string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set()
  const rows = await scoped(ctx)
    .selectFrom('skus')
    .innerJoin('stock', (j) =>
      j.onRef('stock.sku_id', '=', 'skus.id').onRef('stock.tenant_id', '=', 'skus.tenant_id'),
    )
    .select('skus.product_id')
    .distinct()
    .where('skus.product_id', 'in', productIds)
    .where('skus.status', '=', 'active')
    .where(sql<boolean>`stock.on_hand - stock.reserved > 0`)
    .execute()
  return new Set(rows.map((r) => r.product_id))
}

export async function categoryParents(ctx: Scope): Promise<Map<string, string | null>> {
  const rows = await scoped(ctx).selectFrom('categories').select(['id', 'parent_id']).execute()
  return new Map(rows.map((r) => [r.id, r.parent_id]))
}
