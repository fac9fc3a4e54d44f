import ExcelJS from 'exceljs'
import type { Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { pickingLines, purchaseLines } from './domain/campaign.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>

/** One order line as counted at the cutoff: what is left of it after refunds so far. */
export interface PickedLine {
  orderId: string
  lineId: string
  pickupPointId: string
  leaderId: string
  skuId: string
  quantity: number
  amountFen: number
}

/**
 * What a closed campaign hands to the warehouse and the drivers: picking lists (per pickup point
 * and SKU), the purchase order (per supplier and SKU, at cost) and delivery sheets (per route, its
 * points in driving order), written once at the cutoff; and the delivery routes they follow.
 */
export function createCampaignLists(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  async function loadCampaign(ctx: Reader, id: string) {
    const c = await scoped(ctx)
      .selectFrom('community_campaigns')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!c) throw new AppError('not_found', { entity: 'Campaign', entity_zh: '团购活动' }, 'id')
    return c
  }

  /** Writes the picking lists (with each point's route at this moment) and the purchase order. */
  async function build(ctx: TCtx, campaignId: string, picked: PickedLine[]) {
    const leaderOfPoint = new Map(picked.map((r) => [r.pickupPointId, r.leaderId]))
    const picking = pickingLines(picked)
    if (!picking.length) return
    const routes = await scoped(ctx)
      .selectFrom('community_route_points')
      .innerJoin('community_routes', 'community_routes.id', 'community_route_points.route_id')
      .select([
        'community_route_points.pickup_point_id',
        'community_route_points.position',
        'community_routes.id',
        'community_routes.name',
      ])
      .where('community_route_points.pickup_point_id', 'in', [...leaderOfPoint.keys()])
      .execute()
    const routeOf = new Map(routes.map((r) => [r.pickup_point_id, r]))
    await scoped(ctx)
      .insertInto(
        'community_picking_lines',
        picking.map((p) => ({
          campaign_id: campaignId,
          pickup_point_id: p.pickupPointId,
          leader_id: leaderOfPoint.get(p.pickupPointId)!,
          sku_id: p.skuId,
          quantity: p.quantity,
          amount_fen: p.amountFen,
          route_id: routeOf.get(p.pickupPointId)?.id ?? null,
          route_name: routeOf.get(p.pickupPointId)?.name ?? null,
          route_position: routeOf.get(p.pickupPointId)?.position ?? null,
          received: null,
          damaged: null,
          received_at: null,
        })),
      )
      .execute()
    const skus = await scoped(ctx)
      .selectFrom('community_campaign_skus')
      .select(['sku_id', 'supplier', 'unit', 'cost_fen'])
      .where('campaign_id', '=', campaignId)
      .execute()
    const po = purchaseLines(
      picking,
      skus.map((s) => ({ skuId: s.sku_id, supplier: s.supplier, unit: s.unit, costFen: Number(s.cost_fen) })),
    )
    await scoped(ctx)
      .insertInto(
        'community_purchase_lines',
        po.map((l) => ({
          campaign_id: campaignId,
          sku_id: l.skuId,
          supplier: l.supplier,
          unit: l.unit,
          quantity: l.quantity,
          cost_fen: l.costFen,
          total_cost_fen: l.totalCostFen,
        })),
      )
      .execute()
  }
  async function pickingList(ctx: Reader, campaignId: string, pickupPointId?: string) {
    await loadCampaign(ctx, campaignId)
    let q = scoped(ctx)
      .selectFrom('community_picking_lines')
      .innerJoin('pickup_points', 'pickup_points.id', 'community_picking_lines.pickup_point_id')
      .innerJoin('community_leaders', 'community_leaders.id', 'community_picking_lines.leader_id')
      .innerJoin('skus', 'skus.id', 'community_picking_lines.sku_id')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .innerJoin('community_campaign_skus', (j) =>
        j
          .onRef('community_campaign_skus.campaign_id', '=', 'community_picking_lines.campaign_id')
          .onRef('community_campaign_skus.sku_id', '=', 'community_picking_lines.sku_id'),
      )
      .selectAll('community_picking_lines')
      .select([
        'pickup_points.name as point_name',
        'pickup_points.address',
        'community_leaders.name as leader_name',
        'community_leaders.phone as leader_phone',
        'products.title',
        'skus.spec',
        'community_campaign_skus.unit',
        'community_campaign_skus.position',
      ])
      .where('community_picking_lines.campaign_id', '=', campaignId)
      .orderBy('pickup_points.name')
      .orderBy('community_picking_lines.pickup_point_id')
      .orderBy('community_campaign_skus.position')
    if (pickupPointId) q = q.where('community_picking_lines.pickup_point_id', '=', pickupPointId)
    const rows = await q.execute()
    const points = new Map<string, any>()
    for (const r of rows) {
      let p = points.get(r.pickup_point_id)
      if (!p) {
        p = {
          pickupPointId: r.pickup_point_id,
          pickupPointName: r.point_name,
          address: r.address,
          leaderId: r.leader_id,
          leaderName: r.leader_name,
          leaderPhone: r.leader_phone,
          routeId: r.route_id,
          routeName: r.route_name,
          routePosition: r.route_position,
          lines: [],
          quantity: 0,
          amountFen: 0,
        }
        points.set(r.pickup_point_id, p)
      }
      p.lines.push({
        skuId: r.sku_id,
        title: r.title,
        specLabel: Object.values(r.spec ?? {}).join(' / '),
        unit: r.unit,
        quantity: r.quantity,
        amountFen: Number(r.amount_fen),
        received: r.received,
        damaged: r.damaged,
        receivedAt: r.received_at,
      })
      p.quantity += r.quantity
      p.amountFen += Number(r.amount_fen)
    }
    return { campaignId, points: [...points.values()] }
  }

  async function purchaseOrders(ctx: Reader, campaignId: string) {
    await loadCampaign(ctx, campaignId)
    const rows = await scoped(ctx)
      .selectFrom('community_purchase_lines')
      .innerJoin('skus', 'skus.id', 'community_purchase_lines.sku_id')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .selectAll('community_purchase_lines')
      .select(['products.title', 'skus.spec'])
      .where('community_purchase_lines.campaign_id', '=', campaignId)
      .orderBy('community_purchase_lines.supplier')
      .orderBy('products.title')
      .orderBy('community_purchase_lines.sku_id')
      .execute()
    const bySupplier = new Map<string, any>()
    for (const r of rows) {
      let s = bySupplier.get(r.supplier)
      if (!s) {
        s = { supplier: r.supplier, lines: [], quantity: 0, totalCostFen: 0 }
        bySupplier.set(r.supplier, s)
      }
      s.lines.push({
        skuId: r.sku_id,
        title: r.title,
        specLabel: Object.values(r.spec ?? {}).join(' / '),
        unit: r.unit,
        quantity: r.quantity,
        costFen: Number(r.cost_fen),
        totalCostFen: Number(r.total_cost_fen),
      })
      s.quantity += r.quantity
      s.totalCostFen += Number(r.total_cost_fen)
    }
    const suppliers = [...bySupplier.values()]
    return { campaignId, suppliers, totalCostFen: suppliers.reduce((a, s) => a + s.totalCostFen, 0) }
  }

  /** Per route, its points in driving order with what each gets; points on no route come last. */
  async function deliverySheets(ctx: Reader, campaignId: string) {
    const { points } = await pickingList(ctx, campaignId)
    const byRoute = new Map<string, any>()
    for (const p of points) {
      const key = p.routeId ?? ''
      let r = byRoute.get(key)
      if (!r) {
        r = { routeId: p.routeId, routeName: p.routeName, stops: [], quantity: 0 }
        byRoute.set(key, r)
      }
      r.stops.push({
        pickupPointId: p.pickupPointId,
        pickupPointName: p.pickupPointName,
        address: p.address,
        leaderName: p.leaderName,
        leaderPhone: p.leaderPhone,
        lines: p.lines.map((l: any) => ({
          skuId: l.skuId,
          title: l.title,
          specLabel: l.specLabel,
          unit: l.unit,
          quantity: l.quantity,
        })),
        quantity: p.quantity,
        position: p.routePosition,
      })
      r.quantity += p.quantity
    }
    const routes = [...byRoute.values()]
    for (const r of routes) r.stops.sort((a: any, b: any) => (a.position ?? 0) - (b.position ?? 0))
    routes.sort((a, b) =>
      a.routeId === null
        ? 1
        : b.routeId === null
          ? -1
          : String(a.routeName).localeCompare(String(b.routeName)),
    )
    return {
      campaignId,
      routes: routes.map((r) => ({ ...r, stops: r.stops.map(({ position, ...s }: any) => s) })),
    }
  }

  /** The campaign's picking lists, purchase order and delivery sheets as one .xlsx workbook. */
  async function exportXlsx(ctx: Reader & { lang?: Ctx['lang'] }, campaignId: string) {
    const c = await loadCampaign(ctx, campaignId)
    const en = ctx.lang === 'en'
    const t = (zh: string, e: string) => (en ? e : zh)
    const [picking, po, sheets] = await Promise.all([
      pickingList(ctx, campaignId),
      purchaseOrders(ctx, campaignId),
      deliverySheets(ctx, campaignId),
    ])
    const yuan = (fen: number) => fen / 100
    const wb = new ExcelJS.Workbook()
    wb.created = core.clock.now()
    const ws1 = wb.addWorksheet(t('采购单', 'Purchase order'))
    ws1.columns = [
      { header: t('供应商', 'Supplier'), key: 'supplier', width: 20 },
      { header: t('商品', 'Product'), key: 'title', width: 30 },
      { header: t('规格', 'SKU'), key: 'spec', width: 16 },
      { header: t('单位', 'Unit'), key: 'unit', width: 8 },
      { header: t('数量', 'Quantity'), key: 'quantity', width: 10 },
      { header: t('单价（元）', 'Unit cost (yuan)'), key: 'cost', width: 14 },
      { header: t('金额（元）', 'Total (yuan)'), key: 'total', width: 14 },
    ]
    for (const s of po.suppliers) {
      for (const l of s.lines)
        ws1.addRow({
          supplier: s.supplier,
          title: l.title,
          spec: l.specLabel,
          unit: l.unit,
          quantity: l.quantity,
          cost: yuan(l.costFen),
          total: yuan(l.totalCostFen),
        })
      ws1.addRow({
        supplier: s.supplier,
        title: t('小计', 'Subtotal'),
        quantity: s.quantity,
        total: yuan(s.totalCostFen),
      })
    }
    ws1.addRow({ supplier: t('合计', 'Total'), total: yuan(po.totalCostFen) })
    const ws2 = wb.addWorksheet(t('分拣单', 'Picking lists'))
    ws2.columns = [
      { header: t('自提点', 'Pickup point'), key: 'point', width: 20 },
      { header: t('团长', 'Leader'), key: 'leader', width: 12 },
      { header: t('电话', 'Phone'), key: 'phone', width: 14 },
      { header: t('商品', 'Product'), key: 'title', width: 30 },
      { header: t('规格', 'SKU'), key: 'spec', width: 16 },
      { header: t('单位', 'Unit'), key: 'unit', width: 8 },
      { header: t('数量', 'Quantity'), key: 'quantity', width: 10 },
    ]
    for (const p of picking.points)
      for (const l of p.lines)
        ws2.addRow({
          point: p.pickupPointName,
          leader: p.leaderName,
          phone: p.leaderPhone,
          title: l.title,
          spec: l.specLabel,
          unit: l.unit,
          quantity: l.quantity,
        })
    const ws3 = wb.addWorksheet(t('配送单', 'Delivery sheets'))
    ws3.columns = [
      { header: t('线路', 'Route'), key: 'route', width: 16 },
      { header: t('站点', 'Stop'), key: 'stop', width: 6 },
      { header: t('自提点', 'Pickup point'), key: 'point', width: 20 },
      { header: t('地址', 'Address'), key: 'address', width: 36 },
      { header: t('商品', 'Product'), key: 'title', width: 30 },
      { header: t('规格', 'SKU'), key: 'spec', width: 16 },
      { header: t('数量', 'Quantity'), key: 'quantity', width: 10 },
    ]
    for (const r of sheets.routes)
      r.stops.forEach((s: any, i: number) => {
        for (const l of s.lines)
          ws3.addRow({
            route: r.routeName ?? t('未分配线路', 'No route'),
            stop: i + 1,
            point: s.pickupPointName,
            address: s.address,
            title: l.title,
            spec: l.specLabel,
            quantity: l.quantity,
          })
      })
    for (const ws of [ws1, ws2, ws3]) ws.getRow(1).font = { bold: true }
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    return { bytes, filename: `campaign-${c.pickup_date}-${c.id.slice(0, 8)}.xlsx` }
  }

  /** A delivery route: pickup points in driving order (a point is on at most one route; it moves here). */
  async function saveRoute(ctx: Ctx, input: { name: string; pickupPointIds: string[] }) {
    if (new Set(input.pickupPointIds).size !== input.pickupPointIds.length)
      throw invalid('pickupPointIds', 'each point once', '每个自提点只能出现一次')
    return tx(ctx, async (t) => {
      const found = await scoped(t)
        .selectFrom('pickup_points')
        .select('id')
        .where('id', 'in', input.pickupPointIds)
        .execute()
      const known = new Set(found.map((f) => f.id))
      const bad = input.pickupPointIds.findIndex((id) => !known.has(id))
      if (bad >= 0) throw new AppError('not_found', { entity: 'pickup_point' }, `pickupPointIds.${bad}`)
      const name = input.name.trim()
      const now = core.clock.now()
      const route = await scoped(t)
        .insertInto('community_routes', { id: newId(), name, created_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ name }))
        .returning('id')
        .executeTakeFirstOrThrow()
      await scoped(t).deleteFrom('community_route_points').where('route_id', '=', route.id).execute()
      await scoped(t)
        .deleteFrom('community_route_points')
        .where('pickup_point_id', 'in', input.pickupPointIds)
        .execute()
      await scoped(t)
        .insertInto(
          'community_route_points',
          input.pickupPointIds.map((id, i) => ({ route_id: route.id, pickup_point_id: id, position: i })),
        )
        .execute()
      await audit(t, core.clock, 'community.route.save', 'community_route', route.id, input)
      return { id: route.id, name, pickupPointIds: input.pickupPointIds }
    })
  }

  async function routes(ctx: Reader) {
    const rows = await scoped(ctx)
      .selectFrom('community_routes')
      .leftJoin('community_route_points', 'community_route_points.route_id', 'community_routes.id')
      .select(['community_routes.id', 'community_routes.name', 'community_route_points.pickup_point_id'])
      .orderBy('community_routes.name')
      .orderBy('community_route_points.position')
      .execute()
    const by = new Map<string, { id: string; name: string; pickupPointIds: string[] }>()
    for (const r of rows) {
      const x = by.get(r.id) ?? { id: r.id, name: r.name, pickupPointIds: [] }
      if (r.pickup_point_id) x.pickupPointIds.push(r.pickup_point_id)
      by.set(r.id, x)
    }
    return { items: [...by.values()] }
  }

  /**
   * The same three lists as a self-contained printable HTML page (A4, one section per supplier,
   * point and route, each starting a new page), for the warehouse and drivers without Excel.
   */
  async function printHtml(ctx: Reader & { lang?: Ctx['lang'] }, campaignId: string) {
    const c = await loadCampaign(ctx, campaignId)
    const en = ctx.lang === 'en'
    const t = (zh: string, e: string) => (en ? e : zh)
    const [picking, po, sheets] = await Promise.all([
      pickingList(ctx, campaignId),
      purchaseOrders(ctx, campaignId),
      deliverySheets(ctx, campaignId),
    ])
    const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
    const yuan = (fen: number) => (fen / 100).toFixed(2)
    const table = (head: string[], rows: unknown[][]) =>
      `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    const title = `${esc(c.title)} · ${t('提货日', 'pickup')} ${esc(c.pickup_date)}`
    const sections = [
      ...po.suppliers.map(
        (s) =>
          `<section><h2>${t('采购单', 'Purchase order')} · ${esc(s.supplier)}</h2>${table(
            [
              t('商品', 'Product'),
              t('规格', 'SKU'),
              t('单位', 'Unit'),
              t('数量', 'Qty'),
              t('单价', 'Cost'),
              t('金额', 'Total'),
            ],
            [
              ...s.lines.map((l: any) => [
                l.title,
                l.specLabel,
                l.unit,
                l.quantity,
                yuan(l.costFen),
                yuan(l.totalCostFen),
              ]),
              [t('小计', 'Subtotal'), '', '', s.quantity, '', yuan(s.totalCostFen)],
            ],
          )}</section>`,
      ),
      ...picking.points.map(
        (p) =>
          `<section><h2>${t('分拣单', 'Picking list')} · ${esc(p.pickupPointName)}</h2><p>${esc(p.leaderName)} ${esc(
            p.leaderPhone,
          )} · ${esc(p.address)}</p>${table(
            [
              t('商品', 'Product'),
              t('规格', 'SKU'),
              t('单位', 'Unit'),
              t('数量', 'Qty'),
              t('实收', 'Received'),
            ],
            p.lines.map((l: any) => [l.title, l.specLabel, l.unit, l.quantity, l.received ?? '']),
          )}</section>`,
      ),
      ...sheets.routes.map(
        (r) =>
          `<section><h2>${t('配送单', 'Delivery sheet')} · ${esc(r.routeName ?? t('未分配线路', 'No route'))}</h2>${table(
            [
              t('站点', 'Stop'),
              t('自提点', 'Pickup point'),
              t('地址', 'Address'),
              t('商品', 'Product'),
              t('数量', 'Qty'),
            ],
            r.stops.flatMap((st: any, i: number) =>
              st.lines.map((l: any) => [
                i + 1,
                st.pickupPointName,
                st.address,
                `${l.title} ${l.specLabel}`,
                l.quantity,
              ]),
            ),
          )}</section>`,
      ),
    ]
    return `<!doctype html><html lang="${en ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><title>${title}</title>
<style>@page{size:A4;margin:12mm}body{font-family:system-ui,"Noto Sans SC",sans-serif;font-size:12px}
section{break-before:page}section:first-of-type{break-before:auto}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px 6px;text-align:left}th{background:#eee}</style></head>
<body><h1>${title}</h1><p>${t('采购合计', 'Purchase total')} ¥${yuan(po.totalCostFen)}</p>${sections.join('\n')}</body></html>`
  }

  return { build, pickingList, purchaseOrders, deliverySheets, exportXlsx, printHtml, saveRoute, routes }
}
