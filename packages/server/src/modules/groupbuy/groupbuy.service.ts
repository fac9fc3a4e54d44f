import { randomBytes } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import { sql } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { actorColumns, type Ctx, systemCtx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { seal } from '../../platform/seal.js'
import { scoped } from '../../platform/tenancy.js'
import { maskPhone } from '../identity/index.js'
import type { DealConfig, DealType, LadderStep } from './domain/deal.js'
import { dealProblemZh } from './domain/deal-problem-zh.js'
import { dealProblems } from './domain/deal-rules.js'
import { type GroupEvent, groupMachine, type SeatEvent, seatMachine } from './domain/group-state.js'
import { importTaxFen } from './domain/import-tax.js'
import { atExpiry, fillsGroup, groupExpiresAt, joinRefusal } from './domain/join-rules.js'
import { closingRefunds, ladderPriceFen, seatPriceFen } from './domain/ladder.js'
import { commitSeed, drawWinners } from './domain/lucky-draw.js'
import { maskResidentId, normalizeResidentId, residentIdProblem } from './domain/resident-id.js'
import type { DealStatus, GroupBuyTables } from './groupbuy.tables.js'

type TCtx = Ctx & { db: Transaction<DB> }
type DealRow = Selectable<GroupBuyTables['group_deals']>
type GroupRow = Selectable<GroupBuyTables['groups']>
type SeatRow = Selectable<GroupBuyTables['group_seats']>

export interface DealInput {
  type: DealType
  skuId: string
  title?: string
  groupSize: number
  groupPriceFen?: number
  ladderSteps?: LadderStep[]
  timeLimitMinutes: number
  startsAt: string | Date
  endsAt: string | Date
  perPersonLimit: number
  openerDiscountFen?: number
  freeToOpen?: boolean
  newCustomersOnly?: boolean
  autoFillThresholdBp?: number
  luckyDrawWinners?: number
  flashSlotId?: string
  importTaxRateBp?: number
  openerRewardFen?: number
  openerRewardBp?: number
}

export interface SeatInput {
  fulfillment: 'delivery' | 'pickup'
  addressId?: string
  quantity?: number
  note?: string
  /** Cross-border only: the buyer's real name and resident ID, for customs. */
  realName?: string
  residentId?: string
  shareToken?: string
}

/** A row's deal terms as the pure rules take them. */
export const dealConfig = (d: DealRow): DealConfig => ({
  type: d.type,
  groupSize: d.group_size,
  singlePriceFen: d.single_price_fen,
  groupPriceFen: d.group_price_fen ?? undefined,
  ladderSteps: d.ladder_steps ?? undefined,
  timeLimitMinutes: d.time_limit_minutes,
  startsAt: d.starts_at,
  endsAt: d.ends_at,
  perPersonLimit: d.per_person_limit,
  openerDiscountFen: d.opener_discount_fen || undefined,
  freeToOpen: d.free_to_open || undefined,
  newCustomersOnly: d.new_customers_only || undefined,
  autoFillThresholdBp: d.auto_fill_threshold_bp ?? undefined,
  luckyDrawWinners: d.lucky_draw_winners ?? undefined,
  flashSlotId: d.flash_slot_id ?? undefined,
  importTaxRateBp: d.import_tax_rate_bp ?? undefined,
})

/** The price a group's seats are sold at before any discount: the group price, or the ladder's first step. */
const entryPriceFen = (d: DealRow) =>
  d.type === 'ladder' ? (d.ladder_steps?.[0]?.priceFen ?? 0) : (d.group_price_fen ?? 0)

const RESIDENT_ID_ZH = {
  format: '身份证号应为 18 位（最后一位可以是 X）',
  checksum: '身份证号校验位不对，请核对',
  birth_date: '身份证号里的出生日期不对',
} as const

const maskNickname = (n: string) =>
  n.length <= 1 ? `${n}*` : `${n[0]}**${n.length > 2 ? n[n.length - 1] : ''}`

/**
 * Group buys. A group's row is the lock every change to it takes, so however many shoppers join at
 * once, its seats are counted one change at a time: held seats count against the size while their
 * payment is pending, and a seat is released when its order is cancelled.
 */
export function createGroupBuyService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  // Reads --------------------------------------------------------------------------------
  async function loadDeal(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) {
    const d = await scoped(ctx).selectFrom('group_deals').selectAll().where('id', '=', id).executeTakeFirst()
    if (!d) throw notFound('deal', 'id')
    return d
  }

  async function lockGroup(ctx: TCtx, id: string) {
    const g = await scoped(ctx)
      .selectFrom('groups')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!g) throw notFound('group', 'id')
    return g
  }

  async function dealViews(ctx: Pick<Ctx, 'db' | 'tenantId'>, deals: DealRow[]) {
    if (!deals.length) return []
    const skus = await scoped(ctx)
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select(['skus.id', 'skus.spec', 'skus.image_url', 'products.title', 'products.images'])
      .where(
        'skus.id',
        'in',
        deals.map((d) => d.sku_id),
      )
      .execute()
    const byId = new Map(skus.map((s) => [s.id, s]))
    const now = core.clock.now()
    return deals.map((d) => {
      const k = byId.get(d.sku_id)
      const entry = entryPriceFen(d)
      return {
        id: d.id,
        type: d.type,
        status: d.status,
        title: d.title,
        productId: d.product_id,
        skuId: d.sku_id,
        productTitle: k?.title ?? '',
        specLabel: Object.values(k?.spec ?? {}).join(' / '),
        imageUrl: k?.image_url ?? (k?.images as string[] | undefined)?.[0] ?? null,
        groupSize: d.group_size,
        singlePriceFen: d.single_price_fen,
        groupPriceFen: entry,
        ladderSteps: d.ladder_steps,
        openerDiscountFen: d.opener_discount_fen,
        freeToOpen: d.free_to_open,
        newCustomersOnly: d.new_customers_only,
        autoFillThresholdBp: d.auto_fill_threshold_bp,
        luckyDrawWinners: d.lucky_draw_winners,
        flashSlotId: d.flash_slot_id,
        importTaxRateBp: d.import_tax_rate_bp,
        importTaxFen: d.import_tax_rate_bp === null ? null : importTaxFen(entry, d.import_tax_rate_bp),
        openerRewardFen: d.opener_reward_fen,
        openerRewardBp: d.opener_reward_bp,
        timeLimitMinutes: d.time_limit_minutes,
        startsAt: d.starts_at,
        endsAt: d.ends_at,
        perPersonLimit: d.per_person_limit,
        serverNow: now,
      }
    })
  }
  type DealView = Awaited<ReturnType<typeof dealViews>>[number]

  /** Groups as the storefront sees them: paid members only, nicknames masked, the seed only after the draw. */
  async function groupViews(
    ctx: Pick<Ctx, 'db' | 'tenantId'>,
    groups: GroupRow[],
    opts: { viewerId?: string; deals?: Map<string, DealView> } = {},
  ) {
    if (!groups.length) return []
    const s = scoped(ctx)
    const seats = await s
      .selectFrom('group_seats')
      .innerJoin('shoppers', 'shoppers.id', 'group_seats.shopper_id')
      .selectAll('group_seats')
      .select(['shoppers.nickname', 'shoppers.avatar_url', 'shoppers.phone'])
      .where(
        'group_seats.group_id',
        'in',
        groups.map((g) => g.id),
      )
      .orderBy('group_seats.joined_at')
      .execute()
    let deals = opts.deals
    if (!deals) {
      const rows = await s
        .selectFrom('group_deals')
        .selectAll()
        .where('id', 'in', [...new Set(groups.map((g) => g.deal_id))])
        .execute()
      deals = new Map((await dealViews(ctx, rows)).map((d) => [d.id, d]))
    }
    const now = core.clock.now()
    return groups.map((g) => {
      const mine = seats.filter((x) => x.group_id === g.id)
      // Everyone who paid; after a success a later refund keeps them in the story of the group.
      const paid = mine.filter((x) => x.paid_at !== null && (x.status === 'paid' || g.status !== 'forming'))
      const drawn = g.status === 'drawn'
      const me = opts.viewerId
        ? mine
            .filter((x) => x.shopper_id === opts.viewerId)
            .sort((a, b) => (a.joined_at < b.joined_at ? 1 : -1))[0]
        : undefined
      const name = (x: (typeof mine)[number]) => maskNickname(x.nickname || maskPhone(x.phone))
      return {
        id: g.id,
        dealId: g.deal_id,
        status: g.status,
        groupSize: g.group_size,
        paidSeats: g.paid_seats,
        heldSeats: g.held_seats,
        seatsLeft: Math.max(0, g.group_size - g.paid_seats - g.held_seats),
        openedAt: g.opened_at,
        expiresAt: g.expires_at,
        closedAt: g.closed_at,
        priceFen: g.price_fen,
        members: paid.map((x) => ({
          id: x.id,
          nickname: name(x),
          avatarUrl: x.avatar_url,
          isOpener: x.is_opener,
          paidAt: x.paid_at!,
          won: x.won,
        })),
        draw: g.seed_hash
          ? {
              seedHash: g.seed_hash,
              seed: drawn ? g.seed : null,
              winners: drawn ? paid.filter((x) => x.won).map((x) => x.id) : [],
            }
          : null,
        deal: deals.get(g.deal_id)!,
        me: me
          ? {
              seatId: me.id,
              seatStatus: me.status,
              orderId: me.order_id,
              isOpener: me.is_opener,
              won: me.won,
            }
          : null,
        serverNow: now,
      }
    })
  }

  /** Groups for the operator, in a fixed number of queries: every seat with its order, and each history. */
  async function consoleViews(ctx: Pick<Ctx, 'db' | 'tenantId'>, groups: GroupRow[]) {
    if (!groups.length) return []
    const ids = groups.map((g) => g.id)
    const s = scoped(ctx)
    const [views, seats, history] = await Promise.all([
      groupViews(ctx, groups),
      s
        .selectFrom('group_seats')
        .innerJoin('shoppers', 'shoppers.id', 'group_seats.shopper_id')
        .selectAll('group_seats')
        .select(['shoppers.nickname', 'shoppers.phone'])
        .where('group_seats.group_id', 'in', ids)
        .orderBy('group_seats.joined_at')
        .execute(),
      s.selectFrom('group_history').selectAll().where('group_id', 'in', ids).orderBy('id').execute(),
    ])
    return groups.map((g, i) => {
      const mine = seats.filter((x) => x.group_id === g.id)
      const opener = mine.find((x) => x.is_opener)
      return {
        ...views[i],
        opener: {
          id: g.opener_id,
          nickname: opener?.nickname ?? '',
          phone: opener ? maskPhone(opener.phone) : '',
        },
        openerRewardFen: g.opener_reward_fen,
        seats: mine.map((x) => ({
          id: x.id,
          shopperId: x.shopper_id,
          nickname: x.nickname,
          phone: maskPhone(x.phone),
          isOpener: x.is_opener,
          status: x.status,
          orderId: x.order_id,
          quantity: x.quantity,
          paidFen: x.paid_fen,
          won: x.won,
          residentIdMasked: x.resident_id_masked,
          joinedAt: x.joined_at,
          paidAt: x.paid_at,
        })),
        history: history
          .filter((h) => h.group_id === g.id)
          .map((h) => ({
            from: h.from_status,
            to: h.to_status,
            event: h.event,
            actorKind: h.actor_kind,
            reason: h.reason,
            at: h.at,
          })),
      }
    })
  }

  // Writes -------------------------------------------------------------------------------
  async function moveGroup(
    ctx: TCtx,
    g: GroupRow,
    event: GroupEvent,
    opts: { reason?: string; set?: Partial<Record<keyof GroupRow, unknown>> } = {},
  ) {
    const to = groupMachine.next(g.status, event)
    const now = core.clock.now()
    await scoped(ctx)
      .updateTable('groups')
      .set({ ...(opts.set ?? {}), status: to, updated_at: now } as never)
      .where('id', '=', g.id)
      .execute()
    await scoped(ctx)
      .insertInto('group_history', {
        group_id: g.id,
        from_status: g.status,
        to_status: to,
        event,
        ...actorColumns(ctx.actor),
        reason: opts.reason ?? null,
        at: now,
      })
      .execute()
    await core.events.publish(ctx.db, ctx.tenantId, `groupbuy.group.${event === 'open' ? 'opened' : to}`, {
      groupId: g.id,
      dealId: g.deal_id,
      openerId: g.opener_id,
      from: g.status,
      to,
      event,
    })
    return { ...g, status: to }
  }

  async function moveSeat(ctx: TCtx, seat: SeatRow, event: SeatEvent, set: Record<string, unknown> = {}) {
    const to = seatMachine.next(seat.status, event)
    await scoped(ctx)
      .updateTable('group_seats')
      .set({ ...set, status: to, updated_at: core.clock.now() } as never)
      .where('id', '=', seat.id)
      .execute()
    return to
  }

  const seatsOf = (ctx: TCtx, groupId: string) =>
    scoped(ctx)
      .selectFrom('group_seats')
      .selectAll()
      .where('group_id', '=', groupId)
      .orderBy('joined_at')
      .execute()

  /** Cancels the orders of seats still held: the group is over, so nobody may pay into it now. */
  async function dropHeldSeats(ctx: TCtx, groupId: string) {
    for (const seat of (await seatsOf(ctx, groupId)).filter((x) => x.status === 'held'))
      await core.orders.cancel(ctx, seat.order_id, { reason: 'the group closed before this seat was paid' })
  }

  /** The group is full or expired well: paid orders go on to fulfilment, a lucky draw draws, a ladder refunds differences. */
  async function succeed(ctx: TCtx, g: GroupRow, deal: DealRow, event: 'succeed' | 'auto_fill') {
    await dropHeldSeats(ctx, g.id)
    const paid = (await seatsOf(ctx, g.id)).filter((x) => x.status === 'paid')
    const now = core.clock.now()
    const reward =
      deal.opener_reward_fen ??
      (deal.opener_reward_bp !== null
        ? Math.floor(((paid.find((x) => x.is_opener)?.paid_fen ?? 0) * deal.opener_reward_bp) / 10_000)
        : null)
    let price = g.price_fen
    if (deal.type === 'ladder') price = ladderPriceFen(deal.ladder_steps ?? [], paid.length)
    let group = await moveGroup(ctx, g, event, {
      reason:
        event === 'auto_fill' ? `auto-filled with ${paid.length} of ${g.group_size} seats paid` : undefined,
      set: { closed_at: now, opener_reward_fen: reward, price_fen: price },
    })
    if (deal.type === 'lucky_draw') {
      const winners = new Set(
        drawWinners(
          g.seed!,
          paid.map((x) => x.id),
          Math.min(deal.lucky_draw_winners ?? 1, paid.length),
        ),
      )
      for (const seat of paid) {
        const won = winners.has(seat.id)
        await scoped(ctx).updateTable('group_seats').set({ won }).where('id', '=', seat.id).execute()
        if (won)
          await core.orders.transition(ctx, seat.order_id, 'group_succeed', { reason: 'won the lucky draw' })
        else await refundSeat(ctx, seat, 'not drawn in the lucky draw')
      }
      group = await moveGroup(ctx, group, 'draw', { reason: `${winners.size} of ${paid.length} members won` })
      return group
    }
    for (const seat of paid)
      await core.orders.transition(ctx, seat.order_id, 'group_succeed', { reason: 'the group succeeded' })
    if (deal.type === 'ladder') {
      const { refunds } = closingRefunds(
        deal.ladder_steps ?? [],
        paid.map((x) => ({ memberId: x.id, paidFen: x.paid_fen, isOpener: x.is_opener })),
        dealConfig(deal),
      )
      for (const r of refunds.filter((x) => x.refundFen > 0)) {
        const seat = paid.find((x) => x.id === r.memberId)!
        const line = await scoped(ctx)
          .selectFrom('order_lines')
          .select('id')
          .where('order_id', '=', seat.order_id)
          .executeTakeFirstOrThrow()
        // The difference is per unit: a seat of several units gets it for each.
        await core.afterSales.refundDifference(
          ctx,
          seat.order_id,
          line.id,
          r.refundFen * seat.quantity,
          `ladder group closed at ${price} fen a seat`,
        )
      }
    }
    return group
  }

  async function refundSeat(ctx: TCtx, seat: SeatRow, reason: string) {
    const order = await core.orders.lock(ctx, seat.order_id)
    // A free seat has nothing to give back: its order simply ends.
    if (order.paid_fen === 0) await core.orders.transition(ctx, seat.order_id, 'refund_all', { reason })
    else await core.afterSales.refundBySystem(ctx, seat.order_id, reason)
    await moveSeat(ctx, seat, 'refund')
  }

  /** Everyone who paid is refunded; the group failed on its own or an operator closed it. */
  async function fail(ctx: TCtx, g: GroupRow, event: 'fail' | 'close', reason: string) {
    await dropHeldSeats(ctx, g.id)
    const group = await moveGroup(ctx, g, event, { reason, set: { closed_at: core.clock.now() } })
    for (const seat of (await seatsOf(ctx, g.id)).filter((x) => x.status === 'paid'))
      await refundSeat(ctx, seat, reason)
    return group
  }

  /** Whether the shopper ever paid for anything in this shop (new-customer groups). */
  async function hasPaidBefore(ctx: TCtx, shopperId: string) {
    const o = await scoped(ctx)
      .selectFrom('orders')
      .select('id')
      .where('shopper_id', '=', shopperId)
      .where('paid_at', 'is not', null)
      .limit(1)
      .executeTakeFirst()
    return !!o
  }

  /** Units the shopper holds or bought in this deal, with the shopper's row locked so two tabs cannot both pass the limit. */
  async function unitsInDeal(ctx: TCtx, shopperId: string, dealId: string) {
    await scoped(ctx).selectFrom('shoppers').select('id').where('id', '=', shopperId).forUpdate().execute()
    const r = await scoped(ctx)
      .selectFrom('group_seats')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), sql<number>`0`).as('n'))
      .where('shopper_id', '=', shopperId)
      .where('deal_id', '=', dealId)
      .where('status', 'in', ['held', 'paid'])
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  function assertOpen(deal: DealRow) {
    const now = core.clock.now()
    if (deal.status !== 'active' || now < deal.starts_at || now >= deal.ends_at)
      throw new AppError('deal_not_active')
  }

  /** Cross-border buyers' identity, checked and sealed; nothing of it is stored in the clear but the mask. */
  function identity(deal: DealRow, input: SeatInput) {
    if (deal.type !== 'cross_border') return {}
    if (!input.realName?.trim())
      throw invalid('realName', 'the buyer’s real name is required for customs', '清关需要购买人的真实姓名')
    if (!input.residentId)
      throw invalid('residentId', 'a resident ID is required for customs', '清关需要购买人的身份证号')
    const problem = residentIdProblem(input.residentId, core.clock.now())
    if (problem) throw invalid('residentId', `not a valid resident ID (${problem})`, RESIDENT_ID_ZH[problem])
    if (!core.config.dataKey) throw new AppError('forbidden')
    const id = normalizeResidentId(input.residentId)
    return {
      real_name: input.realName.trim(),
      resident_id_masked: maskResidentId(id),
      resident_id_sealed: seal(core.config.dataKey, id),
    }
  }

  /** The seat's order, placed in the caller's transaction with the deal's price, then the seat itself. */
  async function placeSeat(
    ctx: TCtx,
    shopperId: string,
    deal: DealRow,
    group: { id: string; paidSeats: number },
    isOpener: boolean,
    input: SeatInput,
  ) {
    const quantity = input.quantity ?? 1
    const unit = seatPriceFen(dealConfig(deal), group.paidSeats, isOpener)
    const tax = deal.import_tax_rate_bp === null ? 0 : importTaxFen(unit * quantity, deal.import_tax_rate_bp)
    const seatId = newId()
    const who = identity(deal, input)
    const now = core.clock.now()
    // A flash group's seats come out of the slot's carved stock (and count towards its per-person limit).
    if (deal.type === 'flash')
      await core.flashSale.takeSlotStock(ctx, deal.flash_slot_id!, deal.sku_id, quantity, shopperId)
    const order = await core.orders.place(
      ctx,
      shopperId,
      {
        items: [{ skuId: deal.sku_id, quantity }],
        fulfillment: input.fulfillment,
        addressId: input.addressId,
        note: input.note,
        attribution: { groupId: group.id, shareToken: input.shareToken, channel: 'group_buy' },
      },
      {
        kind: 'group',
        kindRef: seatId,
        unitPriceFen: () => unit,
        taxFen: tax,
        free: isOpener && deal.free_to_open,
        within: async (t, orderId) => {
          await scoped(t)
            .insertInto('group_seats', {
              id: seatId,
              group_id: group.id,
              deal_id: deal.id,
              shopper_id: shopperId,
              order_id: orderId,
              is_opener: isOpener,
              status: 'held',
              quantity,
              won: null,
              real_name: null,
              resident_id_masked: null,
              resident_id_sealed: null,
              ...who,
              joined_at: now,
              paid_at: null,
              updated_at: now,
            })
            .execute()
          await scoped(t)
            .updateTable('groups')
            .set((eb) => ({ held_seats: eb('held_seats', '+', 1), updated_at: now }))
            .where('id', '=', group.id)
            .execute()
        },
      },
    )
    // A free seat has nothing to pay: it is settled at once, which opens the group.
    if (order.totalFen === 0) await core.orders.applyPayment(ctx, order.id, 0)
    return order
  }

  async function verifiedShareToken(ctx: Ctx, token: string | undefined) {
    if (!token) return undefined
    return (await core.sharing.find(ctx, token))?.token
  }

  // Order hooks: the seat follows its order -----------------------------------------------
  /** The group a seat's order belongs to, locked. */
  async function lockGroupOf(ctx: TCtx, seatId: string) {
    const seat = await scoped(ctx)
      .selectFrom('group_seats')
      .selectAll()
      .where('id', '=', seatId)
      .executeTakeFirstOrThrow()
    return { seat, group: await lockGroup(ctx, seat.group_id) }
  }

  core.orders.registerKind('group', {
    lockFirst: async (ctx, order) => void (await lockGroupOf(ctx, order.kind_ref!)),
    payEvent: 'pay_into_group',
    async dealKey(ctx, order) {
      const g = await scoped(ctx)
        .selectFrom('group_seats')
        .innerJoin('groups', 'groups.id', 'group_seats.group_id')
        .select('groups.deal_id')
        .where('group_seats.id', '=', order.kind_ref!)
        .executeTakeFirst()
      return g ? `groupbuy:${g.deal_id}` : null
    },
    // A payment after the seat was released goes straight back: the seat may be someone else's now.
    acceptsLatePayment: false,
    async onPaid(ctx, order) {
      const { seat, group: g } = await lockGroupOf(ctx, order.kind_ref!)
      const deal = await loadDeal(ctx, g.deal_id)
      const now = core.clock.now()
      await moveSeat(ctx, seat, 'pay', { paid_at: now, paid_fen: order.total_fen - order.tax_fen })
      const paidSeats = g.paid_seats + 1
      let price = g.price_fen
      if (deal.type === 'ladder') price = ladderPriceFen(deal.ladder_steps ?? [], paidSeats)
      await scoped(ctx)
        .updateTable('groups')
        .set((eb) => ({
          paid_seats: eb('paid_seats', '+', 1),
          held_seats: eb('held_seats', '-', 1),
          price_fen: price,
          updated_at: now,
        }))
        .where('id', '=', g.id)
        .execute()
      let group: GroupRow = { ...g, paid_seats: paidSeats, held_seats: g.held_seats - 1, price_fen: price }
      if (group.status === 'opening') {
        const expiresAt = groupExpiresAt(now, dealConfig(deal))
        group = await moveGroup(ctx, group, 'open', { set: { opened_at: now, expires_at: expiresAt } })
        group = { ...group, opened_at: now, expires_at: expiresAt }
        await enqueue(ctx.db, core.clock, {
          kind: 'groupbuy.expire',
          tenantId: ctx.tenantId,
          payload: { groupId: g.id },
          runAt: expiresAt,
          dedupeKey: `groupbuy.expire:${g.id}`,
        })
      } else {
        await core.events.publish(ctx.db, ctx.tenantId, 'groupbuy.group.joined', {
          groupId: g.id,
          dealId: g.deal_id,
          shopperId: seat.shopper_id,
          orderId: order.id,
          paidSeats,
        })
      }
      if (fillsGroup(dealConfig(deal), paidSeats)) await succeed(ctx, group, deal, 'succeed')
    },
    async onCancelled(ctx, order) {
      const { seat, group: g } = await lockGroupOf(ctx, order.kind_ref!)
      if (seat.status !== 'held') return
      await moveSeat(ctx, seat, 'release')
      await scoped(ctx)
        .updateTable('groups')
        .set((eb) => ({ held_seats: eb('held_seats', '-', 1), updated_at: core.clock.now() }))
        .where('id', '=', g.id)
        .execute()
      const deal = await loadDeal(ctx, g.deal_id)
      // The order let go of its hold first, so the unit can go back to the slot it came from.
      if (deal.type === 'flash')
        await core.flashSale.returnSlotStock(
          ctx,
          deal.flash_slot_id!,
          deal.sku_id,
          seat.quantity,
          seat.shopper_id,
        )
      // An opener who never paid: the group never opened, so nobody else was in it.
      if (seat.is_opener && g.status === 'opening')
        await moveGroup(ctx, g, 'cancel', { reason: 'the opener did not pay' })
    },
  })

  core.sharing.registerTarget('group', async (ctx, id) => {
    const g = await scoped(ctx).selectFrom('groups').select('status').where('id', '=', id).executeTakeFirst()
    return !!g && g.status !== 'opening' && g.status !== 'cancelled'
  })
  core.sharing.registerTarget('deal', async (ctx, id) => {
    const d = await scoped(ctx).selectFrom('group_deals').select('id').where('id', '=', id).executeTakeFirst()
    return !!d
  })

  return {
    dealViews,
    groupViews,

    // Console ------------------------------------------------------------------------------
    async createDeal(ctx: Ctx, input: DealInput) {
      const sku = await scoped(ctx)
        .selectFrom('skus')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .select(['skus.id', 'skus.price_fen', 'skus.product_id', 'products.title'])
        .where('skus.id', '=', input.skuId)
        .executeTakeFirst()
      if (!sku) throw notFound('sku', 'skuId')
      const row = validRow(input, sku.price_fen)
      if (input.type === 'flash') await assertSlotSells(ctx, input.flashSlotId!, sku.id)
      const id = newId()
      const now = core.clock.now()
      await tx(ctx, async (t) => {
        await scoped(t)
          .insertInto('group_deals', {
            id,
            ...row,
            title: input.title?.trim() || sku.title,
            product_id: sku.product_id,
            sku_id: sku.id,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await audit(t, core.clock, 'groupbuy.deal.create', 'deal', id, { type: input.type })
      })
      return this.getDeal(ctx, id)
    },

    /** Terms change only while no group has been opened: members paid for what they saw. */
    async updateDeal(ctx: Ctx, id: string, input: DealInput) {
      await tx(ctx, async (t) => {
        const d = await scoped(t)
          .selectFrom('group_deals')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!d) throw notFound('deal', 'id')
        if (input.skuId !== d.sku_id)
          throw invalid('skuId', 'the SKU of a deal cannot change', '活动的商品规格不能更改')
        const opened = await scoped(t)
          .selectFrom('groups')
          .select('id')
          .where('deal_id', '=', id)
          .limit(1)
          .executeTakeFirst()
        const row = validRow(input, d.single_price_fen)
        if (opened) {
          // Only the window and limits may move once people have bought; the terms they bought stay.
          const fixed = [
            'type',
            'group_size',
            'group_price_fen',
            'time_limit_minutes',
            'opener_discount_fen',
            'free_to_open',
            'lucky_draw_winners',
            'import_tax_rate_bp',
          ] as const
          const changed = fixed.find((k) => String(row[k] ?? '') !== String(d[k] ?? ''))
          if (
            changed ||
            JSON.stringify(row.ladder_steps === null ? null : JSON.parse(row.ladder_steps)) !==
              JSON.stringify(d.ladder_steps)
          )
            throw new AppError(
              'invalid_transition',
              { entity: 'deal', from: 'in use' },
              changed ?? 'ladderSteps',
            )
        }
        await scoped(t)
          .updateTable('group_deals')
          .set({ ...row, title: input.title?.trim() || d.title, updated_at: core.clock.now() })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, 'groupbuy.deal.update', 'deal', id)
      })
      return this.getDeal(ctx, id)
    },

    async setDealStatus(ctx: Ctx, id: string, status: DealStatus) {
      await tx(ctx, async (t) => {
        const d = await scoped(t)
          .selectFrom('group_deals')
          .select('status')
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!d) throw notFound('deal', 'id')
        if (d.status === 'ended' && status !== 'ended')
          throw new AppError('invalid_transition', { entity: 'deal', from: d.status })
        await scoped(t)
          .updateTable('group_deals')
          .set({ status, updated_at: core.clock.now() })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, `groupbuy.deal.${status}`, 'deal', id, { from: d.status })
      })
      return this.getDeal(ctx, id)
    },

    async getDeal(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) {
      const [view] = await dealViews(ctx, [await loadDeal(ctx, id)])
      return { ...view, stats: (await this.stats(ctx, [id])).get(id)! }
    },

    async listDeals(ctx: Pick<Ctx, 'db' | 'tenantId'>) {
      const rows = await scoped(ctx)
        .selectFrom('group_deals')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute()
      const stats = await this.stats(
        ctx,
        rows.map((r) => r.id),
      )
      return (await dealViews(ctx, rows)).map((d) => ({ ...d, stats: stats.get(d.id)! }))
    },

    /** Live figures per deal, from the groups and the orders themselves, so refunds show at once. */
    async stats(ctx: Pick<Ctx, 'db' | 'tenantId'>, dealIds: string[]) {
      const out = new Map<
        string,
        {
          groupsOpened: number
          forming: number
          succeeded: number
          failed: number
          successRateBp: number
          members: number
          gmvFen: number
        }
      >()
      for (const id of dealIds)
        out.set(id, {
          groupsOpened: 0,
          forming: 0,
          succeeded: 0,
          failed: 0,
          successRateBp: 0,
          members: 0,
          gmvFen: 0,
        })
      if (!dealIds.length) return out
      const groups = await scoped(ctx)
        .selectFrom('groups')
        .select([
          'deal_id',
          'status',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('paid_seats').as('paid'),
        ])
        .where('deal_id', 'in', dealIds)
        .where('status', 'not in', ['opening', 'cancelled'])
        .groupBy(['deal_id', 'status'])
        .execute()
      for (const r of groups) {
        const s = out.get(r.deal_id)!
        const n = Number(r.n)
        s.groupsOpened += n
        if (r.status === 'forming') s.forming += n
        else if (r.status === 'failed') s.failed += n
        else {
          s.succeeded += n
          s.members += Number(r.paid)
        }
      }
      const money = await scoped(ctx)
        .selectFrom('group_seats')
        .innerJoin('orders', 'orders.id', 'group_seats.order_id')
        .select([
          'group_seats.deal_id',
          (eb) => eb.fn.sum<number>(sql`orders.paid_fen - orders.refunded_fen`).as('gmv'),
        ])
        .where('group_seats.deal_id', 'in', dealIds)
        .groupBy('group_seats.deal_id')
        .execute()
      for (const r of money) out.get(r.deal_id)!.gmvFen = Number(r.gmv ?? 0)
      for (const s of out.values()) {
        const closed = s.succeeded + s.failed
        s.successRateBp = closed ? Math.round((s.succeeded * 10_000) / closed) : 0
      }
      return out
    },

    async consoleGroups(ctx: Pick<Ctx, 'db' | 'tenantId'>, dealId: string, status?: string) {
      await loadDeal(ctx, dealId)
      let q = scoped(ctx).selectFrom('groups').selectAll().where('deal_id', '=', dealId)
      if (status) q = q.where('status', '=', status as never)
      return consoleViews(ctx, await q.orderBy('created_at', 'desc').limit(200).execute())
    },

    /** A group for the operator: every seat with its order, and the group's history. */
    async consoleGroup(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) {
      const g = await scoped(ctx).selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst()
      if (!g) throw notFound('group', 'id')
      return (await consoleViews(ctx, [g]))[0]
    },

    /** An operator ends a forming group by hand: like a failure, every member is refunded. */
    async close(ctx: Ctx, id: string, reason: string) {
      await tx(ctx, async (t) => {
        const g = await lockGroup(t, id)
        await fail(t, g, 'close', reason)
        await audit(t, core.clock, 'groupbuy.group.close', 'group', id, { reason })
      })
      core.worker.poke()
      return this.consoleGroup(ctx, id)
    },

    // Storefront -----------------------------------------------------------------------------
    async activeDeals(ctx: Pick<Ctx, 'db' | 'tenantId'>, f: { productId?: string; type?: DealType }) {
      const now = core.clock.now()
      let q = scoped(ctx)
        .selectFrom('group_deals')
        .selectAll()
        .where('status', '=', 'active')
        .where('starts_at', '<=', now)
        .where('ends_at', '>', now)
      if (f.productId) q = q.where('product_id', '=', f.productId)
      if (f.type) q = q.where('type', '=', f.type)
      return dealViews(ctx, await q.orderBy('ends_at').limit(100).execute())
    },

    /** A deal with the groups one can join right now, nearest to completion first. */
    async storeDeal(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string, viewerId?: string) {
      const d = await loadDeal(ctx, id)
      const [view] = await dealViews(ctx, [d])
      const now = core.clock.now()
      const open = await scoped(ctx)
        .selectFrom('groups')
        .selectAll()
        .where('deal_id', '=', id)
        .where('status', '=', 'forming')
        .where('expires_at', '>', now)
        .where(sql<boolean>`paid_seats + held_seats < group_size`)
        .orderBy(sql`group_size - paid_seats`)
        .orderBy('expires_at')
        .limit(10)
        .execute()
      return { ...view, openGroups: await groupViews(ctx, open, { viewerId, deals: new Map([[id, view]]) }) }
    },

    async storeGroup(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string, viewerId?: string) {
      const g = await scoped(ctx).selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst()
      // A group the opener has not paid for is not shown to anyone else yet.
      if (!g || (g.status === 'opening' && g.opener_id !== viewerId)) throw notFound('group', 'id')
      return (await groupViews(ctx, [g], { viewerId }))[0]
    },

    /** When a group last changed: what the live page polls. */
    async groupVersion(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) {
      const g = await scoped(ctx)
        .selectFrom('groups')
        .select(['updated_at', 'status'])
        .where('id', '=', id)
        .executeTakeFirst()
      return g ? `${g.status}:${new Date(g.updated_at).getTime()}` : undefined
    },

    async myGroups(ctx: Pick<Ctx, 'db' | 'tenantId'>, shopperId: string) {
      const rows = await scoped(ctx)
        .selectFrom('groups')
        .selectAll('groups')
        .where(
          'groups.id',
          'in',
          scoped(ctx).selectFrom('group_seats').select('group_id').where('shopper_id', '=', shopperId),
        )
        .orderBy('groups.created_at', 'desc')
        .limit(100)
        .execute()
      return groupViews(ctx, rows, { viewerId: shopperId })
    },

    /** Opens a group: the opener's seat is held while they pay; the group is shown and shareable once they have. */
    async open(ctx: Ctx, shopperId: string, dealId: string, input: SeatInput) {
      const shareToken = await verifiedShareToken(ctx, input.shareToken)
      const { groupId, order } = await tx(ctx, async (t) => {
        const deal = await loadDeal(t, dealId)
        assertOpen(deal)
        const quantity = input.quantity ?? 1
        if ((await unitsInDeal(t, shopperId, deal.id)) + quantity > deal.per_person_limit)
          throw new AppError('limit_reached', {}, 'quantity')
        const id = newId()
        const now = core.clock.now()
        const seed = deal.type === 'lucky_draw' ? randomBytes(32).toString('hex') : null
        await scoped(t)
          .insertInto('groups', {
            id,
            deal_id: deal.id,
            opener_id: shopperId,
            status: 'opening',
            group_size: deal.group_size,
            price_fen: entryPriceFen(deal),
            opened_at: null,
            expires_at: null,
            closed_at: null,
            seed,
            seed_hash: seed ? commitSeed(seed) : null,
            opener_reward_fen: null,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await scoped(t)
          .insertInto('group_history', {
            group_id: id,
            from_status: null,
            to_status: 'opening',
            event: 'create',
            actor_kind: 'shopper',
            actor_id: shopperId,
            reason: null,
            at: now,
          })
          .execute()
        const order = await placeSeat(t, shopperId, deal, { id, paidSeats: 0 }, true, {
          ...input,
          shareToken,
        })
        return { groupId: id, order }
      })
      core.worker.poke()
      return {
        group: await this.storeGroup(ctx, groupId, shopperId),
        order: await core.orders.get(ctx, order.id, { shopperId }),
      }
    },

    /** Joins a forming group; refusals say why (full, closed, already in it, new customers only, limit). */
    async join(ctx: Ctx, shopperId: string, groupId: string, input: SeatInput) {
      const shareToken = await verifiedShareToken(ctx, input.shareToken)
      const order = await tx(ctx, async (t) => {
        const g = await lockGroup(t, groupId)
        if (g.status === 'opening' && g.opener_id !== shopperId) throw notFound('group', 'id')
        const deal = await loadDeal(t, g.deal_id)
        const members = await scoped(t)
          .selectFrom('group_seats')
          .select('shopper_id')
          .where('group_id', '=', g.id)
          .where('status', 'in', ['held', 'paid'])
          .execute()
        const quantity = input.quantity ?? 1
        const refusal = joinRefusal(
          {
            status: g.status,
            openerId: g.opener_id,
            memberIds: members.map((m) => m.shopper_id),
            paidSeats: g.paid_seats,
            heldSeats: g.held_seats,
            groupSize: g.group_size,
            expiresAt: g.expires_at ?? core.clock.now(),
          },
          {
            shopperId,
            hasPaidBefore: deal.new_customers_only ? await hasPaidBefore(t, shopperId) : false,
            unitsInDeal: await unitsInDeal(t, shopperId, deal.id),
          },
          dealConfig(deal),
          core.clock.now(),
          quantity,
        )
        if (refusal) throw new AppError(refusal, {}, refusal === 'limit_reached' ? 'quantity' : undefined)
        if (deal.status !== 'active') throw new AppError('deal_not_active')
        return placeSeat(t, shopperId, deal, { id: g.id, paidSeats: g.paid_seats }, false, {
          ...input,
          shareToken,
        })
      })
      core.worker.poke()
      return {
        group: await this.storeGroup(ctx, groupId, shopperId),
        order: await core.orders.get(ctx, order.id, { shopperId }),
      }
    },

    /** The expiry job: a group still forming at its time succeeds, auto-fills or fails by the deal's rules. */
    async expire(trx: Transaction<DB>, tenantId: string, groupId: string) {
      const ctx = { ...systemCtx(tenantId, trx), db: trx } as TCtx
      const g = await lockGroup(ctx, groupId)
      if (g.status !== 'forming' || !g.expires_at || g.expires_at > core.clock.now()) return
      const deal = await loadDeal(ctx, g.deal_id)
      const paid = (await seatsOf(ctx, g.id)).filter((x) => x.status === 'paid').map((x) => x.id)
      const outcome = atExpiry(dealConfig(deal), paid)
      if (outcome.event === 'fail')
        await fail(ctx, g, 'fail', `only ${paid.length} of ${g.group_size} seats paid in time`)
      else await succeed(ctx, g, deal, outcome.event)
    },

    /** A member refunded after success (after-sales): the seat says so, so the group's figures do too. */
    async orderRefunded(ctx: TCtx, orderId: string) {
      const seat = await scoped(ctx)
        .selectFrom('group_seats')
        .selectAll()
        .where('order_id', '=', orderId)
        .executeTakeFirst()
      if (seat?.status !== 'paid') return
      await lockGroup(ctx, seat.group_id)
      await moveSeat(ctx, seat, 'refund')
      await scoped(ctx)
        .updateTable('groups')
        .set({ updated_at: core.clock.now() })
        .where('id', '=', seat.group_id)
        .execute()
    },
  }

  /** A flash group needs a slot that sells its SKU. */
  async function assertSlotSells(ctx: Ctx, slotId: string, skuId: string) {
    try {
      await core.flashSale.slotPrice(ctx, slotId, skuId)
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw notFound('flash_slot', 'flashSlotId')
      throw err
    }
  }

  /** The deal an operator submitted, as a row, or a 400 naming the first field at fault. */
  function validRow(input: DealInput, skuPriceFen: number) {
    const config: DealConfig = {
      type: input.type,
      groupSize: input.groupSize,
      singlePriceFen: skuPriceFen,
      groupPriceFen: input.groupPriceFen,
      ladderSteps: input.ladderSteps,
      timeLimitMinutes: input.timeLimitMinutes,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      perPersonLimit: input.perPersonLimit,
      openerDiscountFen: input.openerDiscountFen,
      freeToOpen: input.freeToOpen || undefined,
      newCustomersOnly: input.newCustomersOnly || undefined,
      autoFillThresholdBp: input.autoFillThresholdBp,
      luckyDrawWinners: input.luckyDrawWinners,
      flashSlotId: input.flashSlotId,
      importTaxRateBp: input.importTaxRateBp,
    }
    const problems = dealProblems(config)
    if (input.openerRewardFen !== undefined && input.openerRewardBp !== undefined)
      problems.push({
        field: 'openerRewardBp',
        code: 'not_allowed',
        detail: 'a fixed reward or a rate, not both',
      })
    if (problems.length) throw invalid(problems[0].field, problems[0].detail, dealProblemZh(problems[0]))
    return {
      type: input.type,
      group_size: input.groupSize,
      single_price_fen: skuPriceFen,
      group_price_fen: input.groupPriceFen ?? null,
      ladder_steps: input.ladderSteps ? JSON.stringify(input.ladderSteps) : null,
      time_limit_minutes: input.timeLimitMinutes,
      starts_at: config.startsAt,
      ends_at: config.endsAt,
      per_person_limit: input.perPersonLimit,
      opener_discount_fen: input.openerDiscountFen ?? 0,
      free_to_open: input.freeToOpen ?? false,
      new_customers_only: input.newCustomersOnly ?? false,
      auto_fill_threshold_bp: input.autoFillThresholdBp ?? null,
      lucky_draw_winners: input.luckyDrawWinners ?? null,
      flash_slot_id: input.flashSlotId ?? null,
      import_tax_rate_bp: input.importTaxRateBp ?? null,
      opener_reward_fen: input.openerRewardFen ?? null,
      opener_reward_bp: input.openerRewardBp ?? null,
    }
  }
}

export type GroupBuyService = ReturnType<typeof createGroupBuyService>
