import { type RawBuilder, type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { type Ctx, systemCtx } from '../../platform/context.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { asOneStatement } from '../../platform/sql.js'
import { scoped } from '../../platform/tenancy.js'
import { shiftStock } from '../inventory/index.js'
import { type BulkCatalog, type BulkOrder, bulkCatalog, placeManyStatements } from '../orders/index.js'
import type { ShippingAddress } from '../orders/orders.tables.js'
import { type CampaignEvent, campaignMachine, type SlotEvent, slotMachine } from './domain/flash-state.js'
import { decideBatch, type ShopperStanding } from './domain/purchase-batch.js'
import {
  type BusySlot,
  type SkuFacts,
  type SlotInput,
  slotFaults,
  slotPhase,
  unitsLeft,
} from './domain/slot-rules.js'
import { GroupCommit } from './flashsale.batcher.js'
import type { FlashSaleTables } from './flashsale.tables.js'

export type TCtx = Ctx & { db: Transaction<DB> }
type SlotSkuRow = Selectable<FlashSaleTables['flash_slot_skus']>

export interface CampaignInput {
  title: string
  slots: SlotInput[]
}

export interface PurchaseInput {
  slotId: string
  skuId: string
  quantity: number
  fulfillment?: 'pickup' | 'delivery'
  addressId?: string
}

export interface PurchaseView {
  id: string
  slotId: string
  skuId: string
  quantity: number
  unitPriceFen: number
  totalFen: number
  orderId: string
  status: 'pending' | 'paid' | 'cancelled'
  expiresAt: Date
  createdAt: Date
}

/** A purchase answer: `created` false when a repeat returned the shopper's unpaid purchase. */
export type PurchaseOutcome = { purchase: PurchaseView; created: boolean }

interface QueuedPurchase {
  shopperId: string
  quantity: number
  fulfillment: 'pickup' | 'delivery'
  address: ShippingAddress | null
}

/** The stock movement note that ties a carve (and what comes back to it) to its slot. */
export const carveNote = (slotId: string) => `flash_slot:${slotId}`

/** Flash sales: campaigns, time slots with carved stock, and purchases built for a crowd. */
export function createFlashSaleService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    (ctx.db as any).isTransaction
      ? fn(ctx as TCtx)
      : core.db.transaction().execute((trx) => fn({ ...ctx, db: trx }))

  async function history(
    t: TCtx,
    entity: 'campaign' | 'slot' | 'purchase',
    rows: { id: string; from: string | null; to: string; event: string }[],
    reason?: string,
  ) {
    if (!rows.length) return
    const actorId = 'id' in t.actor ? (t.actor.id ?? null) : null
    const now = core.clock.now()
    await scoped(t)
      .insertInto(
        'flash_history',
        rows.map((r) => ({
          entity,
          entity_id: r.id,
          from_status: r.from,
          to_status: r.to,
          event: r.event,
          actor_kind: t.actor.kind,
          actor_id: actorId,
          reason: reason ?? null,
          at: now,
        })),
      )
      .execute()
  }

  async function lockCampaign(t: TCtx, id: string) {
    const c = await scoped(t)
      .selectFrom('flash_campaigns')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!c) throw notFound('flash_campaign', 'id')
    return c
  }

  async function moveCampaign(t: TCtx, id: string, event: CampaignEvent, reason?: string) {
    const c = await lockCampaign(t, id)
    const to = campaignMachine.next(c.status, event)
    await scoped(t)
      .updateTable('flash_campaigns')
      .set({ status: to, updated_at: core.clock.now() })
      .where('id', '=', id)
      .execute()
    await history(t, 'campaign', [{ id, from: c.status, to, event }], reason)
    await core.events.publish(t.db, t.tenantId, `flashsale.campaign.${to}`, {
      campaignId: id,
      from: c.status,
      to,
    })
  }

  async function moveSlot(t: TCtx, slotId: string, event: SlotEvent, reason?: string) {
    const s = await scoped(t)
      .selectFrom('flash_slots')
      .selectAll()
      .where('id', '=', slotId)
      .forUpdate()
      .executeTakeFirst()
    if (!s) throw notFound('flash_slot', 'slotId')
    const to = slotMachine.next(s.status, event)
    await scoped(t)
      .updateTable('flash_slots')
      .set({ status: to, updated_at: core.clock.now() })
      .where('id', '=', slotId)
      .execute()
    await history(t, 'slot', [{ id: slotId, from: s.status, to, event }], reason)
    return { ...s, status: to }
  }

  /** The stock rows of these SKUs, locked first: every path here locks stock before slot SKUs, so none deadlock. */
  async function lockStock(t: TCtx, skuIds: string[]) {
    if (!skuIds.length) return
    await scoped(t)
      .selectFrom('stock')
      .select('sku_id')
      .where('sku_id', 'in', [...new Set(skuIds)].sort())
      .orderBy('sku_id')
      .forUpdate()
      .execute()
  }

  async function skuFacts(ctx: Pick<Ctx, 'db' | 'tenantId'>, skuIds: string[]) {
    const out = new Map<string, SkuFacts>()
    if (!skuIds.length) return out
    const rows = await scoped(ctx)
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .leftJoin('stock', 'stock.sku_id', 'skus.id')
      .select([
        'skus.id',
        'skus.price_fen',
        'skus.status',
        'products.status as product_status',
        'stock.on_hand',
        'stock.reserved',
      ])
      .where('skus.id', 'in', [...new Set(skuIds)])
      .execute()
    for (const r of rows)
      out.set(r.id, {
        priceFen: r.price_fen,
        purchasable: r.status === 'active' && r.product_status === 'published',
        available: (r.on_hand ?? 0) - (r.reserved ?? 0),
      })
    return out
  }

  /** Scheduled slots of other campaigns selling any of these SKUs. */
  async function busySlots(ctx: Pick<Ctx, 'db' | 'tenantId'>, skuIds: string[], campaignId?: string) {
    if (!skuIds.length) return []
    let q = scoped(ctx)
      .selectFrom('flash_slots')
      .innerJoin('flash_slot_skus', 'flash_slot_skus.slot_id', 'flash_slots.id')
      .select(['flash_slots.id', 'flash_slots.starts_at', 'flash_slots.ends_at', 'flash_slot_skus.sku_id'])
      .where('flash_slots.status', '=', 'scheduled')
      .where('flash_slot_skus.sku_id', 'in', [...new Set(skuIds)])
    if (campaignId) q = q.where('flash_slots.campaign_id', '<>', campaignId)
    const rows = await q.execute()
    const by = new Map<string, BusySlot>()
    for (const r of rows) {
      const b = by.get(r.id) ?? { slotId: r.id, startsAt: r.starts_at, endsAt: r.ends_at, skuIds: [] }
      b.skuIds.push(r.sku_id)
      by.set(r.id, b)
    }
    return [...by.values()]
  }

  async function validate(
    ctx: Pick<Ctx, 'db' | 'tenantId'>,
    slots: SlotInput[],
    o: { stockCheck: boolean; campaignId?: string; firstIndex?: number; others?: SlotInput[] },
  ) {
    const ids = slots.flatMap((s) => s.skus.map((k) => k.skuId))
    const [skus, busy] = await Promise.all([
      skuFacts(ctx, ids),
      o.stockCheck ? busySlots(ctx, ids, o.campaignId) : Promise.resolve([]),
    ])
    // Slots of the same campaign already in place count as busy too (adding one to a scheduled campaign).
    const own: BusySlot[] = (o.others ?? []).map((s, i) => ({
      slotId: `own-${i}`,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      skuIds: s.skus.map((k) => k.skuId),
    }))
    const faults = slotFaults(slots, {
      skus,
      now: core.clock.now(),
      stockCheck: o.stockCheck,
      busy: [...busy, ...own],
      firstIndex: o.firstIndex,
    })
    if (faults.length) throw invalid(faults[0].field, faults[0].detail, faults[0].zh)
  }

  async function insertSlots(t: TCtx, campaignId: string, slots: SlotInput[]) {
    const now = core.clock.now()
    const ids: string[] = []
    for (const s of slots) {
      const id = newId()
      ids.push(id)
      await scoped(t)
        .insertInto('flash_slots', {
          id,
          campaign_id: campaignId,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          status: 'draft',
          created_at: now,
          updated_at: now,
        })
        .execute()
      await scoped(t)
        .insertInto(
          'flash_slot_skus',
          s.skus.map((k, position) => ({
            slot_id: id,
            sku_id: k.skuId,
            position,
            flash_price_fen: k.flashPriceFen,
            stock: k.stock,
            per_person_limit: k.perPersonLimit,
          })),
        )
        .execute()
      await history(t, 'slot', [{ id, from: null, to: 'draft', event: 'create' }])
    }
    return ids
  }

  /** Takes each slot SKU's stock out of the SKU's stock (an `adjust` movement) and sets the slot's end. */
  async function scheduleSlot(t: TCtx, slotId: string) {
    const slot = await moveSlot(t, slotId, 'schedule')
    const skus = await scoped(t)
      .selectFrom('flash_slot_skus')
      .selectAll()
      .where('slot_id', '=', slotId)
      .execute()
    await lockStock(
      t,
      skus.map((k) => k.sku_id),
    )
    for (const k of skus) {
      if (!(await shiftStock(t, core.clock, k.sku_id, -k.stock, carveNote(slotId))))
        throw invalid(
          `skus.${k.position}.stock`,
          'more than is available to carve',
          `第 ${k.position + 1} 个商品的秒杀库存多于可用库存`,
        )
      await scoped(t)
        .updateTable('flash_slot_skus')
        .set((eb) => ({ carved: k.stock, version: eb('version', '+', 1) }))
        .where('slot_id', '=', slotId)
        .where('sku_id', '=', k.sku_id)
        .execute()
    }
    await enqueue(t.db, core.clock, {
      kind: 'flashsale.slot_end',
      tenantId: t.tenantId,
      payload: { slotId },
      runAt: slot.ends_at,
      dedupeKey: `flashsale.slot_end:${slotId}`,
    })
  }

  /** Gives what is left of a slot's carve back to the SKUs' stock. */
  async function returnCarve(t: TCtx, slotId: string) {
    const skus = await scoped(t)
      .selectFrom('flash_slot_skus')
      .select('sku_id')
      .where('slot_id', '=', slotId)
      .execute()
    await lockStock(
      t,
      skus.map((k) => k.sku_id),
    )
    const rows = await scoped(t)
      .selectFrom('flash_slot_skus')
      .selectAll()
      .where('slot_id', '=', slotId)
      .orderBy('sku_id')
      .forUpdate()
      .execute()
    // The version moves even when nothing is left: a batch read before the slot ended must not write.
    await scoped(t)
      .updateTable('flash_slot_skus')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('slot_id', '=', slotId)
      .execute()
    for (const k of rows) {
      const left = unitsLeft(k)
      if (left <= 0) continue
      await shiftStock(t, core.clock, k.sku_id, left, carveNote(slotId))
      await scoped(t)
        .updateTable('flash_slot_skus')
        .set((eb) => ({ returned: k.returned + left, version: eb('version', '+', 1) }))
        .where('slot_id', '=', slotId)
        .where('sku_id', '=', k.sku_id)
        .execute()
    }
  }

  /** Ends a scheduled slot (its end time came, or the operator ended the campaign) and maybe its campaign. */
  async function endSlot(t: TCtx, slotId: string, opts: { early?: boolean } = {}) {
    const s = await scoped(t)
      .selectFrom('flash_slots')
      .selectAll()
      .where('id', '=', slotId)
      .executeTakeFirst()
    if (s?.status !== 'scheduled') return false
    if (!opts.early && s.ends_at > core.clock.now()) return false
    await returnCarve(t, slotId)
    await moveSlot(t, slotId, 'end', opts.early ? 'ended early by the operator' : 'slot time is over')
    await endCampaignIfDone(t, s.campaign_id)
    return true
  }

  async function endCampaignIfDone(t: TCtx, campaignId: string) {
    const open = await scoped(t)
      .selectFrom('flash_slots')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', ['draft', 'scheduled'])
      .executeTakeFirst()
    const c = await lockCampaign(t, campaignId)
    if (!open && c.status === 'scheduled') await moveCampaign(t, campaignId, 'end', 'every slot is over')
  }

  /** The slot SKU row with its slot, locked (after the SKU's stock row). */
  async function lockSlotSku(t: TCtx, slotId: string, skuId: string) {
    await lockStock(t, [skuId])
    const r = await sql<
      SlotSkuRow & { slot_status: string; starts_at: Date; ends_at: Date; campaign_id: string }
    >`select k.*, s.status as slot_status, s.starts_at, s.ends_at, s.campaign_id
      from flash_slot_skus k join flash_slots s on s.id = k.slot_id
      where k.slot_id = ${slotId} and k.sku_id = ${skuId} and k.tenant_id = ${t.tenantId}
      for update of k`.execute(t.db)
    return r.rows[0]
  }

  /** Units leave a slot's tally: back into the carve while the slot runs, else onto the SKU's stock. */
  async function giveBack(
    t: TCtx,
    k: NonNullable<Awaited<ReturnType<typeof lockSlotSku>>>,
    quantity: number,
    from: 'held' | 'taken',
  ) {
    const live = k.slot_status === 'scheduled' && core.clock.now() < new Date(k.ends_at)
    // The units are on the SKU's shelf now (the order's hold was released); take them back into the carve.
    const recarved = live && (await shiftStock(t, core.clock, k.sku_id, -quantity, carveNote(k.slot_id)))
    await scoped(t)
      .updateTable('flash_slot_skus')
      .set((eb) => ({
        [from]: eb(from, '-', quantity),
        version: eb('version', '+', 1),
        ...(recarved ? {} : { returned: eb('returned', '+', quantity) }),
      }))
      .where('slot_id', '=', k.slot_id)
      .where('sku_id', '=', k.sku_id)
      .execute()
  }

  const purchaseView = (
    p: Selectable<FlashSaleTables['flash_purchases']>,
    o: { total_fen: number; expires_at: Date },
  ): PurchaseView => ({
    id: p.id,
    slotId: p.slot_id,
    skuId: p.sku_id,
    quantity: p.quantity,
    unitPriceFen: p.unit_price_fen,
    totalFen: o.total_fen,
    orderId: p.order_id,
    status: p.status,
    expiresAt: o.expires_at,
    createdAt: p.created_at,
  })

  // FLASH_SALE_BATCH=locked decides every batch in the locked transaction (tests prove both ways).
  const lockedOnly = process.env.FLASH_SALE_BATCH === 'locked'

  /** What order lines copy from the catalogue, per tenant and SKU, read outside the batch's transaction. */
  const catalogs = new Map<string, { at: number; catalog: Promise<BulkCatalog> }>()
  const catalogFor = (tenantId: string, skuId: string) => {
    const key = `${tenantId}|${skuId}`
    const hit = catalogs.get(key)
    if (hit && Date.now() - hit.at < 5000) return hit.catalog
    const catalog = bulkCatalog(core, { db: core.db, tenantId }, [skuId])
    catalogs.set(key, { at: Date.now(), catalog })
    catalog.catch(() => catalogs.delete(key))
    return catalog
  }

  type StandingRow = {
    id: string
    shopper_id: string
    quantity: number
    status: string
    order_id: string
    total_fen: number
    expires_at: string
    created_at: string
    unit_price_fen: number
  }
  type SlotState = SlotSkuRow & {
    version: number
    slot_status: string
    starts_at: Date
    ends_at: Date
    campaign_id: string
    active: string | StandingRow[] | null
    takes: string | { shopper_id: string; n: number }[] | null
  }

  /** The slot SKU with its slot and the standing of these shoppers, in one statement; `lock` takes the slot SKU row. */
  async function readSlotState(
    db: Ctx['db'],
    tenantId: string,
    slotId: string,
    skuId: string,
    shopperIds: string[],
    lock: boolean,
  ) {
    const r = await sql<SlotState>`select k.*, s.status as slot_status, s.starts_at, s.ends_at, s.campaign_id,
          (select json_agg(json_build_object('id', p.id, 'shopper_id', p.shopper_id, 'quantity', p.quantity,
                  'status', p.status, 'order_id', p.order_id, 'total_fen', o.total_fen, 'expires_at', o.expires_at,
                  'created_at', p.created_at, 'unit_price_fen', p.unit_price_fen))
             from flash_purchases p join orders o on o.id = p.order_id
            where p.slot_id = k.slot_id and p.sku_id = k.sku_id and p.status in ('pending', 'paid')
              and p.shopper_id = any(${shopperIds}::uuid[])) as active,
          (select json_agg(json_build_object('shopper_id', x.shopper_id, 'n', x.quantity))
             from flash_takes x
            where x.slot_id = k.slot_id and x.sku_id = k.sku_id and x.status = 'taken'
              and x.shopper_id = any(${shopperIds}::uuid[])) as takes
        from flash_slot_skus k join flash_slots s on s.id = k.slot_id
        where k.slot_id = ${slotId} and k.sku_id = ${skuId} and k.tenant_id = ${tenantId}
        ${lock ? sql`for update of k` : sql``}`.execute(db)
    return r.rows[0] as SlotState | undefined
  }

  /**
   * Decides a batch on a read of the slot SKU (pure `decideBatch`) and prepares the one statement
   * that writes every row of every accepted purchase. `guard` makes the statement conditional.
   */
  function planBatch(
    tenantId: string,
    slotId: string,
    skuId: string,
    reqs: QueuedPurchase[],
    k: SlotState | undefined,
    catalog: BulkCatalog,
    guard?: (units: number) => RawBuilder<unknown>,
  ) {
    const now = core.clock.now()
    const all = (e: Error) => ({
      outcomes: reqs.map(() => e) as (PurchaseOutcome | Error)[],
      write: undefined,
    })
    if (!k || k.slot_status === 'draft' || k.slot_status === 'cancelled')
      return all(notFound('flash_slot', 'slotId'))
    if (k.slot_status === 'ended' || now >= new Date(k.ends_at)) return all(new AppError('ended'))
    if (now < new Date(k.starts_at)) return all(new AppError('not_started'))
    const json = <T>(v: string | T[] | null): T[] => (typeof v === 'string' ? JSON.parse(v) : (v ?? []))
    const standing = new Map<string, ShopperStanding<PurchaseView>>()
    const stand = (id: string) => {
      const st = standing.get(id) ?? { activeQuantity: 0 }
      standing.set(id, st)
      return st
    }
    for (const p of json(k.active)) {
      const st = stand(p.shopper_id)
      st.activeQuantity += Number(p.quantity)
      if (p.status === 'pending')
        st.pending = {
          id: p.id,
          slotId,
          skuId,
          quantity: Number(p.quantity),
          unitPriceFen: Number(p.unit_price_fen),
          totalFen: Number(p.total_fen),
          orderId: p.order_id,
          status: 'pending',
          expiresAt: new Date(p.expires_at),
          createdAt: new Date(p.created_at),
        }
    }
    for (const x of json(k.takes)) stand(x.shopper_id).activeQuantity += Number(x.n)
    const { decisions } = decideBatch(reqs, { left: unitsLeft(k), limit: k.per_person_limit, standing })

    const entries: { i: number; purchaseId: string; order: BulkOrder }[] = []
    decisions.forEach((d, i) => {
      if (d.kind !== 'new') return
      const q = reqs[i]
      const purchaseId = newId()
      entries.push({
        i,
        purchaseId,
        order: {
          id: newId(),
          shopperId: q.shopperId,
          skuId,
          quantity: q.quantity,
          unitPriceFen: k.flash_price_fen,
          fulfillment: q.fulfillment,
          address: q.address,
          kindRef: purchaseId,
          campaignId: k.campaign_id,
        },
      })
    })
    const views = new Map<number, PurchaseView>()
    let write:
      | { statement: RawBuilder<{ n: number }>; events: { type: string; payload: Record<string, unknown> }[] }
      | undefined
    if (entries.length) {
      const units = entries.reduce((n, e) => n + e.order.quantity, 0)
      const g = guard?.(units)
      const when = g ? sql`exists (select 1 from g)` : sql`true`
      // The units leave the carve for the SKU's stock, where the orders hold them like any order.
      const orders = placeManyStatements(
        core,
        tenantId,
        entries.map((e) => e.order),
        catalog,
        { kind: 'flash', fromSetAside: { note: carveNote(slotId) }, guard: when },
      )
      const pids = entries.map((e) => e.purchaseId)
      const events = entries.map((e, j) => ({
        type: 'flashsale.purchase.created',
        payload: {
          purchaseId: e.purchaseId,
          slotId,
          skuId,
          shopperId: e.order.shopperId,
          quantity: e.order.quantity,
          orderId: e.order.id,
          totalFen: orders.placed[j].totalFen,
        },
      }))
      const inline = !core.events.subscribed('flashsale.purchase.created')
      const statements: RawBuilder<unknown>[] = [
        ...orders.stock.map((x) => x.statement),
        ...orders.statements,
        sql`insert into flash_purchases (id, tenant_id, slot_id, sku_id, shopper_id, quantity, unit_price_fen, order_id, status, created_at, updated_at)
            select u.id, ${tenantId}, ${slotId}, ${skuId}, u.shopper_id, u.quantity, ${k.flash_price_fen}, u.order_id, 'pending', ${now}, ${now}
            from unnest(${pids}::uuid[], ${entries.map((e) => e.order.shopperId)}::uuid[],
                        ${entries.map((e) => e.order.quantity)}::int[], ${entries.map((e) => e.order.id)}::uuid[])
                 as u(id, shopper_id, quantity, order_id)
            where ${when}`,
        sql`insert into flash_history (tenant_id, entity, entity_id, from_status, to_status, event, actor_kind, actor_id, reason, at)
            select ${tenantId}, 'purchase', u.id, null, 'pending', 'purchase', 'shopper', u.shopper_id, null, ${now}
            from unnest(${pids}::uuid[], ${entries.map((e) => e.order.shopperId)}::uuid[]) as u(id, shopper_id)
            where ${when}`,
        ...(g
          ? []
          : [
              sql`update flash_slot_skus set held = held + ${units}, version = version + 1
                  where slot_id = ${slotId} and sku_id = ${skuId}`,
            ]),
        ...(inline
          ? [
              sql`insert into outbox_events (tenant_id, type, payload, created_at)
                  select ${tenantId}, 'flashsale.purchase.created', u.payload::jsonb, ${now}
                  from unnest(${events.map((e) => JSON.stringify(e.payload))}::text[]) as u(payload)
                  where ${when}`,
            ]
          : []),
      ]
      write = {
        statement: asOneStatement(statements, g),
        events: [...orders.events, ...(inline ? [] : events)],
      }
      entries.forEach((e, j) => {
        views.set(e.i, {
          id: e.purchaseId,
          slotId,
          skuId,
          quantity: e.order.quantity,
          unitPriceFen: k.flash_price_fen,
          totalFen: orders.placed[j].totalFen,
          orderId: e.order.id,
          status: 'pending',
          expiresAt: orders.placed[j].expiresAt,
          createdAt: now,
        })
      })
    }
    const outcomes = decisions.map((d, i): PurchaseOutcome | Error => {
      switch (d.kind) {
        case 'new':
          return { purchase: views.get(i)!, created: true }
        case 'same_as':
          return { purchase: views.get(d.index)!, created: false }
        case 'existing':
          return { purchase: d.purchase, created: false }
        default:
          return new AppError(d.code, {}, d.code === 'sold_out' ? 'skuId' : 'quantity')
      }
    })
    return { outcomes, write }
  }

  /**
   * Optimistic: read the slot SKU and the buyers' standing without a lock, decide, then send every
   * row as one autocommitted statement guarded by the version read — it writes only if nothing
   * about the slot SKU changed meanwhile (every writer of tallies, purchases and takes bumps the
   * version), and re-checks what is left. Two round trips, and no lock is held while this process
   * decides. Returns undefined when the version moved (the caller tries again).
   */
  async function optimisticBatch(key: string, reqs: QueuedPurchase[], catalog: BulkCatalog) {
    const [tenantId, slotId, skuId] = key.split('|')
    const shopperIds = [...new Set(reqs.map((r) => r.shopperId))]
    const k = await readSlotState(core.db, tenantId, slotId, skuId, shopperIds, false)
    const plan = planBatch(
      tenantId,
      slotId,
      skuId,
      reqs,
      k,
      catalog,
      (units) =>
        // The stock row is locked first (as on every other path), then the slot SKU row if its version held.
        sql`update flash_slot_skus set held = held + ${units}, version = version + 1
          where slot_id = ${slotId} and sku_id = ${skuId} and tenant_id = ${tenantId}
            and exists (select 1 from stock where sku_id = ${skuId} and tenant_id = ${tenantId} for update)
            and version = ${k!.version} and carved - held - sold - taken - returned >= ${units}
          returning 1`,
    )
    if (!plan.write) return plan.outcomes
    if (plan.write.events.length)
      // A subscriber listens: the events need their delivery jobs, so write in a transaction.
      return core.db.transaction().execute(async (trx) => {
        const r = await plan.write!.statement.execute(trx)
        if (!r.rows[0]?.n) return undefined
        await core.events.publishMany(trx, tenantId, plan.write!.events)
        return plan.outcomes
      })
    try {
      const r = await plan.write.statement.execute(core.db)
      return r.rows[0]?.n ? plan.outcomes : undefined
    } catch (err) {
      // Should the database still see a deadlock, it fails one side: this batch tries again.
      if ((err as { code?: string }).code === '40P01') return undefined
      throw err
    }
  }

  /**
   * Pessimistic (when optimistic attempts keep losing): one transaction, the SKU's stock row locked
   * first (every path that touches purchases or tallies locks it first, so none deadlock and the
   * read after it sees every earlier writer), then the slot SKU and the standing, then the write.
   */
  async function lockedBatch(key: string, reqs: QueuedPurchase[], catalog: BulkCatalog) {
    const [tenantId, slotId, skuId] = key.split('|')
    const shopperIds = [...new Set(reqs.map((r) => r.shopperId))]
    return core.db.transaction().execute(async (trx) => {
      await lockStock({ ...systemCtx(tenantId, trx), db: trx }, [skuId])
      const k = await readSlotState(trx, tenantId, slotId, skuId, shopperIds, true)
      const plan = planBatch(tenantId, slotId, skuId, reqs, k, catalog)
      if (plan.write) {
        await plan.write.statement.execute(trx)
        await core.events.publishMany(trx, tenantId, plan.write.events)
      }
      return plan.outcomes
    })
  }

  /** One batch of purchases of one slot SKU (see GroupCommit): optimistic first, locked if it keeps losing. */
  async function decidePurchases(key: string, reqs: QueuedPurchase[]): Promise<(PurchaseOutcome | Error)[]> {
    const [tenantId, , skuId] = key.split('|')
    const catalog = await catalogFor(tenantId, skuId)
    for (let attempt = 0; attempt < (lockedOnly ? 0 : 3); attempt++) {
      const out = await optimisticBatch(key, reqs, catalog)
      if (out) return out
    }
    return lockedBatch(key, reqs, catalog)
  }

  // One batch per slot SKU at a time: a second one would read before the first wrote and lose its guard.
  const batcher = new GroupCommit<QueuedPurchase, PurchaseOutcome>(decidePurchases, {
    maxBatch: 500,
    inFlight: 1,
  })

  async function purchaseByOrder(t: TCtx, orderId: string) {
    return scoped(t)
      .selectFrom('flash_purchases')
      .selectAll()
      .where('order_id', '=', orderId)
      .forUpdate()
      .executeTakeFirst()
  }

  async function movePurchase(
    t: TCtx,
    id: string,
    from: 'pending',
    event: 'pay' | 'cancel',
    reason?: string,
  ) {
    const to = event === 'pay' ? 'paid' : 'cancelled'
    await scoped(t)
      .updateTable('flash_purchases')
      .set({ status: to, updated_at: core.clock.now() })
      .where('id', '=', id)
      .execute()
    await history(t, 'purchase', [{ id, from, to, event }], reason)
  }

  core.orders.registerKind('flash', {
    async onPaid(t, order) {
      const p = await purchaseByOrder(t, order.id)
      if (p?.status !== 'pending') return
      const k = await lockSlotSku(t, p.slot_id, p.sku_id)
      await movePurchase(t, p.id, 'pending', 'pay')
      await scoped(t)
        .updateTable('flash_slot_skus')
        .set((eb) => ({
          held: eb('held', '-', p.quantity),
          sold: eb('sold', '+', p.quantity),
          version: eb('version', '+', 1),
        }))
        .where('slot_id', '=', k.slot_id)
        .where('sku_id', '=', k.sku_id)
        .execute()
    },
    async onCancelled(t, order) {
      const p = await purchaseByOrder(t, order.id)
      if (p?.status !== 'pending') return
      const k = await lockSlotSku(t, p.slot_id, p.sku_id)
      await movePurchase(t, p.id, 'pending', 'cancel', 'order cancelled unpaid')
      await giveBack(t, k, p.quantity, 'held')
    },
    // The unit went back to the slot (and maybe to another buyer): a late payment is refunded.
    acceptsLatePayment: false,
  })

  const slotSkuView = (
    k: SlotSkuRow & {
      price_fen: number
      title: string
      spec: unknown
      image_url: string | null
      images: unknown
      product_id: string
    },
  ) => {
    const left = unitsLeft(k)
    return {
      skuId: k.sku_id,
      productId: k.product_id,
      title: k.title,
      specLabel: Object.values((k.spec ?? {}) as Record<string, string>).join(' / '),
      imageUrl: k.image_url ?? (k.images as string[] | null)?.[0] ?? null,
      flashPriceFen: k.flash_price_fen,
      priceFen: k.price_fen,
      stock: k.stock,
      perPersonLimit: k.per_person_limit,
      carved: k.carved,
      held: k.held,
      sold: k.sold,
      taken: k.taken,
      returned: k.returned,
      left,
    }
  }

  async function slotSkus(ctx: Pick<Ctx, 'db' | 'tenantId'>, slotIds: string[]) {
    if (!slotIds.length) return []
    return scoped(ctx)
      .selectFrom('flash_slot_skus')
      .innerJoin('skus', 'skus.id', 'flash_slot_skus.sku_id')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .selectAll('flash_slot_skus')
      .select([
        'skus.price_fen',
        'skus.spec',
        'skus.image_url',
        'products.title',
        'products.images',
        'products.id as product_id',
      ])
      .where('flash_slot_skus.slot_id', 'in', slotIds)
      .orderBy('flash_slot_skus.position')
      .execute()
  }

  return {
    // Console -----------------------------------------------------------------
    async list(ctx: Ctx, f: { limit: number; status?: 'draft' | 'scheduled' | 'ended' }) {
      let q = scoped(ctx)
        .selectFrom('flash_campaigns')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit)
      if (f.status) q = q.where('status', '=', f.status)
      const rows = await q.execute()
      const slots = rows.length
        ? await scoped(ctx)
            .selectFrom('flash_slots')
            .select(['campaign_id', 'starts_at', 'ends_at', 'status'])
            .where(
              'campaign_id',
              'in',
              rows.map((r) => r.id),
            )
            .where('status', '<>', 'cancelled')
            .execute()
        : []
      return rows.map((c) => {
        const mine = slots.filter((s) => s.campaign_id === c.id)
        const starts = mine.map((s) => s.starts_at.getTime())
        const ends = mine.map((s) => s.ends_at.getTime())
        return {
          id: c.id,
          title: c.title,
          status: c.status,
          slotCount: mine.length,
          startsAt: starts.length ? new Date(Math.min(...starts)) : null,
          endsAt: ends.length ? new Date(Math.max(...ends)) : null,
          createdAt: c.created_at,
        }
      })
    },

    /** A campaign with its slots and live figures per SKU (carved, held, sold, taken, returned, left). */
    async get(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) {
      const c = await scoped(ctx)
        .selectFrom('flash_campaigns')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      if (!c) throw notFound('flash_campaign', 'id')
      const slots = await scoped(ctx)
        .selectFrom('flash_slots')
        .selectAll()
        .where('campaign_id', '=', id)
        .where('status', '<>', 'cancelled')
        .orderBy('starts_at')
        .execute()
      const skus = await slotSkus(
        ctx,
        slots.map((s) => s.id),
      )
      const now = core.clock.now()
      return {
        id: c.id,
        title: c.title,
        status: c.status,
        createdAt: c.created_at,
        serverNow: now,
        slots: slots.map((s) => ({
          id: s.id,
          startsAt: s.starts_at,
          endsAt: s.ends_at,
          status: s.status,
          phase: slotPhase({ startsAt: s.starts_at, endsAt: s.ends_at, status: s.status }, now),
          skus: skus.filter((k) => k.slot_id === s.id).map(slotSkuView),
        })),
      }
    },

    async create(ctx: Ctx, input: CampaignInput) {
      await validate(ctx, input.slots, { stockCheck: false })
      const id = newId()
      await tx(ctx, async (t) => {
        const now = core.clock.now()
        await scoped(t)
          .insertInto('flash_campaigns', {
            id,
            title: input.title,
            status: 'draft',
            created_at: now,
            updated_at: now,
          })
          .execute()
        await history(t, 'campaign', [{ id, from: null, to: 'draft', event: 'create' }])
        await insertSlots(t, id, input.slots)
        await audit(t, core.clock, 'flash_campaign.create', 'flash_campaign', id, { title: input.title })
      })
      return this.get(ctx, id)
    },

    /** A draft changes freely (its slots are replaced); a scheduled campaign only its title. */
    async update(ctx: Ctx, id: string, patch: { title?: string; slots?: SlotInput[] }) {
      await tx(ctx, async (t) => {
        const c = await lockCampaign(t, id)
        if (patch.slots && c.status !== 'draft')
          throw new AppError('invalid_transition', { entity: 'flash_campaign', from: c.status }, 'slots')
        if (c.status === 'ended')
          throw new AppError('invalid_transition', { entity: 'flash_campaign', from: c.status })
        if (patch.slots) {
          await validate(t, patch.slots, { stockCheck: false })
          const old = await scoped(t)
            .selectFrom('flash_slots')
            .select('id')
            .where('campaign_id', '=', id)
            .where('status', '=', 'draft')
            .execute()
          for (const s of old) await moveSlot(t, s.id, 'cancel', 'replaced in the draft')
          await insertSlots(t, id, patch.slots)
        }
        if (patch.title !== undefined)
          await scoped(t)
            .updateTable('flash_campaigns')
            .set({ title: patch.title, updated_at: core.clock.now() })
            .where('id', '=', id)
            .execute()
        await audit(t, core.clock, 'flash_campaign.update', 'flash_campaign', id, {
          title: patch.title,
          slots: patch.slots?.length,
        })
      })
      return this.get(ctx, id)
    },

    /** Checks everything again against live stock, carves each slot's stock and sets each slot's end job. */
    async schedule(ctx: Ctx, id: string) {
      await tx(ctx, async (t) => {
        const c = await lockCampaign(t, id)
        if (c.status !== 'draft')
          throw new AppError('invalid_transition', { entity: 'flash_campaign', from: c.status })
        const { slots } = await this.get(t, id)
        if (!slots.length) throw invalid('slots', 'add at least one slot', '请至少添加一个场次')
        const input: SlotInput[] = slots.map((s) => ({
          startsAt: new Date(s.startsAt),
          endsAt: new Date(s.endsAt),
          skus: s.skus.map((k) => ({
            skuId: k.skuId,
            flashPriceFen: k.flashPriceFen,
            stock: k.stock,
            perPersonLimit: k.perPersonLimit,
          })),
        }))
        await lockStock(
          t,
          input.flatMap((s) => s.skus.map((k) => k.skuId)),
        )
        await validate(t, input, { stockCheck: true, campaignId: id })
        for (const s of slots) await scheduleSlot(t, s.id)
        await moveCampaign(t, id, 'schedule')
        await audit(t, core.clock, 'flash_campaign.schedule', 'flash_campaign', id)
      })
      return this.get(ctx, id)
    },

    /** The operator ends a campaign now: running and coming slots end and give their stock back. */
    async end(ctx: Ctx, id: string) {
      await tx(ctx, async (t) => {
        const c = await lockCampaign(t, id)
        if (c.status === 'ended')
          throw new AppError('invalid_transition', { entity: 'flash_campaign', from: c.status })
        const slots = await scoped(t)
          .selectFrom('flash_slots')
          .select(['id', 'status'])
          .where('campaign_id', '=', id)
          .where('status', 'in', ['draft', 'scheduled'])
          .execute()
        for (const s of slots)
          if (s.status === 'scheduled') {
            await returnCarve(t, s.id)
            await moveSlot(t, s.id, 'end', 'campaign ended by the operator')
          } else await moveSlot(t, s.id, 'cancel', 'campaign ended by the operator')
        await moveCampaign(t, id, 'end', 'ended by the operator')
        await audit(t, core.clock, 'flash_campaign.end', 'flash_campaign', id)
      })
      return this.get(ctx, id)
    },

    /** Adds a slot; in a scheduled campaign it is checked against live stock and carved at once. */
    async addSlot(ctx: Ctx, id: string, slot: SlotInput) {
      await tx(ctx, async (t) => {
        const c = await lockCampaign(t, id)
        if (c.status === 'ended')
          throw new AppError('invalid_transition', { entity: 'flash_campaign', from: c.status })
        const current = await this.get(t, id)
        const others: SlotInput[] = current.slots
          .filter((s) => s.status !== 'ended')
          .map((s) => ({
            startsAt: new Date(s.startsAt),
            endsAt: new Date(s.endsAt),
            skus: s.skus.map((k) => ({ ...k })),
          }))
        const scheduled = c.status === 'scheduled'
        if (scheduled)
          await lockStock(
            t,
            slot.skus.map((k) => k.skuId),
          )
        await validate(t, [slot], {
          stockCheck: scheduled,
          campaignId: id,
          firstIndex: current.slots.length,
          others: scheduled ? [] : others,
        })
        // Same-campaign overlap in a scheduled campaign: the other slots are busy slots of this one.
        if (scheduled) {
          const clash = others.findIndex((o) => o.startsAt < slot.endsAt && slot.startsAt < o.endsAt)
          if (clash >= 0)
            throw invalid(
              `slots.${current.slots.length}.startsAt`,
              `overlaps slot ${clash + 1}`,
              `场次 ${current.slots.length + 1} 与场次 ${clash + 1} 的时间重叠`,
            )
        }
        const [slotId] = await insertSlots(t, id, [slot])
        if (scheduled) await scheduleSlot(t, slotId)
        await audit(t, core.clock, 'flash_slot.add', 'flash_slot', slotId, { campaignId: id })
      })
      return this.get(ctx, id)
    },

    /** Removes a slot that has not started; a carved one gives its stock back. */
    async cancelSlot(ctx: Ctx, id: string, slotId: string) {
      await tx(ctx, async (t) => {
        const c = await lockCampaign(t, id)
        const s = await scoped(t)
          .selectFrom('flash_slots')
          .selectAll()
          .where('id', '=', slotId)
          .where('campaign_id', '=', id)
          .executeTakeFirst()
        if (!s || s.status === 'cancelled') throw notFound('flash_slot', 'slotId')
        if (s.status === 'scheduled') {
          if (s.starts_at <= core.clock.now())
            throw new AppError('invalid_transition', { entity: 'flash_slot', from: 'live' }, 'slotId')
          await returnCarve(t, slotId)
        }
        await moveSlot(t, slotId, 'cancel', 'removed by the operator')
        if (c.status === 'scheduled') await endCampaignIfDone(t, id)
        await audit(t, core.clock, 'flash_slot.cancel', 'flash_slot', slotId, { campaignId: id })
      })
      return this.get(ctx, id)
    },

    /** The `flashsale.slot_end` job. */
    endSlot: (t: TCtx, slotId: string) => endSlot(t, slotId),

    // Storefront ----------------------------------------------------------------
    /** Slots running now, coming up in the next two days, and those ended in the last 12 hours. */
    async storeSlots(ctx: Pick<Ctx, 'db' | 'tenantId'>) {
      const now = core.clock.now()
      const slots = await scoped(ctx)
        .selectFrom('flash_slots')
        .innerJoin('flash_campaigns', 'flash_campaigns.id', 'flash_slots.campaign_id')
        .select([
          'flash_slots.id',
          'flash_slots.starts_at',
          'flash_slots.ends_at',
          'flash_slots.status',
          'flash_campaigns.id as campaign_id',
          'flash_campaigns.title',
        ])
        .where('flash_slots.status', 'in', ['scheduled', 'ended'])
        .where('flash_slots.ends_at', '>', new Date(now.getTime() - 12 * 3_600_000))
        .where('flash_slots.starts_at', '<', new Date(now.getTime() + 48 * 3_600_000))
        .orderBy('flash_slots.starts_at')
        .limit(20)
        .execute()
      const skus = await slotSkus(
        ctx,
        slots.map((s) => s.id),
      )
      return {
        serverNow: now,
        slots: slots.map((s) => this.storeSlotView(s, skus, now)),
      }
    },

    async storeSlot(ctx: Pick<Ctx, 'db' | 'tenantId'>, slotId: string) {
      const now = core.clock.now()
      const s = await scoped(ctx)
        .selectFrom('flash_slots')
        .innerJoin('flash_campaigns', 'flash_campaigns.id', 'flash_slots.campaign_id')
        .select([
          'flash_slots.id',
          'flash_slots.starts_at',
          'flash_slots.ends_at',
          'flash_slots.status',
          'flash_campaigns.id as campaign_id',
          'flash_campaigns.title',
        ])
        .where('flash_slots.id', '=', slotId)
        .where('flash_slots.status', 'in', ['scheduled', 'ended'])
        .executeTakeFirst()
      if (!s) throw notFound('flash_slot', 'id')
      return { serverNow: now, slot: this.storeSlotView(s, await slotSkus(ctx, [s.id]), now) }
    },

    storeSlotView(
      s: { id: string; starts_at: Date; ends_at: Date; status: string; campaign_id: string; title: string },
      skus: Awaited<ReturnType<typeof slotSkus>>,
      now: Date,
    ) {
      const phase = slotPhase({ startsAt: s.starts_at, endsAt: s.ends_at, status: s.status }, now)
      return {
        id: s.id,
        campaignId: s.campaign_id,
        title: s.title,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        phase,
        items: skus
          .filter((k) => k.slot_id === s.id)
          .map((k) => {
            const v = slotSkuView(k)
            const left = phase === 'ended' ? 0 : Math.max(0, v.left)
            return {
              skuId: v.skuId,
              productId: v.productId,
              title: v.title,
              specLabel: v.specLabel,
              imageUrl: v.imageUrl,
              flashPriceFen: v.flashPriceFen,
              priceFen: v.priceFen,
              perPersonLimit: v.perPersonLimit,
              stock: v.carved,
              left,
              soldUnits: v.held + v.sold + v.taken,
              soldOut: phase === 'live' && left <= 0,
            }
          }),
      }
    },

    /**
     * A shopper buys a slot SKU at its flash price: a pending-payment order of kind `flash`. Decided
     * in batches per slot SKU (see GroupCommit): never past the stock, never past the per-person
     * limit, and a repeat while the purchase is unpaid returns it.
     */
    async purchase(ctx: Ctx, shopperId: string, input: PurchaseInput): Promise<PurchaseOutcome> {
      const fulfillment = input.fulfillment ?? 'pickup'
      if (fulfillment === 'delivery' && !input.addressId)
        throw invalid('addressId', 'a delivery address is required', '快递配送请选择收货地址')
      const address =
        fulfillment === 'delivery' ? await core.identity.getAddress(ctx, shopperId, input.addressId!) : null
      return batcher.submit(`${ctx.tenantId}|${input.slotId}|${input.skuId}`, {
        shopperId,
        quantity: input.quantity,
        fulfillment,
        address: address
          ? { name: address.name, phone: address.phone, region: address.region, detail: address.detail }
          : null,
      })
    },

    /** A shopper's flash purchases, newest first. */
    async myPurchases(ctx: Pick<Ctx, 'db' | 'tenantId'>, shopperId: string, limit = 50) {
      const rows = await sql<
        Selectable<FlashSaleTables['flash_purchases']> & { total_fen: number; expires_at: Date }
      >`
        select p.*, o.total_fen, o.expires_at from flash_purchases p join orders o on o.id = p.order_id
        where p.tenant_id = ${ctx.tenantId} and p.shopper_id = ${shopperId}
        order by p.created_at desc, p.id desc limit ${limit}`.execute(ctx.db)
      return rows.rows.map((p) => purchaseView(p, p))
    },

    // For other modules (flash groups) ----------------------------------------------
    /**
     * Takes `quantity` units of a running slot SKU for `shopperId` inside the caller's transaction
     * (a flash group seat): counts towards the per-person limit and moves the units from the carve
     * back onto the SKU's stock, where the caller's order holds them. Throws 409 `sold_out`,
     * `not_started`, `ended` or `limit_reached`; 404 when the slot does not sell the SKU.
     */
    async takeSlotStock(t: TCtx, slotId: string, skuId: string, quantity: number, shopperId: string) {
      if (!Number.isInteger(quantity) || quantity <= 0)
        throw invalid('quantity', 'a positive whole number', '购买数量须为正整数')
      const k = await lockSlotSku(t, slotId, skuId)
      const now = core.clock.now()
      if (!k || k.slot_status === 'draft' || k.slot_status === 'cancelled')
        throw notFound('flash_slot', 'slotId')
      if (k.slot_status === 'ended' || now >= new Date(k.ends_at)) throw new AppError('ended', {}, 'slotId')
      if (now < new Date(k.starts_at)) throw new AppError('not_started', {}, 'slotId')
      const mine = await sql<{ n: number }>`
        select (coalesce((select sum(quantity) from flash_purchases where slot_id = ${slotId} and sku_id = ${skuId}
                  and shopper_id = ${shopperId} and status in ('pending', 'paid')), 0)
              + coalesce((select sum(quantity) from flash_takes where slot_id = ${slotId} and sku_id = ${skuId}
                  and shopper_id = ${shopperId} and status = 'taken'), 0))::int as n`.execute(t.db)
      if (Number(mine.rows[0]?.n ?? 0) + quantity > k.per_person_limit)
        throw new AppError('limit_reached', {}, 'quantity')
      if (unitsLeft(k) < quantity) throw new AppError('sold_out', {}, 'quantity')
      await shiftStock(t, core.clock, skuId, quantity, carveNote(slotId))
      await scoped(t)
        .updateTable('flash_slot_skus')
        .set((eb) => ({ taken: eb('taken', '+', quantity), version: eb('version', '+', 1) }))
        .where('slot_id', '=', slotId)
        .where('sku_id', '=', skuId)
        .execute()
      const now2 = core.clock.now()
      const id = newId()
      await scoped(t)
        .insertInto('flash_takes', {
          id,
          slot_id: slotId,
          sku_id: skuId,
          shopper_id: shopperId,
          quantity,
          status: 'taken',
          created_at: now2,
          updated_at: now2,
        })
        .execute()
      return { takeId: id, unitPriceFen: k.flash_price_fen }
    },

    /**
     * Gives back units taken with `takeSlotStock` (a seat freed, a failed group), inside the
     * caller's transaction, after the caller's order released its hold: back into the carve while
     * the slot runs, onto the SKU's stock after. Returns how many units went back.
     */
    async returnSlotStock(t: TCtx, slotId: string, skuId: string, quantity: number, shopperId: string) {
      const k = await lockSlotSku(t, slotId, skuId)
      if (!k) throw notFound('flash_slot', 'slotId')
      const takes = await scoped(t)
        .selectFrom('flash_takes')
        .selectAll()
        .where('slot_id', '=', slotId)
        .where('sku_id', '=', skuId)
        .where('shopper_id', '=', shopperId)
        .where('status', '=', 'taken')
        .orderBy('created_at')
        .orderBy('id')
        .forUpdate()
        .execute()
      let left = quantity
      const now = core.clock.now()
      for (const take of takes) {
        if (left <= 0) break
        if (take.quantity <= left) {
          await scoped(t)
            .updateTable('flash_takes')
            .set({ status: 'returned', updated_at: now })
            .where('id', '=', take.id)
            .execute()
          left -= take.quantity
        } else {
          await scoped(t)
            .updateTable('flash_takes')
            .set({ quantity: take.quantity - left, updated_at: now })
            .where('id', '=', take.id)
            .execute()
          await scoped(t)
            .insertInto('flash_takes', {
              ...take,
              id: newId(),
              quantity: left,
              status: 'returned',
              updated_at: now,
            })
            .execute()
          left = 0
        }
      }
      const back = quantity - left
      if (back > 0) await giveBack(t, k, back, 'taken')
      return back
    },

    /** The flash price of a slot SKU with what a caller needs to sell it (a flash group's price). */
    async slotPrice(ctx: Pick<Ctx, 'db' | 'tenantId'>, slotId: string, skuId: string) {
      const [k] = await slotSkus(ctx, [slotId]).then((rows) => rows.filter((r) => r.sku_id === skuId))
      const s = await scoped(ctx)
        .selectFrom('flash_slots')
        .selectAll()
        .where('id', '=', slotId)
        .executeTakeFirst()
      if (!k || !s || s.status === 'draft' || s.status === 'cancelled') throw notFound('flash_slot', 'slotId')
      return {
        slotId,
        skuId,
        flashPriceFen: k.flash_price_fen,
        priceFen: k.price_fen,
        perPersonLimit: k.per_person_limit,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        phase: slotPhase({ startsAt: s.starts_at, endsAt: s.ends_at, status: s.status }, core.clock.now()),
        left: unitsLeft(k),
      }
    },
  }
}

export type FlashSaleService = ReturnType<typeof createFlashSaleService>
