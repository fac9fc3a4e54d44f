import { type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { minutesFrom } from '../../platform/clock.js'
import type { Ctx } from '../../platform/context.js'
import { actorColumns } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId, randomToken } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import type { BargainTables } from './bargain.tables.js'
import {
  afterOrderCancelled,
  type BargainEvent,
  bargainMachine,
  type OfferEvent,
  offerMachine,
} from './domain/bargain-state.js'
import { cutFen } from './domain/cut.js'
import { chinaDay, maskName, type OfferConfig, offerProblems } from './domain/offer-rules.js'

type TCtx = Ctx & { db: Transaction<DB> }
type BargainRow = Selectable<BargainTables['bargains']>
type OfferRow = Selectable<BargainTables['bargain_offers']>

export type OfferInput = Omit<OfferConfig, 'startPriceFen' | 'stockCap'> & {
  skuId: string
  /** Default: the SKU's price. */
  startPriceFen?: number
  stockCap?: number | null
}
export type OfferPatch = Partial<Omit<OfferInput, 'skuId'>>

export interface OrderInput {
  fulfillment: 'delivery' | 'pickup'
  addressId?: string
  note?: string
}

/** The storefront sends a device key; without one the caller's address stands in for it. */
export const deviceKeyOf = (header: string | undefined, ip: string) =>
  header && /^[A-Za-z0-9_-]{8,64}$/.test(header) ? `d:${header}` : `ip:${ip}`

/** Bargains: a shopper starts one, friends cut the price down to its floor. */
export function createBargainService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  const lockBargain = async (t: TCtx, id: string) => {
    const b = await scoped(t)
      .selectFrom('bargains')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!b) throw notFound('bargain', 'id')
    return b
  }

  /** Serialises work on one key (a helper's or a device's daily count) until the transaction ends. */
  const lockKey = (t: TCtx, key: string) =>
    sql`select pg_advisory_xact_lock(hashtextextended(${`${t.tenantId}:${key}`}, 0))`.execute(t.db)

  /** `tag` tells apart a second job for the same deadline (after a cancelled order, the first has run). */
  const expireAt = (t: TCtx, bargainId: string, at: Date, tag = '') =>
    enqueue(t.db, core.clock, {
      kind: 'bargain.expire',
      tenantId: t.tenantId,
      payload: { bargainId },
      runAt: at,
      dedupeKey: `bargain.expire:${bargainId}:${at.toISOString()}${tag}`,
    })

  /** The one way a bargain changes status: checks the machine, writes the row and its history. */
  async function transition(
    t: TCtx,
    b: BargainRow,
    event: BargainEvent,
    opts: { reason?: string; set?: Partial<BargainRow> } = {},
  ) {
    const to = bargainMachine.next(b.status, event)
    const now = core.clock.now()
    await scoped(t)
      .updateTable('bargains')
      .set({ ...(opts.set ?? {}), status: to, updated_at: now })
      .where('id', '=', b.id)
      .execute()
    await scoped(t)
      .insertInto('bargain_history', {
        bargain_id: b.id,
        from_status: b.status,
        to_status: to,
        event,
        ...actorColumns(t.actor),
        reason: opts.reason ?? null,
        at: now,
      })
      .execute()
    if (to === 'expired')
      await core.events.publish(t.db, t.tenantId, 'bargain.bargain.expired', {
        bargainId: b.id,
        offerId: b.offer_id,
        shopperId: b.shopper_id,
        from: b.status,
      })
    if (to === 'completed')
      await core.events.publish(t.db, t.tenantId, 'bargain.bargain.completed', {
        bargainId: b.id,
        offerId: b.offer_id,
        shopperId: b.shopper_id,
        orderId: b.order_id,
      })
    return { ...b, ...(opts.set ?? {}), status: to }
  }

  // Offers (console) -------------------------------------------------------------
  const check = (o: OfferConfig) => {
    const p = offerProblems(o)[0]
    if (p) throw invalid(p.field, p.detail, p.zh)
  }

  const offerConfig = (o: OfferRow): OfferConfig => ({
    startPriceFen: o.start_price_fen,
    floorPriceFen: o.floor_price_fen,
    helpersNeeded: o.helpers_needed,
    timeLimitMinutes: o.time_limit_minutes,
    startsAt: o.starts_at,
    endsAt: o.ends_at,
    perShopperLimit: o.per_shopper_limit,
    stockCap: o.stock_cap,
    payWithinMinutes: o.pay_within_minutes,
    buyAtCurrentPrice: o.buy_at_current_price,
    helperDailyLimit: o.helper_daily_limit,
    deviceDailyLimit: o.device_daily_limit,
  })

  const columns = (c: OfferConfig) => ({
    start_price_fen: c.startPriceFen,
    floor_price_fen: c.floorPriceFen,
    helpers_needed: c.helpersNeeded,
    time_limit_minutes: c.timeLimitMinutes,
    starts_at: new Date(c.startsAt),
    ends_at: new Date(c.endsAt),
    per_shopper_limit: c.perShopperLimit,
    stock_cap: c.stockCap,
    pay_within_minutes: c.payWithinMinutes,
    buy_at_current_price: c.buyAtCurrentPrice,
    helper_daily_limit: c.helperDailyLimit,
    device_daily_limit: c.deviceDailyLimit,
  })

  /** Offers with their product and figures: started, reached, ordered, paid GMV. */
  const offerQuery = (ctx: Pick<Ctx, 'db' | 'tenantId'>) =>
    scoped(ctx)
      .selectFrom('bargain_offers')
      .innerJoin('skus', 'skus.id', 'bargain_offers.sku_id')
      .innerJoin('products', 'products.id', 'bargain_offers.product_id')
      .selectAll('bargain_offers')
      .select([
        'products.title',
        'products.images',
        'skus.spec',
        'skus.price_fen as sku_price_fen',
        'skus.image_url as sku_image_url',
        sql<number>`(select count(*) from bargains b where b.offer_id = bargain_offers.id)::int`.as(
          'started',
        ),
        sql<number>`(select count(*) from bargains b where b.offer_id = bargain_offers.id and b.reached_at is not null)::int`.as(
          'reached',
        ),
        sql<number>`(select count(*) from bargains b where b.offer_id = bargain_offers.id and b.status in ('ordered', 'completed'))::int`.as(
          'ordered',
        ),
        sql<number>`(select count(*) from bargains b where b.offer_id = bargain_offers.id and b.status = 'completed')::int`.as(
          'paid',
        ),
        sql<number>`(select coalesce(sum(x.paid_fen), 0) from orders x join bargains b on x.kind = 'bargain' and x.kind_ref = b.id::text where b.offer_id = bargain_offers.id and x.tenant_id = bargain_offers.tenant_id and x.paid_at is not null)::bigint`.as(
          'paid_gmv_fen',
        ),
      ])

  type OfferListRow = Awaited<ReturnType<ReturnType<typeof offerQuery>['executeTakeFirstOrThrow']>>
  const offerView = (o: OfferListRow) => ({
    id: o.id,
    productId: o.product_id,
    skuId: o.sku_id,
    status: o.status,
    title: o.title,
    specLabel: Object.values(o.spec ?? {}).join(' / '),
    imageUrl: o.sku_image_url ?? (o.images as string[])[0] ?? null,
    skuPriceFen: o.sku_price_fen,
    ...offerConfig(o),
    orderedCount: o.ordered_count,
    figures: {
      started: Number(o.started),
      reached: Number(o.reached),
      ordered: Number(o.ordered),
      paid: Number(o.paid),
      paidGmvFen: Number(o.paid_gmv_fen),
    },
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  })

  const getOffer = async (ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) => {
    const o = await offerQuery(ctx).where('bargain_offers.id', '=', id).executeTakeFirst()
    if (!o) throw notFound('deal', 'id')
    return offerView(o)
  }

  const whenOpen = (o: OfferRow, now: Date) => {
    if (o.status !== 'active') throw new AppError('deal_not_active', {}, 'offerId')
    if (now < o.starts_at) throw new AppError('not_started', {}, 'offerId')
    if (now >= o.ends_at) throw new AppError('ended', {}, 'offerId')
  }

  // Views ------------------------------------------------------------------------------
  async function bargainView(ctx: Ctx, b: BargainRow, viewerId?: string) {
    const s = scoped(ctx)
    const [offer, product, starter, helps] = await Promise.all([
      s.selectFrom('bargain_offers').selectAll().where('id', '=', b.offer_id).executeTakeFirstOrThrow(),
      s
        .selectFrom('skus')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .select([
          'products.id',
          'products.title',
          'products.images',
          'skus.spec',
          'skus.image_url',
          'skus.price_fen',
        ])
        .where('skus.id', '=', b.sku_id)
        .executeTakeFirstOrThrow(),
      s
        .selectFrom('shoppers')
        .select(['nickname', 'avatar_url'])
        .where('id', '=', b.shopper_id)
        .executeTakeFirst(),
      s
        .selectFrom('bargain_helps')
        .innerJoin('shoppers', 'shoppers.id', 'bargain_helps.helper_id')
        .select([
          'bargain_helps.helper_id',
          'bargain_helps.cut_fen',
          'bargain_helps.new_customer',
          'bargain_helps.created_at',
          'shoppers.nickname',
          'shoppers.avatar_url',
        ])
        .where('bargain_helps.bargain_id', '=', b.id)
        .orderBy('bargain_helps.ordinal')
        .execute(),
    ])
    const now = core.clock.now()
    const mine = viewerId === b.shopper_id
    const canOrder =
      mine &&
      ((b.status === 'reached' && !!b.pay_by && now < b.pay_by) ||
        (b.status === 'ongoing' && offer.buy_at_current_price && now < b.expires_at))
    let share: { token: string; path: string } | null = null
    if (mine && (b.status === 'ongoing' || b.status === 'reached')) {
      const sh = await core.sharing.create(ctx, {
        sharerId: b.shopper_id,
        targetKind: 'bargain',
        targetId: b.id,
      })
      share = { token: sh.token, path: sh.path }
    }
    return {
      id: b.id,
      offerId: b.offer_id,
      status: b.status,
      startPriceFen: b.start_price_fen,
      floorPriceFen: b.floor_price_fen,
      currentPriceFen: b.current_price_fen,
      cutFen: b.start_price_fen - b.current_price_fen,
      helpersNeeded: b.helpers_needed,
      helpersCount: b.helpers_count,
      expiresAt: b.expires_at,
      reachedAt: b.reached_at,
      payBy: b.pay_by,
      orderId: mine ? b.order_id : null,
      buyAtCurrentPrice: offer.buy_at_current_price,
      product: {
        id: product.id,
        skuId: b.sku_id,
        title: product.title,
        specLabel: Object.values(product.spec ?? {}).join(' / '),
        imageUrl: product.image_url ?? (product.images as string[])[0] ?? null,
        priceFen: product.price_fen,
      },
      starter: { nickname: maskName(starter?.nickname ?? ''), avatarUrl: starter?.avatar_url ?? null },
      helpers: helps.map((h) => ({
        nickname: maskName(h.nickname),
        avatarUrl: h.avatar_url,
        cutFen: h.cut_fen,
        newCustomer: h.new_customer,
        at: h.created_at,
        me: h.helper_id === viewerId,
      })),
      mine,
      helped: !!viewerId && helps.some((h) => h.helper_id === viewerId),
      canOrder,
      share,
      serverTime: now,
    }
  }

  const loadBargain = async (ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) => {
    const b = await scoped(ctx).selectFrom('bargains').selectAll().where('id', '=', id).executeTakeFirst()
    if (!b) throw notFound('bargain', 'id')
    return b
  }

  // Order hooks: a bargain order keeps its bargain in step, in the order's own transaction.
  core.orders.registerKind('bargain', {
    // A cancelled bargain order's place may have gone to the shopper's next order: refund, never revive.
    acceptsLatePayment: false,
    async dealKey(ctx, order) {
      const b = await scoped(ctx)
        .selectFrom('bargains')
        .select('offer_id')
        .where('id', '=', order.kind_ref!)
        .executeTakeFirst()
      return b ? `bargain:${b.offer_id}` : null
    },
    async onPaid(t, order) {
      const b = await lockBargain(t, order.kind_ref!)
      if (b.status === 'ordered' && b.order_id === order.id) await transition(t, b, 'pay')
    },
    async onCancelled(t, order) {
      const b = await lockBargain(t, order.kind_ref!)
      if (b.status !== 'ordered' || b.order_id !== order.id) return
      const now = core.clock.now()
      const event = afterOrderCancelled({
        reachedAt: b.reached_at,
        payBy: b.pay_by,
        expiresAt: b.expires_at,
        now,
      })
      await scoped(t)
        .updateTable('bargain_offers')
        .set((eb) => ({ ordered_count: eb('ordered_count', '-', 1) }))
        .where('id', '=', b.offer_id)
        .execute()
      await transition(t, b, event, { reason: `order ${order.order_no} cancelled`, set: { order_id: null } })
      if (event === 'order_cancelled') await expireAt(t, b.id, b.pay_by!, `:${order.id}`)
      if (event === 'reopen') await expireAt(t, b.id, b.expires_at, `:${order.id}`)
    },
  })

  core.sharing.registerTarget('bargain', async (ctx, id) => {
    const b = await scoped(ctx).selectFrom('bargains').select('id').where('id', '=', id).executeTakeFirst()
    return !!b
  })

  return {
    transition,

    // Console ----------------------------------------------------------------------------
    async createOffer(ctx: Ctx, input: OfferInput) {
      const sku = await scoped(ctx)
        .selectFrom('skus')
        .select(['id', 'product_id', 'price_fen', 'status'])
        .where('id', '=', input.skuId)
        .executeTakeFirst()
      if (!sku) throw notFound('sku', 'skuId')
      const config: OfferConfig = {
        ...input,
        startPriceFen: input.startPriceFen ?? sku.price_fen,
        stockCap: input.stockCap ?? null,
      }
      check(config)
      const id = newId()
      const now = core.clock.now()
      await tx(ctx, async (t) => {
        await scoped(t)
          .insertInto('bargain_offers', {
            id,
            product_id: sku.product_id,
            sku_id: sku.id,
            ...columns(config),
            created_at: now,
            updated_at: now,
          })
          .execute()
        await audit(t, core.clock, 'bargain_offer.create', 'bargain_offer', id, { ...config })
      })
      return getOffer(ctx, id)
    },

    /** Changes apply to bargains started from now on; running ones keep their snapshot. */
    async updateOffer(ctx: Ctx, id: string, patch: OfferPatch) {
      await tx(ctx, async (t) => {
        const o = await scoped(t)
          .selectFrom('bargain_offers')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!o) throw notFound('deal', 'id')
        if (o.status === 'ended') throw new AppError('invalid_transition', { entity: 'deal', from: o.status })
        const config: OfferConfig = { ...offerConfig(o), ...patch } as OfferConfig
        if (patch.stockCap === undefined) config.stockCap = o.stock_cap
        check(config)
        if (config.stockCap !== null && config.stockCap < o.ordered_count)
          throw invalid(
            'stockCap',
            `${o.ordered_count} bargain orders are already held or paid`,
            `已有 ${o.ordered_count} 笔砍价订单待支付或已支付，砍价库存不能少于此数`,
          )
        await scoped(t)
          .updateTable('bargain_offers')
          .set({ ...columns(config), updated_at: core.clock.now() })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, 'bargain_offer.update', 'bargain_offer', id, { ...patch })
      })
      return getOffer(ctx, id)
    },

    async moveOffer(ctx: Ctx, id: string, event: OfferEvent) {
      await tx(ctx, async (t) => {
        const o = await scoped(t)
          .selectFrom('bargain_offers')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!o) throw notFound('deal', 'id')
        const to = offerMachine.next(o.status, event)
        await scoped(t)
          .updateTable('bargain_offers')
          .set({ status: to, updated_at: core.clock.now() })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, `bargain_offer.${event}`, 'bargain_offer', id, { from: o.status, to })
      })
      return getOffer(ctx, id)
    },

    getOffer,

    async listOffers(ctx: Ctx, f: { status?: string; limit: number; cursor?: string }) {
      let q = offerQuery(ctx)
        .orderBy('bargain_offers.created_at', 'desc')
        .orderBy('bargain_offers.id', 'desc')
        .limit(f.limit + 1)
      if (f.status) q = q.where('bargain_offers.status', '=', f.status as any)
      const c = decodeCursor(f.cursor)
      if (c)
        q = q.where((eb) =>
          eb.or([
            eb('bargain_offers.created_at', '<', c.at),
            eb.and([eb('bargain_offers.created_at', '=', c.at), eb('bargain_offers.id', '<', c.id)]),
          ]),
        )
      const rows = await q.execute()
      const page = rows.slice(0, f.limit)
      const last = page[page.length - 1]
      return {
        items: page.map(offerView),
        nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
      }
    },

    // Storefront ---------------------------------------------------------------------------
    /** Offers open now for a product, with the viewer's open bargain on each. */
    async activeOffers(ctx: Ctx, productId: string, viewerId?: string) {
      const now = core.clock.now()
      const rows = await offerQuery(ctx)
        .where('bargain_offers.product_id', '=', productId)
        .where('bargain_offers.status', '=', 'active')
        .where('bargain_offers.starts_at', '<=', now)
        .where('bargain_offers.ends_at', '>', now)
        .orderBy('bargain_offers.created_at', 'desc')
        .limit(10)
        .execute()
      const open = viewerId
        ? await scoped(ctx)
            .selectFrom('bargains')
            .select(['id', 'offer_id'])
            .where('shopper_id', '=', viewerId)
            .where('status', 'in', ['ongoing', 'reached', 'ordered'])
            .execute()
        : []
      return rows.map((o) => {
        const v = offerView(o)
        return {
          id: v.id,
          productId: v.productId,
          skuId: v.skuId,
          title: v.title,
          specLabel: v.specLabel,
          imageUrl: v.imageUrl,
          startPriceFen: v.startPriceFen,
          floorPriceFen: v.floorPriceFen,
          helpersNeeded: v.helpersNeeded,
          timeLimitMinutes: v.timeLimitMinutes,
          endsAt: v.endsAt,
          buyAtCurrentPrice: v.buyAtCurrentPrice,
          soldOut: v.stockCap !== null && v.orderedCount >= v.stockCap,
          myBargainId: open.find((b) => b.offer_id === o.id)?.id ?? null,
        }
      })
    },

    /** A shopper starts a bargain: one open per offer, up to the offer's per-shopper limit. */
    async start(ctx: Ctx, shopperId: string, offerId: string) {
      const id = newId()
      await tx(ctx, async (t) => {
        await lockKey(t, `bargain:start:${offerId}:${shopperId}`)
        const o = await scoped(t)
          .selectFrom('bargain_offers')
          .selectAll()
          .where('id', '=', offerId)
          .executeTakeFirst()
        if (!o) throw notFound('deal', 'offerId')
        const now = core.clock.now()
        whenOpen(o, now)
        if (o.stock_cap !== null && o.ordered_count >= o.stock_cap)
          throw new AppError('sold_out', {}, 'offerId')
        const mine = await scoped(t)
          .selectFrom('bargains')
          .select(['status'])
          .where('offer_id', '=', offerId)
          .where('shopper_id', '=', shopperId)
          .execute()
        if (mine.some((b) => b.status === 'ongoing' || b.status === 'reached' || b.status === 'ordered'))
          throw new AppError('already_exists', { entity: 'bargain' }, 'offerId')
        if (mine.length >= o.per_shopper_limit) throw new AppError('limit_reached', {}, 'offerId')
        const expiresAt = minutesFrom(now, o.time_limit_minutes)
        await scoped(t)
          .insertInto('bargains', {
            id,
            offer_id: offerId,
            shopper_id: shopperId,
            sku_id: o.sku_id,
            status: 'ongoing',
            start_price_fen: o.start_price_fen,
            floor_price_fen: o.floor_price_fen,
            current_price_fen: o.start_price_fen,
            helpers_needed: o.helpers_needed,
            seed: randomToken(12),
            expires_at: expiresAt,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await scoped(t)
          .insertInto('bargain_history', {
            bargain_id: id,
            from_status: null,
            to_status: 'ongoing',
            event: 'start',
            actor_kind: 'shopper',
            actor_id: shopperId,
            reason: null,
            at: now,
          })
          .execute()
        await expireAt(t, id, expiresAt)
        await core.events.publish(t.db, t.tenantId, 'bargain.bargain.started', {
          bargainId: id,
          offerId,
          shopperId,
          skuId: o.sku_id,
          startPriceFen: o.start_price_fen,
          floorPriceFen: o.floor_price_fen,
          helpersNeeded: o.helpers_needed,
          expiresAt: expiresAt.toISOString(),
        })
      })
      return bargainView(ctx, await loadBargain(ctx, id), shopperId)
    },

    async get(ctx: Ctx, id: string, viewerId?: string) {
      return bargainView(ctx, await loadBargain(ctx, id), viewerId)
    },

    async mine(ctx: Ctx, shopperId: string) {
      const rows = await scoped(ctx)
        .selectFrom('bargains')
        .innerJoin('skus', 'skus.id', 'bargains.sku_id')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .selectAll('bargains')
        .select(['products.title', 'products.images', 'skus.image_url'])
        .where('bargains.shopper_id', '=', shopperId)
        .orderBy('bargains.created_at', 'desc')
        .orderBy('bargains.id', 'desc')
        .limit(50)
        .execute()
      return rows.map((b) => ({
        id: b.id,
        offerId: b.offer_id,
        status: b.status,
        title: b.title,
        imageUrl: b.image_url ?? (b.images as string[])[0] ?? null,
        startPriceFen: b.start_price_fen,
        floorPriceFen: b.floor_price_fen,
        currentPriceFen: b.current_price_fen,
        helpersNeeded: b.helpers_needed,
        helpersCount: b.helpers_count,
        expiresAt: b.expires_at,
        payBy: b.pay_by,
        orderId: b.order_id,
        createdAt: b.created_at,
      }))
    },

    /**
     * A friend cuts. The bargain row is locked, so helpers queue on it: each sees the price the one
     * before left, and the last required one lands exactly on the floor. Daily limits per helper
     * and per device are counted under their own locks (taken after the bargain's, always in that
     * order, so two helps never wait on each other in a circle).
     */
    async help(ctx: Ctx, helperId: string, bargainId: string, deviceKey: string) {
      const res = await tx(ctx, async (t) => {
        const b = await lockBargain(t, bargainId)
        const now = core.clock.now()
        if (b.shopper_id === helperId) throw new AppError('forbidden', {}, 'id')
        if (b.status !== 'ongoing' || now >= b.expires_at) throw new AppError('ended', {}, 'id')
        const o = await scoped(t)
          .selectFrom('bargain_offers')
          .selectAll()
          .where('id', '=', b.offer_id)
          .executeTakeFirstOrThrow()
        if (o.status !== 'active') throw new AppError('deal_not_active', {}, 'id')
        await lockKey(t, `bargain:helper:${helperId}`)
        await lockKey(t, `bargain:device:${deviceKey}`)
        const s = scoped(t)
        const day = chinaDay(now)
        const [byHelper, byDevice, mineHere, deviceHere, paid] = await Promise.all([
          s
            .selectFrom('bargain_helps')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('helper_id', '=', helperId)
            .where('day', '=', day)
            .executeTakeFirstOrThrow(),
          s
            .selectFrom('bargain_helps')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('device_key', '=', deviceKey)
            .where('day', '=', day)
            .executeTakeFirstOrThrow(),
          s
            .selectFrom('bargain_helps')
            .select('id')
            .where('bargain_id', '=', b.id)
            .where('helper_id', '=', helperId)
            .executeTakeFirst(),
          s
            .selectFrom('bargain_helps')
            .select('id')
            .where('bargain_id', '=', b.id)
            .where('device_key', '=', deviceKey)
            .executeTakeFirst(),
          s
            .selectFrom('orders')
            .select('id')
            .where('shopper_id', '=', helperId)
            .where('paid_at', 'is not', null)
            .limit(1)
            .executeTakeFirst(),
        ])
        if (mineHere) throw new AppError('already_helped', {}, 'id')
        if (deviceHere) throw new AppError('already_helped', {}, 'X-Device-Key')
        if (Number(byHelper.n) >= o.helper_daily_limit) throw new AppError('rate_limited', {}, 'id')
        if (Number(byDevice.n) >= o.device_daily_limit) throw new AppError('rate_limited', {}, 'X-Device-Key')
        const newCustomer = !paid
        const cut = cutFen({
          remainingFen: b.current_price_fen - b.floor_price_fen,
          helpersLeft: b.helpers_needed - b.helpers_count,
          seed: b.seed,
          ordinal: b.helpers_count,
          newCustomer,
        })
        // Belt and braces: the cut function keeps these, the CHECK constraints refuse anything else.
        if (cut < 1 || cut > b.current_price_fen - b.floor_price_fen) throw new Error('cut out of bounds')
        await s
          .insertInto('bargain_helps', {
            id: newId(),
            bargain_id: b.id,
            helper_id: helperId,
            device_key: deviceKey,
            ordinal: b.helpers_count,
            cut_fen: cut,
            new_customer: newCustomer,
            day,
            created_at: now,
          })
          .execute()
        const price = b.current_price_fen - cut
        const count = b.helpers_count + 1
        const set = { current_price_fen: price, helpers_count: count }
        await s
          .updateTable('bargains')
          .set({ ...set, updated_at: now })
          .where('id', '=', b.id)
          .execute()
        await core.events.publish(t.db, t.tenantId, 'bargain.bargain.helped', {
          bargainId: b.id,
          offerId: b.offer_id,
          shopperId: b.shopper_id,
          helperId,
          cutFen: cut,
          currentPriceFen: price,
          helpersCount: count,
          newCustomer,
        })
        if (count === b.helpers_needed) {
          const payBy = minutesFrom(now, o.pay_within_minutes)
          await transition(t, { ...b, ...set }, 'reach', { set: { reached_at: now, pay_by: payBy } })
          await expireAt(t, b.id, payBy)
          await core.events.publish(t.db, t.tenantId, 'bargain.bargain.reached', {
            bargainId: b.id,
            offerId: b.offer_id,
            shopperId: b.shopper_id,
            priceFen: price,
            payBy: payBy.toISOString(),
          })
        }
        return { cutFen: cut, newCustomer }
      })
      return { ...res, bargain: await bargainView(ctx, await loadBargain(ctx, bargainId), helperId) }
    },

    /**
     * The shopper buys at the reached price (or, where the offer allows it, at the current price
     * while still ongoing): one order of kind 'bargain', to be paid by the bargain's deadline.
     */
    async order(ctx: Ctx, shopperId: string, bargainId: string, input: OrderInput) {
      const b = await loadBargain(ctx, bargainId)
      if (b.shopper_id !== shopperId) throw notFound('bargain', 'id')
      const now = core.clock.now()
      const offer = await scoped(ctx)
        .selectFrom('bargain_offers')
        .selectAll()
        .where('id', '=', b.offer_id)
        .executeTakeFirstOrThrow()
      const reached = b.status === 'reached'
      if (reached ? !b.pay_by || now >= b.pay_by : b.status !== 'ongoing' || now >= b.expires_at)
        throw new AppError('invalid_transition', { entity: 'bargain', from: b.status })
      if (!reached && !offer.buy_at_current_price)
        throw new AppError('invalid_transition', { entity: 'bargain', from: b.status })
      const payWithin = reached
        ? Math.max(1, Math.ceil((b.pay_by!.getTime() - now.getTime()) / 60_000))
        : offer.pay_within_minutes
      const placed = await core.orders.place(
        ctx,
        shopperId,
        {
          items: [{ skuId: b.sku_id, quantity: 1 }],
          fulfillment: input.fulfillment,
          addressId: input.addressId,
          note: input.note,
        },
        {
          kind: 'bargain',
          kindRef: b.id,
          unitPriceFen: () => b.current_price_fen,
          payWithinMinutes: payWithin,
          within: async (t, orderId) => {
            const locked = await lockBargain(t, b.id)
            // A help or the expiry landed since we read it: the order is priced on old facts.
            if (locked.status !== b.status || locked.current_price_fen !== b.current_price_fen)
              throw new AppError('conflict', { detail: 'the bargain changed; try again' }, 'id')
            const took = await scoped(t)
              .updateTable('bargain_offers')
              .set((eb) => ({ ordered_count: eb('ordered_count', '+', 1) }))
              .where('id', '=', b.offer_id)
              .where((eb) =>
                eb.or([eb('stock_cap', 'is', null), eb('ordered_count', '<', eb.ref('stock_cap'))]),
              )
              .executeTakeFirst()
            if (!took.numUpdatedRows) throw new AppError('sold_out', {}, 'id')
            await transition(t, locked, 'order', { set: { order_id: orderId } })
          },
        },
      )
      return placed
    },

    /** The deadline job: an ongoing bargain out of time, or a reached one not ordered by its pay-by. */
    async expire(t: TCtx, bargainId: string) {
      const b = await lockBargain(t, bargainId)
      const now = core.clock.now()
      const due =
        (b.status === 'ongoing' && b.expires_at <= now) ||
        (b.status === 'reached' && !!b.pay_by && b.pay_by <= now)
      if (!due) return false
      await transition(t, b, 'expire', {
        reason: b.status === 'ongoing' ? 'time ran out' : 'not ordered in time',
      })
      return true
    },
  }
}

export type BargainService = ReturnType<typeof createBargainService>
