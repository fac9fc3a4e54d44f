import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { systemCtx } from '../../../platform/context.js'
import { storeRows } from '../analytics.ingest.js'
import { rollupStep } from '../analytics.rollup.js'
import { kFactor as kFactorOfEvents } from '../domain/metrics.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const TODAY = '2026-11-23'
const PRICE = 5_000

/** Buys one unit (through a share when a token is given) and pays in the sandbox cashier. */
async function buy(sh: Shopper, skuId: string, shareToken?: string) {
  const placed = await sh.call({
    method: 'POST',
    url: '/api/v1/store/orders',
    payload: {
      items: [{ skuId, quantity: 1 }],
      fulfillment: 'pickup',
      ...(shareToken ? { attribution: { shareToken } } : {}),
    },
  })
  expect(placed.statusCode, placed.body).toBe(201)
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${placed.json().id}/pay` })
  const path = new URL(p.json().payUrl).pathname
  await call(world, { method: 'POST', url: `${path}/confirm` })
  await world.core.worker.runDue()
  return placed.json().id as string
}

async function shareOf(sh: Shopper, productId: string) {
  const r = await sh.call({
    method: 'POST',
    url: '/api/v1/store/shares',
    payload: { targetKind: 'product', targetId: productId, channel: 'wechat_chat' },
  })
  expect(r.statusCode, r.body).toBe(200)
  return r.json().token as string
}

async function open(token: string, by: Shopper | { call: Shop['asGuest']; key: string }) {
  const o = { method: 'POST' as const, url: `/api/v1/store/shares/${token}/open` }
  const r = 'key' in by ? await by.call({ ...o, headers: { 'x-visitor-key': by.key } }) : await by.call(o)
  expect(r.statusCode, r.body).toBe(200)
}

let seq = 0
const clientEvent = (type: string, extra: Record<string, unknown> = {}) => ({
  id: `ev-${process.pid}-${seq++}`,
  type,
  ...extra,
})

/**
 * A shop where A buys on their own and shares; B buys through A's link, C through B's, D through
 * C's, E through D's: four generations below A. A also reports two share actions, a visitor opens
 * A's link without signing in, two people view the product, and B buys again on their own.
 */
async function cascadeShop() {
  const s = await createShop(world)
  const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [PRICE], stock: 50 })
  const sku = skuIds[0]
  const [a, b, c, d, e] = [
    await s.shopper(),
    await s.shopper(),
    await s.shopper(),
    await s.shopper(),
    await s.shopper(),
  ]
  await buy(a, sku)
  const tA = await shareOf(a, productId)
  const sent = await a.call({
    method: 'POST',
    url: '/api/v1/store/analytics/events',
    headers: { 'x-shop': s.shop.slug },
    payload: {
      events: [
        clientEvent('share.sent', { shareToken: tA, channel: 'wechat_chat' }),
        clientEvent('share.sent', { shareToken: tA, channel: 'moments' }),
        clientEvent('page.viewed', { productId, path: `/p/${productId}` }),
      ],
    },
  })
  expect(sent.statusCode, sent.body).toBe(200)
  expect(sent.json()).toEqual({ accepted: 3, duplicates: 0, ignored: 0 })
  const viewed = await s.asGuest({
    method: 'POST',
    url: '/api/v1/store/analytics/events',
    headers: { 'x-visitor-key': 'visitor-key-123' },
    payload: { events: [clientEvent('page.viewed', { productId, shareToken: tA })] },
  })
  expect(viewed.json()).toEqual({ accepted: 1, duplicates: 0, ignored: 0 })
  await open(tA, b)
  await open(tA, { call: s.asGuest, key: 'visitor-key-123' })
  world.clock.advanceMinutes(60)
  await buy(b, sku, tA)
  const tB = await shareOf(b, productId)
  await open(tB, c)
  world.clock.advanceMinutes(60)
  await buy(c, sku, tB)
  const tC = await shareOf(c, productId)
  await open(tC, d)
  world.clock.advanceMinutes(60)
  await buy(d, sku, tC)
  const tD = await shareOf(d, productId)
  await open(tD, e)
  world.clock.advanceMinutes(60)
  await buy(e, sku, tD)
  await buy(b, sku)
  await world.core.worker.runDue()
  await world.core.analytics.rollup()
  return { s, productId, sku, people: { a, b, c, d, e }, tokens: { tA, tB, tC, tD } }
}

describe('fission analytics over real shares, opens and orders', () => {
  it('stores each outbox and storefront event once, and rolls them into the overview', async () => {
    const { s, people } = await cascadeShop()
    const counts = await world.core.db
      .selectFrom('analytics_events')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', s.shop.id)
      .groupBy('type')
      .orderBy('type')
      .execute()
    expect(Object.fromEntries(counts.map((c) => [c.type, Number(c.n)]))).toEqual({
      'order.paid': 6,
      'page.viewed': 2,
      'share.created': 4,
      'share.opened': 5,
      'share.sent': 2,
    })
    const r = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/overview?from=${TODAY}&to=${TODAY}`,
    })
    expect(r.statusCode, r.body).toBe(200)
    const o = r.json()
    expect(o.totals).toMatchObject({
      orders: 6,
      gmvFen: 6 * PRICE,
      netGmvFen: 6 * PRICE,
      newCustomers: 5,
      shares: 4,
      shareActions: 2,
      opens: 5,
      firstOpens: 5,
      views: 2,
    })
    expect(o.days).toEqual([expect.objectContaining({ day: TODAY, orders: 6, newCustomers: 5 })])
    // B's second order carries no token, but B opened A's link that day: it counts for A's share.
    expect(o.bySource).toEqual([
      expect.objectContaining({ source: 'share', orders: 5, gmvFen: 5 * PRICE, newCustomers: 4 }),
      expect.objectContaining({ source: 'direct', orders: 1, gmvFen: PRICE, newCustomers: 1 }),
    ])
    expect(o.byChannel).toContainEqual(
      expect.objectContaining({ channel: 'wechat_chat', orders: 5, shares: 4 }),
    )
    expect(o.customers).toEqual({
      new: { customers: 5, orders: 5, gmvFen: 5 * PRICE },
      returning: { orders: 1, gmvFen: PRICE },
    })
    expect(o.commission).toEqual({ fen: 0, shareOfGmv: 0 })

    // Delivered again (at least once) and retried by the storefront: nothing counts twice.
    const outbox = await world.core.db
      .selectFrom('outbox_events')
      .selectAll()
      .where('tenant_id', '=', s.shop.id)
      .where('type', '=', 'orders.order.paid')
      .execute()
    for (const ev of outbox)
      await world.core.analytics.ingestOutbox(world.core.db, {
        id: ev.id,
        tenantId: ev.tenant_id,
        type: ev.type,
        payload: ev.payload as never,
        createdAt: new Date(ev.created_at).toISOString(),
      })
    const again = await people.a.call({
      method: 'POST',
      url: '/api/v1/store/analytics/events',
      headers: { 'x-shop': s.shop.slug },
      payload: {
        events: [{ id: `ev-${process.pid}-0`, type: 'share.sent', shareToken: (await shareOfAny(s)).token }],
      },
    })
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 })
    await world.core.analytics.rollup()
    const after = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/overview?from=${TODAY}&to=${TODAY}`,
    })
    expect(after.json().totals).toEqual(o.totals)

    // Another shop sees none of it.
    const other = await createShop(world)
    const theirs = await other.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/overview?from=${TODAY}&to=${TODAY}`,
    })
    expect(theirs.json().totals).toMatchObject({ orders: 0, gmvFen: 0, newCustomers: 0 })
  })

  it('measures K and its terms in SQL, as the pure metrics do on the same events', async () => {
    const { s } = await cascadeShop()
    const r = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/k-factor?from=${TODAY}&to=${TODAY}&windowDays=7`,
    })
    expect(r.statusCode, r.body).toBe(200)
    const k = r.json()
    // 5 buyers; A, B, C, D shared; A's link counts 2 sends (the storefront's), the others 1;
    // first opens: B and a visitor on A's link, then C, D, E; B, C, D, E are new buyers.
    expect(k).toMatchObject({
      buyers: 5,
      sharers: 4,
      sends: 5,
      opens: 5,
      newBuyers: 4,
      windowDays: 7,
      activation: 'first_paid_order',
    })
    expect(k.k).toBeCloseTo(4 / 5, 12)
    expect(k.s * k.f * k.r * k.c).toBeCloseTo(k.k, 12)
    expect(k.cycleTime.meanDays).toBeCloseTo(1 / 24, 6)

    const all = await world.core.db
      .selectFrom('analytics_events')
      .select('campaign')
      .distinct()
      .where('tenant_id', '=', s.shop.id)
      .where('campaign', 'is not', null)
      .execute()
    const ctx = systemCtx(s.shop.id, world.core.db)
    const events = (
      await Promise.all(all.map((c) => world.core.analytics.campaignEvents(ctx, c.campaign!)))
    ).flat()
    const orders = await world.core.db
      .selectFrom('analytics_events')
      .select(['shopper_id', 'at', 'ref', 'amount_fen'])
      .where('tenant_id', '=', s.shop.id)
      .where('type', '=', 'order.paid')
      .where('campaign', 'is', null)
      .execute()
    for (const o of orders)
      events.push({
        type: 'order.paid',
        at: new Date(o.at).getTime(),
        actor: o.shopper_id,
        ref: o.ref,
        amountFen: Number(o.amount_fen),
      })
    const pure = kFactorOfEvents(events, {
      from: Date.parse(`${TODAY}T00:00:00+08:00`),
      to: Date.parse(`${TODAY}T24:00:00+08:00`),
    })
    expect(pure).toMatchObject({
      buyers: k.buyers,
      sharers: k.sharers,
      sends: k.sends,
      opens: k.opens,
      newBuyers: k.newBuyers,
    })

    const narrow = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/k-factor?from=${TODAY}&to=${TODAY}&windowDays=91`,
    })
    expect(narrow.statusCode).toBe(400)
  })

  it('shows the product’s cascade four generations deep, and its funnel', async () => {
    const { s, productId, people } = await cascadeShop()
    const r = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/cascades?productId=${productId}`,
    })
    expect(r.statusCode, r.body).toBe(200)
    const c = r.json()
    expect(c).toMatchObject({
      campaign: `product:${productId}`,
      people: 5,
      roots: 1,
      maxDepth: 4,
      truncated: false,
    })
    expect(c.generations.map((g: any) => [g.generation, g.people, g.sends, g.opens, g.orders])).toEqual([
      [0, 1, 2, 2, 0],
      [1, 1, 1, 1, 2],
      [2, 1, 1, 1, 1],
      [3, 1, 1, 1, 1],
      [4, 1, 0, 0, 1],
    ])
    expect(c.nodes.map((n: any) => n.id)).toEqual([
      people.a.id,
      people.b.id,
      people.c.id,
      people.d.id,
      people.e.id,
    ])
    expect(c.topSpreaders[0]).toMatchObject({ id: people.a.id, descendants: 4, descendantGmvFen: 5 * PRICE })
    expect(c.depths).toEqual([{ depth: 4, trees: 1 }])

    const f = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/funnel?from=${TODAY}&to=${TODAY}&productId=${productId}`,
    })
    expect(f.statusCode, f.body).toBe(200)
    expect(f.json().steps.map((x: any) => [x.step, x.people])).toEqual([
      ['view', 2],
      ['share', 4],
      ['open', 5],
      ['order', 4],
    ])
    expect(f.json()).toMatchObject({ orders: 5, gmvFen: 5 * PRICE })
    const none = await s.asOwner({ method: 'GET', url: '/api/v1/console/analytics/cascades' })
    expect(none.statusCode).toBe(400)
  })
})

async function shareOfAny(s: Shop) {
  return world.core.db
    .selectFrom('shares')
    .select('token')
    .where('tenant_id', '=', s.shop.id)
    .orderBy('created_at')
    .executeTakeFirstOrThrow()
}

describe('the storefront ingestion endpoint', () => {
  it('takes at most 50 events, needs a person, and ignores share actions by anyone but the sharer', async () => {
    const s = await createShop(world)
    const { productId } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const b = await s.shopper()
    const token = await shareOf(a, productId)
    const post = (events: unknown[], headers: Record<string, string> = {}) =>
      s.asGuest({ method: 'POST', url: '/api/v1/store/analytics/events', headers, payload: { events } })
    const tooMany = await post(
      Array.from({ length: 51 }, () => clientEvent('page.viewed')),
      { 'x-visitor-key': 'visitor-key-456' },
    )
    expect(tooMany.statusCode).toBe(400)
    const nobody = await post([clientEvent('page.viewed')])
    expect(nobody.statusCode).toBe(400)
    expect(nobody.json().error.field).toBe('x-visitor-key')
    const badType = await post([clientEvent('order.paid')], { 'x-visitor-key': 'visitor-key-456' })
    expect(badType.statusCode).toBe(400)
    const byB = await b.call({
      method: 'POST',
      url: '/api/v1/store/analytics/events',
      payload: {
        events: [
          clientEvent('share.sent', { shareToken: token }),
          clientEvent('page.clicked', { shareToken: 'zzzzzzzzzz' }),
          clientEvent('page.clicked', { element: 'buy', at: '2020-01-01T00:00:00Z' }),
        ],
      },
    })
    expect(byB.json()).toEqual({ accepted: 1, duplicates: 0, ignored: 2 })
    const click = await world.core.db
      .selectFrom('analytics_events')
      .select('at')
      .where('tenant_id', '=', s.shop.id)
      .where('type', '=', 'page.clicked')
      .executeTakeFirstOrThrow()
    // A client clock far off: the server's time is used.
    expect(new Date(click.at).toISOString()).toBe(world.clock.now().toISOString())
  })
})

describe('the rollup', () => {
  it('repeats a step that did not commit, never half of it', async () => {
    const s = await createShop(world)
    const ctx = systemCtx(s.shop.id, world.core.db)
    await world.core.analytics.rollup()
    const before = await world.core.db
      .selectFrom('analytics_rollup_state')
      .selectAll()
      .executeTakeFirstOrThrow()
    await storeRows(world.core, world.core.db, s.shop.id, [
      { type: 'page.viewed', at: world.clock.now(), props: '{}', source_event: 'test:crash-1' },
      { type: 'page.viewed', at: world.clock.now(), props: '{}', source_event: 'test:crash-2' },
    ])
    await expect(
      world.core.db.transaction().execute(async (trx) => {
        expect(await rollupStep(world.core, trx)).toBe(2)
        throw new Error('crash after the step')
      }),
    ).rejects.toThrow(/crash/)
    const still = await world.core.db
      .selectFrom('analytics_rollup_state')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(still.last_id).toBe(before.last_id)
    expect(await world.core.analytics.rollup()).toBe(2)
    const o = await world.core.analytics.overview(ctx, { from: TODAY, to: TODAY })
    expect(o.totals.views).toBe(2)
    expect(await world.core.analytics.rollup()).toBe(0)
  })

  it('moves a new customer to the day of an earlier order that arrived late', async () => {
    const s = await createShop(world)
    const ctx = systemCtx(s.shop.id, world.core.db)
    const shopper = await s.shopper()
    const day2 = new Date(Date.parse(`${TODAY}T12:00:00+08:00`))
    const day1 = new Date(day2.getTime() - 86_400_000)
    const order = (at: Date, ref: string) => ({
      type: 'order.paid',
      at,
      shopper_id: shopper.id,
      ref,
      amount_fen: 100,
      source: 'direct',
      props: '{}',
      source_event: `test:${ref}`,
    })
    await storeRows(world.core, world.core.db, s.shop.id, [order(day2, 'late-2')])
    await world.core.analytics.rollup()
    await storeRows(world.core, world.core.db, s.shop.id, [order(day1, 'late-1')])
    await world.core.analytics.rollup()
    const o = await world.core.analytics.overview(ctx, { from: '2026-11-22', to: TODAY })
    expect(o.days.map((d: any) => [d.day, d.orders, d.newCustomers])).toEqual([
      ['2026-11-22', 1, 1],
      [TODAY, 1, 0],
    ])
    const row = await world.core.db
      .selectFrom('analytics_customers')
      .selectAll()
      .where('tenant_id', '=', s.shop.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ first_order: 'late-1', orders: 2 })
  })

  it.runIf(process.env.TEST_DB === 'postgres')(
    'does not pass an event whose transaction is still open, and counts it once it commits',
    async () => {
      const s = await createShop(world)
      const ctx = systemCtx(s.shop.id, world.core.db)
      await world.core.analytics.rollup()
      let release!: () => void
      const held = new Promise<void>((r) => {
        release = r
      })
      let written!: () => void
      const wrote = new Promise<void>((r) => {
        written = r
      })
      const slow = world.core.db.transaction().execute(async (trx) => {
        await storeRows(world.core, trx, s.shop.id, [
          { type: 'page.viewed', at: world.clock.now(), props: '{}', source_event: 'test:slow' },
        ])
        written()
        await held
      })
      await wrote
      // A later transaction commits meanwhile: the rollup must wait for the open one before passing it.
      await storeRows(world.core, world.core.db, s.shop.id, [
        { type: 'page.viewed', at: world.clock.now(), props: '{}', source_event: 'test:fast' },
      ])
      await world.core.analytics.rollup({ waitMs: 0 })
      expect((await world.core.analytics.overview(ctx, { from: TODAY, to: TODAY })).totals.views).toBe(0)
      release()
      await slow
      await world.core.analytics.rollup()
      expect((await world.core.analytics.overview(ctx, { from: TODAY, to: TODAY })).totals.views).toBe(2)
    },
  )
})

describe('retention cohorts', () => {
  it('groups the shop’s customers by first week and source, from the event store', async () => {
    const s = await createShop(world)
    const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()]
    const paid = (shopper: string, day: string, source: string, ref: string) => ({
      type: 'order.paid',
      at: new Date(`${day}T09:00:00+08:00`),
      shopper_id: shopper,
      ref,
      amount_fen: 100,
      source,
      props: '{}',
      source_event: `test:retention:${ref}`,
    })
    await storeRows(world.core, world.core.db, s.shop.id, [
      paid(s1, '2026-11-09', 'share', 'r1'),
      paid(s1, '2026-11-16', 'direct', 'r2'),
      paid(s1, '2026-11-23', 'direct', 'r3'),
      paid(s2, '2026-11-10', 'direct', 'r4'),
      paid(s3, '2026-11-17', 'direct', 'r5'),
      paid(s3, '2026-11-23', 'group', 'r6'),
    ])
    await world.core.analytics.rollup()
    const r = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/retention?from=2026-11-11&to=${TODAY}`,
    })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    expect(body.from).toBe('2026-11-09')
    expect(
      body.cohorts.map((c: any) => [
        c.week,
        c.source,
        c.customers,
        c.retained.map((x: any) => [x.customers, x.partial]),
      ]),
    ).toEqual([
      [
        '2026-11-09',
        'all',
        2,
        [
          [1, false],
          [1, true],
        ],
      ],
      [
        '2026-11-09',
        'direct',
        1,
        [
          [0, false],
          [0, true],
        ],
      ],
      [
        '2026-11-09',
        'share',
        1,
        [
          [1, false],
          [1, true],
        ],
      ],
      ['2026-11-16', 'all', 1, [[1, true]]],
      ['2026-11-16', 'direct', 1, [[1, true]]],
    ])
    expect(body.bySource[0]).toEqual({
      source: 'all',
      customers: 3,
      retained: [{ week: 1, customers: 1, rate: 0.5 }],
    })

    const other = await createShop(world)
    const theirs = await other.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/retention?from=2026-11-11&to=${TODAY}`,
    })
    expect(theirs.json().cohorts).toEqual([])
    const backwards = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/retention?from=${TODAY}&to=2026-11-01`,
      headers: { 'accept-language': 'en' },
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error).toMatchObject({ code: 'validation_failed', field: 'from' })
  })
})
