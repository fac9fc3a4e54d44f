import { sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, notFound } from '../../platform/errors.js'
import { scoped } from '../../platform/tenancy.js'
import type { CommissionFlag, CommissionReview } from './commissions.tables.js'
import {
  assessOrder,
  type FraudThresholds,
  fraudSuspension,
  fraudThresholds,
  ipRange,
  lookbackMs,
  mergeFlags,
  normalizeIp,
  type ReferralSignal,
  refundAfterSettlement,
} from './domain/fraud.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>

const HOUR_MS = 60 * 60 * 1000
/** At most this many of a promoter's referrals are read per assessment (the windows rarely hold more). */
const MAX_REFERRALS = 5000

/** One referred order to assess, for one of the promoters who would earn on it. */
export interface AssessInput {
  orderId: string
  buyerId: string
  /** The promoter record (`promoters.id`) and the promoter as a person (`shoppers.id`). */
  promoterId: string
  promoterShopperId: string
}

export interface Assessment {
  /** Non-empty: refuse the commission and record these reasons. */
  block: CommissionFlag[]
  /** Non-empty (and nothing blocks): create it with `review = 'held'` and these flags. */
  hold: CommissionFlag[]
}

const conflict = (field: string, en: string, zh: string) =>
  new AppError('conflict', { detail: en, detail_zh: zh }, field)

/**
 * The fraud and fairness rules on commissions (see domain/fraud.ts): records where each order is
 * placed from, gathers one referred order's signals in a fixed number of queries and asks the pure
 * rules; the operator's review of held commissions, and suspension after repeated confirmed fraud.
 */
export function createFraudService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  /** Where an order was placed from, in its own transaction; orders placed outside a request have no client. */
  async function recordSignals(t: TCtx, order: { id: string; shopperId: string }) {
    const c = t.client
    if (!c) return
    const ip = c.ip ? normalizeIp(c.ip) : null
    await scoped(t)
      .insertInto('order_signals', {
        order_id: order.id,
        shopper_id: order.shopperId,
        ip,
        ip_range: ipRange(ip),
        device_key: c.deviceKey,
        user_agent: c.userAgent,
        placed_at: core.clock.now(),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'order_id']).doNothing())
      .execute()
  }
  core.orders.onPlaced(recordSignals)

  const thresholds = async (ctx: Reader) => {
    const { program, plan } = await core.distribution.programs.program(ctx)
    return { t: fraudThresholds(program), plan }
  }

  /**
   * When the buyer of `order` first opened one of `sharerId`'s share links (signed in, or by the
   * device key the order was placed with), before placing it.
   */
  const firstClick = (ctx: Reader, sharerId: string) =>
    sql<Date | null>`(select min(so.at) from share_opens so
        join shares s on s.token = so.token and s.tenant_id = so.tenant_id
        where so.tenant_id = ${ctx.tenantId} and s.sharer_id = ${sharerId}
          and (so.visitor_id = orders.shopper_id
               or (order_signals.device_key is not null and so.visitor_key = order_signals.device_key))
          and so.at <= orders.created_at)`

  /**
   * The signals of one referred order and the verdict of the rules on it. Five queries whatever
   * the promoter's volume: the program, the order, the promoter as a person, and their referrals.
   * Referrals are the promoter's referred orders (`referred_orders`, level 1); a level-2 promoter
   * is judged on their own direct referrals plus this order.
   */
  async function assess(ctx: Ctx, input: AssessInput): Promise<Assessment> {
    const { t, plan } = await thresholds(ctx)
    const now = core.clock.now()
    const o = await scoped(ctx)
      .selectFrom('orders')
      .innerJoin('shoppers', 'shoppers.id', 'orders.shopper_id')
      .leftJoin('order_signals', 'order_signals.order_id', 'orders.id')
      .select([
        'orders.id',
        'orders.shopper_id',
        'orders.created_at',
        'orders.paid_at',
        sql<string | null>`orders.address->>'phone'`.as('ship_phone'),
        'shoppers.phone',
        'shoppers.created_at as buyer_created_at',
        'order_signals.ip',
        'order_signals.device_key',
        firstClick(ctx, input.promoterShopperId).as('first_click_at'),
        sql<string[]>`array(select distinct p.payer_account from payments p
          where p.tenant_id = orders.tenant_id and p.order_id = orders.id
            and p.status = 'succeeded' and p.payer_account is not null)`.as('payers'),
        sql<boolean>`not exists (select 1 from orders e where e.tenant_id = orders.tenant_id
          and e.shopper_id = orders.shopper_id and e.id <> orders.id and e.paid_at is not null
          and e.paid_at < coalesce(orders.paid_at, ${now}))`.as('new_customer'),
      ])
      .where('orders.id', '=', input.orderId)
      .executeTakeFirst()
    if (!o) throw notFound('order', 'orderId')
    const promoter = await scoped(ctx)
      .selectFrom('shoppers')
      .select([
        'shoppers.phone',
        sql<string[]>`array(select distinct s.device_key from order_signals s
          where s.tenant_id = shoppers.tenant_id and s.shopper_id = shoppers.id and s.device_key is not null
          limit 100)`.as('devices'),
        // The accounts the promoter paid their own orders from.
        sql<string[]>`array(select distinct p.payer_account from payments p
          join orders o on o.id = p.order_id
          where p.tenant_id = shoppers.tenant_id and o.shopper_id = shoppers.id
            and p.status = 'succeeded' and p.payer_account is not null
          limit 100)`.as('payers'),
      ])
      .where('shoppers.id', '=', input.promoterShopperId)
      .executeTakeFirst()
    const order: ReferralSignal = {
      orderId: o.id,
      buyerId: input.buyerId,
      at: o.paid_at ?? now,
      placedAt: o.created_at,
      newCustomer: !!o.new_customer,
      buyerCreatedAt: o.buyer_created_at,
      ip: o.ip,
      deviceKey: o.device_key,
      firstClickAt: toDate(o.first_click_at),
    }
    const referrals = await recentReferrals(ctx, input, order, t)
    const verdict = assessOrder(
      {
        order,
        buyer: {
          shopperId: input.buyerId,
          phones: [o.phone, o.ship_phone ?? ''].filter(Boolean),
          paymentAccounts: o.payers ?? [],
          deviceKeys: o.device_key ? [o.device_key] : [],
        },
        promoter: {
          shopperId: input.promoterShopperId,
          phones: promoter ? [promoter.phone] : [],
          paymentAccounts: promoter?.payers ?? [],
          deviceKeys: promoter?.devices ?? [],
        },
        ownPurchasesPay: plan.earnOnOwnPurchases,
        referrals,
      },
      t,
    )
    return verdict
  }

  /**
   * The promoter's referrals the rules can use: those sharing this order's address, device or
   * range, new customers within the hour, and the latest few (for the click-to-order run).
   */
  async function recentReferrals(
    ctx: Reader,
    input: AssessInput,
    order: ReferralSignal,
    t: FraudThresholds,
  ): Promise<ReferralSignal[]> {
    const end = order.at.getTime()
    const since = (ms: number) => new Date(end - ms)
    const base = () =>
      scoped(ctx)
        .selectFrom('referred_orders')
        .innerJoin('orders', 'orders.id', 'referred_orders.order_id')
        .innerJoin('shoppers', 'shoppers.id', 'referred_orders.buyer_id')
        .leftJoin('order_signals', 'order_signals.order_id', 'referred_orders.order_id')
        .select([
          'referred_orders.order_id',
          'referred_orders.buyer_id',
          'referred_orders.paid_at',
          'referred_orders.new_customer',
          'orders.created_at',
          'shoppers.created_at as buyer_created_at',
          'order_signals.ip',
          'order_signals.device_key',
          firstClick(ctx, input.promoterShopperId).as('first_click_at'),
        ])
        .where('referred_orders.promoter_id', '=', input.promoterId)
        .where('referred_orders.order_id', '<>', order.orderId)
        .where('referred_orders.paid_at', '<=', order.at)
    const range = ipRange(order.ip)
    const matching = await base()
      .where('referred_orders.paid_at', '>', since(lookbackMs(t)))
      .where((eb) =>
        eb.or([
          ...(order.ip
            ? [
                eb.and([
                  eb('order_signals.ip', '=', order.ip),
                  eb('referred_orders.paid_at', '>', since(t.ipWindowDays * 24 * HOUR_MS)),
                ]),
              ]
            : []),
          eb.and([
            eb('referred_orders.new_customer', '=', true),
            eb('referred_orders.paid_at', '>', since(HOUR_MS)),
          ]),
          ...(order.deviceKey || range
            ? [
                eb.and([
                  eb.or([
                    ...(order.deviceKey ? [eb('order_signals.device_key', '=', order.deviceKey)] : []),
                    ...(range ? [eb('order_signals.ip_range', '=', range)] : []),
                  ]),
                  eb('referred_orders.paid_at', '>', since(t.newAccountHours * HOUR_MS)),
                ]),
              ]
            : []),
        ]),
      )
      .orderBy('referred_orders.paid_at', 'desc')
      .limit(MAX_REFERRALS)
      .execute()
    const latest = await base()
      .where('referred_orders.paid_at', '>', since(t.intervalWindowHours * HOUR_MS))
      .orderBy('referred_orders.paid_at', 'desc')
      .limit(t.maxSameIntervalOrders)
      .execute()
    const by = new Map<string, ReferralSignal>()
    for (const r of [...matching, ...latest])
      by.set(r.order_id, {
        orderId: r.order_id,
        buyerId: r.buyer_id,
        at: r.paid_at,
        placedAt: r.created_at,
        newCustomer: r.new_customer,
        buyerCreatedAt: r.buyer_created_at,
        ip: r.ip,
        deviceKey: r.device_key,
        firstClickAt: toDate(r.first_click_at),
      })
    return [...by.values()]
  }

  /**
   * A refund on orders whose commissions had settled: each settled `refundAfterSettlementDays`
   * or fewer days before `refundedAt` is flagged and held for review (a confirmed one is left as it is).
   */
  async function flagRefundAfterSettlement(ctx: Ctx, commissionIds: string[], refundedAt: Date) {
    if (!commissionIds.length) return []
    const { t } = await thresholds(ctx)
    return tx(ctx, async (tt) => {
      const rows = await scoped(tt)
        .selectFrom('commissions')
        .select(['id', 'settled_at', 'review', 'flags'])
        .where('id', 'in', commissionIds)
        .orderBy('id')
        .forUpdate()
        .execute()
      const flagged: string[] = []
      for (const c of rows) {
        const f = c.settled_at ? refundAfterSettlement(c.settled_at, refundedAt, t) : null
        if (!f || c.review === 'confirmed') continue
        await scoped(tt)
          .updateTable('commissions')
          .set({
            review: 'held',
            flags: JSON.stringify(mergeFlags(c.flags ?? [], [f])),
            updated_at: core.clock.now(),
          })
          .where('id', '=', c.id)
          .execute()
        flagged.push(c.id)
      }
      if (flagged.length)
        await core.events.publish(tt.db, tt.tenantId, 'distribution.commission.held', {
          commissionIds: flagged,
          rule: 'refund_after_settlement',
        })
      return flagged
    })
  }

  /**
   * The operator's decision on a flagged commission. `clear`: it settles like any other (now, if
   * already due). `confirm`: it is voided through the ledger (clawed back if it had settled), and
   * a promoter with `suspendAfterConfirmed` orders confirmed as fraud is suspended. Audited.
   */
  async function review(ctx: Ctx, commissionId: string, decision: 'clear' | 'confirm', note?: string) {
    const { t } = await thresholds(ctx)
    return tx(ctx, async (tt) => {
      const c = await scoped(tt)
        .selectFrom('commissions')
        .select(['id', 'promoter_id', 'order_id', 'review', 'flags', 'status'])
        .where('id', '=', commissionId)
        .forUpdate()
        .executeTakeFirst()
      if (!c) throw notFound('commission', 'id')
      const commissions = core.distribution.commissions
      if (decision === 'clear') {
        if (c.review !== 'held')
          throw conflict(
            'decision',
            'only a commission held for review can be cleared',
            '只有待审核的佣金可以放行',
          )
        await commissions.release(tt, commissionId)
      } else {
        if (c.review === 'confirmed')
          throw conflict('decision', 'this commission is already confirmed as fraud', '该佣金已确认为作弊')
        await commissions.voidForFraud(tt, commissionId, note ?? null)
      }
      const to: CommissionReview = decision === 'clear' ? 'cleared' : 'confirmed'
      await audit(tt, core.clock, `distribution.commission.${decision}`, 'commission', commissionId, {
        from: c.review,
        to,
        flags: c.flags,
        ...(note ? { note } : {}),
      })
      let promoterSuspended = false
      if (decision === 'confirm') {
        const n = await scoped(tt)
          .selectFrom('commissions')
          .select(sql<number>`count(distinct order_id)`.as('n'))
          .where('promoter_id', '=', c.promoter_id)
          .where('review', '=', 'confirmed')
          .executeTakeFirstOrThrow()
        const reason = fraudSuspension(Number(n.n), t)
        const p = await scoped(tt)
          .selectFrom('promoters')
          .select('status')
          .where('id', '=', c.promoter_id)
          .executeTakeFirst()
        if (reason && p && p.status !== 'suspended') {
          await core.distribution.programs.review(tt, c.promoter_id, 'suspend', reason)
          promoterSuspended = true
        }
      }
      const after = await scoped(tt)
        .selectFrom('commissions')
        .select(['id', 'status', 'review', 'flags', 'promoter_id'])
        .where('id', '=', commissionId)
        .executeTakeFirstOrThrow()
      return {
        id: after.id,
        status: after.status,
        review: after.review,
        flags: after.flags,
        promoterId: after.promoter_id,
        promoterSuspended,
      }
    })
  }

  return { recordSignals, assess, flagRefundAfterSettlement, review }
}

export type FraudService = ReturnType<typeof createFraudService>

/** PGlite returns a timestamp from a raw subquery as a string; Postgres as a Date. */
const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v))
