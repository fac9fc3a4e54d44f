import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { luckyDrawInvariants } from './luckydraw.checks.js'
import { luckyDrawRoutes } from './luckydraw.routes.js'
import * as init from './migrations/202611231200_luckydraw.js'

export { dayIn, SHOP_TIME_ZONE } from './domain/day.js'
export { BP_WHOLE, currentOdds, pickPrize } from './domain/odds.js'
export { createLuckyDrawService, type LuckyDrawService } from './luckydraw.service.js'
export type { LuckyDrawTables } from './luckydraw.tables.js'

export const luckyDrawModule: LiebianModule = {
  name: 'luckydraw',
  migrations: { '202611231200_luckydraw': init },
  routes: luckyDrawRoutes,
  checks: luckyDrawInvariants,
  jobs: {
    /** The window closed: an active or paused campaign ends. */
    'luckydraw.end': async ({ tenantId, payload, trx, core }) => {
      await core.luckyDraw.endIfDue(systemCtx(tenantId!, trx), payload.campaignId)
    },
  },
  subscribers: [
    {
      // A friend's first open of a shopper's draw share earns the sharer chances.
      name: 'luckydraw.invite_visit',
      events: ['sharing.share.opened'],
      async handle(event, trx, core) {
        const p = event.payload
        if (p.targetKind !== 'draw' || !p.firstVisit) return
        await core.luckyDraw.rewardInvite(systemCtx(event.tenantId, trx), {
          campaignId: p.targetId,
          sharerId: p.sharerId,
          friendId: p.visitorId ?? null,
          reason: 'invite_visit',
          ref: `${p.token}:${p.visitorId ?? `event-${event.id}`}`,
        })
      },
    },
    {
      // A friend's first paid order through a shopper's draw share earns the sharer chances.
      name: 'luckydraw.invite_order',
      events: ['orders.order.paid'],
      async handle(event, trx, core) {
        await core.luckyDraw.onOrderPaid(systemCtx(event.tenantId, trx), event.payload.orderId)
      },
    },
  ],
}
