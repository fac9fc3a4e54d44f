import { describe, expect, it } from 'vitest'
import { call, fileWorld, uniqueSlug } from '../../../../test/helpers.js'
import { seedDemo } from '../../../cli/demo.js'
import { sniffImage } from '../index.js'

const world = await fileWorld()

describe('demo data', () => {
  it('fills a shop once, with pictures, and adds nothing on a second run', async () => {
    const slug = uniqueSlug('demo')
    const progress: [number, number][] = []
    const info = await seedDemo(world.core, {
      slug,
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(info).toEqual({
      shopSlug: slug,
      staff: { email: 'owner@demo.liebian.dev', password: 'liebian123' },
      shopperPhones: expect.arrayContaining(['13800138000']),
    })
    const total = progress[0][1]
    expect(progress.map(([d]) => d)).toEqual(Array.from({ length: total }, (_, i) => i + 1))

    const h = { 'x-shop': slug }
    const categories = (
      await call(world, { method: 'GET', url: '/api/v1/store/categories', headers: h })
    ).json()
    expect(categories.length).toBeGreaterThanOrEqual(6)
    expect(categories.map((c: any) => c.name)).toContain('生鲜水果')

    const listAll = async () => {
      const items: any[] = []
      let cursor: string | null = null
      do {
        const q: string = cursor ? `&cursor=${cursor}` : ''
        const page = (
          await call(world, { method: 'GET', url: `/api/v1/store/products?limit=50${q}`, headers: h })
        ).json()
        items.push(...page.items)
        cursor = page.nextCursor
      } while (cursor)
      return items
    }
    const published = await listAll()
    expect(published.length).toBeGreaterThanOrEqual(30)
    expect(published.every((p) => p.priceFromFen > 0 && p.coverUrl && !p.soldOut)).toBe(true)

    const detail = (
      await call(world, { method: 'GET', url: `/api/v1/store/products/${published[0].id}`, headers: h })
    ).json()
    expect(detail.skus.length).toBeGreaterThanOrEqual(1)
    expect(detail.skus.every((s: any) => s.available >= 20 && s.available <= 500)).toBe(true)

    // The owner can sign in and sees the drafts too.
    const login = await call(world, {
      method: 'POST',
      url: '/api/v1/console/auth/login',
      headers: h,
      payload: info.staff,
    })
    expect(login.statusCode).toBe(200)
    const drafts = (
      await call(world, {
        method: 'GET',
        url: '/api/v1/console/products?status=draft',
        headers: { authorization: `Bearer ${login.json().token}` },
      })
    ).json()
    expect(drafts.items.length).toBeGreaterThanOrEqual(1)

    for (const url of [
      published[0].coverUrl,
      published[published.length - 1].coverUrl,
      categories[0].iconUrl,
    ]) {
      const bytes = await world.core.storage.get(url.replace(/^\/uploads\//, ''))
      expect(bytes).toBeDefined()
      expect(sniffImage(bytes!)?.contentType).toBe('image/png')
      expect(bytes!.length).toBeLessThan(150_000)
      const served = await call(world, { method: 'GET', url })
      expect(served.headers['content-type']).toBe('image/png')
    }
    expect(sniffImage((await world.core.storage.get(published[0].coverUrl.slice(9)))!)).toMatchObject({
      width: 600,
      height: 600,
    })

    const shop = await world.core.shops.bySlug(slug)
    const count = async (table: 'products' | 'skus' | 'categories' | 'images' | 'staff') =>
      Number(
        (
          await world.core.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', shop!.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = {
      products: await count('products'),
      skus: await count('skus'),
      categories: await count('categories'),
      images: await count('images'),
      staff: await count('staff'),
    }
    expect(before.staff).toBe(2)
    const again = await seedDemo(world.core, { slug })
    expect(again).toEqual(info)
    expect({
      products: await count('products'),
      skus: await count('skus'),
      categories: await count('categories'),
      images: await count('images'),
      staff: await count('staff'),
    }).toEqual(before)
    expect((await listAll()).length).toBe(published.length)
  })
})
