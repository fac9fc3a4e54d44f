import { describe, expect, it } from 'vitest'
import { createProduct, createShop, fileWorld } from '../../../../test/helpers.js'

const world = await fileWorld()

describe('share tokens', () => {
  it('one token per sharer, target and channel; opens are counted and first visits told apart', async () => {
    const s = await createShop(world)
    const { productId } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const b = await s.shopper()
    const share = (channel?: string) =>
      a.call({
        method: 'POST',
        url: '/api/v1/store/shares',
        payload: { targetKind: 'product', targetId: productId, ...(channel ? { channel } : {}) },
      })
    const first = await share('moments')
    expect(first.statusCode).toBe(200)
    const { token, path } = first.json()
    expect(token).toMatch(/^[0-9A-Za-z]{10}$/)
    expect(path).toBe(`/s/${token}`)
    expect((await share('moments')).json().token).toBe(token)
    // Parallel first shares of a new channel still make one token.
    const burst = await Promise.all([1, 2, 3, 4, 5].map(() => share('wechat_chat')))
    expect(new Set(burst.map((r) => r.json().token)).size).toBe(1)

    const open = (who: typeof b | undefined, key?: string) =>
      (who ? who.call : s.asGuest)({
        method: 'POST',
        url: `/api/v1/store/shares/${token}/open`,
        headers: key ? { 'x-visitor-key': key } : {},
      })
    const byB = await open(b)
    expect(byB.json()).toMatchObject({ targetKind: 'product', targetId: productId, firstVisit: true })
    expect((await open(b)).json().firstVisit).toBe(false)
    expect((await open(undefined, 'device-1')).json().firstVisit).toBe(true)
    expect((await open(undefined, 'device-1')).json().firstVisit).toBe(false)
    // The sharer opening their own link is not a visit.
    expect((await open(a)).json().firstVisit).toBe(false)
    const row = await world.core.db
      .selectFrom('shares')
      .select('opens')
      .where('token', '=', token)
      .executeTakeFirstOrThrow()
    expect(row.opens).toBe(4)
    const events = await world.core.db
      .selectFrom('outbox_events')
      .select(['type'])
      .where('tenant_id', '=', s.shop.id)
      .where('type', 'like', 'sharing.%')
      .execute()
    expect(events.filter((e) => e.type === 'sharing.share.created')).toHaveLength(2)
    expect(events.filter((e) => e.type === 'sharing.share.opened')).toHaveLength(4)
  })

  it('refuses unknown targets, other shops’ products, bad tokens and guests sharing', async () => {
    const s = await createShop(world)
    const other = await createShop(world)
    const { productId } = await createProduct(world, other.shop.id)
    const a = await s.shopper()
    const r = await a.call({
      method: 'POST',
      url: '/api/v1/store/shares',
      payload: { targetKind: 'product', targetId: productId },
    })
    expect(r.statusCode).toBe(404)
    expect(r.json().error).toMatchObject({ code: 'not_found', field: 'targetId' })
    const bad = await a.call({
      method: 'POST',
      url: '/api/v1/store/shares',
      payload: { targetKind: 'spaceship', targetId: productId },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({
      field: 'targetKind',
      message: '输入有误：targetKind 不是可选的值',
    })
    const badEn = await a.call({
      method: 'POST',
      url: '/api/v1/store/shares',
      headers: { 'accept-language': 'en' },
      payload: { targetKind: 'product', targetId: productId, channel: 'Not A Channel' },
    })
    expect(badEn.json().error).toMatchObject({
      field: 'channel',
      message: expect.stringMatching(/^Invalid input: channel must match/),
    })
    const guest = await s.asGuest({
      method: 'POST',
      url: '/api/v1/store/shares',
      payload: { targetKind: 'product', targetId: productId },
    })
    expect(guest.statusCode).toBe(401)
    const missing = await s.asGuest({ method: 'POST', url: '/api/v1/store/shares/AAAAAAAAAA/open' })
    expect(missing.statusCode).toBe(404)
    const malformed = await s.asGuest({ method: 'POST', url: '/api/v1/store/shares/x%27--/open' })
    expect(malformed.statusCode).toBe(400)
  })
})
