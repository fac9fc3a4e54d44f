import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { bargainInvariants } from './bargain.checks.js'
import { bargainRoutes } from './bargain.routes.js'
import * as init from './migrations/202611231200_bargain.js'

export { type BargainService, createBargainService } from './bargain.service.js'
export type { BargainTables } from './bargain.tables.js'
export { type BargainStatus, bargainMachine } from './domain/bargain-state.js'

export const bargainModule: LiebianModule = {
  name: 'bargain',
  migrations: { '202611231200_bargain': init },
  routes: bargainRoutes,
  jobs: {
    /** A bargain's deadline: out of time while ongoing, or reached and not ordered by its pay-by. */
    'bargain.expire': async ({ tenantId, payload, trx, core }) => {
      await core.bargain.expire({ ...systemCtx(tenantId!, trx), db: trx }, payload.bargainId)
    },
  },
  checks: bargainInvariants,
}
