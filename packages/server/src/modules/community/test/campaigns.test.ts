import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { runChecks } from '../../../platform/checks.js'
import { decodeQr } from '../../distribution/share-kit/testing.js'
import { checkLedger } from '../../ledger/ledger.service.js'
import { communityInvariants } from '../community.checks.js'
import { application } from './fixtures.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const HOUR = 60
const DAY = 24 * HOUR

async function drain() {
  for (let i = 0; i < 6; i++) await world.core.worker.runDue()
}

/** A shopper who applied and was approved: an active leader with an open pickup point. */
async function leader(s: Shop, over: Record<string, unknown> = {}) {
  const sh = await s.shopper()
  const r = await sh.call({
    method: 'POST',
    url: '/api/v1/store/community/leader/apply',
    payload: application(over),
  })
  expect(r.statusCode, r.body).toBe(200)
  const id = r.json().leader.id as string
  const ok = await s.asOwner({
    method: 'POST',
    url: `/api/v1/console/community/leaders/${id}/approve`,
    payload: {},
  })
  expect(ok.statusCode, ok.body).toBe(200)
  return { ...sh, leaderId: id, pointId: ok.json().pickupPoint.id as string }
}

async function campaign(s: Shop, skuIds: string[], over: Record<string, unknown> = {}) {
  const now = world.clock.now()
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/community/campaigns',
    payload: {
      title: '明日鲜果',
      cutoffAt: new Date(now.getTime() + 2 * 3_600_000).toISOString(),
      pickupDate: new Date(now.getTime() + DAY * 60_000).toISOString().slice(0, 10),
      commissionBp: 1_000,
      uncollectedDays: 2,
      uncollectedRule: 'refund',
      returnWindowDays: 7,
      skus: [
        {
          skuId: skuIds[0],
          priceFen: 800,
          perPersonLimit: 3,
          totalCap: 10,
          supplier: '绿源农场',
          unit: '斤',
          costFen: 500,
        },
        {
          skuId: skuIds[1],
          priceFen: 2_000,
          perPersonLimit: 2,
          supplier: '海鲜批发',
          unit: '盒',
          costFen: 1_500,
          commissionBp: 500,
        },
      ],
      ...over,
    },
  })
  expect(r.statusCode, r.body).toBe(201)
  const id = r.json().id as string
  const open = await s.asOwner({ method: 'POST', url: `/api/v1/console/community/campaigns/${id}/open` })
  expect(open.statusCode, open.body).toBe(200)
  expect(open.json().status).toBe('open')
  return id
}

const order = (sh: Shopper, campaignId: string, leaderId: string, items: [string, number][]) =>
  sh.call({
    method: 'POST',
    url: `/api/v1/store/community/campaigns/${campaignId}/orders`,
    payload: { leaderId, items: items.map(([skuId, quantity]) => ({ skuId, quantity })) },
  })

async function pay(sh: Shopper, orderId: string) {
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode, p.body).toBe(200)
  const c = await call(world, { method: 'POST', url: `${new URL(p.json().payUrl).pathname}/confirm` })
  expect(c.statusCode).toBe(303)
  await drain()
}

async function buy(sh: Shopper, campaignId: string, leaderId: string, items: [string, number][]) {
  const o = await order(sh, campaignId, leaderId, items)
  expect(o.statusCode, o.body).toBe(201)
  await pay(sh, o.json().id)
  world.clock.advanceMinutes(1)
  return o.json().id as string
}

const pickups = async (sh: Shopper) =>
  (await sh.call({ method: 'GET', url: '/api/v1/store/community/pickups' })).json().items as any[]
const verify = (l: Shopper, campaignId: string, code: string) =>
  l.call({
    method: 'POST',
    url: `/api/v1/store/community/leader/campaigns/${campaignId}/verify`,
    payload: { code },
  })
const orderOf = async (sh: Shopper, id: string) =>
  (await sh.call({ method: 'GET', url: `/api/v1/store/orders/${id}` })).json()

describe('a pre-order campaign, from orders to settled leader commission', () => {
  it('closes at the cutoff, builds lists that add up, refunds short goods, verifies codes, applies the uncollected rule and settles the leader', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000, 2_500], stock: 100 })
    const [sku1, sku2] = skuIds
    const a = await leader(s, { communityName: '阳光花园' })
    const b = await leader(s, { communityName: '翠湖小区', lat: 31.24, lng: 121.48 })
    const route = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/community/routes',
      payload: { name: '东线', pickupPointIds: [b.pointId, a.pointId] },
    })
    expect(route.statusCode, route.body).toBe(200)
    const id = await campaign(s, skuIds)

    // The leader's link shows prices and what is left, not costs or suppliers.
    const page = await s.asGuest({ method: 'GET', url: `/api/v1/store/community/campaigns/${id}` })
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json().skus[0]).toEqual(
      expect.objectContaining({ skuId: sku1, priceFen: 800, perPersonLimit: 3, remaining: 10 }),
    )
    expect(page.json().skus[0].costFen).toBeUndefined()

    const [s1, s2, s3, s4, s5] = [
      await s.shopper(),
      await s.shopper(),
      await s.shopper(),
      await s.shopper(),
      await s.shopper(),
    ]
    const o1 = await buy(s1, id, a.leaderId, [
      [sku1, 3],
      [sku2, 1],
    ]) // 2,400 + 2,000
    const o2 = await buy(s2, id, a.leaderId, [[sku1, 2]]) // 1,600
    const o3 = await buy(s3, id, a.leaderId, [[sku2, 2]]) // 4,000
    await buy(s4, id, b.leaderId, [
      [sku1, 1],
      [sku2, 1],
    ]) // 800 + 2,000
    // The order carries the leader and the campaign; the campaign's price, not the SKU's.
    const view1 = await orderOf(s1, o1)
    expect(view1.totalFen).toBe(4_400)
    expect(view1.fulfillment).toBe('pickup')

    // Per-person limit across orders.
    const again = await order(s1, id, a.leaderId, [[sku1, 1]])
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({ code: 'limit_reached', field: 'items.0.quantity' })
    // Placed but never paid: cancelled at the cutoff, its units go back.
    const unpaid = await order(s5, id, b.leaderId, [[sku1, 2]])
    expect(unpaid.statusCode, unpaid.body).toBe(201)

    const demand = await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}/demand` })
    expect(demand.json().skus.find((x: any) => x.skuId === sku1)).toMatchObject({ quantity: 6, shoppers: 3 })

    // The cutoff passes: the job closes the campaign.
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    const closed = await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}` })
    expect(closed.json().status).toBe('closed')
    expect((await orderOf(s5, unpaid.json().id)).status).toBe('cancelled')
    expect(closed.json().skus[0].sold).toBe(6)
    const late = await order(s5, id, a.leaderId, [[sku1, 1]])
    expect(late.json().error.code).toBe('deal_not_active')

    // Purchase order: all demand per supplier, totals = the orders' units × cost.
    const po = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}/purchase-orders` })
    ).json()
    expect(po.suppliers.map((x: any) => [x.supplier, x.quantity, x.totalCostFen])).toEqual([
      ['海鲜批发', 4, 6_000],
      ['绿源农场', 6, 3_000],
    ])
    expect(po.suppliers[1].lines[0]).toMatchObject({ skuId: sku1, unit: '斤', quantity: 6, costFen: 500 })
    expect(po.totalCostFen).toBe(9_000)

    // Picking lists per point.
    const picking = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}/picking-lists` })
    ).json()
    const lines = Object.fromEntries(
      picking.points.map((p: any) => [p.pickupPointId, p.lines.map((l: any) => [l.skuId, l.quantity])]),
    )
    expect(lines[a.pointId]).toEqual(
      expect.arrayContaining([
        [sku1, 5],
        [sku2, 3],
      ]),
    )
    expect(lines[b.pointId]).toEqual(
      expect.arrayContaining([
        [sku1, 1],
        [sku2, 1],
      ]),
    )
    const paidOrders = 4_400 + 1_600 + 4_000 + 2_800
    expect(picking.points.reduce((n: number, p: any) => n + p.amountFen, 0)).toBe(paidOrders)

    // Delivery sheet: the route's stops in driving order.
    const sheets = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}/delivery-sheets` })
    ).json()
    expect(sheets.routes).toHaveLength(1)
    expect(sheets.routes[0].routeName).toBe('东线')
    expect(sheets.routes[0].stops.map((x: any) => x.pickupPointId)).toEqual([b.pointId, a.pointId])

    // Excel: three sheets, the purchase order's total as in the API.
    const xlsx = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/community/campaigns/${id}/export.xlsx`,
    })
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['采购单', '分拣单', '配送单'])
    const poSheet = wb.worksheets[0]
    expect(poSheet.getRow(poSheet.rowCount).getCell(7).value).toBe(90)

    // The printable page: the same lists, escaped.
    const html = await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}/print` })
    expect(html.headers['content-type']).toContain('text/html')
    expect(html.body).toContain('采购单 · 绿源农场')
    expect(html.body).toContain('配送单 · 东线')
    expect(html.body).toContain('¥90.00')

    // The leader's own picking list; not another leader's view, and not a plain shopper's.
    const mine = await a.call({
      method: 'GET',
      url: `/api/v1/store/community/leader/campaigns/${id}/picking-list`,
    })
    expect(mine.json().points.map((p: any) => p.pickupPointId)).toEqual([a.pointId])
    expect(
      (await s1.call({ method: 'GET', url: `/api/v1/store/community/leader/campaigns/${id}/picking-list` }))
        .statusCode,
    ).toBe(403)

    // Codes before the goods arrive: issued, but nothing is ready to hand out.
    const code1 = (await pickups(s1))[0].pickupCode as string
    expect(code1).toMatch(/^\d{8}$/)
    expect((await verify(a, id, code1)).statusCode).toBe(409)

    // Goods reach point A: one unit of SKU 1 damaged → the last to pay for it (s2) is refunded one unit.
    const receipt = await a.call({
      method: 'POST',
      url: `/api/v1/store/community/leader/campaigns/${id}/receipt`,
      payload: {
        lines: [
          { skuId: sku1, received: 5, damaged: 1 },
          { skuId: sku2, received: 3, damaged: 0 },
        ],
      },
    })
    expect(receipt.statusCode, receipt.body).toBe(200)
    expect(receipt.json().ready).toBe(3)
    expect(receipt.json().refunded).toEqual([
      { orderId: o2, lines: [expect.objectContaining({ skuId: sku1, quantity: 1, refundFen: 800 })] },
    ])
    const twice = await a.call({
      method: 'POST',
      url: `/api/v1/store/community/leader/campaigns/${id}/receipt`,
      payload: {
        lines: [
          { skuId: sku1, received: 5, damaged: 0 },
          { skuId: sku2, received: 3, damaged: 0 },
        ],
      },
    })
    expect(twice.statusCode).toBe(409)
    await drain()
    const v2 = await orderOf(s2, o2)
    expect(v2).toMatchObject({ status: 'ready_for_pickup', refundedFen: 800 })
    expect((await pickups(s2))[0]).toMatchObject({ status: 'ready', refundedFen: 800 })
    expect(
      (await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}` })).json().status,
    ).toBe('receiving')

    // Pickup verification: wrong code, code of another point, right code, used twice.
    const wrong = await verify(a, id, code1 === '12345678' ? '87654321' : '12345678')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.field).toBe('code')
    expect((await verify(b, id, code1)).statusCode).toBe(400)
    expect((await verify(s1, id, code1)).statusCode).toBe(403)
    const ok = await verify(a, id, code1)
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ orderId: o1, status: 'picked_up' })
    const used = await verify(a, id, code1)
    expect(used.statusCode).toBe(409)
    expect(used.json().error.field).toBe('code')
    await drain()
    expect((await orderOf(s1, o1)).status).toBe('completed')
    expect((await pickups(s1))[0]).toMatchObject({ status: 'picked_up', pickupCode: null })

    // s3 shows the QR code; the leader scans it.
    const qr = await s3.call({ method: 'GET', url: `/api/v1/store/community/pickups/${o3}/qr.png` })
    expect(qr.headers['content-type']).toBe('image/png')
    const scanned = (await decodeQr(qr.rawPayload)).text!
    expect(scanned).toBe(`liebian:pickup:${id}:${(await pickups(s3))[0].pickupCode}`)
    expect((await verify(a, id, scanned)).statusCode).toBe(200)
    expect(
      (await s1.call({ method: 'GET', url: `/api/v1/store/community/pickups/${o3}/qr.png` })).statusCode,
    ).toBe(404)

    // Point B receives everything; s4 picks up.
    const rb = await b.call({
      method: 'POST',
      url: `/api/v1/store/community/leader/campaigns/${id}/receipt`,
      payload: {
        lines: [
          { skuId: sku1, received: 1, damaged: 0 },
          { skuId: sku2, received: 1, damaged: 0 },
        ],
      },
    })
    expect(rb.json()).toMatchObject({ ready: 1, refunded: [] })
    expect((await verify(b, id, (await pickups(s4))[0].pickupCode)).statusCode).toBe(200)

    // Commission frozen so far: s1 2,400×10% + 2,000×5% = 340; s3 4,000×5% = 200; s2 1,600×10% = 160 less 80 clawed.
    const earnA = async () =>
      (await a.call({ method: 'GET', url: '/api/v1/store/community/leader/earnings' })).json()
    expect(await earnA()).toMatchObject({ frozenFen: 340 + 200 + 80, settledFen: 0 })

    // s2 never comes: after the configured days the rest of the order is refunded.
    world.clock.advanceMinutes(2 * DAY + 1)
    await drain()
    expect(await orderOf(s2, o2)).toMatchObject({ status: 'refunded', refundedFen: 1_600 })
    expect((await pickups(s2))[0].status).toBe('refunded')
    expect(await earnA()).toMatchObject({ frozenFen: 540, settledFen: 0 })
    const done = await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}` })
    expect(done.json().status).toBe('completed')

    // The return window after pickup passes: the leader's commission settles.
    world.clock.advanceMinutes(7 * DAY)
    await drain()
    expect(await earnA()).toMatchObject({ frozenFen: 0, settledFen: 540 })
    const balances = await world.core.ledger.balances({ tenantId: s.shop.id, db: world.core.db })
    const bal = (code: string) => Number((balances as any[]).find((x) => x.code === code)?.balanceFen ?? 0)
    expect(bal(`leader:${a.leaderId}:available`)).toBe(-540)
    expect(bal(`leader:${a.leaderId}:frozen`)).toBe(0)
    expect(bal(`leader:${b.leaderId}:available`)).toBe(-(80 + 100))

    const { violations } = await checkLedger(world.core.db)
    expect(violations).toEqual([])
    const checks = await runChecks(world.core.db, communityInvariants)
    expect(checks.flatMap((c) => c.violations)).toEqual([])
  })

  it('keeps an uncollected order under the keep-and-flag rule, and the leader earns nothing on it', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000, 2_500], stock: 100 })
    const a = await leader(s)
    const id = await campaign(s, skuIds, { uncollectedRule: 'keep_and_flag', uncollectedDays: 1 })
    const sh = await s.shopper()
    const o = await buy(sh, id, a.leaderId, [[skuIds[0], 1]])
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    const r = await a.call({
      method: 'POST',
      url: `/api/v1/store/community/leader/campaigns/${id}/receipt`,
      payload: { lines: [{ skuId: skuIds[0], received: 1, damaged: 0 }] },
    })
    expect(r.statusCode, r.body).toBe(200)
    const mine = await a.call({ method: 'GET', url: `/api/v1/store/community/leader/campaigns/${id}/orders` })
    expect(mine.statusCode, mine.body).toBe(200)
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        orderId: o,
        status: 'ready',
        lines: [expect.objectContaining({ quantity: 1 })],
      }),
    ])
    expect(JSON.stringify(mine.json())).not.toContain(sh.phone)
    world.clock.advanceMinutes(DAY + 1)
    await drain()
    const progress = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/community/campaigns/${id}/progress`,
    })
    expect(progress.json().points).toEqual([
      expect.objectContaining({
        pickupPointId: a.pointId,
        orders: { uncollected: 1 },
        receivedAt: expect.any(String),
      }),
    ])
    expect((await pickups(sh))[0]).toMatchObject({ status: 'uncollected', refundedFen: 0 })
    expect((await orderOf(sh, o)).status).toBe('ready_for_pickup')
    const flagged = await world.core.db
      .selectFrom('community_orders')
      .select('flagged')
      .where('id', '=', o)
      .executeTakeFirstOrThrow()
    expect(flagged.flagged).toBe(true)
    const earn = (await a.call({ method: 'GET', url: '/api/v1/store/community/leader/earnings' })).json()
    expect(earn).toMatchObject({ frozenFen: 0, settledFen: 0 })
    // Too late to verify.
    expect(
      (await verify(a, id, (await pickups(sh))[0].pickupCode ?? '00000000')).statusCode,
    ).toBeGreaterThanOrEqual(400)
  })

  it('refunds every paid order when an operator cancels a closed campaign; an order with all of its goods short is refunded whole', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000, 2_500], stock: 100 })
    const a = await leader(s)
    const id = await campaign(s, skuIds)
    const [x, y] = [await s.shopper(), await s.shopper()]
    const ox = await buy(x, id, a.leaderId, [[skuIds[1], 1]])
    const oy = await buy(y, id, a.leaderId, [[skuIds[1], 1]])
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    // One of two units arrives: the later payer (y) gets nothing and is refunded whole.
    const r = await a.call({
      method: 'POST',
      url: `/api/v1/store/community/leader/campaigns/${id}/receipt`,
      payload: { lines: [{ skuId: skuIds[1], received: 1, damaged: 0 }] },
    })
    expect(r.json().ready).toBe(1)
    await drain()
    expect(await orderOf(y, oy)).toMatchObject({ status: 'refunded', refundedFen: 2_000 })
    expect((await pickups(y))[0].status).toBe('refunded')
    expect((await orderOf(x, ox)).status).toBe('ready_for_pickup')
    // Receiving has begun: too late to cancel.
    const cancel = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/community/campaigns/${id}/cancel`,
      payload: { reason: '供应商缺货' },
    })
    expect(cancel.statusCode).toBe(409)

    const id2 = await campaign(s, skuIds)
    const o = await buy(x, id2, a.leaderId, [[skuIds[0], 2]])
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    const c2 = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/community/campaigns/${id2}/cancel`,
      payload: { reason: '供应商缺货' },
    })
    expect(c2.statusCode, c2.body).toBe(200)
    expect(c2.json().status).toBe('cancelled')
    await drain()
    expect(await orderOf(x, o)).toMatchObject({ status: 'refunded', refundedFen: 1_600 })
    const { violations } = await checkLedger(world.core.db)
    expect(violations).toEqual([])
  })

  it('is watched by checks that notice a picking list, a purchase order or a sold count that does not add up', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000, 2_500], stock: 100 })
    const a = await leader(s)
    const id = await campaign(s, skuIds)
    await buy(await s.shopper(), id, a.leaderId, [[skuIds[0], 2]])
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    const failing = async () =>
      (await runChecks(world.core.db, communityInvariants))
        .filter((c) => c.violations.some((v) => v.tenantId === s.shop.id))
        .map((c) => c.name)
    expect(await failing()).toEqual([])
    const db = world.core.db
    const bump = (by: number) =>
      db
        .updateTable('community_picking_lines')
        .set((eb) => ({ quantity: eb('quantity', '+', by) }))
        .where('campaign_id', '=', id)
        .execute()
    await bump(1)
    expect(await failing()).toEqual(['community.picking_lists', 'community.purchase_orders'])
    await bump(-1)
    await db
      .updateTable('community_campaign_skus')
      .set((eb) => ({ sold: eb('sold', '-', 1) }))
      .where('campaign_id', '=', id)
      .where('sku_id', '=', skuIds[0])
      .execute()
    expect(await failing()).toEqual(['community.campaign_limits'])
    await db
      .updateTable('community_campaign_skus')
      .set((eb) => ({ sold: eb('sold', '+', 1) }))
      .where('campaign_id', '=', id)
      .where('sku_id', '=', skuIds[0])
      .execute()
    expect(await failing()).toEqual([])
  })

  it('buys only what is left after a refund before the cutoff, and follows a pickup completed in the orders console', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000, 2_500], stock: 100 })
    const a = await leader(s)
    const id = await campaign(s, skuIds)
    const sh = await s.shopper()
    const o = await buy(sh, id, a.leaderId, [[skuIds[0], 3]])
    const lineId = (await orderOf(sh, o)).lines[0].id as string
    const asked = await sh.call({
      method: 'POST',
      url: `/api/v1/store/orders/${o}/after-sales`,
      payload: { type: 'refund_only', reason: '买多了', lines: [{ lineId, quantity: 1 }] },
    })
    expect(asked.statusCode, asked.body).toBe(201)
    const ok = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/after-sales/${asked.json().id}/approve`,
    })
    expect(ok.statusCode, ok.body).toBe(200)
    await drain()
    expect((await orderOf(sh, o)).refundedFen).toBe(800)
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    const po = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}/purchase-orders` })
    ).json()
    expect(po.suppliers.map((x: any) => [x.quantity, x.totalCostFen])).toEqual([[2, 1_000]])
    const r = await a.call({
      method: 'POST',
      url: `/api/v1/store/community/leader/campaigns/${id}/receipt`,
      payload: { lines: [{ skuId: skuIds[0], received: 2, damaged: 0 }] },
    })
    expect(r.json()).toMatchObject({ ready: 1, refunded: [] })
    // Staff complete it at the counter with the order's own code: the pickup and the commission follow.
    const code = (await orderOf(sh, o)).pickupCode
    const done = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o}/complete`,
      payload: { pickupCode: code },
    })
    expect(done.statusCode, done.body).toBe(200)
    await drain()
    expect((await pickups(sh))[0].status).toBe('picked_up')
    expect(
      (await s.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}` })).json().status,
    ).toBe('completed')
    world.clock.advanceMinutes(7 * DAY + 1)
    await drain()
    // 2 units left at 800 each, 10%.
    expect(
      (await a.call({ method: 'GET', url: '/api/v1/store/community/leader/earnings' })).json(),
    ).toMatchObject({
      frozenFen: 0,
      settledFen: 160,
    })
  })

  it('keeps shops apart: another shop sees none of a campaign and its leaders cannot act on it', async () => {
    const s = await createShop(world)
    const other = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000, 2_500], stock: 100 })
    const a = await leader(s)
    const id = await campaign(s, skuIds)
    const sh = await s.shopper()
    await buy(sh, id, a.leaderId, [[skuIds[0], 1]])
    for (const path of [
      '',
      '/picking-lists',
      '/purchase-orders',
      '/delivery-sheets',
      '/progress',
      '/export.xlsx',
    ])
      expect(
        (await other.asOwner({ method: 'GET', url: `/api/v1/console/community/campaigns/${id}${path}` }))
          .statusCode,
        path,
      ).toBe(404)
    expect(
      (
        await other.asOwner({
          method: 'POST',
          url: `/api/v1/console/community/campaigns/${id}/cancel`,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await other.asGuest({ method: 'GET', url: `/api/v1/store/community/campaigns/${id}` })).statusCode,
    ).toBe(404)
    // A leader of the other shop, and a shopper there ordering through this shop's leader.
    const b = await leader(other)
    const stranger = await other.shopper()
    const cross = await order(stranger, id, a.leaderId, [[skuIds[0], 1]])
    expect(cross.statusCode).toBe(404)
    world.clock.advanceMinutes(2 * HOUR)
    await drain()
    const code = (await pickups(sh))[0].pickupCode as string
    expect((await verify(b, id, code)).statusCode).toBe(404)
    expect(
      (await b.call({ method: 'GET', url: `/api/v1/store/community/leader/campaigns/${id}/orders` }))
        .statusCode,
    ).toBe(404)
    const { items } = (
      await other.asOwner({ method: 'GET', url: '/api/v1/console/community/campaigns' })
    ).json()
    expect(items).toEqual([])
  })
})
