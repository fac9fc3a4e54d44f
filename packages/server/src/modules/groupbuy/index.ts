import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { groupBuyInvariants } from './groupbuy.checks.js'
import { groupBuyRoutes } from './groupbuy.routes.js'
import * as init from './migrations/202611231100_groupbuy.js'

export { createGroupBuyService, type GroupBuyService } from './groupbuy.service.js'
export type { GroupBuyTables } from './groupbuy.tables.js'

export const groupBuyModule: LiebianModule = {
  name: 'groupbuy',
  migrations: { '202611231100_groupbuy': init },
  routes: groupBuyRoutes,
  jobs: {
    /** A group's time is up: it succeeds, auto-fills or fails, by the deal's rules. */
    'groupbuy.expire': ({ tenantId, payload, trx, core }) =>
      core.groupBuy.expire(trx, tenantId!, payload.groupId),
  },
  subscribers: [
    {
      name: 'groupbuy.member-refunded',
      events: ['orders.order.refunded'],
      handle: (event, trx, core) =>
        core.groupBuy.orderRefunded({ ...systemCtx(event.tenantId, trx), db: trx }, event.payload.orderId),
    },
  ],
  checks: groupBuyInvariants,
}
