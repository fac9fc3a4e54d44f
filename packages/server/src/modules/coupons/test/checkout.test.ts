import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const hours = (h: number) => new Date(world.clock.now().getTime() + h * 3_600_000).toISOString()

async function template(s: Shop, over: Record<string, unknown> = {}) {
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/coupons/templates',
    payload: {
      name: '满199减30',
      kind: 'threshold',
      amountFen: 3_000,
      thresholdFen: 19_900,
      scope: 'all',
      scopeIds: [],
      validity: 'after_claim',
      validDays: 7,
      claimStartsAt: hours(-1),
      claimEndsAt: hours(24 * 30),
      perPersonLimit: 1,
      totalLimit: null,
      claimable: true,
      ...over,
    },
  })
  expect(r.statusCode, r.body).toBe(201)
  return r.json()
}

const claim = async (sh: Shopper, templateId: string) => {
  const r = await sh.call({ method: 'POST', url: `/api/v1/store/coupons/centre/${templateId}/claim` })
  expect(r.statusCode, r.body).toBe(201)
  return r.json()
}
const checkout = (sh: Shopper, payload: Record<string, unknown>) =>
  sh.call({ method: 'POST', url: '/api/v1/store/orders', payload })
const mine = (sh: Shopper) => sh.call({ method: 'GET', url: '/api/v1/store/coupons' }).then((r) => r.json())

async function pay(sh: Shopper, orderId: string) {
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode, p.body).toBe(200)
  const path = new URL(p.json().payUrl).pathname
  expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
  await world.core.worker.runDue()
}

describe('checkout with a coupon', () => {
  it('charges what the quote said, line by line, and keeps the breakdown with the order', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [12_000, 4_990, 1_000], stock: 20 })
    const me = await s.shopper()
    const coupon = await claim(me, (await template(s)).id)
    const items = [
      { skuId: skuIds[0], quantity: 1 },
      { skuId: skuIds[1], quantity: 2 },
      { skuId: skuIds[2], quantity: 3 },
    ]
    const quote = (
      await me.call({
        method: 'POST',
        url: '/api/v1/store/price-quote',
        payload: { items, couponIds: [coupon.id], fulfillment: 'pickup' },
      })
    ).json()
    const r = await checkout(me, { items, couponIds: [coupon.id], fulfillment: 'pickup' })
    expect(r.statusCode, r.body).toBe(201)
    const o = r.json()
    expect(o.totalFen).toBe(quote.totalFen)
    expect(o.totalFen).toBe(12_000 + 2 * 4_990 + 3 * 1_000 - 3_000)
    // Each line's amount is what the buyer pays for it: the base for commissions and partial refunds.
    const bySku = new Map(o.lines.map((l: any) => [l.skuId, l.amountFen]))
    for (const l of quote.lines) expect(bySku.get(l.skuId)).toBe(l.finalFen)
    expect(o.lines.reduce((a: number, l: any) => a + l.amountFen, 0)).toBe(o.totalFen)
    expect((await mine(me))[0]).toMatchObject({ id: coupon.id, status: 'used', orderId: o.id })

    const kept = await me.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}/price` })
    expect(kept.statusCode, kept.body).toBe(200)
    expect(kept.json()).toMatchObject({
      couponIds: [coupon.id],
      itemsFen: 24_980,
      discountFen: 3_000,
      totalFen: o.totalFen,
    })
    expect(kept.json().breakdown.map((b: any) => b.zh)).toEqual(['满199减30 -30.00'])
    const other = await s.shopper()
    expect((await other.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}/price` })).statusCode).toBe(
      404,
    )
    expect((await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}/price` })).statusCode).toBe(
      200,
    )
  })

  it('a coupon that cannot apply refuses the order, and nothing is written', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [5_000], stock: 3 })
    const me = await s.shopper()
    const coupon = await claim(me, (await template(s)).id)
    const r = await checkout(me, {
      items: [{ skuId: skuIds[0], quantity: 1 }],
      couponIds: [coupon.id],
      fulfillment: 'pickup',
    })
    expect(r.statusCode).toBe(409)
    expect(r.json().error).toMatchObject({ code: 'conflict', field: 'couponIds.0' })
    expect(r.json().error.message).toContain('未达到使用门槛')
    const list = (await me.call({ method: 'GET', url: '/api/v1/store/orders' })).json()
    expect(list.items).toHaveLength(0)
    expect((await mine(me))[0].status).toBe('available')
    const level = await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuIds[0])
    expect(level).toMatchObject({ onHand: 3, reserved: 0 })
  })

  it('50 parallel checkouts with one single-use coupon: exactly one succeeds', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [30_000], stock: 100 })
    const me = await s.shopper()
    const coupon = await claim(me, (await template(s)).id)
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        checkout(me, {
          items: [{ skuId: skuIds[0], quantity: 1 }],
          couponIds: [coupon.id],
          fulfillment: 'pickup',
        }),
      ),
    )
    const ok = results.filter((r) => r.statusCode === 201)
    expect(ok).toHaveLength(1)
    const refused = results.filter((r) => r.statusCode !== 201)
    expect(refused).toHaveLength(49)
    for (const r of refused) expect(r.json().error.code).toBe('conflict')
    expect(ok[0].json().totalFen).toBe(27_000)
    const list = (await me.call({ method: 'GET', url: '/api/v1/store/orders' })).json()
    expect(list.items).toHaveLength(1)
    const level = await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuIds[0])
    expect(level).toMatchObject({ onHand: 100, reserved: 1 })
  })

  it('refunded in full, the coupon comes back and buys again', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [20_000], stock: 5 })
    const me = await s.shopper()
    const coupon = await claim(me, (await template(s)).id)
    const buy = () =>
      checkout(me, {
        items: [{ skuId: skuIds[0], quantity: 1 }],
        couponIds: [coupon.id],
        fulfillment: 'pickup',
      })
    const o = (await buy()).json()
    expect(o.totalFen).toBe(17_000)
    await pay(me, o.id)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: '缺货' },
    })
    expect(r.statusCode, r.body).toBe(201)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    const d = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(d).toMatchObject({ status: 'refunded', refundedFen: 17_000 })
    expect((await mine(me))[0]).toMatchObject({ status: 'available' })
    const again = await buy()
    expect(again.statusCode, again.body).toBe(201)
    expect(again.json().totalFen).toBe(17_000)
  })

  it('a partial refund of one line gives back that line’s share of what was paid', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [15_000, 5_000], stock: 5 })
    const me = await s.shopper()
    const coupon = await claim(me, (await template(s)).id)
    const o = (
      await checkout(me, {
        items: [
          { skuId: skuIds[0], quantity: 1 },
          { skuId: skuIds[1], quantity: 1 },
        ],
        couponIds: [coupon.id],
        fulfillment: 'pickup',
      })
    ).json()
    // 30.00 off 200.00 split 3:1 → 22.50 and 7.50.
    const cheap = o.lines.find((l: any) => l.skuId === skuIds[1])
    expect(cheap.amountFen).toBe(4_250)
    await pay(me, o.id)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: '少发', lines: [{ lineId: cheap.id, quantity: 1 }] },
    })
    expect(r.statusCode, r.body).toBe(201)
    await world.core.worker.runDue()
    const d = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(d.refundedFen).toBe(4_250)
    // A partial refund keeps the coupon used.
    expect((await mine(me))[0]).toMatchObject({ status: 'used', orderId: o.id })
    // Refunding the other line too refunds the order whole: exactly what was paid, coupon back.
    const dear = o.lines.find((l: any) => l.skuId === skuIds[0])
    const rest = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: '缺货', lines: [{ lineId: dear.id, quantity: 1 }] },
    })
    expect(rest.statusCode, rest.body).toBe(201)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    const whole = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(whole).toMatchObject({ status: 'refunded', refundedFen: 17_000, paidFen: 17_000 })
    expect((await mine(me))[0]).toMatchObject({ status: 'available', orderId: null })
  })

  it('a payment arriving after the unpaid timeout takes the order again, and its coupon with it', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [20_000], stock: 5 })
    const me = await s.shopper()
    const coupon = await claim(me, (await template(s)).id)
    const o = (
      await checkout(me, {
        items: [{ skuId: skuIds[0], quantity: 1 }],
        couponIds: [coupon.id],
        fulfillment: 'pickup',
      })
    ).json()
    const p = (await me.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/pay` })).json()
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect((await me.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}` })).json().status).toBe(
      'cancelled',
    )
    expect((await mine(me))[0]).toMatchObject({ status: 'available' })
    await call(world, { method: 'POST', url: `${new URL(p.payUrl).pathname}/confirm` })
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect((await me.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}` })).json()).toMatchObject({
      status: 'paid',
      paidFen: 17_000,
    })
    expect((await mine(me))[0]).toMatchObject({ status: 'used', orderId: o.id })
  })
})
