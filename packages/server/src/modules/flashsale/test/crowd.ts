import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { createProduct, createShop, type TestWorld } from '../../../../test/helpers.js'

/** The crowd test, run by `concurrency.test.ts` (optimistic batches) and `concurrency-locked.test.ts`. */
export function crowdTests(world: TestWorld) {
  it('1,000 parallel purchases from 450 shoppers at stock 100, limit 2: exactly 100 units, nobody past the limit', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1990], stock: 300 })
    const sku = skuIds[0]
    const start = new Date(world.clock.now().getTime() + 60_000).toISOString()
    const end = new Date(world.clock.now().getTime() + 3_600_000).toISOString()
    const c = (
      await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/flash-sales',
        payload: {
          title: '压力场',
          slots: [
            {
              startsAt: start,
              endsAt: end,
              skus: [{ skuId: sku, flashPriceFen: 100, stock: 100, perPersonLimit: 2 }],
            },
          ],
        },
      })
    ).json()
    expect(
      (await s.asOwner({ method: 'POST', url: `/api/v1/console/flash-sales/${c.id}/schedule` })).statusCode,
    ).toBe(200)
    const slotId = c.slots[0].id
    world.clock.advanceMinutes(1)

    const shoppers: Awaited<ReturnType<typeof s.shopper>>[] = []
    for (let i = 0; i < 450; i++) shoppers.push(await s.shopper(`137${String(i).padStart(8, '0')}`))
    // 1,000 requests: every shopper once or more (some three times), quantities 1, 2 and (past the limit) 3.
    const plan: { who: number; quantity: number }[] = []
    for (let i = 0; i < 1000; i++) {
      const who = i < 450 ? i : (i * 7) % 150
      plan.push({ who, quantity: i % 10 === 3 ? 2 : i % 50 === 7 ? 3 : 1 })
    }
    plan.sort(() => Math.random() - 0.5)
    const results = await Promise.all(
      plan.map((p) =>
        shoppers[p.who].call({
          method: 'POST',
          url: '/api/v1/store/flash-sales/purchases',
          payload: { slotId, skuId: sku, quantity: p.quantity },
        }),
      ),
    )
    const byStatus: Record<string, number> = {}
    for (const r of results) {
      const key = r.statusCode < 300 ? String(r.statusCode) : `${r.statusCode} ${r.json().error.code}`
      byStatus[key] = (byStatus[key] ?? 0) + 1
    }
    expect(Object.keys(byStatus).sort()).toEqual(expect.arrayContaining(['201', '409 sold_out']))
    for (const k of Object.keys(byStatus))
      expect(['200', '201', '409 sold_out', '409 limit_reached']).toContain(k)

    const units = await sql<{ shopper_id: string; n: number; purchases: number }>`
      select shopper_id, sum(quantity)::int as n, count(*)::int as purchases from flash_purchases
      where slot_id = ${slotId} and status = 'pending' group by shopper_id`.execute(world.core.db)
    const total = units.rows.reduce((n, r) => n + Number(r.n), 0)
    expect(total).toBe(100)
    for (const r of units.rows) {
      expect(Number(r.n)).toBeLessThanOrEqual(2)
      expect(Number(r.purchases)).toBe(1)
    }
    const created = results.filter((r) => r.statusCode === 201)
    expect(created).toHaveLength(units.rows.length)
    // Every 200 is a repeat that got the shopper's own unpaid purchase back.
    const ids = new Set(created.map((r) => r.json().id))
    for (const r of results.filter((x) => x.statusCode === 200)) expect(ids.has(r.json().id)).toBe(true)

    const store = (
      await s.asGuest({ method: 'GET', url: `/api/v1/store/flash-sales/slots/${slotId}` })
    ).json()
    expect(store.slot.items[0]).toMatchObject({ left: 0, soldOut: true, soldUnits: 100 })
    expect(await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, sku)).toMatchObject({
      onHand: 300,
      reserved: 100,
    })
    const orders = await sql<{
      n: number
    }>`select count(*)::int as n from orders where tenant_id = ${s.shop.id} and kind = 'flash'`.execute(
      world.core.db,
    )
    expect(Number(orders.rows[0].n)).toBe(units.rows.length)

    // A second wave while 30 buyers cancel: cancellations move the slot under the batches (they retry).
    const owners = await sql<{ order_id: string; shopper_id: string }>`
      select order_id, shopper_id from flash_purchases where slot_id = ${slotId} and status = 'pending' limit 30`.execute(
      world.core.db,
    )
    const late: typeof shoppers = []
    for (let i = 0; i < 60; i++) late.push(await s.shopper(`138${String(i).padStart(8, '0')}`))
    const wave = await Promise.all([
      ...owners.rows.map((o) =>
        shoppers
          .find((x) => x.id === o.shopper_id)!
          .call({ method: 'POST', url: `/api/v1/store/orders/${o.order_id}/cancel` }),
      ),
      ...late.map((sh) =>
        sh.call({
          method: 'POST',
          url: '/api/v1/store/flash-sales/purchases',
          payload: { slotId, skuId: sku, quantity: 1 },
        }),
      ),
    ])
    expect(wave.slice(0, 30).every((r) => r.statusCode === 200)).toBe(true)
    for (const r of wave.slice(30)) expect([201, 409]).toContain(r.statusCode)
    const again = await sql<{ n: number }>`
      select coalesce(sum(quantity), 0)::int as n from flash_purchases where slot_id = ${slotId} and status = 'pending'`.execute(
      world.core.db,
    )
    const wave201 = wave.slice(30).filter((r) => r.statusCode === 201).length
    expect(Number(again.rows[0].n)).toBeLessThanOrEqual(100)
    expect(wave201).toBeGreaterThan(0)

    // All unpaid: past the timeout the units return to the slot, and the end gives them back.
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    const after = (
      await s.asGuest({ method: 'GET', url: `/api/v1/store/flash-sales/slots/${slotId}` })
    ).json()
    expect(after.slot.items[0]).toMatchObject({ left: 100, soldOut: false, soldUnits: 0 })
    world.clock.advanceMinutes(60)
    await world.core.worker.runDue()
    expect(await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, sku)).toMatchObject({
      onHand: 300,
      reserved: 0,
    })
  }, 180_000)
}
