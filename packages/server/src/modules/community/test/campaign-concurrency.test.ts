import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import type { SandboxSms } from '../../identity/index.js'
import { application } from './fixtures.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>

/** Many shoppers, signed in through the identity service (the HTTP sign-in is tested elsewhere). */
async function crowd(s: Shop, n: number, prefix: string) {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const phone = `${prefix}${String(i).padStart(11 - prefix.length, '0')}`
      await world.core.identity.requestCode(s.shop.id, phone)
      const code = (world.core.sms as SandboxSms).lastCode(s.shop.id, phone)!
      const { token } = await world.core.identity.loginShopper(s.shop.id, phone, code)
      return (o: InjectOptions) =>
        call(world, { ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } })
    }),
  )
}

async function setup() {
  const s = await createShop(world)
  const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000], stock: 500 })
  const sh = await s.shopper()
  const applied = await sh.call({
    method: 'POST',
    url: '/api/v1/store/community/leader/apply',
    payload: application(),
  })
  const leaderId = applied.json().leader.id as string
  await s.asOwner({
    method: 'POST',
    url: `/api/v1/console/community/leaders/${leaderId}/approve`,
    payload: {},
  })
  const now = world.clock.now().getTime()
  const c = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/community/campaigns',
    payload: {
      title: '限量土鸡蛋',
      cutoffAt: new Date(now + 3_600_000).toISOString(),
      pickupDate: new Date(now + 86_400_000).toISOString().slice(0, 10),
      skus: [
        {
          skuId: skuIds[0],
          priceFen: 900,
          perPersonLimit: 3,
          totalCap: 12,
          supplier: '山里农场',
          unit: '盒',
          costFen: 600,
        },
      ],
    },
  })
  expect(c.statusCode, c.body).toBe(201)
  const id = c.json().id as string
  await s.asOwner({ method: 'POST', url: `/api/v1/console/community/campaigns/${id}/open` })
  const orderAs = (caller: (o: InjectOptions) => ReturnType<typeof call>, quantity: number) =>
    caller({
      method: 'POST',
      url: `/api/v1/store/community/campaigns/${id}/orders`,
      payload: { leaderId, items: [{ skuId: skuIds[0], quantity }] },
    })
  return { s, id, orderAs }
}

describe('campaign limits under parallel orders', () => {
  it('sells exactly the total cap when 40 shoppers order at once', async () => {
    const { s, id, orderAs } = await setup()
    const shoppers = await crowd(s, 40, '152')
    const results = await Promise.all(shoppers.map((c) => orderAs(c, 1)))
    const codes = results.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 201)).toHaveLength(12)
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code)).toEqual(
      Array(28).fill('sold_out'),
    )
    const c = await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}` })
    expect(c.json().skus[0]).toMatchObject({ sold: 12, remaining: 0 })
  })

  it('holds one shopper to the per-person limit across 8 parallel orders, and gives units back on cancel', async () => {
    const { s, id, orderAs } = await setup()
    const [me] = await crowd(s, 1, '153')
    const results = await Promise.all(Array.from({ length: 8 }, () => orderAs(me, 1)))
    const ok = results.filter((r) => r.statusCode === 201)
    expect(ok).toHaveLength(3)
    expect(new Set(results.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(
      new Set(['limit_reached']),
    )
    // A cancelled order frees its unit for the same shopper.
    const cancel = await me({
      method: 'POST',
      url: `/api/v1/store/orders/${ok[0].json().id}/cancel`,
      payload: {},
    })
    expect(cancel.statusCode, cancel.body).toBe(200)
    expect((await orderAs(me, 1)).statusCode).toBe(201)
    expect((await orderAs(me, 1)).json().error.code).toBe('limit_reached')
    const c = await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}` })
    expect(c.json().skus[0].sold).toBe(3)
  })
})
