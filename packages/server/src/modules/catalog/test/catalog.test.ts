import { createCanvas } from '@napi-rs/canvas'
import type { InjectOptions } from 'fastify'
import type { KyselyPlugin } from 'kysely'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import type { Ctx } from '../../../platform/context.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>

const IMG = '/uploads/t/x/img/cover.png'

const product = (over: Record<string, unknown> = {}) => ({
  title: '烟台红富士苹果',
  subtitle: '脆甜多汁',
  images: [IMG],
  specNames: ['规格'],
  skus: [
    { spec: { 规格: '2.5kg' }, priceFen: 3990, listPriceFen: 4990, initialStock: 10 },
    { spec: { 规格: '5kg' }, priceFen: 6990, initialStock: 0 },
  ],
  ...over,
})

async function create(s: Shop, body: Record<string, unknown> = product()) {
  const res = await s.asOwner({ method: 'POST', url: '/api/v1/console/products', payload: body })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.body}`)
  return res.json()
}

async function createPublished(s: Shop, body: Record<string, unknown> = product()) {
  const p = await create(s, body)
  const res = await s.asOwner({ method: 'POST', url: `/api/v1/console/products/${p.id}/publish` })
  if (res.statusCode !== 200) throw new Error(`publish failed: ${res.body}`)
  return res.json()
}

/** Signs in a new staff member of `s` with `role` and returns a caller for them. */
async function staff(s: Shop, role: 'operator' | 'merchant_staff') {
  const email = `${role}-${s.shop.slug}@example.com`
  const add = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/staff',
    payload: { email, name: role, password: 'secret123', role },
  })
  expect(add.statusCode).toBe(201)
  const login = await call(world, {
    method: 'POST',
    url: '/api/v1/console/auth/login',
    headers: { 'x-shop': s.shop.slug },
    payload: { email, password: 'secret123' },
  })
  const token = login.json().token
  return (o: InjectOptions) =>
    call(world, { ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } })
}

function multipart(bytes: Buffer, filename: string, contentType: string, field = 'file') {
  const boundary = `----liebian${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

describe('categories', () => {
  it('builds a tree, refuses cycles, and deletes only empty categories', async () => {
    const s = await createShop(world)
    const post = (payload: Record<string, unknown>) =>
      s.asOwner({ method: 'POST', url: '/api/v1/console/categories', payload })
    const food = (await post({ name: '生鲜水果', sort: 1 })).json()
    const snacks = (await post({ name: '休闲零食', sort: 2 })).json()
    const fruit = await post({ name: '水果', parentId: food.id })
    expect(fruit.statusCode).toBe(201)
    expect(fruit.json()).toMatchObject({ name: '水果', parentId: food.id, iconUrl: null })

    const store = await s.asGuest({ method: 'GET', url: '/api/v1/store/categories' })
    expect(store.json().map((c: any) => c.name)).toEqual(['水果', '生鲜水果', '休闲零食'])

    const cycle = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/categories/${food.id}`,
      payload: { parentId: fruit.json().id },
    })
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'parentId',
      message: '输入有误：分类不能放在自己或自己的子分类下',
    })

    const moved = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/categories/${snacks.id}`,
      payload: { name: '零食饮料', sort: 0 },
    })
    expect(moved.json()).toMatchObject({ name: '零食饮料', sort: 0 })

    const busy = await s.asOwner({ method: 'DELETE', url: `/api/v1/console/categories/${food.id}` })
    expect(busy.statusCode).toBe(409)
    expect(busy.json().error.code).toBe('category_not_empty')
    await create(s, product({ categoryId: snacks.id }))
    const counted = await s.asOwner({ method: 'GET', url: '/api/v1/console/categories' })
    expect(counted.json().find((c: any) => c.id === snacks.id).productCount).toBe(1)
    expect(
      (await s.asOwner({ method: 'DELETE', url: `/api/v1/console/categories/${fruit.json().id}` }))
        .statusCode,
    ).toBe(200)
    expect(
      (await s.asOwner({ method: 'DELETE', url: `/api/v1/console/categories/${food.id}` })).statusCode,
    ).toBe(200)
  })

  it('validates names and unknown parents', async () => {
    const s = await createShop(world)
    const blank = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/categories',
      payload: { name: '  ' },
    })
    expect(blank.json().error).toMatchObject({ code: 'validation_failed', field: 'name' })
    const orphan = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/categories',
      payload: { name: '水果', parentId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(orphan.statusCode).toBe(404)
    expect(orphan.json().error.field).toBe('parentId')
  })
})

describe('products in the console', () => {
  it('creates a draft with SKUs, prices and initial stock', async () => {
    const s = await createShop(world)
    const p = await create(s)
    expect(p).toMatchObject({
      status: 'draft',
      title: '烟台红富士苹果',
      specNames: ['规格'],
      priceFromFen: 3990,
      returnable7d: true,
      merchantId: null,
      coverUrl: IMG,
    })
    expect(p.skus.map((k: any) => [k.spec.规格, k.priceFen, k.listPriceFen, k.available])).toEqual([
      ['2.5kg', 3990, 4990, 10],
      ['5kg', 6990, null, 0],
    ])
    const again = await s.asOwner({ method: 'GET', url: `/api/v1/console/products/${p.id}` })
    expect(again.json()).toEqual(p)
  })

  it('answers bad input with a code and the field at fault', async () => {
    const s = await createShop(world)
    const bad = async (body: Record<string, unknown>, status = 400) => {
      const res = await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/products',
        payload: body,
        headers: { 'accept-language': 'en' },
      })
      expect(res.statusCode, res.body).toBe(status)
      return res.json().error
    }
    expect(await bad(product({ title: undefined }))).toMatchObject({
      code: 'validation_failed',
      field: 'title',
    })
    expect(await bad(product({ title: 'x'.repeat(61) }))).toMatchObject({ field: 'title' })
    expect(await bad(product({ skus: [{ spec: { 规格: '1kg' }, priceFen: 10_000_000_001 }] }))).toMatchObject(
      {
        field: 'skus.0.priceFen',
      },
    )
    expect(await bad(product({ skus: [{ spec: { 规格: '1kg' }, priceFen: -1 }] }))).toMatchObject({
      field: 'skus.0.priceFen',
    })
    expect(await bad(product({ skus: [{ spec: { 规格: '1kg' }, priceFen: 12.5 }] }))).toMatchObject({
      field: 'skus.0.priceFen',
    })
    const many = Array.from({ length: 101 }, (_, i) => ({ spec: { 规格: `${i}` }, priceFen: 100 }))
    expect(await bad(product({ skus: many }))).toMatchObject({ field: 'skus' })
    expect(await bad(product({ skus: [] }))).toMatchObject({ field: 'skus' })
    expect(await bad(product({ images: Array(10).fill(IMG) }))).toMatchObject({ field: 'images' })
    expect(await bad(product({ images: ['javascript:alert(1)'] }))).toMatchObject({ field: 'images.0' })
    expect(await bad(product({ price: 1 }))).toMatchObject({ field: 'price' })
    expect(
      await bad(
        product({
          skus: [
            { spec: { 规格: '1kg' }, priceFen: 100 },
            { spec: { 颜色: '红' }, priceFen: 100 },
          ],
        }),
      ),
    ).toMatchObject({ field: 'skus.1.spec' })
    expect(
      await bad(
        product({
          skus: [
            { spec: { 规格: '1kg' }, priceFen: 100 },
            { spec: { 规格: '1kg' }, priceFen: 200 },
          ],
        }),
      ),
    ).toMatchObject({ field: 'skus.1.spec' })
    const cheapList = await bad(
      product({ skus: [{ spec: { 规格: '1kg' }, priceFen: 500, listPriceFen: 400 }] }),
    )
    expect(cheapList).toMatchObject({ code: 'validation_failed', field: 'skus.0.listPriceFen' })
    expect(cheapList.message).toMatch(/list price/)
    const cheapZh = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/products',
      payload: product({ skus: [{ spec: { 规格: '1kg' }, priceFen: 500, listPriceFen: 400 }] }),
    })
    expect(cheapZh.json().error.message).toBe('输入有误：第 1 个规格的划线价不能低于售价')
    expect(await bad(product({ categoryId: '00000000-0000-4000-8000-000000000000' }), 404)).toMatchObject({
      code: 'not_found',
      field: 'categoryId',
      message: 'Category not found',
    })
    const none = await s.asOwner({ method: 'GET', url: '/api/v1/console/products' })
    expect(none.json().items).toEqual([])
  })

  it('changes fields and SKUs: updates by id, adds new ones, disables the ones left out', async () => {
    const s = await createShop(world)
    const p = await create(s)
    const [small, big] = p.skus
    const res = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/products/${p.id}`,
      payload: {
        title: '烟台红富士苹果 新季',
        returnable7d: false,
        skus: [
          { id: small.id, spec: { 规格: '2.5kg' }, priceFen: 2990 },
          { spec: { 规格: '10kg' }, priceFen: 9990, initialStock: 3 },
        ],
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    const after = res.json()
    expect(after).toMatchObject({ title: '烟台红富士苹果 新季', returnable7d: false, priceFromFen: 2990 })
    expect(after.skus.map((k: any) => [k.spec.规格, k.priceFen, k.status, k.available])).toEqual([
      ['2.5kg', 2990, 'active', 10],
      ['10kg', 9990, 'active', 3],
      ['5kg', 6990, 'disabled', 0],
    ])
    // The list price stays when the change does not mention it.
    expect(after.skus[0].listPriceFen).toBe(4990)
    expect(after.skus[2].id).toBe(big.id)

    const foreignSku = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/products/${p.id}`,
      payload: { skus: [{ id: '00000000-0000-4000-8000-000000000000', priceFen: 1 }] },
    })
    expect(foreignSku.statusCode).toBe(404)
    expect(foreignSku.json().error.field).toBe('skus.0.id')
    const empty = await s.asOwner({ method: 'PATCH', url: `/api/v1/console/products/${p.id}`, payload: {} })
    expect(empty.statusCode).toBe(400)
  })

  it('publishes only a complete product, and keeps a published one complete', async () => {
    const s = await createShop(world)
    const bare = await create(s, product({ images: [] }))
    const refused = await s.asOwner({ method: 'POST', url: `/api/v1/console/products/${bare.id}/publish` })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'publish_incomplete', field: 'images' })

    const allOff = await create(s, product({ specNames: [], skus: [{ priceFen: 100, status: 'disabled' }] }))
    const noSku = await s.asOwner({ method: 'POST', url: `/api/v1/console/products/${allOff.id}/publish` })
    expect(noSku.json().error).toMatchObject({ code: 'publish_incomplete', field: 'skus' })

    const p = await createPublished(s)
    expect(p.status).toBe('published')
    const twice = await s.asOwner({ method: 'POST', url: `/api/v1/console/products/${p.id}/publish` })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('invalid_transition')
    const strip = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/products/${p.id}`,
      payload: { images: [] },
    })
    expect(strip.json().error.code).toBe('publish_incomplete')
    const down = await s.asOwner({ method: 'POST', url: `/api/v1/console/products/${p.id}/unpublish` })
    expect(down.json().status).toBe('unpublished')

    const audit = await world.core.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('tenant_id', '=', s.shop.id)
      .where('entity_id', '=', p.id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['product.create', 'product.publish', 'product.unpublish'])
  })

  it('replays a create sent twice with the same Idempotency-Key', async () => {
    const s = await createShop(world)
    const send = () =>
      s.asOwner({
        method: 'POST',
        url: '/api/v1/console/products',
        payload: product(),
        headers: { 'idempotency-key': 'create-apples-1' },
      })
    const first = await send()
    const second = await send()
    expect(second.statusCode).toBe(201)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(second.json().id).toBe(first.json().id)
    const list = await s.asOwner({ method: 'GET', url: '/api/v1/console/products' })
    expect(list.json().items).toHaveLength(1)
    expect(list.json().items[0].skus[0].available).toBe(10)
  })
})

describe('the storefront', () => {
  it('shows published products with active SKUs and stock, never drafts', async () => {
    const s = await createShop(world)
    const draft = await create(s, product({ title: '草稿商品' }))
    const p = await createPublished(s)
    await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/products/${p.id}`,
      payload: {
        skus: [
          { id: p.skus[0].id, priceFen: 3990 },
          { id: p.skus[1].id, priceFen: 6990, status: 'disabled' },
        ],
      },
    })
    const list = await s.asGuest({ method: 'GET', url: '/api/v1/store/products' })
    expect(list.json()).toEqual({
      items: [
        { id: p.id, title: p.title, subtitle: '脆甜多汁', coverUrl: IMG, priceFromFen: 3990, soldOut: false },
      ],
      nextCursor: null,
    })
    expect((await s.asGuest({ method: 'GET', url: `/api/v1/store/products/${draft.id}` })).statusCode).toBe(
      404,
    )
    const detail = (await s.asGuest({ method: 'GET', url: `/api/v1/store/products/${p.id}` })).json()
    expect(detail).toMatchObject({ id: p.id, specNames: ['规格'], returnable7d: true, soldOut: false })
    expect(detail.skus).toEqual([
      {
        id: p.skus[0].id,
        spec: { 规格: '2.5kg' },
        specLabel: '2.5kg',
        priceFen: 3990,
        listPriceFen: 4990,
        imageUrl: null,
        available: 10,
      },
    ])
    expect(detail).not.toHaveProperty('status')
    expect(detail.skus[0]).not.toHaveProperty('code')

    await s.asOwner({ method: 'POST', url: `/api/v1/console/products/${p.id}/unpublish` })
    expect((await s.asGuest({ method: 'GET', url: '/api/v1/store/products' })).json().items).toEqual([])
    expect((await s.asGuest({ method: 'GET', url: `/api/v1/store/products/${p.id}` })).statusCode).toBe(404)
  })

  it('marks a product sold out when no active SKU has stock', async () => {
    const s = await createShop(world)
    const p = await createPublished(
      s,
      product({ title: '秒光的草莓', skus: [{ spec: { 规格: '1kg' }, priceFen: 100, initialStock: 0 }] }),
    )
    const list = (await s.asGuest({ method: 'GET', url: '/api/v1/store/products' })).json()
    expect(list.items[0].soldOut).toBe(true)
    const detail = (await s.asGuest({ method: 'GET', url: `/api/v1/store/products/${p.id}` })).json()
    expect(detail.soldOut).toBe(true)
    expect(detail.skus[0].available).toBe(0)

    await world.core.inventory.receive({ tenantId: s.shop.id, db: world.core.db }, p.skus[0].id, 5, 'restock')
    const restocked = (await s.asGuest({ method: 'GET', url: '/api/v1/store/products' })).json()
    expect(restocked.items[0].soldOut).toBe(false)
  })

  it('pages with a cursor, searches titles and filters by category with its subcategories', async () => {
    const s = await createShop(world)
    const food = (
      await s.asOwner({ method: 'POST', url: '/api/v1/console/categories', payload: { name: '食品' } })
    ).json()
    const fruit = (
      await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/categories',
        payload: { name: '水果', parentId: food.id },
      })
    ).json()
    const titles = ['阳光玫瑰葡萄', '赣南脐橙', '100%纯牛奶', '海南香蕉', '坚果礼盒']
    const ids: string[] = []
    for (const [i, title] of titles.entries())
      ids.push((await createPublished(s, product({ title, categoryId: i < 2 ? fruit.id : food.id }))).id)

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const url: string = `/api/v1/store/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const res = (await s.asGuest({ method: 'GET', url })).json()
      expect(res.items.length).toBeLessThanOrEqual(2)
      seen.push(...res.items.map((i: any) => i.id))
      cursor = res.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toHaveLength(5)
    expect(new Set(seen)).toEqual(new Set(ids))

    const search = async (q: string) =>
      (await s.asGuest({ method: 'GET', url: `/api/v1/store/products?q=${encodeURIComponent(q)}` }))
        .json()
        .items.map((i: any) => i.title)
    expect(await search('香蕉')).toEqual(['海南香蕉'])
    expect(await search('%')).toEqual(['100%纯牛奶'])
    expect(await search('没有这个')).toEqual([])

    const inFood = (
      await s.asGuest({ method: 'GET', url: `/api/v1/store/products?categoryId=${food.id}` })
    ).json()
    expect(inFood.items).toHaveLength(5)
    const inFruit = (
      await s.asGuest({ method: 'GET', url: `/api/v1/store/products?categoryId=${fruit.id}` })
    ).json()
    expect(inFruit.items.map((i: any) => i.title).sort()).toEqual(['赣南脐橙', '阳光玫瑰葡萄'].sort())

    const console = (
      await s.asOwner({
        method: 'GET',
        url: `/api/v1/console/products?limit=3&q=${encodeURIComponent('橙')}`,
      })
    ).json()
    expect(console.items.map((i: any) => i.title)).toEqual(['赣南脐橙'])
    const drafts = (await s.asOwner({ method: 'GET', url: '/api/v1/console/products?status=draft' })).json()
    expect(drafts.items).toEqual([])

    const junk = await s.asGuest({ method: 'GET', url: '/api/v1/store/products?cursor=not-a-cursor' })
    expect(junk.statusCode).toBe(400)
    expect(junk.json().error.field).toBe('cursor')
  })

  it('lists with the same number of queries whatever the page size', async () => {
    const s = await createShop(world)
    for (let i = 0; i < 6; i++) await createPublished(s, product({ title: `商品${i}` }))
    let queries = 0
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const ctx: Ctx = {
      tenantId: s.shop.id,
      db: world.core.db.withPlugin(counter),
      actor: { kind: 'anonymous' },
      lang: 'zh-CN',
    }
    const count = async (fn: () => Promise<unknown>) => {
      queries = 0
      await fn()
      return queries
    }
    const { catalog } = world.core
    const store1 = await count(() => catalog.listStoreProducts(ctx, { limit: 1 }))
    const store6 = await count(() => catalog.listStoreProducts(ctx, { limit: 6 }))
    expect(store6).toBe(store1)
    expect(store6).toBe(2)
    const staffCtx: Ctx = { ...ctx, actor: { kind: 'staff', id: s.shop.id, role: 'owner' } }
    const console1 = await count(() => catalog.listProducts(staffCtx, { limit: 1 }))
    const console6 = await count(() => catalog.listProducts(staffCtx, { limit: 6 }))
    expect(console6).toBe(console1)
    expect(console6).toBe(2)
  })
})

describe('who may do what', () => {
  it("another shop's staff get 404 for every product and category route", async () => {
    const a = await createShop(world)
    const b = await createShop(world)
    const p = await createPublished(a)
    const cat = (
      await a.asOwner({ method: 'POST', url: '/api/v1/console/categories', payload: { name: '母婴' } })
    ).json()
    const routes: InjectOptions[] = [
      { method: 'GET', url: `/api/v1/console/products/${p.id}` },
      { method: 'PATCH', url: `/api/v1/console/products/${p.id}`, payload: { title: '改名' } },
      { method: 'POST', url: `/api/v1/console/products/${p.id}/publish` },
      { method: 'POST', url: `/api/v1/console/products/${p.id}/unpublish` },
      { method: 'PATCH', url: `/api/v1/console/categories/${cat.id}`, payload: { name: '改名' } },
      { method: 'DELETE', url: `/api/v1/console/categories/${cat.id}` },
      { method: 'POST', url: '/api/v1/console/products', payload: product({ categoryId: cat.id }) },
      { method: 'POST', url: '/api/v1/console/categories', payload: { name: '子类', parentId: cat.id } },
    ]
    for (const r of routes) {
      const res = await b.asOwner(r)
      expect(res.statusCode, `${r.method} ${String(r.url)}`).toBe(404)
      expect(res.json().error.code).toBe('not_found')
    }
    expect((await b.asGuest({ method: 'GET', url: `/api/v1/store/products/${p.id}` })).statusCode).toBe(404)
    expect((await b.asGuest({ method: 'GET', url: '/api/v1/store/products' })).json().items).toEqual([])
    expect((await b.asOwner({ method: 'GET', url: '/api/v1/console/products' })).json().items).toEqual([])
    // Nothing of A's changed.
    const still = (await a.asOwner({ method: 'GET', url: `/api/v1/console/products/${p.id}` })).json()
    expect(still).toMatchObject({ title: p.title, status: 'published' })
  })

  it('an operator writes; merchant staff only read; a shopper or a guest reaches no console route', async () => {
    const s = await createShop(world)
    const operator = await staff(s, 'operator')
    const created = await operator({ method: 'POST', url: '/api/v1/console/products', payload: product() })
    expect(created.statusCode).toBe(201)
    expect(
      (await operator({ method: 'POST', url: `/api/v1/console/products/${created.json().id}/publish` }))
        .statusCode,
    ).toBe(200)

    const merchant = await staff(s, 'merchant_staff')
    expect((await merchant({ method: 'GET', url: '/api/v1/console/categories' })).statusCode).toBe(200)
    const denied = await merchant({ method: 'POST', url: '/api/v1/console/products', payload: product() })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error.code).toBe('forbidden')

    const shopper = await s.shopper()
    for (const r of [
      { method: 'GET', url: '/api/v1/console/products' },
      { method: 'POST', url: '/api/v1/console/products', payload: product() },
      { method: 'GET', url: `/api/v1/console/products/${created.json().id}` },
      { method: 'POST', url: '/api/v1/console/categories', payload: { name: '偷偷加的' } },
    ] as InjectOptions[]) {
      expect((await shopper.call(r)).statusCode, String(r.url)).toBe(401)
      expect((await s.asGuest(r)).statusCode, String(r.url)).toBe(401)
    }
  })
})

describe('image upload', () => {
  const png = () => {
    const c = createCanvas(120, 80)
    const g = c.getContext('2d')
    g.fillStyle = '#ff7a45'
    g.fillRect(0, 0, 120, 80)
    return c.toBuffer('image/png')
  }

  it('stores a real PNG under its own key and tells its size', async () => {
    const s = await createShop(world)
    const bytes = png()
    // The client's name and type are ignored: only the bytes count.
    const res = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/images',
      ...multipart(bytes, '../../etc/passwd.jpg', 'application/octet-stream'),
    })
    expect(res.statusCode, res.body).toBe(201)
    const img = res.json()
    expect(img).toMatchObject({ width: 120, height: 80 })
    expect(img.url).toBe(`/uploads/t/${s.shop.id}/img/${img.id}.png`)
    const stored = await world.core.storage.get(img.url.replace('/uploads/', ''))
    expect(stored?.equals(bytes)).toBe(true)
    const served = await call(world, { method: 'GET', url: img.url })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/png')
    const row = await world.core.db
      .selectFrom('images')
      .selectAll()
      .where('id', '=', img.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ tenant_id: s.shop.id, content_type: 'image/png', bytes: bytes.length })
  })

  it('refuses a text file named .png (415), an oversize file (413), a missing file and a shopper', async () => {
    const s = await createShop(world)
    const text = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/images',
      ...multipart(Buffer.from('just some words, not a picture'), 'photo.png', 'image/png'),
    })
    expect(text.statusCode).toBe(415)
    expect(text.json().error.code).toBe('unsupported_media_type')

    const big = Buffer.concat([png(), Buffer.alloc(5 * 1024 * 1024 + 10)])
    const tooBig = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/images',
      ...multipart(big, 'big.png', 'image/png'),
    })
    expect(tooBig.statusCode).toBe(413)
    expect(tooBig.json().error.code).toBe('payload_too_large')

    const almost = Buffer.concat([png(), Buffer.alloc(3 * 1024 * 1024)])
    const fits = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/images',
      ...multipart(almost, 'fits.png', 'image/png'),
    })
    expect(fits.statusCode).toBe(201)

    const json = await s.asOwner({ method: 'POST', url: '/api/v1/console/images', payload: { file: 'x' } })
    expect(json.statusCode).toBe(415)
    const wrongField = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/images',
      ...multipart(png(), 'a.png', 'image/png', 'picture'),
    })
    expect(wrongField.json().error.field).toBe('file')

    const shopper = await s.shopper()
    const denied = await shopper.call({
      method: 'POST',
      url: '/api/v1/console/images',
      ...multipart(png(), 'a.png', 'image/png'),
    })
    expect(denied.statusCode).toBe(401)
  })
})

describe('clearing a list price', () => {
  it('null clears it (and is not read as 0)', async () => {
    const s = await createShop(world)
    const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [1990] })
    const set = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/products/${productId}`,
      payload: { skus: [{ id: skuIds[0], priceFen: 1990, listPriceFen: 2990 }] },
    })
    expect(set.statusCode).toBe(200)
    const cleared = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/products/${productId}`,
      payload: { skus: [{ id: skuIds[0], priceFen: 1990, listPriceFen: null }] },
    })
    expect(cleared.statusCode).toBe(200)
    expect(cleared.json().skus[0].listPriceFen).toBeNull()
  })
})
