import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { bindingsRoutes } from './bindings.routes.js'
import type { BindingsTables } from './bindings.tables.js'
import { distributionInvariants } from './distribution.checks.js'
import * as init from './migrations/202611231400_distribution.js'
import * as bindings from './migrations/202611231401_distribution_bindings.js'
import { programsRoutes } from './programs.routes.js'
import { EXPIRE_JOB } from './programs.service.js'
import type { ProgramsTables } from './programs.tables.js'

export { createDistributionService, type DistributionService } from './distribution.service.js'

export interface DistributionTables extends ProgramsTables, BindingsTables {}

export const distributionModule: LiebianModule = {
  name: 'distribution',
  migrations: {
    '202611231400_distribution': init,
    '202611231401_distribution_bindings': bindings,
  },
  routes: async (app) => {
    await app.register(programsRoutes)
    await app.register(bindingsRoutes)
  },
  jobs: {
    /** A promoter's period is up (unless renewed since): they expire. */
    [EXPIRE_JOB]: ({ tenantId, payload, trx, core }) =>
      core.distribution.programs.expire(systemCtx(tenantId!, trx), payload.promoterId),
  },
  subscribers: [
    {
      // Qualification and renewal by paid spend within the shop.
      name: 'distribution.spend',
      events: ['orders.order.paid'],
      handle: (event, trx, core) =>
        core.distribution.programs.orderPaid(systemCtx(event.tenantId, trx), event.payload.orderId),
    },
    {
      // A signed-in shopper opened a promoter's share: a click that may bind them.
      name: 'distribution.bind-on-open',
      events: ['sharing.share.opened'],
      handle: (event, trx, core) =>
        core.distribution.bindings.shareOpened(systemCtx(event.tenantId, trx), event.payload as never),
    },
    {
      // A paid order through a promoter's share: a purchase that may bind the buyer.
      name: 'distribution.bind-on-order',
      events: ['orders.order.paid'],
      handle: (event, trx, core) =>
        core.distribution.bindings.orderPaid(systemCtx(event.tenantId, trx), event.payload.orderId),
    },
  ],
  checks: distributionInvariants,
}
