import { type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { daysFrom } from '../../platform/clock.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { seal, unseal } from '../../platform/seal.js'
import { scoped } from '../../platform/tenancy.js'
import { maskPhone } from '../identity/index.js'
import { createCampaignLists, type PickedLine } from './campaign-lists.js'
import type { CommunityTables } from './community.tables.js'
import {
  allocateShortage,
  type CampaignInput,
  campaignProblems,
  newPickupCode,
  PICKUP_CODE,
  pickupCodeHash,
  shortRefundFen,
} from './domain/campaign.js'
import {
  type CampaignEvent,
  type CampaignStatus,
  campaignMachine,
  type PickupEvent,
  type PickupStatus,
  pickupMachine,
} from './domain/campaign-state.js'
import type { Problem } from './domain/hours.js'
import { createLeaderCommissions } from './leader-commissions.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>
type CampaignRow = Selectable<CommunityTables['community_campaigns']>
type PickupRow = Selectable<CommunityTables['community_orders']>

export const CUTOFF_JOB = 'community.campaign.cutoff'
export const UNCOLLECTED_JOB = 'community.pickup.uncollected'
export { leaderAccounts, SETTLE_JOB } from './leader-commissions.js'

const campaignNotFound = (field = 'id') =>
  new AppError('not_found', { entity: 'Campaign', entity_zh: '团购活动' }, field)
const pickupNotFound = (field = 'id') =>
  new AppError('not_found', { entity: 'Pickup order', entity_zh: '提货订单' }, field)
const conflict = (field: string, en: string, zh: string) =>
  new AppError('conflict', { detail: en, detail_zh: zh }, field)
const refuse = (problems: Problem[]) => {
  if (problems.length) throw invalid(problems[0].field, problems[0].en, problems[0].zh)
}

export interface CampaignOrderInput {
  leaderId: string
  items: { skuId: string; quantity: number }[]
  note?: string
}

export interface ReceiptLine {
  skuId: string
  /** Units that arrived, damaged ones included. */
  received: number
  /** Of those, units that cannot be handed out. */
  damaged: number
}

/**
 * Pre-order campaigns ("people find goods"): shoppers order through a leader before the cutoff;
 * at the cutoff the campaign closes and its picking lists, purchase order and delivery sheets are
 * built from the paid orders; the leader receives the goods (short or damaged units are refunded)
 * and hands them out against pickup codes; the leader's commission settles after pickup and the
 * return window.
 */
export function createCampaignsService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))
  const codeKey = () => core.config.dataKey ?? core.config.sandboxSecret
  const lists = createCampaignLists(core)
  const commissions = createLeaderCommissions(core)

  async function loadCampaign(ctx: Reader, id: string, lock?: 'update' | 'share') {
    let q = scoped(ctx).selectFrom('community_campaigns').selectAll().where('id', '=', id)
    if (lock === 'update') q = q.forUpdate()
    if (lock === 'share') q = q.forShare()
    const c = await q.executeTakeFirst()
    if (!c) throw campaignNotFound()
    return c
  }

  const skusOf = (ctx: Reader, campaignId: string) =>
    scoped(ctx)
      .selectFrom('community_campaign_skus')
      .innerJoin('skus', 'skus.id', 'community_campaign_skus.sku_id')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .selectAll('community_campaign_skus')
      .select(['products.title', 'skus.spec', 'products.id as product_id'])
      .where('community_campaign_skus.campaign_id', '=', campaignId)
      .orderBy('community_campaign_skus.position')
      .execute()

  /** The one writer of a campaign's status: the machine decides, a history row and an event record it. */
  async function moveCampaign(
    t: TCtx,
    c: CampaignRow,
    event: CampaignEvent,
    opts: { reason?: string; set?: Record<string, unknown> } = {},
  ): Promise<CampaignRow> {
    const to = campaignMachine.next(c.status, event)
    const now = core.clock.now()
    const row = await scoped(t)
      .updateTable('community_campaigns')
      .set({ ...(opts.set ?? {}), status: to, updated_at: now } as never)
      .where('id', '=', c.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await scoped(t)
      .insertInto('community_campaign_history', {
        campaign_id: c.id,
        from_status: c.status,
        to_status: to,
        event,
        reason: opts.reason ?? null,
        ...actorColumns(t.actor),
        at: now,
      })
      .execute()
    await core.events.publish(t.db, t.tenantId, `community.campaign.${to}`, {
      campaignId: c.id,
      from: c.status,
      to,
    })
    return row as CampaignRow
  }

  /** The one writer of a campaign order's pickup status. */
  async function movePickup(
    t: TCtx,
    p: PickupRow,
    event: PickupEvent,
    opts: { reason?: string; set?: Record<string, unknown> } = {},
  ) {
    const to = pickupMachine.next(p.status, event)
    const now = core.clock.now()
    await scoped(t)
      .updateTable('community_orders')
      .set({ ...(opts.set ?? {}), status: to, updated_at: now } as never)
      .where('id', '=', p.id)
      .execute()
    await scoped(t)
      .insertInto('community_order_history', {
        order_id: p.id,
        from_status: p.status,
        to_status: to,
        event,
        reason: opts.reason ?? null,
        ...actorColumns(t.actor),
        at: now,
      })
      .execute()
    await core.events.publish(t.db, t.tenantId, `community.pickup.${to}`, {
      orderId: p.id,
      campaignId: p.campaign_id,
      pickupPointId: p.pickup_point_id,
      shopperId: p.shopper_id,
      from: p.status,
      to,
    })
    return { ...p, status: to } as PickupRow
  }

  const lockPickup = (t: TCtx, orderId: string) =>
    scoped(t)
      .selectFrom('community_orders')
      .selectAll()
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst()

  // Order hooks: the campaign order follows its order --------------------------------------
  /** A paid campaign order gets its pickup code (unique at its point in this campaign) and freezes its leader's commission. */
  async function onPaid(t: TCtx, orderId: string) {
    const p = await lockPickup(t, orderId)
    if (p?.status !== 'pending_payment') return
    const now = core.clock.now()
    let code = ''
    for (let attempt = 0; ; attempt++) {
      code = newPickupCode()
      const hash = pickupCodeHash(codeKey(), p.campaign_id, p.pickup_point_id, code)
      // A collision with another order's code at this point would make both ambiguous: draw again.
      const taken = await scoped(t)
        .selectFrom('community_orders')
        .select('id')
        .where('campaign_id', '=', p.campaign_id)
        .where('pickup_point_id', '=', p.pickup_point_id)
        .where('code_hash', '=', hash)
        .executeTakeFirst()
      if (!taken) {
        await movePickup(t, p, 'pay', {
          set: { code_hash: hash, code_sealed: seal(codeKey(), code), paid_at: now },
        })
        break
      }
      if (attempt > 20) throw new Error('could not draw a free pickup code')
    }
    await commissions.accrue(t, { id: orderId, campaignId: p.campaign_id, leaderId: p.leader_id })
  }

  /** An unpaid order was cancelled: its units go back to the campaign and to the shopper's limit. */
  async function onCancelled(t: TCtx, orderId: string) {
    const p = await lockPickup(t, orderId)
    if (p?.status !== 'pending_payment') return
    const lines = await scoped(t)
      .selectFrom('order_lines')
      .select(['sku_id', 'quantity'])
      .where('order_id', '=', orderId)
      .orderBy('sku_id')
      .execute()
    for (const l of lines) {
      await scoped(t)
        .updateTable('community_campaign_skus')
        .set((eb) => ({ sold: eb('sold', '-', l.quantity) }))
        .where('campaign_id', '=', p.campaign_id)
        .where('sku_id', '=', l.sku_id)
        .execute()
      await scoped(t)
        .updateTable('community_campaign_quotas')
        .set((eb) => ({ quantity: eb('quantity', '-', l.quantity) }))
        .where('campaign_id', '=', p.campaign_id)
        .where('sku_id', '=', l.sku_id)
        .where('shopper_id', '=', p.shopper_id)
        .execute()
    }
    await movePickup(t, p, 'cancel')
  }

  core.orders.registerKind('community', {
    onPaid: (t, order) => onPaid(t, order.id),
    onCancelled: (t, order) => onCancelled(t, order.id),
    // A payment after the cutoff cancelled the order goes back: the campaign has closed its lists.
    acceptsLatePayment: false,
    dealKey: async (_ctx, order) => `community:${order.kind_ref}`,
  })

  /** The campaign's cutoff job, keyed by its due time (a moved cutoff would get a job of its own). */
  const scheduleCutoff = (t: TCtx, c: CampaignRow) =>
    enqueue(t.db, core.clock, {
      kind: CUTOFF_JOB,
      tenantId: t.tenantId,
      payload: { campaignId: c.id },
      runAt: new Date(c.cutoff_at),
      dedupeKey: `${CUTOFF_JOB}:${c.id}:${new Date(c.cutoff_at).getTime()}`,
    })

  function campaignView(c: CampaignRow, skus: Awaited<ReturnType<typeof skusOf>>) {
    return {
      id: c.id,
      title: c.title,
      status: c.status,
      cutoffAt: c.cutoff_at,
      pickupDate: c.pickup_date,
      commissionBp: c.commission_bp,
      uncollectedDays: c.uncollected_days,
      uncollectedRule: c.uncollected_rule,
      returnWindowDays: c.return_window_days,
      openedAt: c.opened_at,
      closedAt: c.closed_at,
      createdAt: c.created_at,
      skus: skus.map((s) => ({
        skuId: s.sku_id,
        productId: s.product_id,
        title: s.title,
        specLabel: Object.values(s.spec ?? {}).join(' / '),
        priceFen: Number(s.price_fen),
        perPersonLimit: s.per_person_limit,
        totalCap: s.total_cap,
        sold: s.sold,
        remaining: s.total_cap === null ? null : s.total_cap - s.sold,
        supplier: s.supplier,
        unit: s.unit,
        costFen: Number(s.cost_fen),
        commissionBp: s.commission_bp,
      })),
    }
  }

  /** Shopper-facing: no costs, suppliers or commission rates. */
  function storeView(v: ReturnType<typeof campaignView>) {
    return {
      id: v.id,
      title: v.title,
      status: v.status,
      cutoffAt: v.cutoffAt,
      pickupDate: v.pickupDate,
      skus: v.skus.map((s) => ({
        skuId: s.skuId,
        productId: s.productId,
        title: s.title,
        specLabel: s.specLabel,
        priceFen: s.priceFen,
        perPersonLimit: s.perPersonLimit,
        remaining: s.remaining,
      })),
    }
  }

  async function get(ctx: Reader, id: string) {
    const c = await loadCampaign(ctx, id)
    return campaignView(c, await skusOf(ctx, id))
  }

  /** The leader (an active one) run by this shopper, with their pickup point; 403 otherwise. */
  async function leaderOf(ctx: Reader, shopperId: string) {
    const l = await scoped(ctx)
      .selectFrom('community_leaders')
      .innerJoin('pickup_points', 'pickup_points.leader_id', 'community_leaders.id')
      .select(['community_leaders.id', 'community_leaders.status', 'pickup_points.id as pickup_point_id'])
      .where('community_leaders.shopper_id', '=', shopperId)
      .executeTakeFirst()
    if (l?.status !== 'active') throw new AppError('forbidden')
    return { leaderId: l.id, pickupPointId: l.pickup_point_id }
  }

  /**
   * Closes a campaign whose cutoff has come: unpaid orders are cancelled (their units go back),
   * then the picking lists (per point and SKU, with each point's route), and the purchase order
   * (per SKU at its supplier's cost) are written from the paid orders. A second run does nothing.
   */
  async function close(ctx: TCtx, campaignId: string) {
    const c = await loadCampaign(ctx, campaignId, 'update')
    if (c.status !== 'open') return false
    const now = core.clock.now()
    if (new Date(c.cutoff_at) > now) return false
    const unpaid = await scoped(ctx)
      .selectFrom('community_orders')
      .select('id')
      .where('campaign_id', '=', c.id)
      .where('status', '=', 'pending_payment')
      .orderBy('id')
      .execute()
    for (const o of unpaid)
      await core.orders.cancel(ctx, o.id, { reason: 'the campaign closed at its cutoff before payment' })
    const rows = await scoped(ctx)
      .selectFrom('community_orders')
      .innerJoin('orders', 'orders.id', 'community_orders.id')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select([
        'community_orders.id',
        'community_orders.pickup_point_id',
        'community_orders.leader_id',
        'order_lines.id as line_id',
        'order_lines.sku_id',
        'order_lines.quantity',
        'order_lines.refunded_quantity',
        'order_lines.amount_fen',
        'order_lines.refunded_fen',
      ])
      .where('community_orders.campaign_id', '=', c.id)
      .where('community_orders.status', '=', 'awaiting_goods')
      .where('orders.status', '=', 'paid')
      .orderBy('order_lines.id')
      .execute()
    // Units refunded before the cutoff are not bought.
    const picked: PickedLine[] = rows
      .map((r) => ({
        orderId: r.id,
        lineId: r.line_id,
        pickupPointId: r.pickup_point_id,
        leaderId: r.leader_id,
        skuId: r.sku_id,
        quantity: r.quantity - r.refunded_quantity,
        amountFen: Number(r.amount_fen) - Number(r.refunded_fen),
      }))
      .filter((l) => l.quantity > 0)
    await lists.build(ctx, c.id, picked)
    for (const orderId of new Set(picked.map((l) => l.orderId)))
      await scoped(ctx)
        .updateTable('community_orders')
        .set({
          in_picking_list: true,
          picked: JSON.stringify(
            picked
              .filter((l) => l.orderId === orderId)
              .map((l) => ({
                lineId: l.lineId,
                skuId: l.skuId,
                quantity: l.quantity,
                amountFen: l.amountFen,
              })),
          ),
          updated_at: now,
        })
        .where('id', '=', orderId)
        .execute()
    await moveCampaign(ctx, c, 'close', { set: { closed_at: now } })
    return true
  }

  /** Tries to finish a receiving campaign: every point received and no order left waiting. */
  async function maybeComplete(t: TCtx, campaignId: string) {
    const c = await loadCampaign(t, campaignId, 'update')
    if (c.status !== 'receiving') return
    const waiting = await scoped(t)
      .selectFrom('community_orders')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', ['awaiting_goods', 'ready'])
      .limit(1)
      .executeTakeFirst()
    const unreceived = await scoped(t)
      .selectFrom('community_picking_lines')
      .select('sku_id')
      .where('campaign_id', '=', campaignId)
      .where('received_at', 'is', null)
      .limit(1)
      .executeTakeFirst()
    if (!waiting && !unreceived) await moveCampaign(t, c, 'complete')
  }

  return {
    get,
    storeView,
    exportXlsx: lists.exportXlsx,
    printHtml: lists.printHtml,
    saveRoute: lists.saveRoute,
    routes: lists.routes,
    close,
    leaderOf,
    pickingList: lists.pickingList,
    purchaseOrders: lists.purchaseOrders,
    deliverySheets: lists.deliverySheets,

    // Operator ------------------------------------------------------------------------------
    /** A draft campaign; its SKUs must be the shop's own. */
    async create(ctx: Ctx, input: CampaignInput) {
      refuse(campaignProblems(input, core.clock.now()))
      return tx(ctx, async (t) => {
        const ids = input.skus.map((s) => s.skuId)
        const found = await scoped(t).selectFrom('skus').select('id').where('id', 'in', ids).execute()
        const known = new Set(found.map((f) => f.id))
        const missing = ids.findIndex((id) => !known.has(id))
        if (missing >= 0) throw new AppError('not_found', { entity: 'sku' }, `skus.${missing}.skuId`)
        const now = core.clock.now()
        const id = newId()
        await scoped(t)
          .insertInto('community_campaigns', {
            id,
            title: input.title.trim(),
            status: 'draft',
            cutoff_at: new Date(input.cutoffAt),
            pickup_date: input.pickupDate,
            commission_bp: input.commissionBp,
            uncollected_days: input.uncollectedDays,
            uncollected_rule: input.uncollectedRule,
            return_window_days: input.returnWindowDays,
            opened_at: null,
            closed_at: null,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await scoped(t)
          .insertInto(
            'community_campaign_skus',
            input.skus.map((s, i) => ({
              campaign_id: id,
              sku_id: s.skuId,
              position: i,
              price_fen: s.priceFen,
              per_person_limit: s.perPersonLimit,
              total_cap: s.totalCap ?? null,
              supplier: s.supplier.trim(),
              unit: s.unit.trim(),
              cost_fen: s.costFen,
              commission_bp: s.commissionBp ?? null,
            })),
          )
          .execute()
        await scoped(t)
          .insertInto('community_campaign_history', {
            campaign_id: id,
            from_status: null,
            to_status: 'draft',
            event: 'create',
            reason: null,
            ...actorColumns(t.actor),
            at: now,
          })
          .execute()
        await audit(t, core.clock, 'community.campaign.create', 'community_campaign', id, {
          title: input.title,
        })
        return get(t, id)
      })
    },

    /** Campaigns newest first, optionally by status. */
    async list(ctx: Reader, q: { status?: CampaignStatus; limit: number; cursor?: string }) {
      const cur = decodeCursor(q.cursor)
      let query = scoped(ctx)
        .selectFrom('community_campaigns')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
      if (q.status) query = query.where('status', '=', q.status)
      if (cur)
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', cur.at),
            eb.and([eb('created_at', '=', cur.at), eb('id', '<', cur.id)]),
          ]),
        )
      const rows = await query.execute()
      const page = rows.slice(0, q.limit)
      const last = page[page.length - 1]
      return {
        items: page.map((c) => campaignView(c, [])),
        nextCursor: rows.length > q.limit && last ? encodeCursor(new Date(last.created_at), last.id) : null,
      }
    },

    /** Demand so far: per SKU, units and amount in placed-and-paid orders, and how many shoppers. */
    async demand(ctx: Reader, campaignId: string) {
      await loadCampaign(ctx, campaignId)
      const rows = await scoped(ctx)
        .selectFrom('community_orders')
        .innerJoin('order_lines', 'order_lines.order_id', 'community_orders.id')
        .select([
          'order_lines.sku_id',
          sql<number>`sum(order_lines.quantity)`.as('quantity'),
          sql<number>`sum(order_lines.amount_fen)`.as('amount_fen'),
          sql<number>`count(distinct community_orders.shopper_id)`.as('shoppers'),
        ])
        .where('community_orders.campaign_id', '=', campaignId)
        .where('community_orders.status', 'not in', ['pending_payment', 'cancelled', 'refunded'])
        .groupBy('order_lines.sku_id')
        .execute()
      return {
        campaignId,
        skus: rows.map((r) => ({
          skuId: r.sku_id,
          quantity: Number(r.quantity),
          amountFen: Number(r.amount_fen),
          shoppers: Number(r.shoppers),
        })),
      }
    },

    /** An operator opens a draft to orders; the cutoff job is scheduled. */
    async open(ctx: Ctx, id: string) {
      return tx(ctx, async (t) => {
        const c = await loadCampaign(t, id, 'update')
        if (c.status === 'draft' && new Date(c.cutoff_at) <= core.clock.now())
          throw invalid('cutoffAt', 'the cutoff has already passed', '截单时间已过，不能开团')
        const moved = await moveCampaign(t, c, 'open', { set: { opened_at: core.clock.now() } })
        await scheduleCutoff(t, moved)
        await audit(t, core.clock, 'community.campaign.open', 'community_campaign', id)
        return get(t, id)
      })
    },

    /**
     * An operator cancels a campaign before any goods arrived: unpaid orders are cancelled, paid
     * ones refunded whole through the payment provider.
     */
    async cancel(ctx: Ctx, id: string, reason: string) {
      const why = reason.trim()
      if (!why) throw invalid('reason', 'a reason shoppers will see', '请填写取消原因，顾客会看到')
      const out = await tx(ctx, async (t) => {
        const c = await loadCampaign(t, id, 'update')
        campaignMachine.next(c.status, 'cancel')
        const orders = await scoped(t)
          .selectFrom('community_orders')
          .select(['id', 'status'])
          .where('campaign_id', '=', id)
          .where('status', 'in', ['pending_payment', 'awaiting_goods'])
          .orderBy('id')
          .execute()
        for (const o of orders) {
          if (o.status === 'pending_payment') await core.orders.cancel(t, o.id, { reason: why })
          else await core.afterSales.refundBySystem(t, o.id, `campaign cancelled: ${why}`)
        }
        await moveCampaign(t, c, 'cancel', { reason: why })
        await audit(t, core.clock, 'community.campaign.cancel', 'community_campaign', id, { reason: why })
        return get(t, id)
      })
      core.worker.poke()
      return out
    },

    // Shopper ------------------------------------------------------------------------------
    /**
     * A shopper orders in an open campaign through a leader: the order carries the leader and is
     * picked up at the leader's point. Per-person limits and total caps are counters taken in
     * the order's own transaction by conditional updates, so parallel orders cannot overshoot.
     */
    async order(ctx: Ctx, shopperId: string, campaignId: string, input: CampaignOrderInput) {
      const merged = new Map<string, number>()
      input.items.forEach((it, i) => {
        if (!Number.isInteger(it.quantity) || it.quantity < 1)
          throw invalid(`items.${i}.quantity`, 'at least 1', '数量至少为 1')
        merged.set(it.skuId, (merged.get(it.skuId) ?? 0) + it.quantity)
      })
      if (!merged.size) throw invalid('items', 'choose at least one item', '请至少选择一件商品')
      const items = [...merged].map(([skuId, quantity]) => ({ skuId, quantity }))
      const fieldOf = (skuId: string) => `items.${input.items.findIndex((i) => i.skuId === skuId)}`
      return tx(ctx, async (t) => {
        // Shared: many orders at once, while the cutoff job waits to close it.
        const c = await loadCampaign(t, campaignId, 'share')
        if (c.status !== 'open' || new Date(c.cutoff_at) <= core.clock.now())
          throw new AppError('deal_not_active', {}, 'campaignId')
        const leader = await scoped(t)
          .selectFrom('community_leaders')
          .innerJoin('pickup_points', 'pickup_points.leader_id', 'community_leaders.id')
          .select(['community_leaders.id', 'community_leaders.status', 'pickup_points.id as point_id'])
          .where('community_leaders.id', '=', input.leaderId)
          .executeTakeFirst()
        if (leader?.status !== 'active')
          throw new AppError('not_found', { entity: 'community_leader' }, 'leaderId')
        const skus = await skusOf(t, campaignId)
        const bySku = new Map(skus.map((s) => [s.sku_id, s]))
        for (const it of items) {
          const s = bySku.get(it.skuId)
          if (!s) throw new AppError('not_found', { entity: 'sku' }, `${fieldOf(it.skuId)}.skuId`)
          if (it.quantity > s.per_person_limit)
            throw new AppError('limit_reached', {}, `${fieldOf(it.skuId)}.quantity`)
        }
        const order = await core.orders.place(
          t,
          shopperId,
          {
            items,
            fulfillment: 'pickup',
            note: input.note,
            attribution: { communityLeaderId: leader.id, campaignId, channel: 'community' },
          },
          {
            kind: 'community',
            kindRef: campaignId,
            unitPriceFen: (skuId) => Number(bySku.get(skuId)!.price_fen),
            within: async (w, orderId) => {
              const now = core.clock.now()
              for (const it of [...items].sort((a, b) => a.skuId.localeCompare(b.skuId))) {
                const s = bySku.get(it.skuId)!
                const took = await sql`
                  update community_campaign_skus set sold = sold + ${it.quantity}
                  where tenant_id = ${w.tenantId} and campaign_id = ${campaignId} and sku_id = ${it.skuId}
                    and (total_cap is null or sold + ${it.quantity} <= total_cap)`.execute(w.db)
                if (!took.numAffectedRows) throw new AppError('sold_out', {}, `${fieldOf(it.skuId)}.quantity`)
                const quota = await sql`
                  insert into community_campaign_quotas as q (tenant_id, campaign_id, sku_id, shopper_id, quantity)
                  values (${w.tenantId}, ${campaignId}, ${it.skuId}, ${shopperId}, ${it.quantity})
                  on conflict (campaign_id, sku_id, shopper_id) do update set quantity = q.quantity + excluded.quantity
                  where q.quantity + excluded.quantity <= ${s.per_person_limit}
                  returning quantity`.execute(w.db)
                if (!quota.rows.length)
                  throw new AppError('limit_reached', {}, `${fieldOf(it.skuId)}.quantity`)
              }
              await scoped(w)
                .insertInto('community_orders', {
                  id: orderId,
                  campaign_id: campaignId,
                  leader_id: leader.id,
                  pickup_point_id: leader.point_id,
                  shopper_id: shopperId,
                  status: 'pending_payment',
                  code_hash: null,
                  code_sealed: null,
                  paid_at: null,
                  ready_at: null,
                  picked_up_at: null,
                  created_at: now,
                  updated_at: now,
                })
                .execute()
              await scoped(w)
                .insertInto('community_order_history', {
                  order_id: orderId,
                  from_status: null,
                  to_status: 'pending_payment',
                  event: 'place',
                  reason: null,
                  ...actorColumns(w.actor),
                  at: now,
                })
                .execute()
            },
          },
        )
        return order
      })
    },

    /** The shopper's campaign orders, newest first, each with its pickup code once paid. */
    async myPickups(ctx: Reader, shopperId: string, limit = 50) {
      const rows = await scoped(ctx)
        .selectFrom('community_orders')
        .innerJoin('community_campaigns', 'community_campaigns.id', 'community_orders.campaign_id')
        .innerJoin('pickup_points', 'pickup_points.id', 'community_orders.pickup_point_id')
        .innerJoin('orders', 'orders.id', 'community_orders.id')
        .selectAll('community_orders')
        .select([
          'community_campaigns.title',
          'community_campaigns.pickup_date',
          'pickup_points.name as point_name',
          'pickup_points.address',
          'orders.order_no',
          'orders.total_fen',
          'orders.refunded_fen',
        ])
        .where('community_orders.shopper_id', '=', shopperId)
        .orderBy('community_orders.created_at', 'desc')
        .orderBy('community_orders.id', 'desc')
        .limit(limit)
        .execute()
      return {
        items: rows.map((r) => ({
          orderId: r.id,
          orderNo: r.order_no,
          campaignId: r.campaign_id,
          campaignTitle: r.title,
          pickupDate: r.pickup_date,
          pickupPointId: r.pickup_point_id,
          pickupPointName: r.point_name,
          address: r.address,
          status: r.status,
          totalFen: Number(r.total_fen),
          refundedFen: Number(r.refunded_fen),
          shortages: r.shortages,
          // Shown until it is used; afterwards nobody needs it.
          pickupCode:
            r.code_sealed && ['awaiting_goods', 'ready'].includes(r.status)
              ? unseal(codeKey(), r.code_sealed)
              : null,
          pickedUpAt: r.picked_up_at,
        })),
      }
    },

    /** What the shopper's pickup QR code says: the campaign and the code, for the leader's scanner. */
    async pickupQrText(ctx: Reader, shopperId: string, orderId: string) {
      const p = await scoped(ctx)
        .selectFrom('community_orders')
        .select(['campaign_id', 'code_sealed', 'status'])
        .where('id', '=', orderId)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!p?.code_sealed || !['awaiting_goods', 'ready'].includes(p.status)) throw pickupNotFound('id')
      return `liebian:pickup:${p.campaign_id}:${unseal(codeKey(), p.code_sealed)}`
    },

    // Leader --------------------------------------------------------------------------------
    /**
     * The leader marks what arrived at their point, every SKU of their picking list at once.
     * Missing and damaged units are taken from the last paid orders first and refunded through
     * the payment provider (an order left with nothing is refunded whole); every other order is
     * ready for pickup, and the uncollected rule is scheduled.
     */
    async receive(ctx: Ctx, shopperId: string, campaignId: string, lines: ReceiptLine[]) {
      const out = await tx(ctx, async (t) => {
        const { pickupPointId } = await leaderOf(t, shopperId)
        let c = await loadCampaign(t, campaignId, 'update')
        if (c.status !== 'closed' && c.status !== 'receiving')
          throw new AppError('invalid_transition', { entity: 'community_campaign', from: c.status })
        const expected = await scoped(t)
          .selectFrom('community_picking_lines')
          .selectAll()
          .where('campaign_id', '=', campaignId)
          .where('pickup_point_id', '=', pickupPointId)
          .forUpdate()
          .execute()
        if (!expected.length) throw pickupNotFound('campaignId')
        if (expected.some((e) => e.received_at))
          throw conflict('lines', 'the goods were already received', '这批货已经收过了')
        const given = new Map(lines.map((l, i) => [l.skuId, { ...l, i }]))
        if (given.size !== lines.length) throw invalid('lines', 'each SKU once', '每个规格只能填写一次')
        for (const e of expected)
          if (!given.has(e.sku_id))
            throw invalid('lines', 'every SKU of the picking list', '请填写分拣单上每个规格的收货数量')
        for (const l of lines) {
          const e = expected.find((x) => x.sku_id === l.skuId)
          const i = given.get(l.skuId)!.i
          if (!e) throw new AppError('not_found', { entity: 'sku' }, `lines.${i}.skuId`)
          if (l.received > e.quantity)
            throw invalid(`lines.${i}.received`, `at most ${e.quantity}`, `最多 ${e.quantity}`)
          if (l.damaged > l.received)
            throw invalid(`lines.${i}.damaged`, 'at most what was received', '不能多于收到的数量')
        }
        const now = core.clock.now()
        for (const l of lines)
          await scoped(t)
            .updateTable('community_picking_lines')
            .set({ received: l.received, damaged: l.damaged, received_at: now })
            .where('campaign_id', '=', campaignId)
            .where('pickup_point_id', '=', pickupPointId)
            .where('sku_id', '=', l.skuId)
            .execute()
        if (c.status === 'closed') c = await moveCampaign(t, c, 'receive')

        const waiting = await scoped(t)
          .selectFrom('community_orders')
          .select(['id', 'paid_at', 'picked'])
          .where('campaign_id', '=', campaignId)
          .where('pickup_point_id', '=', pickupPointId)
          .where('in_picking_list', '=', true)
          .where('status', '=', 'awaiting_goods')
          .orderBy('id')
          .execute()
        const orderLines = waiting.flatMap((o) =>
          o.picked.map((l) => ({ order_id: o.id, paid_at: o.paid_at, id: l.lineId, ...l })),
        )
        const shorts = new Map<
          string,
          { lineId: string; skuId: string; quantity: number; refundFen: number }[]
        >()
        for (const l of lines) {
          const candidates = orderLines
            .filter((o) => o.skuId === l.skuId)
            .map((o) => ({
              orderId: o.order_id,
              lineId: o.id,
              quantity: o.quantity,
              paidAt: new Date(o.paid_at!),
            }))
          // Units of orders refunded since the cutoff are spare: only what the waiting orders lack is short.
          const wanted = candidates.reduce((s, o) => s + o.quantity, 0)
          const missing = wanted - (l.received - l.damaged)
          for (const s of allocateShortage(candidates, missing)) {
            const line = orderLines.find((o) => o.id === s.lineId)!
            const list = shorts.get(s.orderId) ?? []
            list.push({
              lineId: s.lineId,
              skuId: l.skuId,
              quantity: s.quantity,
              refundFen: shortRefundFen({ amountFen: line.amountFen, quantity: line.quantity }, s.quantity),
            })
            shorts.set(s.orderId, list)
          }
        }
        const orderIds = [...new Set(orderLines.map((o) => o.order_id))]
        let ready = 0
        for (const orderId of orderIds) {
          const p = (await lockPickup(t, orderId))!
          const short = shorts.get(orderId) ?? []
          const all = orderLines.filter((o) => o.order_id === orderId)
          const nothingLeft = all.every(
            (o) => (short.find((s) => s.lineId === o.id)?.quantity ?? 0) === o.quantity,
          )
          if (short.length)
            await scoped(t)
              .updateTable('community_orders')
              .set({ shortages: JSON.stringify(short) })
              .where('id', '=', orderId)
              .execute()
          if (nothingLeft) {
            // Nothing to hand out: the whole order goes back, and the pickup ends when the refund lands.
            await core.afterSales.refundBySystem(t, orderId, 'goods did not arrive at the pickup point')
            continue
          }
          for (const s of short)
            await core.afterSales.refundDifference(
              t,
              orderId,
              s.lineId,
              s.refundFen,
              `${s.quantity} short or damaged at the pickup point`,
            )
          await core.orders.readyForPickup(t, orderId)
          await movePickup(t, { ...p, shortages: short }, 'receive', { set: { ready_at: now } })
          ready++
        }
        await enqueue(t.db, core.clock, {
          kind: UNCOLLECTED_JOB,
          tenantId: t.tenantId,
          payload: { campaignId, pickupPointId },
          runAt: daysFrom(now, c.uncollected_days),
          dedupeKey: `${UNCOLLECTED_JOB}:${campaignId}:${pickupPointId}`,
        })
        return {
          ready,
          refunded: [...shorts.entries()].map(([orderId, s]) => ({ orderId, lines: s })),
        }
      })
      core.worker.poke()
      return {
        ...out,
        pickingList: await lists.pickingList(ctx, campaignId, (await leaderOf(ctx, shopperId)).pickupPointId),
      }
    },

    /**
     * The leader verifies a pickup by its code (typed, or read from the shopper's QR code). A
     * wrong code, a code of another point, or one already used is refused; the order completes
     * and the leader's commission starts waiting out the return window.
     */
    async verify(ctx: Ctx, shopperId: string, campaignId: string, code: string) {
      if (!PICKUP_CODE.test(code)) throw invalid('code', 'an 8-digit pickup code', '提货码为 8 位数字')
      const out = await tx(ctx, async (t) => {
        const { pickupPointId } = await leaderOf(t, shopperId)
        // Campaign first, then its orders: the order every path here locks in.
        const c = await loadCampaign(t, campaignId, 'update')
        const hash = pickupCodeHash(codeKey(), campaignId, pickupPointId, code)
        const found = await scoped(t)
          .selectFrom('community_orders')
          .selectAll()
          .where('campaign_id', '=', campaignId)
          .where('pickup_point_id', '=', pickupPointId)
          .where('code_hash', '=', hash)
          .forUpdate()
          .executeTakeFirst()
        if (!found) throw invalid('code', 'the pickup code does not match', '提货码不正确')
        if (found.status === 'picked_up')
          throw conflict('code', 'this pickup code was already used', '该提货码已使用，货品已取走')
        if (found.status !== 'ready')
          throw new AppError('invalid_transition', { entity: 'community_pickup', from: found.status })
        const now = core.clock.now()
        await core.orders.transition(t, found.id, 'pick_up', { set: { completed_at: now } })
        await movePickup(t, found, 'pick_up', { set: { picked_up_at: now } })
        await commissions.pickedUp(t, found.id, c.return_window_days)
        await maybeComplete(t, campaignId)
        return { orderId: found.id, status: 'picked_up' as PickupStatus, pickedUpAt: now }
      })
      return out
    },

    /** The leader's commission: frozen, settled (available), clawed back, by campaign order. */
    async earnings(ctx: Reader, shopperId: string) {
      const { leaderId } = await leaderOf(ctx, shopperId)
      return commissions.earnings(ctx, leaderId)
    },

    /** Pickup progress per point: orders by pickup status, and whether the goods arrived. */
    async progress(ctx: Reader, campaignId: string) {
      await loadCampaign(ctx, campaignId)
      const [counts, received] = await Promise.all([
        scoped(ctx)
          .selectFrom('community_orders')
          .innerJoin('pickup_points', 'pickup_points.id', 'community_orders.pickup_point_id')
          .innerJoin('community_leaders', 'community_leaders.id', 'community_orders.leader_id')
          .select([
            'community_orders.pickup_point_id',
            'pickup_points.name',
            'community_leaders.name as leader_name',
            'community_orders.status',
            sql<number>`count(*)`.as('n'),
          ])
          .where('community_orders.campaign_id', '=', campaignId)
          .groupBy([
            'community_orders.pickup_point_id',
            'pickup_points.name',
            'community_leaders.name',
            'community_orders.status',
          ])
          .execute(),
        scoped(ctx)
          .selectFrom('community_picking_lines')
          .select(['pickup_point_id', sql<Date | null>`max(received_at)`.as('received_at')])
          .where('campaign_id', '=', campaignId)
          .groupBy('pickup_point_id')
          .execute(),
      ])
      const points = new Map<string, any>()
      for (const r of counts) {
        const p = points.get(r.pickup_point_id) ?? {
          pickupPointId: r.pickup_point_id,
          pickupPointName: r.name,
          leaderName: r.leader_name,
          receivedAt: received.find((x) => x.pickup_point_id === r.pickup_point_id)?.received_at ?? null,
          orders: {} as Record<string, number>,
        }
        p.orders[r.status] = Number(r.n)
        points.set(r.pickup_point_id, p)
      }
      return { campaignId, points: [...points.values()] }
    },

    /** The leader's orders in a campaign (their workbench): who, what, and where each pickup stands; never the codes. */
    async leaderOrders(ctx: Reader, shopperId: string, campaignId: string) {
      const { pickupPointId } = await leaderOf(ctx, shopperId)
      await loadCampaign(ctx, campaignId)
      const rows = await scoped(ctx)
        .selectFrom('community_orders')
        .innerJoin('orders', 'orders.id', 'community_orders.id')
        .innerJoin('shoppers', 'shoppers.id', 'community_orders.shopper_id')
        .select([
          'community_orders.id',
          'community_orders.status',
          'community_orders.shortages',
          'community_orders.picked_up_at',
          'orders.order_no',
          'orders.total_fen',
          'orders.refunded_fen',
          'shoppers.nickname',
          'shoppers.phone',
        ])
        .where('community_orders.campaign_id', '=', campaignId)
        .where('community_orders.pickup_point_id', '=', pickupPointId)
        .where('community_orders.status', 'not in', ['pending_payment', 'cancelled'])
        .orderBy('community_orders.paid_at')
        .orderBy('community_orders.id')
        .execute()
      const lines = rows.length
        ? await scoped(ctx)
            .selectFrom('order_lines')
            .select(['order_id', 'title', 'spec_label', 'quantity'])
            .where(
              'order_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('id')
            .execute()
        : []
      return {
        campaignId,
        pickupPointId,
        items: rows.map((r) => ({
          orderId: r.id,
          orderNo: r.order_no,
          shopper: r.nickname || maskPhone(r.phone),
          status: r.status,
          totalFen: Number(r.total_fen),
          refundedFen: Number(r.refunded_fen),
          shortages: r.shortages,
          pickedUpAt: r.picked_up_at,
          lines: lines
            .filter((l) => l.order_id === r.id)
            .map((l) => ({ title: l.title, specLabel: l.spec_label, quantity: l.quantity })),
        })),
      }
    },

    // Jobs and events ---------------------------------------------------------------------------
    /**
     * N days after the goods arrived: orders at the point still not collected follow the
     * campaign's rule, refunded, or kept and the shopper flagged (`community.pickup.uncollected`
     * carries the flag for the credit score). Either way the leader earns nothing on them.
     */
    async uncollected(ctx: TCtx, campaignId: string, pickupPointId: string) {
      const c = await loadCampaign(ctx, campaignId, 'update')
      const left = await scoped(ctx)
        .selectFrom('community_orders')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .where('pickup_point_id', '=', pickupPointId)
        .where('status', '=', 'ready')
        .orderBy('id')
        .forUpdate()
        .execute()
      const reason = `not collected within ${c.uncollected_days} days`
      for (const p of left) {
        await movePickup(ctx, p, 'expire', {
          reason,
          set: { flagged: c.uncollected_rule === 'keep_and_flag' },
        })
        await commissions.voidFrozen(ctx, p.id, reason)
        if (c.uncollected_rule === 'refund') await core.afterSales.refundBySystem(ctx, p.id, reason)
      }
      await maybeComplete(ctx, campaignId)
      return left.length
    },

    /** The return window after pickup has passed: the leader's commission becomes theirs. */
    settle: (ctx: TCtx, orderId: string) => commissions.settle(ctx, orderId),

    /**
     * A campaign order completed through the orders console with the order's own code: the
     * pickup follows, as if the leader had verified it.
     */
    async orderCompleted(ctx: TCtx, orderId: string) {
      const peek = await scoped(ctx)
        .selectFrom('community_orders')
        .select('campaign_id')
        .where('id', '=', orderId)
        .executeTakeFirst()
      if (!peek) return
      const c = await loadCampaign(ctx, peek.campaign_id, 'update')
      const p = (await lockPickup(ctx, orderId))!
      if (p.status !== 'ready') return
      await movePickup(ctx, p, 'pick_up', {
        reason: 'completed in the orders console',
        set: { picked_up_at: core.clock.now() },
      })
      await commissions.pickedUp(ctx, orderId, c.return_window_days)
      await maybeComplete(ctx, c.id)
    },

    /**
     * A refund of a campaign order went through: the leader's commission gives back the share of
     * the refunded amounts (worked out from the lines' running refund totals, so a redelivered
     * event moves nothing twice); a whole refund ends the pickup.
     */
    async refunded(ctx: TCtx, orderId: string) {
      const peek = await scoped(ctx)
        .selectFrom('community_orders')
        .select('campaign_id')
        .where('id', '=', orderId)
        .executeTakeFirst()
      if (!peek) return
      await loadCampaign(ctx, peek.campaign_id, 'update')
      const p = (await lockPickup(ctx, orderId))!
      const order = await core.orders.lock(ctx, orderId)
      await commissions.refunded(ctx, order, p.campaign_id)
      if (order.status === 'refunded' && pickupMachine.can(p.status, 'refund')) {
        await movePickup(ctx, p, 'refund')
        await maybeComplete(ctx, p.campaign_id)
      }
    },
  }
}

export type CampaignsService = ReturnType<typeof createCampaignsService>
