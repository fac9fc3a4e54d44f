import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { checkLedger } from '../src/modules/ledger/index.js'
import { createProduct, createShop, fileWorld } from './helpers.js'

const world = await fileWorld()

describe('a crowd at one SKU', () => {
  it('200 parallel buy-now requests at stock 50: exactly 50 reserve, the rest are sold out, unpaid ones come back', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 50, prices: [990] })
    const sku = skuIds[0]
    const shoppers: Awaited<ReturnType<Awaited<ReturnType<typeof createShop>>['shopper']>>[] = []
    for (let i = 0; i < 200; i++) shoppers.push(await s.shopper(`135${String(i).padStart(8, '0')}`))

    // Watch the stock row while the crowd arrives: it must never go negative or over-reserve.
    let watching = true
    const seen: { on_hand: number; reserved: number }[] = []
    const watcher = (async () => {
      while (watching) {
        const r = await sql<{
          on_hand: number
          reserved: number
        }>`select on_hand, reserved from stock where sku_id = ${sku}`.execute(world.core.db)
        seen.push(r.rows[0])
        await new Promise((res) => setTimeout(res, 2))
      }
    })()

    const results = await Promise.all(
      shoppers.map((sh) =>
        sh.call({
          method: 'POST',
          url: '/api/v1/store/orders',
          payload: { items: [{ skuId: sku, quantity: 1 }], fulfillment: 'pickup' },
        }),
      ),
    )
    watching = false
    await watcher

    const created = results.filter((r) => r.statusCode === 201)
    const soldOut = results.filter((r) => r.statusCode === 409)
    expect(created).toHaveLength(50)
    expect(soldOut).toHaveLength(150)
    for (const r of soldOut)
      expect(r.json().error).toMatchObject({ code: 'sold_out', field: 'items.0.quantity' })
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true)
    for (const row of seen) {
      expect(row.reserved).toBeLessThanOrEqual(row.on_hand)
      expect(row.on_hand - row.reserved).toBeGreaterThanOrEqual(0)
    }
    const level = () => world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, sku)
    expect(await level()).toEqual({ skuId: sku, onHand: 50, reserved: 50, available: 0 })
    const reservations = await world.core.db
      .selectFrom('stock_reservations')
      .select((eb) => eb.fn.sum<number>('quantity').as('n'))
      .where('sku_id', '=', sku)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
    expect(Number(reservations.n)).toBe(50)

    // Ten of them pay; the others' stock comes back when the clock passes the unpaid timeout.
    const ids = created.map((r) => r.json().id as string)
    const sandbox = world.core.payments.provider('sandbox') as any
    const payers = shoppers.filter((_, i) => results[i].statusCode === 201).slice(0, 10)
    await Promise.all(
      payers.map(async (sh) => {
        const mine = results[shoppers.indexOf(sh)].json().id
        const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${mine}/pay` })
        await sandbox.confirm(p.json().outTradeNo)
      }),
    )
    await world.core.worker.runDue()
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    expect(await level()).toEqual({ skuId: sku, onHand: 40, reserved: 0, available: 40 })
    const statuses = await world.core.db
      .selectFrom('orders')
      .select(['status'])
      .where('id', 'in', ids)
      .execute()
    expect(statuses.filter((o) => o.status === 'paid')).toHaveLength(10)
    expect(statuses.filter((o) => o.status === 'cancelled')).toHaveLength(40)
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })

  it('parallel buyers of several SKUs in different orders neither deadlock nor oversell', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 20, prices: [100, 200, 300] })
    const shoppers: Awaited<ReturnType<Awaited<ReturnType<typeof createShop>>['shopper']>>[] = []
    for (let i = 0; i < 40; i++) shoppers.push(await s.shopper(`136${String(i).padStart(8, '0')}`))
    const results = await Promise.all(
      shoppers.map((sh, i) => {
        const items = (i % 2 ? [...skuIds].reverse() : skuIds).map((skuId) => ({ skuId, quantity: 1 }))
        return sh.call({
          method: 'POST',
          url: '/api/v1/store/orders',
          payload: { items, fulfillment: 'pickup' },
        })
      }),
    )
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(20)
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(20)
    for (const skuId of skuIds) {
      expect(
        await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuId),
      ).toMatchObject({ onHand: 20, reserved: 20 })
    }
  })
})
