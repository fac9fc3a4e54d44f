import { sql } from 'kysely'
import type { Core } from '../../core.js'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db.js'
import { invalid } from '../../platform/errors.js'
import type { DomainEvent } from '../../platform/events.js'
import { scoped } from '../../platform/tenancy.js'
import { maskPhone } from '../identity/index.js'
import { createGoals } from './analytics.goals.js'
import { type ClientEvent, ingestClient, rowsFromOutbox, storeRows } from './analytics.ingest.js'
import { behindWatermark, rollupStep } from './analytics.rollup.js'
import { DAY_MS, type EventType, type FissionEvent } from './domain/events.js'
import { ACTIVATION_TEXT, campaignCascade, type KFactor } from './domain/metrics.js'
import { retentionCohorts, weekOf } from './domain/retention.js'
import { DAILY_METRICS, type DailyMetric, dayStart, shopDay } from './domain/rollup.js'

/** A range of shop days, both ends included (YYYY-MM-DD). */
export interface DayRange {
  from?: string
  to?: string
}

const MAX_DAYS = 366

/** The range asked for, or the last 30 days to today; refused when backwards or longer than a year. */
function days(core: Core, r: DayRange) {
  const today = shopDay(core.clock.now().getTime())
  const to = r.to ?? today
  const from = r.from ?? shopDay(dayStart(to) - 29 * DAY_MS)
  const start = dayStart(from)
  const end = dayStart(to) + DAY_MS
  if (!(end > start)) throw invalid('from', 'from must not be after to', '开始日期不能晚于结束日期')
  if ((end - start) / DAY_MS > MAX_DAYS)
    throw invalid('from', 'at most 366 days at a time', '一次最多查询366天')
  return { from, to, start: new Date(start), end: new Date(end) }
}

const camel = (metric: string) =>
  metric.replace(/_fen$/, 'Fen').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

type Counters = Record<DailyMetric, number>
const zero = (): Counters => Object.fromEntries(DAILY_METRICS.map((m) => [m, 0])) as Counters
const view = (c: Counters): Record<string, number> =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [camel(k), v]))
const share = (a: number, b: number) => (b > 0 ? a / b : null)

const FISSION_TYPES: EventType[] = ['share.created', 'share.sent', 'share.opened', 'order.paid']

/** How many people the overview's promoter leaderboard lists. */
export const TOP_PROMOTERS = 10

/**
 * Who brought in the most sales over [start, end): each paid order is credited to the sharer it
 * came through (its share token, or the buyer's last open), else to the promoter on the order.
 * Per person: orders, GMV, distinct buyers, and the buyers whose first paid order it was.
 */
async function promoterBoard(ctx: Ctx, start: Date, end: Date) {
  const t = ctx.tenantId
  const res = await sql<{
    person: string
    orders: number
    gmv: number
    buyers: number
    new_customers: number
    nickname: string | null
    phone: string | null
    promoter_status: string | null
  }>`
    with credited as (
      select coalesce(e.sharer_id, p.shopper_id) as person, e.shopper_id as buyer, e.ref, e.amount_fen
      from analytics_events e
      left join promoters p on e.sharer_id is null and p.tenant_id = e.tenant_id
        and p.id = (e.props->>'promoterId')::uuid
      where e.tenant_id = ${t} and e.type = 'order.paid' and e.at >= ${start} and e.at < ${end}
        and (e.sharer_id is not null or e.props->>'promoterId' is not null)
    ),
    board as (
      select k.person, count(*)::int as orders, coalesce(sum(k.amount_fen), 0)::bigint as gmv,
        count(distinct k.buyer)::int as buyers, count(c.shopper_id)::int as new_customers
      from credited k
      left join analytics_customers c on c.tenant_id = ${t} and c.shopper_id = k.buyer and c.first_order = k.ref
      where k.person is not null
      group by k.person
      order by gmv desc, orders desc, k.person
      limit ${TOP_PROMOTERS}
    )
    select b.*, s.nickname, s.phone, pr.status as promoter_status
    from board b
    left join shoppers s on s.tenant_id = ${t} and s.id = b.person
    left join promoters pr on pr.tenant_id = ${t} and pr.shopper_id = b.person
    order by b.gmv desc, b.orders desc, b.person`.execute(ctx.db)
  return res.rows.map((x, i) => ({
    rank: i + 1,
    shopperId: x.person,
    nickname: x.nickname,
    phoneMasked: x.phone ? maskPhone(x.phone) : null,
    promoterStatus: x.promoter_status,
    orders: Number(x.orders),
    gmvFen: Number(x.gmv),
    buyers: Number(x.buyers),
    newCustomers: Number(x.new_customers),
  }))
}

/**
 * Fission analytics: ingestion from the outbox and the storefront, the daily rollup, and the
 * dashboard's numbers (docs/metrics.md defines each).
 */
export function createAnalyticsService(core: Core) {
  const service = {
    /** Stores the analytics rows of one outbox event (idempotent by the event's id). */
    async ingestOutbox(trx: Db, event: DomainEvent) {
      const rows = await rowsFromOutbox(trx, event)
      return storeRows(
        core,
        trx,
        event.tenantId,
        rows.map((r, i) => ({ ...r, source_event: `outbox:${event.id}${i ? `:${i}` : ''}` })),
      )
    },

    /** Stores a storefront batch for one person (idempotent by the client's event ids). */
    ingestClient: (ctx: Ctx, person: { shopperId?: string; visitorKey?: string }, events: ClientEvent[]) =>
      ingestClient(core, ctx, person, events),

    /** One rollup step in the caller's transaction (the job's). Returns how many events it read. */
    rollupStep: (db: Db) => rollupStep(core, db),

    /**
     * Rolls up everything committed so far, step by step in transactions of its own. An event
     * committed behind a transaction still open elsewhere waits for it (up to `waitMs`), since
     * the watermark never passes an open transaction. Returns how many events it read.
     */
    async rollup(opts: { waitMs?: number } = {}) {
      const deadline = Date.now() + (opts.waitMs ?? 5_000)
      let total = 0
      for (;;) {
        const n = await core.db.transaction().execute((trx) => rollupStep(core, trx))
        total += n
        if (n > 0) continue
        if (!(await behindWatermark(core.db)) || Date.now() >= deadline) return total
        await new Promise((r) => setTimeout(r, 20))
      }
    },

    /**
     * The dashboard's overview for a range of shop days, from the daily rollup: per day, in total,
     * by source and channel; new customers against returning orders; groups; commission's share
     * of GMV.
     */
    async overview(ctx: Ctx, range: DayRange) {
      const r = days(core, range)
      const rows = await scoped(ctx)
        .selectFrom('analytics_daily')
        .select([sql<string>`day::text`.as('day'), 'metric', 'dim', 'value'])
        .where('day', '>=', r.from)
        .where('day', '<=', r.to)
        .execute()
      const perDay = new Map<string, Counters>()
      for (let t = dayStart(r.from); t < r.end.getTime(); t += DAY_MS) perDay.set(shopDay(t), zero())
      const totals = zero()
      const bySource = new Map<string, Counters>()
      const byChannel = new Map<string, Counters>()
      for (const row of rows) {
        const metric = row.metric as DailyMetric
        const value = Number(row.value)
        if (!(metric in totals)) continue
        if (row.dim === '') {
          totals[metric] += value
          const d = perDay.get(row.day)
          if (d) d[metric] += value
        } else {
          const [kind, name] = [
            row.dim.slice(0, row.dim.indexOf(':')),
            row.dim.slice(row.dim.indexOf(':') + 1),
          ]
          const into = kind === 'source' ? bySource : byChannel
          const c = into.get(name) ?? zero()
          c[metric] += value
          into.set(name, c)
        }
      }
      const s = scoped(ctx)
      const fresh = await s
        .selectFrom('analytics_customers')
        .select((eb) => [
          eb.fn.countAll<number>().as('customers'),
          eb.fn.coalesce(eb.fn.sum<number>('first_amount_fen'), eb.lit(0)).as('fen'),
        ])
        .where('activated_at', '>=', r.start)
        .where('activated_at', '<', r.end)
        .executeTakeFirstOrThrow()
      const fill = await sql<{ n: number; mean: number | null; median: number | null }>`
        select count(*)::int as n, avg(extract(epoch from s.at - o.at))::float8 as mean,
          percentile_cont(0.5) within group (order by extract(epoch from s.at - o.at))::float8 as median
        from analytics_events s
        join analytics_events o on o.tenant_id = s.tenant_id and o.type = 'group.opened' and o.ref = s.ref
        where s.tenant_id = ${ctx.tenantId} and s.type = 'group.succeeded'
          and s.at >= ${r.start} and s.at < ${r.end}`.execute(ctx.db)
      const f = fill.rows[0]
      const topPromoters = await promoterBoard(ctx, r.start, r.end)
      const newOrders = Number(fresh.customers)
      const newGmv = Number(fresh.fen)
      const lists = (m: Map<string, Counters>, key: string) =>
        [...m]
          .sort((a, b) => b[1].gmv_fen - a[1].gmv_fen || b[1].orders - a[1].orders || (a[0] < b[0] ? -1 : 1))
          .map(([name, c]) => ({
            [key]: name,
            orders: c.orders,
            gmvFen: c.gmv_fen,
            newCustomers: c.new_customers,
            shares: c.shares,
            shareActions: c.share_actions,
            opens: c.opens,
            firstOpens: c.first_opens,
          }))
      const ended = totals.groups_succeeded + totals.groups_failed
      return {
        from: r.from,
        to: r.to,
        totals: <Record<string, number>>{
          ...view(totals),
          netGmvFen: totals.gmv_fen - totals.refund_fen,
          averageOrderFen: totals.orders ? Math.round(totals.gmv_fen / totals.orders) : 0,
        },
        days: [...perDay].map(([day, c]) => ({ day, ...view(c) })),
        bySource: lists(bySource, 'source'),
        byChannel: lists(byChannel, 'channel'),
        customers: {
          new: { customers: newOrders, orders: newOrders, gmvFen: newGmv },
          returning: { orders: totals.orders - newOrders, gmvFen: totals.gmv_fen - newGmv },
        },
        groups: {
          opened: totals.groups_opened,
          succeeded: totals.groups_succeeded,
          failed: totals.groups_failed,
          successRate: ended ? totals.groups_succeeded / ended : null,
          timeToFill: f.n
            ? { groups: f.n, meanMinutes: (f.mean ?? 0) / 60, medianMinutes: (f.median ?? 0) / 60 }
            : null,
        },
        commission: {
          fen: totals.commission_fen,
          shareOfGmv: share(totals.commission_fen, totals.gmv_fen),
        },
        topPromoters,
      }
    },

    /**
     * K-factor of the buyers activated in the range, with its four measured terms, the window,
     * the activation definition and the cycle time: the formulas of `kFactorOf`, in SQL.
     */
    async kFactor(
      ctx: Ctx,
      range: DayRange & { windowDays?: number },
    ): Promise<KFactor & { from: string; to: string }> {
      const r = days(core, range)
      const windowDays = range.windowDays ?? 7
      const t = ctx.tenantId
      const res = await sql<{
        buyers: number
        sharers: number
        sends: number
        opens: number
        new_buyers: number
        cycle_mean: number | null
        cycle_median: number | null
        cycle_p90: number | null
      }>`
        with cohort as (
          select shopper_id, activated_at, activated_at + make_interval(days => ${windowDays}) as deadline
          from analytics_customers
          where tenant_id = ${t} and activated_at >= ${r.start} and activated_at < ${r.end}
        ),
        kids as (
          select extract(epoch from greatest(c.activated_at - p.activated_at, interval '0')) as cycle
          from analytics_customers c join cohort p on c.parent_id = p.shopper_id
          where c.tenant_id = ${t} and c.parent_id is not null and c.activated_at <= p.deadline
        ),
        created as (
          select distinct e.share_token, e.sharer_id
          from analytics_events e join cohort p on e.sharer_id = p.shopper_id
          where e.tenant_id = ${t} and e.type = 'share.created' and e.at <= p.deadline
        ),
        sent as (
          select e.share_token, e.sharer_id, count(*) as n
          from analytics_events e join cohort p on e.sharer_id = p.shopper_id
          where e.tenant_id = ${t} and e.type = 'share.sent' and e.at <= p.deadline
          group by e.share_token, e.sharer_id
        ),
        sends as (
          select coalesce(c.sharer_id, s.sharer_id) as sharer_id,
            greatest(case when c.share_token is null then 0 else 1 end, coalesce(s.n, 0)) as n
          from created c full join sent s on s.share_token = c.share_token
        )
        select
          (select count(*) from cohort)::int as buyers,
          (select count(distinct sharer_id) from sends where n > 0)::int as sharers,
          (select coalesce(sum(n), 0) from sends)::int as sends,
          (select count(*) from analytics_events e join cohort p on e.sharer_id = p.shopper_id
            where e.tenant_id = ${t} and e.type = 'share.opened' and e.first_visit and e.at <= p.deadline)::int as opens,
          (select count(*) from kids)::int as new_buyers,
          (select avg(cycle) from kids)::float8 as cycle_mean,
          (select percentile_cont(0.5) within group (order by cycle) from kids)::float8 as cycle_median,
          (select percentile_cont(0.9) within group (order by cycle) from kids)::float8 as cycle_p90`.execute(
        ctx.db,
      )
      const x = res.rows[0]
      const [buyers, sharers, sends, opens, newBuyers] = [
        x.buyers,
        x.sharers,
        x.sends,
        x.opens,
        x.new_buyers,
      ].map(Number)
      const ratio = (a: number, b: number) => (b > 0 ? a / b : 0)
      const dayOf = (secs: number | null) => Number(secs ?? 0) / 86_400
      return {
        from: r.from,
        to: r.to,
        k: ratio(newBuyers, buyers),
        s: ratio(sharers, buyers),
        f: ratio(sends, sharers),
        r: ratio(opens, sends),
        c: ratio(newBuyers, opens),
        buyers,
        sharers,
        sends,
        opens,
        newBuyers,
        windowDays,
        activation: 'first_paid_order',
        activationText: ACTIVATION_TEXT.first_paid_order,
        cycleTime: newBuyers
          ? { meanDays: dayOf(x.cycle_mean), medianDays: dayOf(x.cycle_median), p90Days: dayOf(x.cycle_p90) }
          : null,
      }
    },

    /**
     * Weekly retention cohorts by acquisition source: the customers whose first paid order fell in
     * each shop week of the range (from the Monday of `from`'s week; by default the last 12 weeks),
     * and the share of them who paid again in each later week up to `to`.
     */
    async retention(ctx: Ctx, range: DayRange) {
      const to = range.to ?? shopDay(core.clock.now().getTime())
      const r = days(core, { to, from: range.from ?? weekOf(shopDay(dayStart(to) - 11 * 7 * DAY_MS)) })
      const start = new Date(dayStart(weekOf(r.from)))
      const customers = await scoped(ctx)
        .selectFrom('analytics_customers')
        .select(['shopper_id', 'activated_at', 'source'])
        .where('activated_at', '>=', start)
        .where('activated_at', '<', r.end)
        .execute()
      // One order per customer and shop week is all the cohorts need.
      const orders = await sql<{ shopper_id: string; at: Date | string }>`
        select e.shopper_id, min(e.at) as at
        from analytics_events e
        join analytics_customers c on c.tenant_id = e.tenant_id and c.shopper_id = e.shopper_id
        where e.tenant_id = ${ctx.tenantId} and e.type = 'order.paid'
          and e.at >= ${start} and e.at < ${r.end}
          and c.activated_at >= ${start} and c.activated_at < ${r.end}
        group by e.shopper_id, date_trunc('week', e.at at time zone 'Asia/Shanghai')`.execute(ctx.db)
      return retentionCohorts(
        customers.map((c) => ({
          shopper: c.shopper_id,
          activatedAt: new Date(c.activated_at).getTime(),
          source: c.source,
        })),
        orders.rows.map((o) => ({ shopper: o.shopper_id, at: new Date(o.at).getTime() })),
        { from: r.from, to: r.to },
      )
    },

    /** The fission events of one campaign (or product), as the pure metrics read them. */
    async campaignEvents(ctx: Ctx, campaign: string, range?: { start: Date; end: Date }) {
      let q = scoped(ctx)
        .selectFrom('analytics_events')
        .select([
          'type',
          'at',
          'shopper_id',
          'visitor_key',
          'share_token',
          'sharer_id',
          'campaign',
          'amount_fen',
          'ref',
          'first_visit',
          'source',
          'channel',
        ])
        .where('campaign', '=', campaign)
        .where('type', 'in', FISSION_TYPES)
      if (range) q = q.where('at', '>=', range.start).where('at', '<', range.end)
      const rows = await q.orderBy('at').orderBy('id').execute()
      return rows.map(
        (e): FissionEvent => ({
          type: e.type as EventType,
          at: new Date(e.at).getTime(),
          actor: e.shopper_id ?? (e.visitor_key ? `v:${e.visitor_key}` : null),
          token: e.share_token,
          sharer: e.sharer_id,
          campaign: e.campaign,
          amountFen: Number(e.amount_fen),
          ref: e.ref,
          firstVisit: e.first_visit,
          source: e.source,
          channel: e.channel,
        }),
      )
    },

    /**
     * A campaign's cascade (a product's when `productId` is given): the tree of shares → opens →
     * orders, generation by generation, its size and depth, and the top spreaders.
     */
    async cascades(ctx: Ctx, q: DayRange & { campaign?: string; productId?: string; limit?: number }) {
      const campaign = q.campaign ?? (q.productId ? `product:${q.productId}` : undefined)
      if (!campaign) throw invalid('campaign', 'give a campaign or a productId', '请指定活动或商品')
      const range = q.from || q.to ? days(core, q) : undefined
      const events = await this.campaignEvents(ctx, campaign, range)
      return campaignCascade(events, { campaign, limit: q.limit ?? 500 })
    },

    /**
     * The sharing funnel over a range: people who viewed → shared → opened a share → bought
     * through one, for the whole shop or one campaign (or product).
     */
    async funnel(ctx: Ctx, q: DayRange & { campaign?: string; productId?: string }) {
      const r = days(core, q)
      const campaign = q.campaign ?? (q.productId ? `product:${q.productId}` : undefined)
      const res = await sql<{
        viewers: number
        sharers: number
        opens: number
        buyers: number
        orders: number
        gmv: number
      }>`
        select
          count(distinct coalesce(shopper_id::text, 'v:' || visitor_key)) filter (where type = 'page.viewed')::int as viewers,
          count(distinct sharer_id) filter (where type in ('share.created', 'share.sent'))::int as sharers,
          count(*) filter (where type = 'share.opened' and first_visit)::int as opens,
          count(distinct shopper_id) filter (where type = 'order.paid' and share_token is not null)::int as buyers,
          count(*) filter (where type = 'order.paid' and share_token is not null)::int as orders,
          coalesce(sum(amount_fen) filter (where type = 'order.paid' and share_token is not null), 0)::bigint as gmv
        from analytics_events
        where tenant_id = ${ctx.tenantId}
          and type in ('page.viewed', 'share.created', 'share.sent', 'share.opened', 'order.paid')
          and at >= ${r.start} and at < ${r.end}
          ${campaign ? sql`and campaign = ${campaign}` : sql``}`.execute(ctx.db)
      const x = res.rows[0]
      const counts = [x.viewers, x.sharers, x.opens, x.buyers].map(Number)
      const names = ['view', 'share', 'open', 'order'] as const
      return {
        from: r.from,
        to: r.to,
        campaign: campaign ?? null,
        steps: names.map((step, i) => ({
          step,
          people: counts[i],
          rate: i === 0 ? 1 : counts[i - 1] > 0 ? counts[i] / counts[i - 1] : 0,
        })),
        orders: Number(x.orders),
        gmvFen: Number(x.gmv),
      }
    },
  }
  return { ...service, goals: createGoals(core, (ctx, r) => service.kFactor(ctx, r)) }
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>
