import { createCanvas, loadImage } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { createShop, fileWorld } from '../../../../test/helpers.js'
import { POSTER_HEIGHT, POSTER_WIDTH } from '../share-kit/poster.js'
import { decodeQr } from '../share-kit/testing.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>

/** A solid-colour picture, so the poster can be checked for it. */
function picture(colour: string, w = 600, h = 400) {
  const c = createCanvas(w, h)
  const g = c.getContext('2d')
  g.fillStyle = colour
  g.fillRect(0, 0, w, h)
  return c.toBuffer('image/png')
}

/** A published product whose cover is a stored blue picture; 39.90 on a 59.90 list price. */
async function product(s: Shop) {
  const ctx = {
    tenantId: s.shop.id,
    db: world.core.db,
    actor: { kind: 'system' as const },
    lang: 'zh-CN' as const,
  }
  const cover = await world.core.storage.put(`t/${s.shop.id}/img/cover.png`, picture('#2050e0'), 'image/png')
  const p = await world.core.catalog.createProduct(ctx, {
    title: '赣南脐橙 5斤装',
    images: [cover],
    specNames: ['规格'],
    returnable7d: true,
    skus: [
      { spec: { 规格: '大果' }, priceFen: 5990, listPriceFen: 7990, initialStock: 10 },
      { spec: { 规格: '中果' }, priceFen: 3990, listPriceFen: 5990, initialStock: 10 },
    ],
  })
  await world.core.catalog.setShelf(ctx, p.id, 'publish')
  return p.id as string
}

async function share(sh: Awaited<ReturnType<Shop['shopper']>>, targetKind: string, targetId: string) {
  const r = await sh.call({ method: 'POST', url: '/api/v1/store/shares', payload: { targetKind, targetId } })
  expect(r.statusCode, r.body).toBe(200)
  return r.json().token as string
}

async function pixel(png: Buffer, x: number, y: number) {
  const img = await loadImage(png)
  const c = createCanvas(img.width, img.height)
  const g = c.getContext('2d')
  g.drawImage(img, 0, 0)
  return Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3))
}

describe('share kit', () => {
  it("draws a product share's poster whose QR code reads back as the share link", async () => {
    const s = await createShop(world, '裂变优选')
    const productId = await product(s)
    const promoter = await s.shopper()
    await promoter.call({ method: 'PATCH', url: '/api/v1/store/me', payload: { nickname: '王小美' } })
    const token = await share(promoter, 'product', productId)
    const link = `http://liebian.test/s/${token}?shop=${s.shop.slug}`

    // Fetched as an <img> would: no session, the shop in the query.
    const url = `/api/v1/store/shares/${token}/poster.png?shop=${s.shop.slug}`
    const r = await s.asGuest({ method: 'GET', url })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['content-type']).toBe('image/png')
    expect(r.headers['cache-control']).toMatch(/max-age=\d+/)
    const { text, width, height } = await decodeQr(r.rawPayload)
    expect([width, height]).toEqual([POSTER_WIDTH, POSTER_HEIGHT])
    expect(text).toBe(link)
    // The product's own picture fills the middle of the poster.
    const [red, green, blue] = await pixel(r.rawPayload, POSTER_WIDTH / 2, 470)
    expect(blue).toBeGreaterThan(200)
    expect(red).toBeLessThan(60)
    expect(green).toBeLessThan(110)

    // The same poster again is a 304 for a browser that holds it; a download names the file.
    const etag = r.headers.etag as string
    expect(etag).toBeTruthy()
    const again = await s.asGuest({ method: 'GET', url, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    const download = await s.asGuest({ method: 'GET', url: `${url}&download=1` })
    expect(download.headers['content-disposition']).toBe(`attachment; filename="poster-${token}.png"`)

    // A new price is a new poster.
    await world.core.db
      .updateTable('skus')
      .set({ price_fen: 2990 })
      .where('product_id', '=', productId)
      .where('price_fen', '=', 3990)
      .execute()
    const repriced = await s.asGuest({ method: 'GET', url, headers: { 'if-none-match': etag } })
    expect(repriced.statusCode).toBe(200)
    expect(repriced.headers.etag).not.toBe(etag)
  })

  it('serves the QR code as PNG and SVG for any share, and 404 for a token the shop does not have', async () => {
    const s = await createShop(world)
    const sh = await s.shopper()
    const token = await share(sh, 'page', 'home')
    const link = `http://liebian.test/s/${token}?shop=${s.shop.slug}`

    const png = await s.asGuest({ method: 'GET', url: `/api/v1/store/shares/${token}/qr.png?size=256` })
    expect(png.statusCode, png.body).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect(png.headers['cache-control']).toBe('public, max-age=86400')
    const read = await decodeQr(png.rawPayload)
    expect([read.text, read.width]).toEqual([link, 256])
    const cached = await s.asGuest({
      method: 'GET',
      url: `/api/v1/store/shares/${token}/qr.png?size=256`,
      headers: { 'if-none-match': png.headers.etag as string },
    })
    expect(cached.statusCode).toBe(304)

    const svg = await sh.call({ method: 'GET', url: `/api/v1/store/shares/${token}/qr.svg` })
    expect(svg.statusCode, svg.body).toBe(200)
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(svg.body).toMatch(/^<svg/)

    // A page has no product to draw.
    const poster = await sh.call({
      method: 'GET',
      url: `/api/v1/store/shares/${token}/poster.png`,
      headers: { 'accept-language': 'en' },
    })
    expect(poster.statusCode).toBe(400)
    expect(poster.json().error).toMatchObject({ code: 'validation_failed', field: 'token' })

    // Unknown here: a made-up token, and a real one of another shop.
    const other = await createShop(world)
    for (const [caller, t] of [
      [s, 'Zz9Zz9Zz9Z'],
      [other, token],
    ] as const)
      for (const file of ['qr.png', 'qr.svg', 'poster.png']) {
        const r = await caller.asGuest({ method: 'GET', url: `/api/v1/store/shares/${t}/${file}` })
        expect(r.statusCode, `${file}: ${r.body}`).toBe(404)
        expect(r.json().error).toMatchObject({ code: 'not_found', field: 'token' })
      }
  })
})
