import type { Core } from '../../core.js'
import { audit } from '../../platform/audit.js'
import { type Ctx, withDb } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import {
  categoryParents,
  findProduct,
  listProducts,
  type ProductRow,
  productsInStock,
  type SkuRow,
  skusWithStock,
} from './catalog.repository.js'
import { sniffImage } from './domain/image-sniff.js'
import {
  isComplete,
  type ProductStatus,
  priceFrom,
  productShelf,
  type SkuDraft,
  skuProblem,
  specLabel,
  withDescendants,
  wouldCycle,
} from './domain/product.js'

export interface CategoryInput {
  name: string
  parentId?: string | null
  iconUrl?: string | null
  sort?: number
}

export interface SkuInput {
  /** An existing SKU to change; without it a new SKU is added. */
  id?: string
  spec?: Record<string, string>
  code?: string | null
  priceFen: number
  listPriceFen?: number | null
  imageUrl?: string | null
  status?: 'active' | 'disabled'
  /** Units received into stock when the SKU is created. */
  initialStock?: number
}

export interface ProductInput {
  title: string
  subtitle?: string
  description?: string
  categoryId?: string | null
  merchantId?: string | null
  images?: string[]
  specNames?: string[]
  returnable7d?: boolean
  skus: SkuInput[]
}

/** Every field optional; `skus`, when given, is the whole list: SKUs left out are disabled, never deleted (orders point at them). */
export type ProductPatch = Partial<ProductInput>

export interface ProductFilter {
  status?: ProductStatus
  categoryId?: string
  q?: string
  limit?: number
  cursor?: string
}

const skuView = (s: SkuRow, specNames: string[]) => ({
  id: s.id,
  spec: s.spec,
  specLabel: specLabel(specNames, s.spec),
  code: s.code,
  priceFen: s.price_fen,
  listPriceFen: s.list_price_fen,
  imageUrl: s.image_url,
  status: s.status,
  available: Math.max(0, s.available),
})

const consoleView = (p: ProductRow, skus: SkuRow[]) => ({
  id: p.id,
  title: p.title,
  subtitle: p.subtitle,
  description: p.description,
  categoryId: p.category_id,
  merchantId: p.merchant_id,
  images: p.images,
  coverUrl: p.images[0] ?? null,
  specNames: p.spec_names,
  status: p.status,
  returnable7d: p.returnable_7d,
  priceFromFen: p.price_from_fen,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
  skus: skus.map((s) => skuView(s, p.spec_names)),
})

export type ConsoleProduct = ReturnType<typeof consoleView>

const storeView = (p: ProductRow, skus: SkuRow[]) => ({
  id: p.id,
  title: p.title,
  subtitle: p.subtitle,
  description: p.description,
  categoryId: p.category_id,
  images: p.images,
  coverUrl: p.images[0] ?? null,
  specNames: p.spec_names,
  returnable7d: p.returnable_7d,
  priceFromFen: p.price_from_fen,
  soldOut: !skus.some((s) => s.available > 0),
  skus: skus.map((s) => {
    const { code: _code, status: _status, ...v } = skuView(s, p.spec_names)
    return v
  }),
})

export type StoreProduct = ReturnType<typeof storeView>

const categoryView = (c: {
  id: string
  name: string
  icon_url: string | null
  parent_id: string | null
  sort: number
}) => ({ id: c.id, name: c.name, iconUrl: c.icon_url, parentId: c.parent_id, sort: c.sort })

const byProduct = (skus: SkuRow[]) => {
  const m = new Map<string, SkuRow[]>()
  for (const s of skus) m.set(s.product_id, [...(m.get(s.product_id) ?? []), s])
  return m
}

const page = <R extends { id: string; created_at: Date }>(rows: R[], limit: number) => {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null }
}

/** Merchant staff see only their merchant's products; everyone else in the shop sees all. */
function merchantOf(ctx: Ctx): string | undefined {
  if (ctx.actor.kind !== 'staff' || ctx.actor.role !== 'merchant_staff') return undefined
  // A merchant account without a merchant sees nothing rather than everything.
  return ctx.actor.merchantId ?? '00000000-0000-0000-0000-000000000000'
}

const isStaff = (ctx: Ctx) => ctx.actor.kind === 'staff'

/**
 * The catalogue: categories, products and their SKUs, images. Storefront reads show only what is
 * published and active, with stock from the inventory module; console writes are audited in the
 * same transaction as the change.
 */
export function createCatalogService(core: Core) {
  const now = () => core.clock.now()

  function cursorOf(cursor: string | undefined) {
    const after = decodeCursor(cursor)
    if (cursor && !after)
      throw invalid('cursor', 'not a cursor this API gave out', '翻页参数无效，请刷新后重试')
    return after
  }

  async function requireCategory(ctx: Ctx, id: string, field: string) {
    const row = await scoped(ctx)
      .selectFrom('categories')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('category', field)
  }

  function checkSkus(specNames: string[], skus: SkuDraft[]) {
    const problem = skuProblem(specNames, skus)
    if (problem) throw invalid(problem.field, problem.detail, problem.zh)
  }

  async function consoleProduct(ctx: Ctx, id: string) {
    const p = await findProduct(ctx, id, { merchantId: merchantOf(ctx) })
    if (!p) throw notFound('product', 'id')
    return consoleView(p, await skusWithStock(ctx, [p.id]))
  }

  async function receive(ctx: Ctx, skuId: string, quantity: number) {
    if (quantity > 0) await core.inventory.receive(ctx, skuId, quantity, '初始库存 initial stock')
  }

  return {
    // Categories ---------------------------------------------------------------
    async listCategories(ctx: Ctx) {
      const rows = await scoped(ctx)
        .selectFrom('categories')
        .selectAll()
        .orderBy('sort')
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(categoryView)
    },

    /** Categories with how many products each holds, for the console. */
    async listCategoriesWithCounts(ctx: Ctx) {
      const [cats, counts] = await Promise.all([
        this.listCategories(ctx),
        scoped(ctx)
          .selectFrom('products')
          .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('category_id', 'is not', null)
          .groupBy('category_id')
          .execute(),
      ])
      const byCat = new Map(counts.map((c) => [c.category_id, Number(c.n)]))
      return cats.map((c) => ({ ...c, productCount: byCat.get(c.id) ?? 0 }))
    },

    async createCategory(ctx: Ctx, input: CategoryInput) {
      return inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        if (input.parentId) await requireCategory(t, input.parentId, 'parentId')
        const row = await scoped(t)
          .insertInto('categories', {
            id: newId(),
            name: input.name.trim(),
            parent_id: input.parentId ?? null,
            icon_url: input.iconUrl ?? null,
            sort: input.sort ?? 0,
            created_at: now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        if (isStaff(ctx))
          await audit(t, core.clock, 'category.create', 'category', row.id, { name: row.name })
        return categoryView(row)
      })
    },

    async updateCategory(ctx: Ctx, id: string, patch: Partial<CategoryInput>) {
      return inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        const parents = await categoryParents(t)
        if (!parents.has(id)) throw notFound('category', 'id')
        if (patch.parentId) {
          if (!parents.has(patch.parentId)) throw notFound('category', 'parentId')
          if (wouldCycle(parents, id, patch.parentId))
            throw invalid(
              'parentId',
              'a category cannot sit under itself or its own subcategory',
              '分类不能放在自己或自己的子分类下',
            )
        }
        const row = await scoped(t)
          .updateTable('categories')
          .set({
            ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
            ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
            ...(patch.iconUrl !== undefined ? { icon_url: patch.iconUrl } : {}),
            ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()
        if (isStaff(ctx)) await audit(t, core.clock, 'category.update', 'category', id, patch)
        return categoryView(row)
      })
    },

    /** Only an empty category goes: products and subcategories would otherwise lose their place. */
    async deleteCategory(ctx: Ctx, id: string) {
      await inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        const row = await scoped(t)
          .selectFrom('categories')
          .select(['id', 'name'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!row) throw notFound('category', 'id')
        const [child, product] = await Promise.all([
          scoped(t)
            .selectFrom('categories')
            .select('id')
            .where('parent_id', '=', id)
            .limit(1)
            .executeTakeFirst(),
          scoped(t)
            .selectFrom('products')
            .select('id')
            .where('category_id', '=', id)
            .limit(1)
            .executeTakeFirst(),
        ])
        if (child || product) throw new AppError('category_not_empty', {}, 'id')
        await scoped(t).deleteFrom('categories').where('id', '=', id).execute()
        if (isStaff(ctx)) await audit(t, core.clock, 'category.delete', 'category', id, { name: row.name })
      })
    },

    // Products (console) ---------------------------------------------------------
    async createProduct(ctx: Ctx, input: ProductInput) {
      const specNames = (input.specNames ?? []).map((n) => n.trim())
      const drafts = input.skus.map((s) => ({
        spec: trimSpec(s.spec ?? {}),
        priceFen: s.priceFen,
        listPriceFen: s.listPriceFen ?? null,
        status: s.status ?? ('active' as const),
      }))
      checkSkus(specNames, drafts)
      input.skus.forEach((s, i) => {
        if (s.id)
          throw invalid(`skus.${i}.id`, 'a new product has no existing SKUs', '新商品不能引用已有的规格')
      })
      return inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        if (input.categoryId) await requireCategory(t, input.categoryId, 'categoryId')
        const at = now()
        const id = newId()
        await scoped(t)
          .insertInto('products', {
            id,
            merchant_id: merchantOf(ctx) ?? input.merchantId ?? null,
            category_id: input.categoryId ?? null,
            title: input.title.trim(),
            subtitle: input.subtitle?.trim() ?? '',
            description: input.description ?? '',
            images: JSON.stringify(input.images ?? []),
            spec_names: JSON.stringify(specNames),
            returnable_7d: input.returnable7d ?? true,
            price_from_fen: priceFrom(drafts),
            created_at: at,
            updated_at: at,
          })
          .execute()
        const skuIds = input.skus.map(() => newId())
        await scoped(t)
          .insertInto(
            'skus',
            input.skus.map((s, i) => ({
              id: skuIds[i],
              product_id: id,
              spec: JSON.stringify(drafts[i].spec),
              code: s.code ?? null,
              price_fen: s.priceFen,
              list_price_fen: s.listPriceFen ?? null,
              image_url: s.imageUrl ?? null,
              status: drafts[i].status,
              position: i,
              created_at: at,
            })),
          )
          .execute()
        for (const [i, s] of input.skus.entries()) await receive(t, skuIds[i], s.initialStock ?? 0)
        if (isStaff(ctx))
          await audit(t, core.clock, 'product.create', 'product', id, {
            title: input.title,
            skus: input.skus.length,
          })
        return consoleProduct(t, id)
      })
    },

    async updateProduct(ctx: Ctx, id: string, patch: ProductPatch) {
      return inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        const p = await findProduct(t, id, { forUpdate: true, merchantId: merchantOf(ctx) })
        if (!p) throw notFound('product', 'id')
        if (patch.categoryId) await requireCategory(t, patch.categoryId, 'categoryId')
        const specNames = patch.specNames?.map((n) => n.trim()) ?? p.spec_names
        const images = patch.images ?? p.images
        const existing = await skusWithStock(t, [id])
        const byId = new Map(existing.map((s) => [s.id, s]))

        // The SKUs the product will have: the request's list, or the current ones when it sends none.
        let next: (SkuDraft & { id?: string; input?: SkuInput })[]
        if (patch.skus) {
          const seen = new Set<string>()
          next = patch.skus.map((s, i) => {
            if (s.id) {
              if (!byId.has(s.id)) throw notFound('sku', `skus.${i}.id`)
              if (seen.has(s.id))
                throw invalid(`skus.${i}.id`, 'the same SKU twice', `第 ${i + 1} 个规格重复了`)
              if (s.initialStock)
                throw invalid(`skus.${i}.initialStock`, 'only for new SKUs', '只有新增的规格才能设置初始库存')
              seen.add(s.id)
            }
            const old = s.id ? byId.get(s.id) : undefined
            return {
              id: s.id,
              input: s,
              spec: trimSpec(s.spec ?? old?.spec ?? {}),
              priceFen: s.priceFen,
              listPriceFen: s.listPriceFen === undefined ? (old?.list_price_fen ?? null) : s.listPriceFen,
              status: s.status ?? old?.status ?? 'active',
            }
          })
        } else {
          next = existing
            .filter((s) => s.status === 'active')
            .map((s) => ({
              id: s.id,
              spec: s.spec,
              priceFen: s.price_fen,
              listPriceFen: s.list_price_fen,
              status: s.status,
            }))
        }
        if (patch.skus || patch.specNames) checkSkus(specNames, next)
        const dropped = patch.skus ? existing.filter((s) => !next.some((n) => n.id === s.id)) : []
        if (p.status === 'published' && !isComplete(images, next))
          throw new AppError('publish_incomplete', {}, images.length ? 'skus' : 'images')

        const at = now()
        await scoped(t)
          .updateTable('products')
          .set({
            ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
            ...(patch.subtitle !== undefined ? { subtitle: patch.subtitle.trim() } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.categoryId !== undefined ? { category_id: patch.categoryId } : {}),
            ...(patch.merchantId !== undefined && !merchantOf(ctx) ? { merchant_id: patch.merchantId } : {}),
            ...(patch.returnable7d !== undefined ? { returnable_7d: patch.returnable7d } : {}),
            images: JSON.stringify(images),
            spec_names: JSON.stringify(specNames),
            price_from_fen: priceFrom(next),
            updated_at: at,
          })
          .where('id', '=', id)
          .execute()

        if (patch.skus) {
          for (const [i, n] of next.entries()) {
            const s = n.input!
            if (n.id) {
              await scoped(t)
                .updateTable('skus')
                .set({
                  spec: JSON.stringify(n.spec),
                  price_fen: n.priceFen,
                  list_price_fen: n.listPriceFen ?? null,
                  status: n.status,
                  position: i,
                  ...(s.code !== undefined ? { code: s.code } : {}),
                  ...(s.imageUrl !== undefined ? { image_url: s.imageUrl } : {}),
                })
                .where('id', '=', n.id)
                .execute()
            } else {
              const skuId = newId()
              await scoped(t)
                .insertInto('skus', {
                  id: skuId,
                  product_id: id,
                  spec: JSON.stringify(n.spec),
                  code: s.code ?? null,
                  price_fen: n.priceFen,
                  list_price_fen: n.listPriceFen ?? null,
                  image_url: s.imageUrl ?? null,
                  status: n.status,
                  position: i,
                  created_at: at,
                })
                .execute()
              await receive(t, skuId, s.initialStock ?? 0)
            }
          }
          if (dropped.length)
            await scoped(t)
              .updateTable('skus')
              .set({ status: 'disabled', position: next.length })
              .where(
                'id',
                'in',
                dropped.map((s) => s.id),
              )
              .execute()
        }
        if (isStaff(ctx))
          await audit(t, core.clock, 'product.update', 'product', id, { fields: Object.keys(patch) })
        return consoleProduct(t, id)
      })
    },

    async setShelf(ctx: Ctx, id: string, event: 'publish' | 'unpublish') {
      return inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        const p = await findProduct(t, id, { forUpdate: true, merchantId: merchantOf(ctx) })
        if (!p) throw notFound('product', 'id')
        const to = productShelf.next(p.status, event)
        if (event === 'publish') {
          const skus = await skusWithStock(t, [id], true)
          if (!isComplete(p.images, skus))
            throw new AppError('publish_incomplete', {}, p.images.length ? 'skus' : 'images')
        }
        await scoped(t)
          .updateTable('products')
          .set({ status: to, updated_at: now() })
          .where('id', '=', id)
          .execute()
        if (isStaff(ctx))
          await audit(t, core.clock, `product.${event}`, 'product', id, { from: p.status, to })
        return consoleProduct(t, id)
      })
    },

    getProduct: consoleProduct,

    /** A page of products with all their SKUs and stock: two queries whatever the page size. */
    async listProducts(ctx: Ctx, f: ProductFilter) {
      const limit = f.limit ?? 20
      const rows = await listProducts(ctx, {
        status: f.status,
        categoryIds: f.categoryId ? [f.categoryId] : undefined,
        q: f.q?.trim() || undefined,
        merchantId: merchantOf(ctx),
        after: cursorOf(f.cursor),
        limit,
      })
      const { items, nextCursor } = page(rows, limit)
      const skus = byProduct(
        await skusWithStock(
          ctx,
          items.map((p) => p.id),
        ),
      )
      return { items: items.map((p) => consoleView(p, skus.get(p.id) ?? [])), nextCursor }
    },

    // Storefront ---------------------------------------------------------------
    /** Published products, newest first; a parent category shows its subcategories' products too. */
    async listStoreProducts(ctx: Ctx, f: Omit<ProductFilter, 'status'>) {
      const limit = f.limit ?? 20
      let categoryIds: string[] | undefined
      if (f.categoryId) {
        const parents = await categoryParents(ctx)
        categoryIds = parents.has(f.categoryId) ? withDescendants(parents, f.categoryId) : []
        if (!categoryIds.length) return { items: [], nextCursor: null }
      }
      const rows = await listProducts(ctx, {
        status: 'published',
        categoryIds,
        q: f.q?.trim() || undefined,
        after: cursorOf(f.cursor),
        limit,
      })
      const { items, nextCursor } = page(rows, limit)
      const inStock = await productsInStock(
        ctx,
        items.map((p) => p.id),
      )
      return {
        items: items.map((p) => ({
          id: p.id,
          title: p.title,
          subtitle: p.subtitle,
          coverUrl: p.images[0] ?? null,
          priceFromFen: p.price_from_fen,
          soldOut: !inStock.has(p.id),
        })),
        nextCursor,
      }
    },

    async getStoreProduct(ctx: Ctx, id: string) {
      const p = await findProduct(ctx, id, { status: 'published' })
      if (!p) throw notFound('product', 'id')
      return storeView(p, await skusWithStock(ctx, [id], true))
    },

    // Images ---------------------------------------------------------------------
    /**
     * Stores an image whose type is read from its bytes (PNG, JPEG, WebP, GIF) under a key of our
     * own making, and records it. 415 `unsupported_media_type` for anything else.
     */
    async storeImage(ctx: Ctx, bytes: Buffer) {
      const img = sniffImage(bytes)
      if (!img) throw new AppError('unsupported_media_type', {}, 'file')
      const id = newId()
      const url = await core.storage.put(`t/${ctx.tenantId}/img/${id}.${img.ext}`, bytes, img.contentType)
      await inTransaction(ctx.db, async (trx) => {
        const t = withDb(ctx, trx)
        await scoped(t)
          .insertInto('images', {
            id,
            url,
            content_type: img.contentType,
            bytes: bytes.length,
            width: img.width,
            height: img.height,
            created_at: now(),
          })
          .execute()
        if (isStaff(ctx))
          await audit(t, core.clock, 'image.upload', 'image', id, {
            bytes: bytes.length,
            type: img.contentType,
          })
      })
      return { id, url, width: img.width, height: img.height }
    },
  }
}

const trimSpec = (spec: Record<string, string>) =>
  Object.fromEntries(Object.entries(spec).map(([k, v]) => [k.trim(), v.trim()]))

export type CatalogService = ReturnType<typeof createCatalogService>
