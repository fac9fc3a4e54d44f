import type { Core } from '../../core.js'
import { systemCtx } from '../../platform/context.js'
import type { Db } from '../../platform/db.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { rollupStep } from './analytics.rollup.js'
import { DAY_MS } from './domain/events.js'
import { dayStart, shopDay } from './domain/rollup.js'

export const SUMMARY_JOB = 'analytics.daily_summary'
export const SUMMARY_EVENT = 'analytics.daily_summary'

/** Minutes after midnight (shop time) the summary of the day before is written: late events land first. */
const AFTER_MIDNIGHT_MS = 10 * 60_000

/**
 * Asks for the summary of a shop day, at 00:10 the next morning (one job per shop and day, however
 * many events). The first event a shop records starts the chain; each summary asks for the next.
 */
export async function kickSummary(db: Db, core: Core, tenantId: string, day: string) {
  await enqueue(db, core.clock, {
    kind: SUMMARY_JOB,
    tenantId,
    payload: { day },
    runAt: new Date(dayStart(day) + DAY_MS + AFTER_MIDNIGHT_MS),
    dedupeKey: `${SUMMARY_JOB}:${tenantId}:${day}`,
  })
}

/**
 * Writes a shop day's summary as an `analytics.daily_summary` outbox event (for webhooks and other
 * consumers), once per shop and day: a second run finds the day's row and writes nothing. Rolls up
 * what has finished first, so the figures include the day's last events. Then asks for the next
 * day's summary. Returns the event, or null when the day was already summarised.
 */
export async function dailySummary(core: Core, trx: Db, tenantId: string, day: string) {
  while ((await rollupStep(core, trx)) > 0);
  const ctx = systemCtx(tenantId, trx)
  const next = shopDay(dayStart(day) + DAY_MS)
  await kickSummary(trx, core, tenantId, next)
  const claimed = await scoped(ctx)
    .insertInto('analytics_summaries', { day, created_at: core.clock.now() })
    .onConflict((oc) => oc.columns(['tenant_id', 'day']).doNothing())
    .returning('day')
    .executeTakeFirst()
  if (!claimed) return null
  const o = await core.analytics.overview(ctx, { from: day, to: day })
  const t = o.totals
  const event = await core.events.publish(trx, tenantId, SUMMARY_EVENT, {
    day,
    from: new Date(dayStart(day)).toISOString(),
    to: new Date(dayStart(day) + DAY_MS).toISOString(),
    orders: t.orders,
    gmvFen: t.gmvFen,
    netGmvFen: t.netGmvFen,
    averageOrderFen: t.averageOrderFen,
    refunds: t.refunds,
    refundFen: t.refundFen,
    newCustomers: t.newCustomers,
    returningOrders: o.customers.returning.orders,
    shares: t.shares,
    shareActions: t.shareActions,
    opens: t.opens,
    firstOpens: t.firstOpens,
    views: t.views,
    groups: {
      opened: o.groups.opened,
      succeeded: o.groups.succeeded,
      failed: o.groups.failed,
      successRate: o.groups.successRate,
    },
    commissionFen: o.commission.fen,
    commissionShareOfGmv: o.commission.shareOfGmv,
    bySource: o.bySource.map((s) => ({ source: s.source, orders: s.orders, gmvFen: s.gmvFen })),
    topPromoters: o.topPromoters
      .slice(0, 3)
      .map((p) => ({ shopperId: p.shopperId, nickname: p.nickname, orders: p.orders, gmvFen: p.gmvFen })),
  })
  await scoped(ctx)
    .updateTable('analytics_summaries')
    .set({ event_id: event.id })
    .where('day', '=', day)
    .execute()
  return event
}
