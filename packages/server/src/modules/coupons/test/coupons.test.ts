import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const hours = (h: number) => new Date(world.clock.now().getTime() + h * 3_600_000).toISOString()
const ctxOf = (s: Shop) => ({
  tenantId: s.shop.id,
  db: world.core.db,
  actor: { kind: 'system' as const },
  lang: 'zh-CN' as const,
})

const base = () => ({
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
  totalLimit: 100,
  claimable: true,
})

async function template(s: Shop, over: Record<string, unknown> = {}) {
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/coupons/templates',
    payload: { ...base(), ...over },
  })
  expect(r.statusCode, r.body).toBe(201)
  return r.json()
}

const claim = (sh: Shopper, templateId: string) =>
  sh.call({ method: 'POST', url: `/api/v1/store/coupons/centre/${templateId}/claim` })
const mine = (sh: Shopper, status?: string) =>
  sh
    .call({ method: 'GET', url: `/api/v1/store/coupons${status ? `?status=${status}` : ''}` })
    .then((r) => r.json())
const quote = (sh: Shopper, payload: Record<string, unknown>) =>
  sh.call({ method: 'POST', url: '/api/v1/store/price-quote', payload })

describe('coupon templates (console)', () => {
  it('creates, lists, edits limits and moves through pause, resume and end', async () => {
    const s = await createShop(world)
    const t = await template(s)
    expect(t).toMatchObject({
      kind: 'threshold',
      status: 'active',
      issuedCount: 0,
      usedCount: 0,
      label: { zh: '满199减30', en: '¥30 off over ¥199' },
    })
    const list = (await s.asOwner({ method: 'GET', url: '/api/v1/console/coupons/templates' })).json()
    expect(list.items.map((x: any) => x.id)).toEqual([t.id])
    const patched = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/coupons/templates/${t.id}`,
      payload: { perPersonLimit: 2, totalLimit: 50, name: '开学季满减' },
    })
    expect(patched.json()).toMatchObject({
      perPersonLimit: 2,
      totalLimit: 50,
      name: '开学季满减',
      amountFen: 3_000,
    })
    for (const [event, status] of [
      ['pause', 'paused'],
      ['resume', 'active'],
      ['end', 'ended'],
    ])
      expect(
        (
          await s.asOwner({ method: 'POST', url: `/api/v1/console/coupons/templates/${t.id}/${event}` })
        ).json().status,
      ).toBe(status)
    const again = await s.asOwner({ method: 'POST', url: `/api/v1/console/coupons/templates/${t.id}/resume` })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('invalid_transition')
  })

  it('refuses templates that make no sense, naming the field, in Chinese and English', async () => {
    const s = await createShop(world)
    const cases: [Record<string, unknown>, string][] = [
      [{ thresholdFen: 0 }, 'thresholdFen'],
      [{ thresholdFen: 1_000, amountFen: 2_000 }, 'thresholdFen'],
      [{ kind: 'percent', percentBps: undefined, amountFen: undefined }, 'percentBps'],
      [{ scope: 'products', scopeIds: [] }, 'scopeIds'],
      [{ validity: 'fixed', validDays: undefined }, 'validFrom'],
      [{ validity: 'fixed', validFrom: hours(5), validUntil: hours(1) }, 'validUntil'],
      [{ claimEndsAt: hours(-2) }, 'claimEndsAt'],
      [{ totalLimit: 1, perPersonLimit: 3 }, 'totalLimit'],
      [{ scope: 'categories', scopeIds: ['00000000-0000-4000-8000-000000000009'] }, 'scopeIds'],
    ]
    for (const [over, field] of cases) {
      const r = await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/coupons/templates',
        payload: { ...base(), ...over },
      })
      expect(r.statusCode, JSON.stringify(over)).toBe(400)
      expect(r.json().error).toMatchObject({ code: 'validation_failed', field })
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/)
      const en = await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/coupons/templates',
        headers: { 'accept-language': 'en' },
        payload: { ...base(), ...over },
      })
      expect(en.json().error.message).toMatch(/^Invalid input/)
    }
    const bad = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/coupons/templates',
      payload: { ...base(), amountFen: 12.5 },
    })
    expect(bad.statusCode).toBe(400)
  })

  it('another shop cannot see or change a template', async () => {
    const a = await createShop(world)
    const b = await createShop(world)
    const t = await template(a)
    expect(
      (await b.asOwner({ method: 'GET', url: `/api/v1/console/coupons/templates/${t.id}` })).statusCode,
    ).toBe(404)
    const sh = await b.shopper()
    expect((await claim(sh, t.id)).statusCode).toBe(404)
  })
})

describe('claim centre and my coupons', () => {
  it('shows claimable templates to anyone; a shopper claims within the per-person limit', async () => {
    const s = await createShop(world)
    const t = await template(s, { perPersonLimit: 2 })
    await template(s, { name: '仅发放', claimable: false })
    const guest = (await s.asGuest({ method: 'GET', url: '/api/v1/store/coupons/centre' })).json()
    expect(guest.map((x: any) => x.id)).toEqual([t.id])
    expect(guest[0]).toMatchObject({ claimed: 0, canClaim: true, remaining: 100 })

    const me = await s.shopper()
    const first = await claim(me, t.id)
    expect(first.statusCode, first.body).toBe(201)
    const c = first.json()
    expect(c).toMatchObject({ status: 'available', source: 'claim', templateId: t.id })
    // Valid 7 days from the claim.
    expect(new Date(c.validUntil).getTime() - new Date(c.validFrom).getTime()).toBe(7 * 86_400_000)
    expect((await claim(me, t.id)).statusCode).toBe(201)
    const third = await claim(me, t.id)
    expect(third.statusCode).toBe(409)
    expect(third.json().error.message).toContain('每人限领 2 张')
    const centre = (await me.call({ method: 'GET', url: '/api/v1/store/coupons/centre' })).json()
    expect(centre[0]).toMatchObject({ claimed: 2, canClaim: false, remaining: 98 })
    expect(await mine(me)).toHaveLength(2)
  })

  it('a paused template cannot be claimed; one not yet open neither; total limit holds', async () => {
    const s = await createShop(world)
    const later = await template(s, { claimStartsAt: hours(2) })
    const me = await s.shopper()
    const early = await claim(me, later.id)
    expect(early.json().error.code).toBe('not_started')
    const t = await template(s, { totalLimit: 1 })
    await s.asOwner({ method: 'POST', url: `/api/v1/console/coupons/templates/${t.id}/pause` })
    expect((await claim(me, t.id)).json().error.code).toBe('ended')
    await s.asOwner({ method: 'POST', url: `/api/v1/console/coupons/templates/${t.id}/resume` })
    expect((await claim(me, t.id)).statusCode).toBe(201)
    const other = await s.shopper()
    const gone = await claim(other, t.id)
    expect(gone.statusCode).toBe(409)
    expect(gone.json().error.message).toContain('领完')
  })

  it('my coupons: available first, used and expired after; expiry shows without a write', async () => {
    const s = await createShop(world)
    const shortLived = await template(s, { name: '短期券', validDays: 1 })
    const longLived = await template(s, { name: '长期券', validDays: 30 })
    const me = await s.shopper()
    await claim(me, shortLived.id)
    await claim(me, longLived.id)
    expect((await mine(me, 'available')).map((c: any) => c.name)).toEqual(['短期券', '长期券'])
    world.clock.advance(2 * 86_400_000)
    expect((await mine(me, 'available')).map((c: any) => c.name)).toEqual(['长期券'])
    expect((await mine(me, 'expired')).map((c: any) => c.name)).toEqual(['短期券'])
  })

  it('an operator issues to a list of customers: those at the limit are skipped, a list over the total is refused whole', async () => {
    const s = await createShop(world)
    const t = await template(s, { claimable: false, totalLimit: 3 })
    const [a, b, c, d] = [await s.shopper(), await s.shopper(), await s.shopper(), await s.shopper()]
    const issue = (ids: string[]) =>
      s.asOwner({
        method: 'POST',
        url: `/api/v1/console/coupons/templates/${t.id}/issue`,
        payload: { shopperIds: ids },
      })
    const r = await issue([a.id, b.id, a.id])
    expect(r.statusCode, r.body).toBe(200)
    expect(
      r
        .json()
        .issued.map((x: any) => x.shopperId)
        .sort(),
    ).toEqual([a.id, b.id].sort())
    const again = (await issue([a.id, c.id])).json()
    expect(again.issued.map((x: any) => x.shopperId)).toEqual([c.id])
    expect(again.skipped).toEqual([{ shopperId: a.id, reason: 'per_person_limit' }])
    const over = await issue([d.id])
    expect(over.statusCode).toBe(409)
    expect((await mine(d)).length).toBe(0)
    expect((await mine(a)).map((x: any) => x.source)).toEqual(['issue'])
    const unknown = await issue(['00000000-0000-4000-8000-00000000000a'])
    expect(unknown.statusCode).toBe(404)
    const ofA = await s.asOwner({ method: 'GET', url: `/api/v1/console/coupons?shopperId=${a.id}` })
    expect(ofA.json()).toHaveLength(1)
    // Not claimable: the claim centre does not offer it and a claim is refused.
    expect((await claim(d, t.id)).statusCode).toBe(404)
    await s.asOwner({ method: 'POST', url: `/api/v1/console/coupons/templates/${t.id}/pause` })
    const paused = await issue([d.id])
    expect(paused.statusCode).toBe(409)
    expect(paused.json().error).toMatchObject({ code: 'invalid_transition', field: 'id' })
  })
})

describe('claims arriving at once', () => {
  it('30 shoppers claim a template of 10 at once: exactly 10 get one', async () => {
    const s = await createShop(world)
    const t = await template(s, { totalLimit: 10 })
    const crowd: Shopper[] = []
    for (let i = 0; i < 30; i++) crowd.push(await s.shopper())
    const results = await Promise.all(crowd.map((sh) => claim(sh, t.id)))
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10)
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(20)
    const got = (await s.asOwner({ method: 'GET', url: `/api/v1/console/coupons/templates/${t.id}` })).json()
    expect(got.issuedCount).toBe(10)
  })

  it('one shopper firing 12 claims at once gets only the per-person limit', async () => {
    const s = await createShop(world)
    const t = await template(s, { perPersonLimit: 3, totalLimit: null })
    const me = await s.shopper()
    const results = await Promise.all(Array.from({ length: 12 }, () => claim(me, t.id)))
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3)
    expect(await mine(me)).toHaveLength(3)
  })
})

describe('price quote', () => {
  it('answers the breakdown with a 满减 coupon, points and shipping, line by line', async () => {
    const s = await createShop(world)
    await world.core.shops.update(ctxOf(s), { settings: { shippingFeeFen: 800 } as any })
    await s.asOwner({
      method: 'PUT',
      url: '/api/v1/console/pricing/points-rules',
      payload: { pointsPerYuan: 100, maxShareBps: 1_000 },
    })
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [12_000, 4_990] })
    const t = await template(s)
    const me = await s.shopper()
    const c = (await claim(me, t.id)).json()
    const r = await quote(me, {
      items: [
        { skuId: skuIds[0], quantity: 1 },
        { skuId: skuIds[1], quantity: 2 },
      ],
      couponIds: [c.id],
      points: 100_000,
      fulfillment: 'delivery',
    })
    expect(r.statusCode, r.body).toBe(200)
    const q = r.json()
    // 120.00 + 2 × 49.90 = 219.80; 满199减30 → 189.80; points at most 10% → 18.98; shipping 8.00.
    expect(q.breakdown.map((b: any) => b.zh)).toEqual(['满199减30 -30.00', '积分抵扣 -18.98', '运费 +8.00'])
    expect(q.breakdown.map((b: any) => b.en)).toEqual([
      '¥30 off over ¥199 -30.00',
      'Points -18.98',
      'Shipping +8.00',
    ])
    expect(q).toMatchObject({
      itemsFen: 21_980,
      couponDiscountFen: 3_000,
      pointsDiscountFen: 1_898,
      pointsUsed: 1_898,
      shippingFen: 800,
      totalFen: 21_980 - 3_000 - 1_898 + 800,
      rejected: [],
    })
    expect(q.lines.reduce((a: number, l: any) => a + l.finalFen, 0) + q.shippingFen).toBe(q.totalFen)
    expect(q.lines.reduce((a: number, l: any) => a + l.couponFen, 0)).toBe(3_000)
  })

  it('names a coupon that cannot apply, and why, without failing the quote', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [5_000] })
    const me = await s.shopper()
    const t = await template(s)
    const c = (await claim(me, t.id)).json()
    const q = (
      await quote(me, {
        items: [{ skuId: skuIds[0], quantity: 1 }],
        couponIds: [c.id],
        fulfillment: 'pickup',
      })
    ).json()
    expect(q.rejected).toEqual([
      { couponId: c.id, reason: 'below_threshold', zh: '未达到使用门槛', en: expect.any(String) },
    ])
    expect(q.totalFen).toBe(5_000)
    const short = await template(s, {
      name: '一天',
      kind: 'fixed',
      amountFen: 500,
      thresholdFen: 0,
      validDays: 1,
    })
    const c2 = (await claim(me, short.id)).json()
    world.clock.advance(2 * 86_400_000)
    const later = (
      await quote(me, {
        items: [{ skuId: skuIds[0], quantity: 1 }],
        couponIds: [c2.id],
        fulfillment: 'pickup',
      })
    ).json()
    expect(later.rejected[0]).toMatchObject({ couponId: c2.id, reason: 'expired', zh: '这张券已过期' })
  })

  it("refuses someone else's coupon, unknown SKUs and malformed carts with coded 4xx", async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [5_000] })
    const t = await template(s)
    const owner = await s.shopper()
    const c = (await claim(owner, t.id)).json()
    const thief = await s.shopper()
    const stolen = await quote(thief, {
      items: [{ skuId: skuIds[0], quantity: 1 }],
      couponIds: [c.id],
      fulfillment: 'pickup',
    })
    expect(stolen.statusCode).toBe(404)
    expect(stolen.json().error).toMatchObject({
      code: 'not_found',
      field: 'couponIds.0',
      message: '优惠券不存在',
    })
    const unknown = await quote(thief, {
      items: [{ skuId: '00000000-0000-4000-8000-00000000000b', quantity: 1 }],
      fulfillment: 'pickup',
    })
    expect(unknown.json().error).toMatchObject({ code: 'not_found', field: 'items.0.skuId' })
    for (const payload of [
      { items: [], fulfillment: 'pickup' },
      { items: [{ skuId: skuIds[0], quantity: 0 }], fulfillment: 'pickup' },
      { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'drone' },
      { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup', points: -5 },
      { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup', couponIds: [c.id, c.id] },
    ]) {
      const r = await quote(owner, payload)
      expect(r.statusCode, JSON.stringify(payload)).toBe(400)
      expect(r.json().error.code).toBe('validation_failed')
    }
    const anon = await call(world, {
      method: 'POST',
      url: '/api/v1/store/price-quote',
      headers: { 'x-shop': s.shop.slug },
      payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' },
    })
    expect(anon.statusCode).toBe(401)
  })
})

describe('redemption and return', () => {
  async function setup() {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [30_000], stock: 100 })
    const t = await template(s, { validDays: 3 })
    const me = await s.shopper()
    const c = (await claim(me, t.id)).json()
    const place = async () => {
      const r = await me.call({
        method: 'POST',
        url: '/api/v1/store/orders',
        payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' },
      })
      expect(r.statusCode, r.body).toBe(201)
      return r.json().id as string
    }
    const redeem = (orderId: string) =>
      world.core.db
        .transaction()
        .execute((trx) =>
          world.core.coupons.redeem(
            { ...ctxOf(s), db: trx, actor: { kind: 'shopper', id: me.id } },
            me.id,
            [c.id],
            orderId,
          ),
        )
    return { s, me, c, place, redeem }
  }

  it('a coupon used on one order cannot be used on another; cancelling the order gives it back', async () => {
    const { me, c, place, redeem } = await setup()
    const first = await place()
    await redeem(first)
    expect((await mine(me))[0]).toMatchObject({ status: 'used', orderId: first })
    const second = await place()
    await expect(redeem(second)).rejects.toMatchObject({ code: 'conflict', field: 'couponIds' })
    const cancel = await me.call({ method: 'POST', url: `/api/v1/store/orders/${first}/cancel` })
    expect(cancel.statusCode, cancel.body).toBe(200)
    await world.core.worker.runDue()
    expect((await mine(me))[0]).toMatchObject({ id: c.id, status: 'available', orderId: null })
    await redeem(second)
    const history = await world.core.db
      .selectFrom('coupon_history')
      .select(['event', 'to_status', 'order_id'])
      .where('coupon_id', '=', c.id)
      .orderBy('id')
      .execute()
    expect(history).toEqual([
      { event: 'claim', to_status: 'available', order_id: null },
      { event: 'use', to_status: 'used', order_id: first },
      { event: 'restore', to_status: 'available', order_id: first },
      { event: 'use', to_status: 'used', order_id: second },
    ])
  })

  it('an order released after the coupon ran out leaves it expired', async () => {
    const { me, c, place, redeem } = await setup()
    const o = await place()
    await redeem(o)
    // Unpaid for four days: the timeout cancels the order after the coupon's three days are over.
    world.clock.advance(4 * 86_400_000)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect((await me.call({ method: 'GET', url: `/api/v1/store/orders/${o}` })).json().status).toBe(
      'cancelled',
    )
    expect((await mine(me))[0]).toMatchObject({ id: c.id, status: 'expired', orderId: null })
  })

  it('a paid order refunded in full gives its coupon back while valid', async () => {
    const { s, me, c, place, redeem } = await setup()
    const o = await place()
    await redeem(o)
    const p = await me.call({ method: 'POST', url: `/api/v1/store/orders/${o}/pay` })
    expect(p.statusCode, p.body).toBe(200)
    const path = new URL(p.json().payUrl).pathname
    expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
    await world.core.worker.runDue()
    expect((await mine(me))[0]).toMatchObject({ status: 'used', orderId: o })
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o}/refund`,
      payload: { reason: '缺货' },
    })
    expect(r.statusCode, r.body).toBe(201)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect((await me.call({ method: 'GET', url: `/api/v1/store/orders/${o}` })).json().status).toBe(
      'refunded',
    )
    expect((await mine(me))[0]).toMatchObject({ id: c.id, status: 'available', orderId: null })
  })

  it('50 parallel redemptions of one coupon on 50 orders: exactly one succeeds', async () => {
    const { me, c, place, redeem } = await setup()
    const orders: string[] = []
    for (let i = 0; i < 50; i++) orders.push(await place())
    const results = await Promise.allSettled(orders.map((o) => redeem(o)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    expect(refused).toHaveLength(49)
    for (const r of refused) expect(r.reason.code).toBe('conflict')
    const used = await world.core.db
      .selectFrom('coupon_history')
      .select('order_id')
      .where('coupon_id', '=', c.id)
      .where('event', '=', 'use')
      .execute()
    expect(used).toHaveLength(1)
    expect((await mine(me))[0]).toMatchObject({ status: 'used', orderId: used[0].order_id })
  })
})
