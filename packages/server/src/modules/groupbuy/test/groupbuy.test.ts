import { describe, expect, it } from 'vitest'
import { createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { unseal } from '../../../platform/seal.js'
import { verifyDraw } from '../domain/lucky-draw.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const HOUR = 60 * 60 * 1000

async function setup(deal: Record<string, unknown>, opts: { price?: number; stock?: number } = {}) {
  const s = await createShop(world)
  const { productId, skuIds } = await createProduct(world, s.shop.id, {
    prices: [opts.price ?? 10_000],
    stock: opts.stock ?? 50,
  })
  const now = world.clock.now().getTime()
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/deals',
    payload: {
      type: 'standard',
      skuId: skuIds[0],
      groupSize: 2,
      groupPriceFen: 8_000,
      timeLimitMinutes: 24 * 60,
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + 30 * 24 * HOUR).toISOString(),
      perPersonLimit: 2,
      ...deal,
    },
  })
  expect(r.statusCode, r.body).toBe(201)
  return { s, productId, skuId: skuIds[0], deal: r.json() }
}

const open = (sh: Shopper, dealId: string, body: Record<string, unknown> = {}) =>
  sh.call({
    method: 'POST',
    url: `/api/v1/store/deals/${dealId}/groups`,
    payload: { fulfillment: 'pickup', ...body },
  })
const join = (sh: Shopper, groupId: string, body: Record<string, unknown> = {}) =>
  sh.call({
    method: 'POST',
    url: `/api/v1/store/groups/${groupId}/join`,
    payload: { fulfillment: 'pickup', ...body },
  })

/** Pays through the sandbox provider and lets its notification land. */
async function pay(sh: Shopper, orderId: string) {
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode, p.body).toBe(200)
  await (world.core.payments.provider('sandbox') as any).confirm(p.json().outTradeNo)
  await world.core.worker.runDue()
}

const group = (sh: Shopper | Shop['asGuest'], id: string) =>
  (typeof sh === 'function' ? sh : sh.call)({ method: 'GET', url: `/api/v1/store/groups/${id}` }).then((r) =>
    r.json(),
  )
const order = (sh: Shopper, id: string) =>
  sh.call({ method: 'GET', url: `/api/v1/store/orders/${id}` }).then((r) => r.json())
const level = (s: Shop, skuId: string) =>
  world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuId)

/** Opens a group and pays for the opener's seat. */
async function openPaid(sh: Shopper, dealId: string, body: Record<string, unknown> = {}) {
  const r = await open(sh, dealId, body)
  expect(r.statusCode, r.body).toBe(201)
  await pay(sh, r.json().order.id)
  return r.json() as { group: { id: string }; order: { id: string } }
}

async function joinPaid(sh: Shopper, groupId: string, body: Record<string, unknown> = {}) {
  const r = await join(sh, groupId, body)
  expect(r.statusCode, r.body).toBe(201)
  await pay(sh, r.json().order.id)
  return r.json() as { group: { id: string }; order: { id: string } }
}

describe('a standard group', () => {
  it('opens when the opener pays, fills, succeeds; orders wait for the group, then ship', async () => {
    const { s, deal, skuId } = await setup({})
    const a = await s.shopper()
    const b = await s.shopper()
    const opened = await open(a, deal.id)
    expect(opened.statusCode).toBe(201)
    const { group: g, order: o } = opened.json()
    expect(g).toMatchObject({ status: 'opening', heldSeats: 1, paidSeats: 0, seatsLeft: 1 })
    expect(o).toMatchObject({ kind: 'group', status: 'pending_payment', totalFen: 8_000 })
    // Not shown, joinable or shareable before the opener pays.
    expect((await s.asGuest({ method: 'GET', url: `/api/v1/store/groups/${g.id}` })).statusCode).toBe(404)
    expect((await join(b, g.id)).statusCode).toBe(404)
    const share = await a.call({
      method: 'POST',
      url: '/api/v1/store/shares',
      payload: { targetKind: 'group', targetId: g.id },
    })
    expect(share.statusCode).toBe(404)

    await pay(a, o.id)
    const forming = await group(s.asGuest, g.id)
    expect(forming).toMatchObject({ status: 'forming', paidSeats: 1, heldSeats: 0, seatsLeft: 1 })
    expect(forming.members).toHaveLength(1)
    expect(forming.members[0]).toMatchObject({ isOpener: true })
    expect(new Date(forming.expiresAt).getTime() - world.clock.now().getTime()).toBe(24 * HOUR)
    expect((await order(a, o.id)).status).toBe('awaiting_group')
    const listed = (await s.asGuest({ method: 'GET', url: `/api/v1/store/deals/${deal.id}` })).json()
    expect(listed.openGroups.map((x: any) => x.id)).toEqual([g.id])

    const token = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/shares',
        payload: { targetKind: 'group', targetId: g.id },
      })
    ).json().token
    const joined = await join(b, g.id, { shareToken: token })
    expect(joined.statusCode).toBe(201)
    expect(joined.json().group).toMatchObject({ heldSeats: 1, seatsLeft: 0 })
    // A held seat is not offered to anyone else.
    const c = await s.shopper()
    expect((await join(c, g.id)).json().error.code).toBe('group_full')
    await pay(b, joined.json().order.id)

    const done = await group(b, g.id)
    expect(done).toMatchObject({ status: 'succeeded', paidSeats: 2 })
    expect(done.me).toMatchObject({ seatStatus: 'paid', isOpener: false })
    const bo = await order(b, joined.json().order.id)
    expect(bo.status).toBe('paid')
    expect(bo.lines[0].attribution).toMatchObject({ groupId: g.id, shareToken: token })
    expect(bo.history.map((h: any) => h.to)).toEqual(['pending_payment', 'awaiting_group', 'paid'])
    expect((await order(a, o.id)).status).toBe('paid')
    expect(await level(s, skuId)).toMatchObject({ onHand: 48, reserved: 0 })
    expect((await join(c, g.id)).json().error.code).toBe('group_closed')

    const stats = (await s.asOwner({ method: 'GET', url: `/api/v1/console/deals/${deal.id}` })).json().stats
    expect(stats).toMatchObject({
      groupsOpened: 1,
      succeeded: 1,
      members: 2,
      gmvFen: 16_000,
      successRateBp: 10_000,
    })
    const events = await world.core.db
      .selectFrom('outbox_events')
      .select('type')
      .where('tenant_id', '=', s.shop.id)
      .where('type', 'like', 'groupbuy.%')
      .orderBy('id')
      .execute()
    expect(events.map((e) => e.type)).toEqual([
      'groupbuy.group.opened',
      'groupbuy.group.joined',
      'groupbuy.group.succeeded',
    ])
  })

  it('refuses the opener joining their own group, a second seat, and other shops’ groups', async () => {
    const { s, deal } = await setup({ groupSize: 3 })
    const a = await s.shopper()
    const b = await s.shopper()
    const { group: g } = await openPaid(a, deal.id)
    expect((await join(a, g.id)).json().error.code).toBe('already_member')
    expect((await join(b, g.id)).statusCode).toBe(201)
    expect((await join(b, g.id)).json().error.code).toBe('already_member')
    const other = await createShop(world)
    const x = await other.shopper()
    expect((await join(x, g.id)).statusCode).toBe(404)
  })

  it('fails at expiry when short: every member is refunded through the provider and stock comes back', async () => {
    const { s, deal, skuId } = await setup({ groupSize: 3 })
    const a = await s.shopper()
    const b = await s.shopper()
    const c = await s.shopper()
    const { group: g, order: ao } = await openPaid(a, deal.id)
    const { order: bo } = await joinPaid(b, g.id)
    const held = (await join(c, g.id)).json()
    expect(await level(s, skuId)).toMatchObject({ onHand: 48, reserved: 1 })

    world.clock.advanceMinutes(24 * 60 + 1)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    const failed = await group(a, g.id)
    expect(failed.status).toBe('failed')
    expect(failed.me.seatStatus).toBe('refunded')
    for (const [sh, id] of [
      [a, ao.id],
      [b, bo.id],
    ] as const) {
      const o = await order(sh, id)
      expect(o.status).toBe('refunded')
      expect(o.refundedFen).toBe(8_000)
    }
    // The seat still being paid for was cancelled with the group.
    expect((await order(c, held.order.id)).status).toBe('cancelled')
    expect(await level(s, skuId)).toMatchObject({ onHand: 50, reserved: 0 })
    const stats = (await s.asOwner({ method: 'GET', url: `/api/v1/console/deals/${deal.id}` })).json().stats
    expect(stats).toMatchObject({ failed: 1, succeeded: 0, gmvFen: 0 })
  })

  it('auto-fill: short at expiry but over the threshold succeeds with only the people who paid', async () => {
    const { s, deal } = await setup({ groupSize: 4, autoFillThresholdBp: 5_000 })
    const a = await s.shopper()
    const b = await s.shopper()
    const { group: g, order: ao } = await openPaid(a, deal.id)
    await joinPaid(b, g.id)
    world.clock.advanceMinutes(24 * 60 + 1)
    await world.core.worker.runDue()
    const done = await group(a, g.id)
    expect(done).toMatchObject({ status: 'succeeded', paidSeats: 2, groupSize: 4 })
    expect(done.members).toHaveLength(2)
    expect((await order(a, ao.id)).status).toBe('paid')
    const history = (await s.asOwner({ method: 'GET', url: `/api/v1/console/groups/${g.id}` })).json().history
    expect(history.at(-1)).toMatchObject({ event: 'auto_fill', to: 'succeeded' })
  })

  it('an opener who does not pay cancels the group; a joiner who does not pay frees the seat', async () => {
    const { s, deal, skuId } = await setup({ groupSize: 2 })
    const a = await s.shopper()
    const unpaid = (await open(a, deal.id)).json()
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    const cg = (await s.asOwner({ method: 'GET', url: `/api/v1/console/groups/${unpaid.group.id}` })).json()
    expect(cg.status).toBe('cancelled')
    expect(cg.seats[0].status).toBe('released')

    const { group: g } = await openPaid(a, deal.id)
    const b = await s.shopper()
    const c = await s.shopper()
    const held = (await join(b, g.id)).json()
    expect((await join(c, g.id)).json().error.code).toBe('group_full')
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    expect((await group(b, g.id)).me.seatStatus).toBe('released')
    expect((await order(b, held.order.id)).status).toBe('cancelled')
    await joinPaid(c, g.id)
    expect((await group(c, g.id)).status).toBe('succeeded')
    expect(await level(s, skuId)).toMatchObject({ onHand: 48, reserved: 0 })
  })

  it('a payment that arrives after its seat was released is refunded, not seated', async () => {
    const { s, deal } = await setup({ groupSize: 3 })
    const a = await s.shopper()
    const b = await s.shopper()
    const { group: g } = await openPaid(a, deal.id)
    const held = (await join(b, g.id)).json()
    const p = await b.call({ method: 'POST', url: `/api/v1/store/orders/${held.order.id}/pay` })
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    await (world.core.payments.provider('sandbox') as any).confirm(p.json().outTradeNo)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    const o = await order(b, held.order.id)
    expect(o.status).toBe('cancelled')
    const refunds = await world.core.db
      .selectFrom('refunds')
      .selectAll()
      .where('order_id', '=', held.order.id)
      .execute()
    expect(refunds.map((r) => [r.amount_fen, r.status])).toEqual([[8_000, 'succeeded']])
    expect((await group(a, g.id)).paidSeats).toBe(1)
  })

  it('new-customer groups take only shoppers who never paid; the per-person limit holds across groups', async () => {
    const { s, deal } = await setup({ groupSize: 3, newCustomersOnly: true, perPersonLimit: 1 })
    const a = await s.shopper()
    const veteran = await s.shopper()
    const { group: g } = await openPaid(a, deal.id)
    // The veteran buys something first.
    const second = await openPaid(veteran, deal.id)
    expect((await join(veteran, g.id)).json().error.code).toBe('new_customers_only')
    const fresh = await s.shopper()
    expect((await join(fresh, g.id)).statusCode).toBe(201)
    expect((await join(fresh, second.group.id)).json().error.code).toBe('limit_reached')
    expect((await open(a, deal.id)).json().error.code).toBe('limit_reached')
  })

  it('an operator closes a forming group: members refunded, audited', async () => {
    const { s, deal } = await setup({ groupSize: 3 })
    const a = await s.shopper()
    const { group: g, order: ao } = await openPaid(a, deal.id)
    const closed = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/groups/${g.id}/close`,
      payload: { reason: '商品质量问题下架' },
    })
    expect(closed.statusCode).toBe(200)
    expect(closed.json()).toMatchObject({ status: 'failed' })
    await world.core.worker.runDue()
    expect((await order(a, ao.id)).status).toBe('refunded')
    const b = await s.shopper()
    await openPaid(b, deal.id)
    const listed = async (status: string) =>
      (
        await s.asOwner({ method: 'GET', url: `/api/v1/console/deals/${deal.id}/groups?status=${status}` })
      ).json().items
    const failedGroups = await listed('failed')
    expect(failedGroups.map((x: any) => x.id)).toEqual([g.id])
    expect(failedGroups[0].seats).toMatchObject([{ isOpener: true, status: 'refunded', orderId: ao.id }])
    expect(failedGroups[0].history.map((h: any) => h.event)).toEqual(['create', 'open', 'close'])
    expect((await listed('forming')).map((x: any) => x.opener.id)).toEqual([b.id])
    const logged = await world.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', s.shop.id)
      .where('action', '=', 'groupbuy.group.close')
      .execute()
    expect(logged).toHaveLength(1)
    expect(
      (
        await s.asOwner({
          method: 'POST',
          url: `/api/v1/console/groups/${g.id}/close`,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(409)
  })
})

describe('deal types', () => {
  it('ladder: the price falls with each step and the difference is refunded when the group closes', async () => {
    const { s, deal } = await setup({
      type: 'ladder',
      groupSize: 4,
      groupPriceFen: undefined,
      ladderSteps: [
        { size: 2, priceFen: 8_900 },
        { size: 3, priceFen: 7_900 },
        { size: 4, priceFen: 6_900 },
      ],
    })
    const [a, b, c] = [await s.shopper(), await s.shopper(), await s.shopper()]
    const { group: g, order: ao } = await openPaid(a, deal.id)
    const { order: bo } = await joinPaid(b, g.id)
    expect((await group(a, g.id)).priceFen).toBe(8_900)
    const { order: co } = await joinPaid(c, g.id)
    expect((await order(c, co.id)).totalFen).toBe(7_900)
    expect(await group(a, g.id)).toMatchObject({ status: 'forming', priceFen: 7_900 })
    world.clock.advanceMinutes(24 * 60 + 1)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect((await group(a, g.id)).status).toBe('succeeded')
    for (const [sh, id, refunded] of [
      [a, ao.id, 1_000],
      [b, bo.id, 1_000],
      [c, co.id, 0],
    ] as const) {
      const o = await order(sh, id)
      expect(o.status).toBe('paid')
      expect(o.refundedFen).toBe(refunded)
    }
    // A member refunded later gets back what they finally paid, not more.
    const after = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${ao.id}/refund`,
      payload: { reason: 'customer asked' },
    })
    expect(after.statusCode, after.body).toBe(201)
    expect(after.json().amountFen).toBe(7_900)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect(await order(a, ao.id)).toMatchObject({ status: 'refunded', refundedFen: 8_900 })
    const seats = (await s.asOwner({ method: 'GET', url: `/api/v1/console/groups/${g.id}` })).json().seats
    expect(seats.find((x: any) => x.isOpener).status).toBe('refunded')
  })

  it('lucky draw: when full, k winners are drawn verifiably from the committed seed; the rest are refunded', async () => {
    const { s, deal } = await setup({
      type: 'lucky_draw',
      groupSize: 3,
      groupPriceFen: 100,
      luckyDrawWinners: 1,
    })
    const [a, b, c] = [await s.shopper(), await s.shopper(), await s.shopper()]
    const { group: g } = await openPaid(a, deal.id)
    const committed = (await group(a, g.id)).draw
    expect(committed.seedHash).toMatch(/^[0-9a-f]{64}$/)
    expect(committed.seed).toBeNull()
    await joinPaid(b, g.id)
    await joinPaid(c, g.id)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    const drawn = await group(a, g.id)
    expect(drawn.status).toBe('drawn')
    expect(drawn.draw.seedHash).toBe(committed.seedHash)
    expect(drawn.draw.winners).toHaveLength(1)
    // Anyone can recompute the winners from the revealed seed and the members' seat ids.
    expect(
      verifyDraw(
        drawn.draw.seedHash,
        drawn.draw.seed,
        drawn.members.map((m: any) => m.id),
        1,
        drawn.draw.winners,
      ),
    ).toBe(true)
    const seats = (await s.asOwner({ method: 'GET', url: `/api/v1/console/groups/${g.id}` })).json().seats
    const statuses = await world.core.db
      .selectFrom('orders')
      .select(['id', 'status', 'refunded_fen'])
      .where(
        'id',
        'in',
        seats.map((x: any) => x.orderId),
      )
      .execute()
    const winner = seats.find((x: any) => x.won)
    for (const seat of seats) {
      const o = statuses.find((x) => x.id === seat.orderId)!
      if (seat === winner) expect(o).toMatchObject({ status: 'paid', refunded_fen: 0 })
      else expect(o).toMatchObject({ status: 'refunded', refunded_fen: 100 })
    }
  })

  it('cross-border: a real resident ID is required, stored masked and sealed; the price carries import tax', async () => {
    const { s, deal } = await setup({ type: 'cross_border', importTaxRateBp: 910, groupPriceFen: 9_900 })
    expect(deal.importTaxFen).toBe(901)
    const a = await s.shopper()
    const missing = await open(a, deal.id)
    expect(missing.json().error).toMatchObject({ code: 'validation_failed', field: 'realName' })
    const bad = await open(a, deal.id, { realName: '张三', residentId: '11010519491231002Y' })
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'residentId' })
    const ok = await open(a, deal.id, { realName: '张三', residentId: '11010519491231002x' })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json().order).toMatchObject({ itemsFen: 9_900, taxFen: 901, totalFen: 10_801 })
    const seat = await world.core.db
      .selectFrom('group_seats')
      .selectAll()
      .where('order_id', '=', ok.json().order.id)
      .executeTakeFirstOrThrow()
    expect(seat.resident_id_masked).toBe('110105********002X')
    expect(seat.resident_id_sealed).not.toContain('19491231')
    expect(unseal(world.core.config.dataKey!, seat.resident_id_sealed!)).toBe('11010519491231002X')
  })

  it('free to open: the opener’s seat costs nothing and opens the group at once', async () => {
    const { s, deal } = await setup({ freeToOpen: true })
    const a = await s.shopper()
    const r = await open(a, deal.id)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json().order).toMatchObject({ totalFen: 0, status: 'awaiting_group' })
    expect(r.json().group.status).toBe('forming')
    const b = await s.shopper()
    const { order: bo } = await joinPaid(b, r.json().group.id)
    expect((await order(b, bo.id)).status).toBe('paid')
    expect((await order(a, r.json().order.id)).status).toBe('paid')
  })
})

describe('flash groups', () => {
  it('take their seats from the slot’s carved stock and give a freed seat back to it', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [10_000], stock: 20 })
    const skuId = skuIds[0]
    const at = (ms: number) => new Date(world.clock.now().getTime() + ms).toISOString()
    const c = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/flash-sales',
      payload: {
        title: '秒杀团',
        slots: [
          {
            startsAt: at(HOUR),
            endsAt: at(3 * HOUR),
            skus: [{ skuId, flashPriceFen: 5_000, stock: 3, perPersonLimit: 1 }],
          },
        ],
      },
    })
    expect(c.statusCode, c.body).toBe(201)
    expect(
      (await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${c.json().id}/schedule` }))
        .statusCode,
    ).toBe(200)
    const slotId = c.json().slots[0].id
    const deal = async (p: Record<string, unknown>) =>
      s.asOwner({
        method: 'POST',
        url: '/api/v1/console/deals',
        payload: {
          type: 'flash',
          skuId,
          groupSize: 2,
          groupPriceFen: 4_500,
          timeLimitMinutes: 60,
          startsAt: at(0),
          endsAt: at(3 * HOUR),
          perPersonLimit: 1,
          flashSlotId: slotId,
          ...p,
        },
      })
    expect((await deal({ flashSlotId: '00000000-0000-4000-8000-000000000000' })).json().error).toMatchObject({
      code: 'not_found',
      field: 'flashSlotId',
    })
    const d = (await deal({})).json()
    const a = await s.shopper()
    // Not before the slot starts.
    expect((await open(a, d.id)).json().error.code).toBe('not_started')
    world.clock.advanceMinutes(61)
    const { group: g } = await openPaid(a, d.id)
    const b = await s.shopper()
    const held = (await join(b, g.id)).json()
    const carve = async () =>
      (await s.asOwner({ method: 'GET', url: `/api/v1/console/flash-sales/${c.json().id}` })).json().slots[0]
        .skus[0]
    expect(await carve()).toMatchObject({ taken: 2, left: 1 })
    // B lets the seat go unpaid: the unit goes back to the slot.
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    expect((await order(b, held.order.id)).status).toBe('cancelled')
    expect(await carve()).toMatchObject({ taken: 1, left: 2 })
    const e = await s.shopper()
    await joinPaid(e, g.id)
    expect((await group(a, g.id)).status).toBe('succeeded')
    // Two sold of three carved: one left for anyone else.
    const f = await s.shopper()
    const third = await openPaid(f, d.id)
    expect(third.group.id).toBeDefined()
    const x = await s.shopper()
    expect((await join(x, third.group.id)).json().error.code).toBe('sold_out')
  })
})

describe('deals in the console', () => {
  it('validates deals field by field and keeps terms fixed once groups opened', async () => {
    const { s, deal, skuId } = await setup({})
    const bad = async (patch: Record<string, unknown>) =>
      (
        await s.asOwner({
          method: 'POST',
          url: '/api/v1/console/deals',
          payload: {
            type: 'standard',
            skuId,
            groupSize: 2,
            groupPriceFen: 8_000,
            timeLimitMinutes: 60,
            startsAt: '2026-01-01T00:00:00Z',
            endsAt: '2027-01-01T00:00:00Z',
            perPersonLimit: 1,
            ...patch,
          },
        })
      ).json().error
    expect(await bad({ groupSize: 101 })).toMatchObject({
      code: 'validation_failed',
      field: 'groupSize',
      message: '输入有误：成团人数应在 2 到 100 之间',
    })
    expect(await bad({ groupPriceFen: 10_000 })).toMatchObject({ field: 'groupPriceFen' })
    expect(await bad({ endsAt: '2025-01-01T00:00:00Z' })).toMatchObject({ field: 'endsAt' })
    expect(await bad({ type: 'ladder' })).toMatchObject({ field: 'groupPriceFen' })
    expect(await bad({ luckyDrawWinners: 1 })).toMatchObject({ field: 'luckyDrawWinners' })
    expect(await bad({ extra: 1 })).toMatchObject({ code: 'validation_failed' })

    const a = await s.shopper()
    await openPaid(a, deal.id)
    const patch = (p: Record<string, unknown>) =>
      s.asOwner({
        method: 'PATCH',
        url: `/api/v1/console/deals/${deal.id}`,
        payload: {
          type: 'standard',
          skuId,
          groupSize: 2,
          groupPriceFen: 8_000,
          timeLimitMinutes: 24 * 60,
          startsAt: deal.startsAt,
          endsAt: deal.endsAt,
          perPersonLimit: 2,
          ...p,
        },
      })
    expect((await patch({ groupPriceFen: 7_000 })).json().error).toMatchObject({ code: 'invalid_transition' })
    expect((await patch({ perPersonLimit: 3 })).json().perPersonLimit).toBe(3)
    const paused = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/deals/${deal.id}/status`,
      payload: { status: 'paused' },
    })
    expect(paused.json().status).toBe('paused')
    expect((await open(a, deal.id)).json().error.code).toBe('deal_not_active')
    const listed = (await s.asGuest({ method: 'GET', url: '/api/v1/store/deals' })).json().items
    expect(listed).toHaveLength(0)
  })
})

describe('the live group page', () => {
  it('streams the group at once and again when someone joins and pays', async () => {
    const { s, deal } = await setup({})
    const a = await s.shopper()
    const b = await s.shopper()
    const { group: g } = await openPaid(a, deal.id)
    const address = await world.app.listen({ port: 0, host: '127.0.0.1' })
    const abort = new AbortController()
    const res = await fetch(`${address}/api/v1/store/groups/${g.id}/events`, {
      headers: { 'x-shop': s.shop.slug },
      signal: abort.signal,
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    const next = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const message = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = message.split('\n').find((l) => l.startsWith('data: '))
          if (data) return JSON.parse(data.slice(6))
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buffer += decoder.decode(value)
      }
    }
    expect(await next()).toMatchObject({ id: g.id, status: 'forming', paidSeats: 1 })
    await joinPaid(b, g.id)
    let update = await next()
    while (update.status === 'forming') update = await next()
    expect(update).toMatchObject({ status: 'succeeded', paidSeats: 2 })
    expect(update.members).toHaveLength(2)
    abort.abort()
  })
})
