import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { cutFen } from '../domain/cut.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const hours = (h: number) => new Date(world.clock.now().getTime() + h * 3_600_000).toISOString()

async function setup(offer: Record<string, unknown> = {}, product: { price?: number; stock?: number } = {}) {
  const s = await createShop(world)
  const { productId, skuIds } = await createProduct(world, s.shop.id, {
    prices: [product.price ?? 9900],
    stock: product.stock ?? 20,
  })
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/bargain/offers',
    payload: {
      skuId: skuIds[0],
      floorPriceFen: 100,
      helpersNeeded: 3,
      timeLimitMinutes: 24 * 60,
      startsAt: hours(-1),
      endsAt: hours(24 * 7),
      ...offer,
    },
  })
  expect(r.statusCode, r.body).toBe(201)
  return { s, productId, skuId: skuIds[0], offer: r.json() }
}

let device = 0
const help = (sh: Shopper, bargainId: string, headers: Record<string, string> = {}) =>
  sh.call({
    method: 'POST',
    url: `/api/v1/store/bargains/${bargainId}/help`,
    headers: { 'x-device-key': `device-${process.pid}-${device++}`, ...headers },
  })

const start = (sh: Shopper, offerId: string) =>
  sh.call({ method: 'POST', url: `/api/v1/store/bargain/offers/${offerId}/start` })

async function helpers(s: Shop, n: number) {
  const out: Shopper[] = []
  for (let i = 0; i < n; i++) out.push(await s.shopper())
  return out
}

/** Pays an order through the sandbox cashier, as a person does. */
async function pay(shopper: Shopper, orderId: string) {
  const p = await shopper.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode, p.body).toBe(200)
  const path = new URL(p.json().payUrl).pathname
  const confirm = await call(world, { method: 'POST', url: `${path}/confirm` })
  expect(confirm.statusCode).toBe(303)
  await world.core.worker.runDue()
}

const events = async (bargainId: string) =>
  (
    await world.core.db
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('type', 'like', 'bargain.bargain.%')
      .orderBy('id')
      .execute()
  )
    .filter(
      (e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).bargainId === bargainId,
    )
    .map((e) => e.type)

const history = async (bargainId: string) =>
  (
    await world.core.db
      .selectFrom('bargain_history')
      .select(['to_status'])
      .where('bargain_id', '=', bargainId)
      .orderBy('id')
      .execute()
  ).map((h) => h.to_status)

describe('offers (console)', () => {
  it('creates with the SKU price as the default start, refuses bad fields by name, pauses and ends', async () => {
    const { s, skuId, offer } = await setup()
    expect(offer).toMatchObject({ startPriceFen: 9900, floorPriceFen: 100, status: 'active', stockCap: null })
    const bad = async (payload: Record<string, unknown>) => {
      const r = await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/bargain/offers',
        payload: {
          skuId,
          floorPriceFen: 100,
          helpersNeeded: 3,
          timeLimitMinutes: 60,
          startsAt: hours(0),
          endsAt: hours(5),
          ...payload,
        },
      })
      expect(r.statusCode).toBe(400)
      return r.json().error.field
    }
    expect(await bad({ floorPriceFen: 0 })).toBe('floorPriceFen')
    expect(await bad({ floorPriceFen: 9900 })).toBe('floorPriceFen')
    const zh = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/bargain/offers',
      payload: {
        skuId,
        floorPriceFen: 9900,
        helpersNeeded: 3,
        timeLimitMinutes: 60,
        startsAt: hours(0),
        endsAt: hours(5),
      },
    })
    expect(zh.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'floorPriceFen',
      message: '输入有误：底价须低于起砍价',
    })
    expect(await bad({ startPriceFen: 102 })).toBe('helpersNeeded')
    expect(await bad({ endsAt: hours(-1) })).toBe('endsAt')
    expect(await bad({ stockCap: 0 })).toBe('stockCap')
    expect(await bad({ extra: 1 })).toBe('extra')

    const edited = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/bargain/offers/${offer.id}`,
      payload: { helpersNeeded: 5, buyAtCurrentPrice: true },
    })
    expect(edited.json()).toMatchObject({ helpersNeeded: 5, buyAtCurrentPrice: true })
    const badEdit = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/bargain/offers/${offer.id}`,
      payload: { floorPriceFen: 20_000 },
    })
    expect(badEdit.json().error.field).toBe('floorPriceFen')

    const a = await s.shopper()
    expect(
      (await s.asOwner({ method: 'POST', url: `/api/v1/console/bargain/offers/${offer.id}/pause` })).json()
        .status,
    ).toBe('paused')
    expect((await start(a, offer.id)).json().error.code).toBe('deal_not_active')
    await s.asOwner({ method: 'POST', url: `/api/v1/console/bargain/offers/${offer.id}/resume` })
    expect((await start(a, offer.id)).statusCode).toBe(201)
    await s.asOwner({ method: 'POST', url: `/api/v1/console/bargain/offers/${offer.id}/end` })
    const again = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/bargain/offers/${offer.id}/resume`,
    })
    expect(again.json().error.code).toBe('invalid_transition')

    const audit = await world.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', s.shop.id)
      .where('entity', '=', 'bargain_offer')
      .orderBy('at')
      .execute()
    expect(audit.map((x) => x.action)).toEqual([
      'bargain_offer.create',
      'bargain_offer.update',
      'bargain_offer.pause',
      'bargain_offer.resume',
      'bargain_offer.end',
    ])

    const list = await s.asOwner({ method: 'GET', url: '/api/v1/console/bargain/offers' })
    expect(list.json().items).toHaveLength(1)
    expect(list.json().items[0].figures).toMatchObject({ started: 1, reached: 0, ordered: 0, paidGmvFen: 0 })

    // Another shop sees none of it.
    const other = await createShop(world)
    const peek = await other.asOwner({ method: 'GET', url: `/api/v1/console/bargain/offers/${offer.id}` })
    expect(peek.statusCode).toBe(404)
    const poke = await other.asOwner({
      method: 'POST',
      url: `/api/v1/console/bargain/offers/${offer.id}/pause`,
    })
    expect(poke.statusCode).toBe(404)
    const shopperThere = await other.shopper()
    expect((await start(shopperThere, offer.id)).statusCode).toBe(404)
  })

  it('an offer outside its window cannot be started', async () => {
    const early = await setup({ startsAt: hours(2), endsAt: hours(5) })
    expect((await start(await early.s.shopper(), early.offer.id)).json().error.code).toBe('not_started')
    world.clock.advanceMinutes(0)
  })
})

describe('a bargain, start to finish', () => {
  it('starts, gets a share link, friends cut to the floor, orders and pays at the floor', async () => {
    const { s, productId, offer } = await setup({ helpersNeeded: 3 })
    const me = await s.shopper()
    const offers = await me.call({
      method: 'GET',
      url: `/api/v1/store/bargain/offers?productId=${productId}`,
    })
    expect(offers.json()).toMatchObject([{ id: offer.id, startPriceFen: 9900, myBargainId: null }])

    const started = await start(me, offer.id)
    expect(started.statusCode, started.body).toBe(201)
    const b = started.json()
    expect(b).toMatchObject({
      status: 'ongoing',
      currentPriceFen: 9900,
      helpersCount: 0,
      mine: true,
      canOrder: false,
    })
    expect(b.share.path).toMatch(/^\/s\/\w+$/)
    // One open bargain per shopper per offer.
    expect((await start(me, offer.id)).json().error.code).toBe('already_exists')
    const listed = await me.call({
      method: 'GET',
      url: `/api/v1/store/bargain/offers?productId=${productId}`,
    })
    expect(listed.json()[0].myBargainId).toBe(b.id)

    // A friend, not signed in, sees the bargain (masked names, no share link, no order).
    const guest = await s.asGuest({ method: 'GET', url: `/api/v1/store/bargains/${b.id}` })
    expect(guest.json()).toMatchObject({ mine: false, share: null, orderId: null })

    const [f1, f2, f3, f4] = await helpers(s, 4)
    // The starter cannot help themself.
    expect((await help(me, b.id)).statusCode).toBe(403)
    const seed = (
      await world.core.db
        .selectFrom('bargains')
        .select('seed')
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow()
    ).seed
    let price = 9900
    for (const [n, f] of [f1, f2, f3].entries()) {
      const r = await help(f, b.id)
      expect(r.statusCode, r.body).toBe(200)
      const expected = cutFen({
        remainingFen: price - 100,
        helpersLeft: 3 - n,
        seed,
        ordinal: n,
        newCustomer: true,
      })
      expect(r.json().cutFen).toBe(expected)
      expect(r.json().newCustomer).toBe(true)
      price -= expected
    }
    expect(price).toBe(100)
    expect((await help(f4, b.id)).json().error.code).toBe('ended')

    const view = (await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b.id}` })).json()
    expect(view).toMatchObject({ status: 'reached', currentPriceFen: 100, cutFen: 9800, canOrder: true })
    expect(view.helpers).toHaveLength(3)
    expect(view.helpers.reduce((a: number, h: any) => a + h.cutFen, 0)).toBe(9800)
    expect(view.helpers[0].nickname).toContain('*')
    expect(new Date(view.payBy).getTime() - new Date(view.reachedAt).getTime()).toBe(30 * 60_000)

    const ordered = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b.id}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(ordered.statusCode, ordered.body).toBe(201)
    const order = ordered.json()
    expect(order).toMatchObject({ kind: 'bargain', kindRef: b.id, itemsFen: 100, status: 'pending_payment' })
    expect(order.lines[0].unitPriceFen).toBe(100)
    // Only one order per bargain.
    const twice = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b.id}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(twice.json().error.code).toBe('invalid_transition')

    await pay(me, order.id)
    const done = (await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b.id}` })).json()
    expect(done).toMatchObject({ status: 'completed', orderId: order.id })
    expect(await history(b.id)).toEqual(['ongoing', 'reached', 'ordered', 'completed'])
    expect(await events(b.id)).toEqual([
      'bargain.bargain.started',
      'bargain.bargain.helped',
      'bargain.bargain.helped',
      'bargain.bargain.helped',
      'bargain.bargain.reached',
      'bargain.bargain.completed',
    ])
    const figures = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/bargain/offers/${offer.id}` })
    ).json()
    expect(figures.figures).toEqual({
      started: 1,
      reached: 1,
      ordered: 1,
      paid: 1,
      paidGmvFen: order.totalFen,
    })

    const mine = await me.call({ method: 'GET', url: '/api/v1/store/bargains' })
    expect(mine.json()).toMatchObject([{ id: b.id, status: 'completed', currentPriceFen: 100 }])
    // Done, the shopper may not start again: one bargain each by default.
    expect((await start(me, offer.id)).json().error.code).toBe('limit_reached')
  })

  it('a shopper who has paid in this shop before cuts as a returning customer', async () => {
    const { s, offer, skuId } = await setup({ helpersNeeded: 5, perShopperLimit: 2 })
    const me = await s.shopper()
    const returning = await s.shopper()
    const fresh = await s.shopper()
    // `returning` buys and pays once.
    const placed = await returning.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId, quantity: 1 }], fulfillment: 'pickup' },
    })
    await pay(returning, placed.json().id)

    const b = (await start(me, offer.id)).json()
    const seed = (
      await world.core.db
        .selectFrom('bargains')
        .select('seed')
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow()
    ).seed
    const r1 = (await help(returning, b.id)).json()
    expect(r1.newCustomer).toBe(false)
    expect(r1.cutFen).toBe(
      cutFen({ remainingFen: 9800, helpersLeft: 5, seed, ordinal: 0, newCustomer: false }),
    )
    const r2 = (await help(fresh, b.id)).json()
    expect(r2.newCustomer).toBe(true)
    expect(r2.cutFen).toBe(
      cutFen({ remainingFen: 9800 - r1.cutFen, helpersLeft: 4, seed, ordinal: 1, newCustomer: true }),
    )
  })
})

describe('limits', () => {
  it('one cut per helper per bargain; one per device per bargain; daily caps per helper and per device', async () => {
    const { s, offer } = await setup({
      helpersNeeded: 10,
      timeLimitMinutes: 3 * 24 * 60,
      helperDailyLimit: 2,
      deviceDailyLimit: 3,
    })
    const owners = await helpers(s, 4)
    const bargains = []
    for (const o of owners) bargains.push((await start(o, offer.id)).json().id as string)
    const [f1, f2, f3, f4] = await helpers(s, 4)

    expect((await help(f1, bargains[0])).statusCode).toBe(200)
    const again = await help(f1, bargains[0])
    expect(again.json().error).toMatchObject({ code: 'already_helped', field: 'id' })
    expect((await help(f1, bargains[1])).statusCode).toBe(200)
    // Two a day for this helper.
    const third = await help(f1, bargains[2])
    expect(third.statusCode).toBe(429)
    expect(third.json().error.field).toBe('id')
    // The next day the count starts again.
    world.clock.advanceMinutes(24 * 60)
    const nextDay = await help(f1, bargains[2])
    expect(nextDay.statusCode, nextDay.body).toBe(200)

    // One device: once per bargain, three a day.
    const phone = { 'x-device-key': `shared-phone-${process.pid}` }
    expect((await help(f2, bargains[0], phone)).statusCode).toBe(200)
    const sameDevice = await help(f3, bargains[0], phone)
    expect(sameDevice.json().error).toMatchObject({ code: 'already_helped', field: 'X-Device-Key' })
    expect((await help(f3, bargains[1], phone)).statusCode).toBe(200)
    expect((await help(f4, bargains[2], phone)).statusCode).toBe(200)
    const fourth = await help(f4, bargains[3], phone)
    expect(fourth.json().error).toMatchObject({ code: 'rate_limited', field: 'X-Device-Key' })
  })

  it('a missing or malformed device key falls back to the caller address, so it cannot dodge the limit', async () => {
    const { s, offer } = await setup({ helpersNeeded: 10, deviceDailyLimit: 1 })
    const b = (await start(await s.shopper(), offer.id)).json().id
    const b2 = (await start(await s.shopper(), offer.id)).json().id
    const [f1, f2, f3] = await helpers(s, 3)
    const fromOneAddress = (sh: Shopper, id: string, headers: Record<string, string> = {}) =>
      sh.call({
        method: 'POST',
        url: `/api/v1/store/bargains/${id}/help`,
        remoteAddress: '10.9.9.9',
        headers,
      })
    expect((await fromOneAddress(f1, b)).statusCode).toBe(200)
    const r = await fromOneAddress(f2, b, { 'x-device-key': 'x' })
    expect(r.json().error).toMatchObject({ code: 'already_helped', field: 'X-Device-Key' })
    const r2 = await fromOneAddress(f3, b2)
    expect(r2.json().error).toMatchObject({ code: 'rate_limited', field: 'X-Device-Key' })
    // The cookie works as the key as well.
    const viaCookie = await f2.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/help`,
      remoteAddress: '10.9.9.9',
      headers: { cookie: `lb_device=cookie-${process.pid}-abcdef` },
    })
    expect(viaCookie.statusCode, viaCookie.body).toBe(200)
  })

  it('signed-out friends cannot help; per-shopper limit counts every bargain started', async () => {
    const { s, offer } = await setup({ helpersNeeded: 2, perShopperLimit: 2, timeLimitMinutes: 60 })
    const me = await s.shopper()
    const b = (await start(me, offer.id)).json().id
    const anon = await s.asGuest({ method: 'POST', url: `/api/v1/store/bargains/${b}/help` })
    expect(anon.statusCode).toBe(401)
    world.clock.advanceMinutes(61)
    await world.core.worker.runDue()
    expect((await start(me, offer.id)).statusCode).toBe(201)
    world.clock.advanceMinutes(61)
    await world.core.worker.runDue()
    expect((await start(me, offer.id)).json().error.code).toBe('limit_reached')
  })

  it('the stock cap counts bargain orders; a cancelled one gives its place back', async () => {
    const { s, offer } = await setup({ helpersNeeded: 1, stockCap: 1, perShopperLimit: 1 })
    const [a, b, f] = await helpers(s, 3)
    const ba = (await start(a, offer.id)).json().id
    const bb = (await start(b, offer.id)).json().id
    await help(f, ba)
    await help(await s.shopper(), bb)
    const oa = await a.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${ba}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(oa.statusCode).toBe(201)
    const ob = await b.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${bb}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(ob.json().error.code).toBe('sold_out')
    expect((await start(await s.shopper(), offer.id)).json().error.code).toBe('sold_out')
    await a.call({ method: 'POST', url: `/api/v1/store/orders/${oa.json().id}/cancel` })
    expect((await a.call({ method: 'GET', url: `/api/v1/store/bargains/${ba}` })).json().status).toBe(
      'reached',
    )
    const ob2 = await b.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${bb}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(ob2.statusCode, ob2.body).toBe(201)
  })
})

describe('time', () => {
  it('an ongoing bargain expires when its time runs out (job), and then takes no help', async () => {
    const { s, offer } = await setup({ helpersNeeded: 3, timeLimitMinutes: 60 })
    const me = await s.shopper()
    const b = (await start(me, offer.id)).json().id
    const [f1, f2] = await helpers(s, 2)
    await help(f1, b)
    world.clock.advanceMinutes(59)
    await world.core.worker.runDue()
    expect((await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b}` })).json().status).toBe(
      'ongoing',
    )
    world.clock.advanceMinutes(1)
    // Due but the job not yet run: the deadline holds anyway.
    expect((await help(f2, b)).json().error.code).toBe('ended')
    await world.core.worker.runDue()
    const v = (await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b}` })).json()
    expect(v).toMatchObject({ status: 'expired', canOrder: false, share: null })
    expect(await history(b)).toEqual(['ongoing', 'expired'])
    expect(await events(b)).toEqual([
      'bargain.bargain.started',
      'bargain.bargain.helped',
      'bargain.bargain.expired',
    ])
  })

  it('a reached bargain not ordered by its pay-by expires', async () => {
    const { s, offer } = await setup({ helpersNeeded: 1, payWithinMinutes: 30 })
    const me = await s.shopper()
    const b = (await start(me, offer.id)).json().id
    await help(await s.shopper(), b)
    world.clock.advanceMinutes(30)
    await world.core.worker.runDue()
    expect(await history(b)).toEqual(['ongoing', 'reached', 'expired'])
    const late = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(late.json().error.code).toBe('invalid_transition')
  })

  it('a cancelled order puts the bargain back to reached while the pay-by lasts; an unpaid one past it expires', async () => {
    const { s, offer } = await setup({ helpersNeeded: 1, payWithinMinutes: 30 })
    const me = await s.shopper()
    const b = (await start(me, offer.id)).json().id
    await help(await s.shopper(), b)
    const o1 = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    await me.call({ method: 'POST', url: `/api/v1/store/orders/${o1.json().id}/cancel` })
    expect((await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b}` })).json()).toMatchObject({
      status: 'reached',
      canOrder: true,
      orderId: null,
    })
    world.clock.advanceMinutes(10)
    const o2 = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(o2.statusCode).toBe(201)
    // The order may stay unpaid only until the bargain's pay-by.
    expect(new Date(o2.json().expiresAt).getTime()).toBeLessThanOrEqual(
      world.clock.now().getTime() + 20 * 60_000,
    )
    world.clock.advanceMinutes(21)
    await world.core.worker.runDue()
    expect(
      (await me.call({ method: 'GET', url: `/api/v1/store/orders/${o2.json().id}` })).json().status,
    ).toBe('cancelled')
    expect(await history(b)).toEqual(['ongoing', 'reached', 'ordered', 'reached', 'ordered', 'expired'])
    const offerNow = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/bargain/offers/${offer.id}` })
    ).json()
    expect(offerNow.orderedCount).toBe(0)
  })

  it('where the offer allows it, the shopper buys at the current price before the floor', async () => {
    const { s, offer } = await setup({ helpersNeeded: 5, buyAtCurrentPrice: true, timeLimitMinutes: 120 })
    const me = await s.shopper()
    const b = (await start(me, offer.id)).json().id
    const cut = (await help(await s.shopper(), b)).json().cutFen
    const v = (await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b}` })).json()
    expect(v.canOrder).toBe(true)
    const o = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(o.statusCode, o.body).toBe(201)
    expect(o.json().itemsFen).toBe(9900 - cut)
    // Ordered: no more cuts.
    expect((await help(await s.shopper(), b)).json().error.code).toBe('ended')
    // Cancelled with time left: it goes on.
    await me.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/cancel` })
    expect((await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b}` })).json().status).toBe(
      'ongoing',
    )
    expect((await help(await s.shopper(), b)).statusCode).toBe(200)
    const o2 = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    await pay(me, o2.json().id)
    expect(await history(b)).toEqual(['ongoing', 'ordered', 'ongoing', 'ordered', 'completed'])
  })

  it('without the option, an ongoing bargain cannot be bought', async () => {
    const { s, offer } = await setup({ helpersNeeded: 5 })
    const me = await s.shopper()
    const b = (await start(me, offer.id)).json().id
    const o = await me.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(o.json().error.code).toBe('invalid_transition')
    // And nobody else can order it.
    const other = await s.shopper()
    const theirs = await other.call({
      method: 'POST',
      url: `/api/v1/store/bargains/${b}/order`,
      payload: { fulfillment: 'pickup' },
    })
    expect(theirs.statusCode).toBe(404)
  })
})
