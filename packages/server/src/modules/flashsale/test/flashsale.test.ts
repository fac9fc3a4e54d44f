import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { invariants } from '../../../invariants.js'
import { failed, formatReport, runChecks } from '../../../platform/checks.js'
import { checkLedger } from '../../ledger/index.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const HOUR = 3_600_000
const at = (ms: number) => new Date(world.clock.now().getTime() + ms).toISOString()

async function campaign(s: Shop, skuId: string, o: { stock?: number; limit?: number; price?: number } = {}) {
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/flash-sales',
    payload: {
      title: '双11 秒杀',
      slots: [
        {
          startsAt: at(HOUR),
          endsAt: at(2 * HOUR),
          skus: [{ skuId, flashPriceFen: o.price ?? 990, stock: o.stock ?? 5, perPersonLimit: o.limit ?? 1 }],
        },
      ],
    },
  })
  expect(r.statusCode).toBe(201)
  return r.json()
}

async function scheduled(s: Shop, skuId: string, o: { stock?: number; limit?: number } = {}) {
  const c = await campaign(s, skuId, o)
  const r = await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${c.id}/schedule` })
  expect(r.statusCode).toBe(200)
  return r.json()
}

const buy = (a: Shopper, slotId: string, skuId: string, quantity = 1) =>
  a.call({ method: 'POST', url: '/api/v1/store/flash-sales/purchases', payload: { slotId, skuId, quantity } })

async function pay(a: Shopper, orderId: string) {
  const p = await a.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode).toBe(200)
  await call(world, { method: 'POST', url: `${new URL(p.json().payUrl).pathname}/confirm` })
  await world.core.worker.runDue()
  return p.json()
}

const level = (s: Shop, skuId: string) =>
  world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuId)
const figures = async (s: Shop, id: string) =>
  (await s.asOwner({ method: 'GET', url: `/api/v1/console/flash-sales/${id}` })).json().slots[0].skus[0]

describe('flash-sale lifecycle', () => {
  it('draft → scheduled carves stock; not purchasable before the start by server time; buy, repeat, pay; the end gives the rest back', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1990], stock: 20 })
    const sku = skuIds[0]
    const draft = await campaign(s, sku, { stock: 5, limit: 2 })
    expect(draft.status).toBe('draft')
    expect(await level(s, sku)).toMatchObject({ onHand: 20, available: 20 })
    const c = (
      await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${draft.id}/schedule` })
    ).json()
    expect(c.status).toBe('scheduled')
    const slotId = c.slots[0].id
    expect(c.slots[0]).toMatchObject({ status: 'scheduled', phase: 'upcoming' })
    expect(await level(s, sku)).toMatchObject({ onHand: 15, reserved: 0, available: 15 })

    const store = (await s.asGuest({ method: 'GET', url: '/api/v1/store/flash-sales' })).json()
    expect(new Date(store.serverNow).getTime()).toBe(world.clock.now().getTime())
    expect(store.slots[0]).toMatchObject({ id: slotId, phase: 'upcoming' })
    expect(store.slots[0].items[0]).toMatchObject({
      skuId: sku,
      flashPriceFen: 990,
      priceFen: 1990,
      stock: 5,
      left: 5,
      soldOut: false,
    })

    const a = await s.shopper()
    const early = await buy(a, slotId, sku)
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('not_started')

    world.clock.advanceMinutes(60)
    const first = await buy(a, slotId, sku)
    expect(first.statusCode).toBe(201)
    const p = first.json()
    expect(p).toMatchObject({ status: 'pending', quantity: 1, unitPriceFen: 990, totalFen: 990 })
    const again = await buy(a, slotId, sku)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ id: p.id, orderId: p.orderId })

    const order = (await a.call({ method: 'GET', url: `/api/v1/store/orders/${p.orderId}` })).json()
    expect(order).toMatchObject({ status: 'pending_payment', totalFen: 990, kind: 'flash' })
    expect(await figures(s, c.id)).toMatchObject({ carved: 5, held: 1, sold: 0, left: 4 })
    expect(await level(s, sku)).toMatchObject({ onHand: 16, reserved: 1, available: 15 })

    await pay(a, p.orderId)
    expect(await figures(s, c.id)).toMatchObject({ held: 0, sold: 1, left: 4 })
    expect(await level(s, sku)).toMatchObject({ onHand: 15, reserved: 0 })
    // Paid: limit 2 allows one more.
    const second = await buy(a, slotId, sku)
    expect(second.statusCode).toBe(201)
    await pay(a, second.json().orderId)
    const third = await buy(a, slotId, sku)
    expect(third.statusCode).toBe(409)
    expect(third.json().error.code).toBe('limit_reached')
    const mine = (await a.call({ method: 'GET', url: '/api/v1/store/flash-sales/purchases' })).json()
    expect(mine.map((x: any) => x.status)).toEqual(['paid', 'paid'])

    // The end time: the job gives the 3 units left back, the campaign ends with its last slot.
    world.clock.advanceMinutes(61)
    const late = await buy(await s.shopper(), slotId, sku)
    expect(late.json().error.code).toBe('ended')
    await world.core.worker.runDue()
    const ended = (await s.asOwner({ method: 'GET', url: `/api/v1/console/flash-sales/${c.id}` })).json()
    expect(ended.status).toBe('ended')
    expect(ended.slots[0]).toMatchObject({ status: 'ended', phase: 'ended' })
    expect(ended.slots[0].skus[0]).toMatchObject({ carved: 5, sold: 2, returned: 3, left: 0 })
    expect(await level(s, sku)).toMatchObject({ onHand: 18, reserved: 0, available: 18 })
    const events = await world.core.db
      .selectFrom('outbox_events')
      .select('type')
      .where('tenant_id', '=', s.shop.id)
      .where('type', 'like', 'flashsale.%')
      .execute()
    expect(events.filter((e) => e.type === 'flashsale.purchase.created')).toHaveLength(2)
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })

  it('an unpaid order returns its unit to the slot; the shopper may buy again; a late payment is refunded', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1990], stock: 3 })
    const sku = skuIds[0]
    const c = await scheduled(s, sku, { stock: 1, limit: 1 })
    const slotId = c.slots[0].id
    world.clock.advanceMinutes(60)
    const a = await s.shopper()
    const b = await s.shopper()
    const p = (await buy(a, slotId, sku)).json()
    expect((await buy(b, slotId, sku)).json().error.code).toBe('sold_out')
    const payment = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${p.orderId}/pay` })).json()

    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    expect((await a.call({ method: 'GET', url: `/api/v1/store/orders/${p.orderId}` })).json().status).toBe(
      'cancelled',
    )
    expect(await figures(s, c.id)).toMatchObject({ held: 0, left: 1 })
    expect(await level(s, sku)).toMatchObject({ onHand: 2, reserved: 0 })

    // b takes the unit back; a's payment then arrives and goes back to a.
    const pb = await buy(b, slotId, sku)
    expect(pb.statusCode).toBe(201)
    await call(world, { method: 'POST', url: `${new URL(payment.payUrl).pathname}/confirm` })
    await world.core.worker.runDue()
    const lost = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${p.orderId}` })).json()
    expect(lost.status).toBe('cancelled')
    expect(lost.refunds).toMatchObject([{ amountFen: 990, status: 'succeeded' }])
    // a's limit freed with the cancelled purchase, but nothing is left.
    expect((await buy(a, slotId, sku)).json().error.code).toBe('sold_out')
    await pay(b, pb.json().orderId)
    expect(await figures(s, c.id)).toMatchObject({ sold: 1, held: 0, left: 0 })
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })

  it('the operator ends a campaign early or removes a slot that has not started: the stock goes back', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1990, 2990], stock: 10 })
    const c = (
      await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/flash-sales',
        payload: {
          title: '两场',
          slots: [
            {
              startsAt: at(HOUR),
              endsAt: at(2 * HOUR),
              skus: [{ skuId: skuIds[0], flashPriceFen: 100, stock: 4, perPersonLimit: 1 }],
            },
            {
              startsAt: at(3 * HOUR),
              endsAt: at(4 * HOUR),
              skus: [{ skuId: skuIds[1], flashPriceFen: 100, stock: 6, perPersonLimit: 2 }],
            },
          ],
        },
      })
    ).json()
    await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${c.id}/schedule` })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 6 })
    expect(await level(s, skuIds[1])).toMatchObject({ onHand: 4 })
    const removed = await s.asOwner({
      method: 'DELETE',
      url: `/api/v1/console/flash-sales/${c.id}/slots/${c.slots[1].id}`,
    })
    expect(removed.statusCode).toBe(200)
    expect(removed.json().slots).toHaveLength(1)
    expect(await level(s, skuIds[1])).toMatchObject({ onHand: 10 })

    world.clock.advanceMinutes(60)
    const a = await s.shopper()
    const p = (await buy(a, c.slots[0].id, skuIds[0])).json()
    // A running slot cannot be removed.
    const running = await s.asOwner({
      method: 'DELETE',
      url: `/api/v1/console/flash-sales/${c.id}/slots/${c.slots[0].id}`,
    })
    expect(running.statusCode).toBe(409)
    const ended = await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${c.id}/end` })
    expect(ended.json()).toMatchObject({ status: 'ended' })
    expect(ended.json().slots[0].skus[0]).toMatchObject({ carved: 4, held: 1, returned: 3, left: 0 })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 10, reserved: 1 })
    // The order still unpaid after the end: its unit goes to the shelf, not the carve.
    await a.call({ method: 'POST', url: `/api/v1/store/orders/${p.orderId}/cancel` })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 10, reserved: 0 })
    const audit = await s.asOwner({ method: 'GET', url: '/api/v1/console/audit' })
    expect(JSON.stringify(audit.json())).toContain('flash_campaign.end')
  })
})

describe('validation', () => {
  it('refuses bad slots field by field', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1000], stock: 5 })
    const sku = { skuId: skuIds[0], flashPriceFen: 500, stock: 2, perPersonLimit: 1 }
    const post = (slots: unknown[]) =>
      s.asOwner({ method: 'POST', url: '/api/v1/console/flash-sales', payload: { title: 't', slots } })
    const cases: [unknown[], string][] = [
      [[{ startsAt: at(2 * HOUR), endsAt: at(HOUR), skus: [sku] }], 'slots.0.endsAt'],
      [
        [
          { startsAt: at(HOUR), endsAt: at(3 * HOUR), skus: [sku] },
          { startsAt: at(2 * HOUR), endsAt: at(4 * HOUR), skus: [sku] },
        ],
        'slots.1.startsAt',
      ],
      [
        [{ startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [{ ...sku, flashPriceFen: 1000 }] }],
        'slots.0.skus.0.flashPriceFen',
      ],
      [
        [{ startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [{ ...sku, perPersonLimit: 3 }] }],
        'slots.0.skus.0.perPersonLimit',
      ],
      [[{ startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [sku, sku] }], 'slots.0.skus.1.skuId'],
      [
        [
          {
            startsAt: at(HOUR),
            endsAt: at(2 * HOUR),
            skus: [{ ...sku, skuId: '00000000-0000-4000-8000-000000000000' }],
          },
        ],
        'slots.0.skus.0.skuId',
      ],
      [[{ startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [{ ...sku, stock: 0 }] }], 'slots.0.skus.0.stock'],
      [[{ startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [{ ...sku, extra: 1 }] }], 'slots.0.skus.0.extra'],
    ]
    for (const [slots, field] of cases) {
      const r = await post(slots)
      expect(r.statusCode, JSON.stringify(slots)).toBe(400)
      expect(r.json().error).toMatchObject({ code: 'validation_failed' })
      if (!field.endsWith('extra')) expect(r.json().error.field).toBe(field)
    }

    // More stock than available is found when scheduling, against live stock.
    const big = (
      await post([
        { startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [{ ...sku, stock: 6, perPersonLimit: 1 }] },
      ])
    ).json()
    const r = await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${big.id}/schedule` })
    expect(r.statusCode).toBe(400)
    expect(r.json().error).toMatchObject({
      field: 'slots.0.skus.0.stock',
      message: '输入有误：场次 1 第 1 个商品的可用库存只有 5 件，不够划出秒杀库存',
    })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 5 })

    // The same SKU in another campaign's slot at the same time.
    const one = (await post([{ startsAt: at(HOUR), endsAt: at(2 * HOUR), skus: [sku] }])).json()
    expect(
      (await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${one.id}/schedule` })).statusCode,
    ).toBe(200)
    const two = (await post([{ startsAt: at(90 * 60_000), endsAt: at(3 * HOUR), skus: [sku] }])).json()
    const clash = await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${two.id}/schedule` })
    expect(clash.json().error).toMatchObject({
      field: 'slots.0.skus.0.skuId',
      message: '输入有误：场次 1 第 1 个商品同一时间已在其他秒杀场次中',
    })
    // A scheduled campaign keeps its slots; only its title changes.
    const patch = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/flash-sales/${one.id}`,
      payload: { slots: [] },
    })
    expect(patch.statusCode).toBe(409)
    const renamed = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/flash-sales/${one.id}`,
      payload: { title: '新名字' },
    })
    expect(renamed.json().title).toBe('新名字')
  })

  it('purchase input, guards and tenancy', async () => {
    const s = await createShop(world)
    const other = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1000], stock: 5 })
    const c = await scheduled(s, skuIds[0], { stock: 2, limit: 1 })
    const a = await s.shopper()
    const guest = await s.asGuest({
      method: 'POST',
      url: '/api/v1/store/flash-sales/purchases',
      payload: { slotId: c.slots[0].id, skuId: skuIds[0], quantity: 1 },
    })
    expect(guest.statusCode).toBe(401)
    const bad = await a.call({
      method: 'POST',
      url: '/api/v1/store/flash-sales/purchases',
      payload: { slotId: c.slots[0].id, skuId: skuIds[0], quantity: 0 },
    })
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'quantity' })
    expect((await buy(a, '00000000-0000-4000-8000-000000000000', skuIds[0])).statusCode).toBe(404)
    expect(
      (await other.asOwner({ method: 'GET', url: `/api/v1/console/flash-sales/${c.id}` })).statusCode,
    ).toBe(404)
    expect((await a.call({ method: 'GET', url: '/api/v1/console/flash-sales' })).statusCode).toBe(401)
    const b = await other.shopper()
    world.clock.advanceMinutes(60)
    expect((await buy(b, c.slots[0].id, skuIds[0])).statusCode).toBe(404)
    world.clock.advanceMinutes(61)
    await world.core.worker.runDue()
  })
})

describe('flash groups draw on a slot', () => {
  it('takeSlotStock and returnSlotStock in the caller’s transaction; limits and timing hold', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1000], stock: 10 })
    const sku = skuIds[0]
    const c = await scheduled(s, sku, { stock: 3, limit: 2 })
    const slotId = c.slots[0].id
    const a = await s.shopper()
    const fs = world.core.flashSale
    const inTx = <T>(fn: (t: any) => Promise<T>) =>
      world.core.db
        .transaction()
        .execute((trx) => fn({ tenantId: s.shop.id, db: trx, actor: { kind: 'system' }, lang: 'zh-CN' }))
    await expect(inTx((t) => fs.takeSlotStock(t, slotId, sku, 1, a.id))).rejects.toMatchObject({
      code: 'not_started',
    })
    expect(await fs.slotPrice({ db: world.core.db, tenantId: s.shop.id }, slotId, sku)).toMatchObject({
      flashPriceFen: 990,
      priceFen: 1000,
      phase: 'upcoming',
      left: 3,
    })
    world.clock.advanceMinutes(60)
    await inTx((t) => fs.takeSlotStock(t, slotId, sku, 2, a.id))
    await expect(inTx((t) => fs.takeSlotStock(t, slotId, sku, 1, a.id))).rejects.toMatchObject({
      code: 'limit_reached',
    })
    expect((await buy(a, slotId, sku)).json().error.code).toBe('limit_reached')
    // The taken units went back onto the SKU's stock, for the caller's order to hold.
    expect(await level(s, sku)).toMatchObject({ onHand: 9 })
    expect(await figures(s, c.id)).toMatchObject({ taken: 2, left: 1 })
    expect(await inTx((t) => fs.returnSlotStock(t, slotId, sku, 1, a.id))).toBe(1)
    expect(await figures(s, c.id)).toMatchObject({ taken: 1, left: 2 })
    expect(await level(s, sku)).toMatchObject({ onHand: 8 })
    const b = await s.shopper()
    await expect(inTx((t) => fs.takeSlotStock(t, slotId, sku, 3, b.id))).rejects.toMatchObject({
      code: 'limit_reached',
    })
    world.clock.advanceMinutes(61)
    await expect(inTx((t) => fs.takeSlotStock(t, slotId, sku, 1, b.id))).rejects.toMatchObject({
      code: 'ended',
    })
    await world.core.worker.runDue()
    // After the end, a returned seat goes to the shelf.
    expect(await inTx((t) => fs.returnSlotStock(t, slotId, sku, 1, a.id))).toBe(1)
    expect(await figures(s, c.id)).toMatchObject({ taken: 0, returned: 3, left: 0 })
    expect(await level(s, sku)).toMatchObject({ onHand: 10 })
  })
})

describe('liebian check', () => {
  it('proves the flash-sale invariants over the rows these tests wrote', async () => {
    const results = await runChecks(world.core.db, invariants)
    expect(failed(results), formatReport(results)).toEqual([])
    const mine = results.filter((r) => r.name.startsWith('flashsale.'))
    expect(mine.map((r) => r.name)).toEqual([
      'flashsale.slot_tallies',
      'flashsale.per_person_limit',
      'flashsale.carve_in_inventory',
      'flashsale.purchase_follows_order',
      'flashsale.campaign_history',
      'flashsale.slot_history',
      'flashsale.purchase_history',
    ])
    for (const r of mine) expect(r.checked, r.name).toBeGreaterThan(0)
  })
})
