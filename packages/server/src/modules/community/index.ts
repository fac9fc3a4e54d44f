import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { campaignsRoutes } from './campaigns.routes.js'
import { CUTOFF_JOB, SETTLE_JOB, UNCOLLECTED_JOB } from './campaigns.service.js'
import { communityInvariants } from './community.checks.js'
import { communityRoutes } from './community.routes.js'
import * as init from './migrations/202611231710_community.js'
import * as nearIndex from './migrations/202611231711_community_near_index.js'
import * as campaigns from './migrations/202611231720_community_campaigns.js'
import * as picked from './migrations/202611231721_community_picked.js'

export type { CampaignsService } from './campaigns.service.js'
export { type CommunityService, createCommunityService } from './community.service.js'
export type { CommunityTables } from './community.tables.js'
export type { CampaignStatus, PickupStatus } from './domain/campaign-state.js'
export { geodesicMetres, type LatLng } from './domain/geo.js'
export type { OpeningHours, OpeningPeriod } from './domain/hours.js'
export type { LeaderStatus } from './domain/leader-state.js'

export const communityModule: LiebianModule = {
  name: 'community',
  migrations: {
    '202611231710_community': init,
    '202611231711_community_near_index': nearIndex,
    '202611231720_community_campaigns': campaigns,
    '202611231721_community_picked': picked,
  },
  routes: async (app) => {
    await app.register(communityRoutes)
    await app.register(campaignsRoutes)
  },
  jobs: {
    /** A campaign's cutoff: it closes, and its picking lists and purchase order are built. */
    [CUTOFF_JOB]: async ({ tenantId, payload, trx, core }) =>
      void (await core.community.campaigns.close(
        { ...systemCtx(tenantId!, trx), db: trx },
        payload.campaignId,
      )),
    /** N days after goods reached a point: what is still there follows the uncollected rule. */
    [UNCOLLECTED_JOB]: async ({ tenantId, payload, trx, core }) =>
      void (await core.community.campaigns.uncollected(
        { ...systemCtx(tenantId!, trx), db: trx },
        payload.campaignId,
        payload.pickupPointId,
      )),
    /** Pickup plus the return window: the leader's commission settles. */
    [SETTLE_JOB]: async ({ tenantId, payload, trx, core }) =>
      void (await core.community.campaigns.settle(
        { ...systemCtx(tenantId!, trx), db: trx },
        payload.orderId,
      )),
  },
  subscribers: [
    {
      // A refund of a campaign order: the leader gives back its share; a whole refund ends the pickup.
      name: 'community.refunded',
      events: ['orders.after_sales.refunded'],
      handle: (event, trx, core) =>
        core.community.campaigns.refunded(
          { ...systemCtx(event.tenantId, trx), db: trx },
          event.payload.orderId,
        ),
    },
    {
      // Completed in the orders console with the order's own code: the pickup follows.
      name: 'community.order-completed',
      events: ['orders.order.completed'],
      handle: (event, trx, core) =>
        core.community.campaigns.orderCompleted(
          { ...systemCtx(event.tenantId, trx), db: trx },
          event.payload.orderId,
        ),
    },
  ],
  checks: communityInvariants,
}
