import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { createShop, fileWorld } from '../../../../test/helpers.js'
import { systemCtx } from '../../../platform/context.js'
import { storeRows } from '../analytics.ingest.js'

// A world of its own: the clock stands at 10:00 on Monday 23 Nov 2026 in Shanghai.
const world = await fileWorld()
const TODAY = '2026-11-23'

/**
 * A shop's morning: A buys directly and shares a product; B and a visitor view and open A's link,
 * B buys through it and shares; C opens B's link, buys, and gets part refunded; two groups (one
 * fills in 30 minutes, one fails); a commission; D, a customer since last week, buys again.
 */
async function morning() {
  const s = await createShop(world)
  const product = randomUUID()
  const campaign = `product:${product}`
  const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()]
  const at = (time: string, day = TODAY) => new Date(`${day}T${time}:00+08:00`)
  let n = 0
  const ev = (type: string, time: string, extra: Record<string, unknown> = {}, day = TODAY) => ({
    type,
    at: at(time, day),
    props: '{}',
    source_event: `test:export:${n++}`,
    ...extra,
  })
  const [tA, tB] = ['ExportAAAA', 'ExportBBBB']
  const share = { campaign, channel: 'wechat_chat' }
  await storeRows(world.core, world.core.db, s.shop.id, [
    ev(
      'order.paid',
      '09:00',
      { shopper_id: d, ref: 'o4', amount_fen: 1_000, source: 'direct' },
      '2026-11-16',
    ),
    ev('order.paid', '08:00', { shopper_id: a, ref: 'o1', amount_fen: 5_000, source: 'direct' }),
    ev('group.opened', '08:00', { ref: 'g1' }),
    ev('group.opened', '08:05', { ref: 'g2' }),
    ev('share.created', '08:10', { shopper_id: a, sharer_id: a, share_token: tA, ...share }),
    ev('page.viewed', '08:15', { shopper_id: b, campaign }),
    ev('page.viewed', '08:16', { visitor_key: 'visitor-export-1', campaign }),
    ev('share.opened', '08:20', {
      shopper_id: b,
      sharer_id: a,
      share_token: tA,
      first_visit: true,
      ...share,
    }),
    ev('share.opened', '08:21', {
      visitor_key: 'visitor-export-1',
      sharer_id: a,
      share_token: tA,
      first_visit: true,
      ...share,
    }),
    ev('order.paid', '08:30', {
      shopper_id: b,
      sharer_id: a,
      share_token: tA,
      ref: 'o2',
      amount_fen: 3_000,
      source: 'share',
      ...share,
    }),
    ev('group.succeeded', '08:30', { ref: 'g1' }),
    ev('commission.frozen', '08:31', { ref: 'o2', amount_fen: 300 }),
    ev('share.created', '08:40', { shopper_id: b, sharer_id: b, share_token: tB, ...share }),
    ev('share.opened', '08:45', {
      shopper_id: c,
      sharer_id: b,
      share_token: tB,
      first_visit: true,
      ...share,
    }),
    ev('order.paid', '08:50', {
      shopper_id: c,
      sharer_id: b,
      share_token: tB,
      ref: 'o3',
      amount_fen: 2_000,
      source: 'share',
      ...share,
    }),
    ev('order.refunded', '09:00', { shopper_id: c, ref: 'o3', amount_fen: 500 }),
    ev('group.failed', '09:10', { ref: 'g2' }),
    ev('order.paid', '09:30', { shopper_id: d, ref: 'o5', amount_fen: 1_000, source: 'direct' }),
  ])
  await world.core.analytics.rollup()
  return { s, product, a, b, c }
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb
}

/** A sheet's rows as arrays of plain values, header first. */
function rows(wb: ExcelJS.Workbook, name: string) {
  const ws = wb.getWorksheet(name)
  expect(ws, `sheet ${name}`).toBeTruthy()
  const out: unknown[][] = []
  ws!.eachRow((r) => {
    out.push((r.values as unknown[]).slice(1))
  })
  return out
}

const fen = (yuan: unknown) => Math.round(Number(yuan) * 100)

describe('reports exported to Excel', () => {
  it('writes the overview with the JSON report’s numbers, headers in Chinese', async () => {
    const { s } = await morning()
    const q = `from=${TODAY}&to=${TODAY}`
    const json = (await s.asOwner({ method: 'GET', url: `/api/v1/console/analytics/overview?${q}` })).json()
    expect(json.totals).toMatchObject({ orders: 4, gmvFen: 11_000, refundFen: 500, newCustomers: 3 })
    expect(json.groups).toMatchObject({ successRate: 0.5, timeToFill: { meanMinutes: 30 } })
    const res = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/export.xlsx?report=overview&${q}`,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="analytics-overview-${TODAY}-${TODAY}.xlsx"`,
    )
    const wb = await workbook(res.rawPayload)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '每日',
      '按来源',
      '按渠道',
      '推广员排行',
      '说明',
    ])

    const summary = new Map(rows(wb, '汇总').map(([k, v]) => [k, v]))
    expect(summary.get('订单数')).toBe(json.totals.orders)
    expect(fen(summary.get('成交额（元）'))).toBe(json.totals.gmvFen)
    expect(fen(summary.get('净成交额（元）'))).toBe(json.totals.netGmvFen)
    expect(fen(summary.get('退款金额（元）'))).toBe(json.totals.refundFen)
    expect(summary.get('新客数')).toBe(json.totals.newCustomers)
    expect(summary.get('首次打开')).toBe(json.totals.firstOpens)
    expect(summary.get('老客订单数')).toBe(json.customers.returning.orders)
    expect(summary.get('成团率')).toBe(json.groups.successRate)
    expect(summary.get('平均成团用时（分钟）')).toBe(json.groups.timeToFill.meanMinutes)
    expect(fen(summary.get('佣金（元）'))).toBe(json.totals.commissionFen)
    expect(summary.get('佣金占成交额')).toBe(json.commission.shareOfGmv)

    const daily = rows(wb, '每日')
    expect(daily[0].slice(0, 3)).toEqual(['日期', '订单数', '成交额（元）'])
    expect(daily.slice(1).map((r) => [r[0], r[1], fen(r[2])])).toEqual(
      json.days.map((d: any) => [d.day, d.orders, d.gmvFen]),
    )
    const bySource = rows(wb, '按来源')
    expect(bySource.slice(1).map((r) => [r[0], r[1], fen(r[2]), r[3]])).toEqual(
      json.bySource.map((x: any) => [
        { share: '分享', direct: '直接购买' }[x.source as string],
        x.orders,
        x.gmvFen,
        x.newCustomers,
      ]),
    )
    expect(rows(wb, '按渠道')[1]).toEqual(['wechat_chat', 2, 50, 0, 2, 0, 3, 3])
    // A brought B in (30 yuan), B brought C in (20 yuan): both first orders.
    expect(json.topPromoters.map((p: any) => [p.rank, p.orders, p.gmvFen, p.buyers, p.newCustomers])).toEqual(
      [
        [1, 1, 3_000, 1, 1],
        [2, 1, 2_000, 1, 1],
      ],
    )
    expect(
      rows(wb, '推广员排行')
        .slice(1)
        .map((r) => [r[0], r[3], fen(r[4]), r[5], r[6], r[7]]),
    ).toEqual(
      json.topPromoters.map((p: any) => [p.rank, p.orders, p.gmvFen, p.buyers, p.newCustomers, p.shopperId]),
    )
  })

  it('writes the funnel, the cascade and the retention cohorts as their JSON reports say', async () => {
    const { s, product, a, b, c } = await morning()
    const get = async (url: string) => {
      const r = await s.asOwner({ method: 'GET', url: `/api/v1/console/analytics/${url}` })
      expect(r.statusCode, r.body).toBe(200)
      return r
    }
    const funnel = (await get(`funnel?from=${TODAY}&to=${TODAY}&productId=${product}`)).json()
    expect(funnel.steps.map((x: any) => x.people)).toEqual([2, 2, 3, 2])
    const fw = await workbook(
      (await get(`export.xlsx?report=funnel&from=${TODAY}&to=${TODAY}&productId=${product}`)).rawPayload,
    )
    expect(rows(fw, '漏斗')).toEqual([
      ['步骤', '人数', '转化率'],
      ...funnel.steps.map((x: any) => [
        { view: '浏览', share: '分享', open: '打开分享', order: '分享下单' }[x.step as string],
        x.people,
        x.rate,
      ]),
    ])
    expect(fen(new Map(rows(fw, '汇总').map(([k, v]) => [k, v])).get('分享成交额（元）'))).toBe(funnel.gmvFen)

    const cascade = (await get(`cascades?productId=${product}`)).json()
    expect(cascade).toMatchObject({ people: 3, roots: 1, maxDepth: 2 })
    const cw = await workbook((await get(`export.xlsx?report=cascades&productId=${product}`)).rawPayload)
    expect(cw.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '代际',
      '树规模',
      '树深度',
      '传播达人',
      '节点',
      '说明',
    ])
    expect(
      rows(cw, '代际')
        .slice(1)
        .map((r) => [...r.slice(0, 7), fen(r[7])]),
    ).toEqual(
      cascade.generations.map((g: any) => [
        g.generation,
        g.people,
        g.sharers,
        g.sends,
        g.opens,
        g.buyers,
        g.orders,
        g.gmvFen,
      ]),
    )
    expect(
      rows(cw, '节点')
        .slice(1)
        .map((r) => [r[0], r[1] ?? null, r[2], r[9], fen(r[10])]),
    ).toEqual(
      cascade.nodes.map((x: any) => [x.id, x.parent, x.generation, x.descendants, x.descendantGmvFen]),
    )
    expect(
      rows(cw, '节点')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([a, b, c])

    const retention = (await get(`retention?from=2026-11-16&to=${TODAY}`)).json()
    const rw = await workbook(
      (await get(`export.xlsx?report=retention&from=2026-11-16&to=${TODAY}`)).rawPayload,
    )
    const cohorts = rows(rw, '留存')
    expect(cohorts[0]).toEqual(['首购周（周一）', '来源', '人数', '第1周'])
    expect(cohorts.slice(1)).toEqual(
      retention.cohorts.map((x: any) => [
        x.week,
        { all: '全部', share: '分享', direct: '直接购买' }[x.source as string],
        x.customers,
        ...x.retained.map((y: any) => y.rate),
      ]),
    )
    // D, who first bought last week, bought again this week.
    expect(cohorts[1]).toEqual(['2026-11-16', '全部', 1, 1])
  })

  it('ranks promoters by what they brought in: through their shares, else as the order’s promoter', async () => {
    const { s, a } = await morning()
    const p = await s.shopper()
    const ctx = systemCtx(s.shop.id, world.core.db)
    const promoter = await world.core.distribution.programs.apply(ctx, p.id)
    const buyer = randomUUID()
    await storeRows(world.core, world.core.db, s.shop.id, [
      {
        type: 'order.paid',
        at: new Date(`${TODAY}T09:40:00+08:00`),
        shopper_id: buyer,
        ref: 'o6',
        amount_fen: 4_000,
        source: 'promoter',
        props: JSON.stringify({ promoterId: promoter.id }),
        source_event: 'test:export:promoter-1',
      },
      {
        type: 'order.paid',
        at: new Date(`${TODAY}T09:45:00+08:00`),
        shopper_id: buyer,
        ref: 'o7',
        amount_fen: 1_000,
        source: 'promoter',
        props: JSON.stringify({ promoterId: promoter.id }),
        source_event: 'test:export:promoter-2',
      },
    ])
    await world.core.analytics.rollup()
    const o = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/analytics/overview?from=${TODAY}&to=${TODAY}` })
    ).json()
    expect(o.topPromoters[0]).toMatchObject({
      rank: 1,
      shopperId: p.id,
      phoneMasked: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`,
      promoterStatus: promoter.status,
      orders: 2,
      gmvFen: 5_000,
      buyers: 1,
      newCustomers: 1,
    })
    expect(o.topPromoters[1]).toMatchObject({ rank: 2, shopperId: a, gmvFen: 3_000 })
    expect(o.topPromoters).toHaveLength(3)
  })

  it('writes English headers on request, and refuses a report it cannot make', async () => {
    const { s, product } = await morning()
    const byQuery = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/export.xlsx?report=funnel&productId=${product}&lang=en`,
    })
    const byHeader = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/export.xlsx?report=funnel&productId=${product}`,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    })
    for (const res of [byQuery, byHeader]) {
      const wb = await workbook(res.rawPayload)
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Funnel', 'Summary', 'About'])
      expect(rows(wb, 'Funnel')[0]).toEqual(['Step', 'People', 'Rate'])
      expect(rows(wb, 'Funnel')[1][0]).toBe('View')
    }
    const noCampaign = await s.asOwner({
      method: 'GET',
      url: '/api/v1/console/analytics/export.xlsx?report=cascades',
    })
    expect(noCampaign.statusCode).toBe(400)
    expect(noCampaign.json().error.field).toBe('campaign')
    const unknown = await s.asOwner({
      method: 'GET',
      url: '/api/v1/console/analytics/export.xlsx?report=likes',
    })
    expect(unknown.statusCode).toBe(400)
    const backwards = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/analytics/export.xlsx?report=overview&from=${TODAY}&to=2026-11-01`,
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error.code).toBe('validation_failed')
  })
})
