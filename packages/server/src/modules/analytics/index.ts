import type { LiebianModule } from '../../platform/module.js'
import { OUTBOX_TYPES, ROLLUP_JOB } from './analytics.ingest.js'
import { analyticsRoutes } from './analytics.routes.js'
import { dailySummary, SUMMARY_JOB } from './analytics.summary.js'
import * as init from './migrations/202611241000_analytics.js'
import * as goals from './migrations/202611241010_analytics_goals.js'
import * as summaries from './migrations/202611241020_analytics_summaries.js'

export { type AnalyticsService, createAnalyticsService } from './analytics.service.js'
export type { AnalyticsTables } from './analytics.tables.js'
export type { FissionEvent } from './domain/events.js'
export { activations, campaignCascade, cascadeStats, funnel, kFactor } from './domain/metrics.js'
export { type CascadeParams, impliedK, simulateCascade } from './domain/simulate.js'

export const analyticsModule: LiebianModule = {
  name: 'analytics',
  migrations: {
    '202611241000_analytics': init,
    '202611241010_analytics_goals': goals,
    '202611241020_analytics_summaries': summaries,
  },
  routes: analyticsRoutes,
  jobs: {
    /** Rolls the finished events into the daily counters and customers, from the watermark on. */
    [ROLLUP_JOB]: async ({ trx, core }) => void (await core.analytics.rollupStep(trx)),
    /** A shop day is over: its figures go out as an `analytics.daily_summary` outbox event, once. */
    [SUMMARY_JOB]: async ({ tenantId, payload, trx, core }) =>
      void (await dailySummary(core, trx, tenantId!, payload.day)),
  },
  subscribers: [
    {
      // Every event that tells how a share turned into sales, stored once in the event store.
      name: 'analytics.ingest',
      events: OUTBOX_TYPES,
      handle: async (event, trx, core) => void (await core.analytics.ingestOutbox(trx, event)),
    },
  ],
}
