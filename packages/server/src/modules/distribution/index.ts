import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { bindingsRoutes } from './bindings.routes.js'
import type { BindingsTables } from './bindings.tables.js'
import { commissionsRoutes } from './commissions.routes.js'
import { SETTLE_JOB } from './commissions.service.js'
import type { CommissionsTables } from './commissions.tables.js'
import { distributionInvariants } from './distribution.checks.js'
import { fraudRoutes } from './fraud.routes.js'
import type { FraudTables } from './fraud.tables.js'
import * as init from './migrations/202611231400_distribution.js'
import * as bindings from './migrations/202611231401_distribution_bindings.js'
import * as commissions from './migrations/202611231402_distribution_commissions.js'
import * as staff from './migrations/202611231403_distribution_staff.js'
import * as signals from './migrations/202611231404_distribution_signals.js'
import * as refusals from './migrations/202611231406_distribution_refusals.js'
import * as settleByPromoter from './migrations/202611231410_distribution_settle_by_promoter.js'
import { programsRoutes } from './programs.routes.js'
import { EXPIRE_JOB } from './programs.service.js'
import type { ProgramsTables } from './programs.tables.js'
import { shareKitRoutes } from './share-kit.routes.js'
import { staffRoutes } from './staff.routes.js'
import type { StaffTables } from './staff.tables.js'
import { PAYOUT_JOB } from './withdrawals.service.js'

export { createDistributionService, type DistributionService } from './distribution.service.js'

export interface DistributionTables
  extends ProgramsTables,
    BindingsTables,
    CommissionsTables,
    FraudTables,
    StaffTables {}

export const distributionModule: LiebianModule = {
  name: 'distribution',
  migrations: {
    '202611231400_distribution': init,
    '202611231401_distribution_bindings': bindings,
    '202611231402_distribution_commissions': commissions,
    '202611231406_distribution_refusals': refusals,
    '202611231403_distribution_staff': staff,
    '202611231404_distribution_signals': signals,
    '202611231410_distribution_settle_by_promoter': settleByPromoter,
  },
  routes: async (app) => {
    await app.register(programsRoutes)
    await app.register(bindingsRoutes)
    await app.register(commissionsRoutes)
    await app.register(shareKitRoutes)
    await app.register(staffRoutes)
    await app.register(fraudRoutes)
  },
  jobs: {
    /** A promoter's period is up (unless renewed since): they expire. */
    [EXPIRE_JOB]: ({ tenantId, payload, trx, core }) =>
      core.distribution.programs.expire(systemCtx(tenantId!, trx), payload.promoterId),
    /** An order's return window has passed: its commissions settle. */
    [SETTLE_JOB]: async ({ tenantId, payload, trx, core }) =>
      void (await core.distribution.commissions.settleDue(systemCtx(tenantId!, trx), {
        orderId: payload.orderId,
      })),
    /** An approved withdrawal: ask the payout provider to pay it. */
    [PAYOUT_JOB]: ({ tenantId, payload, trx, core }) =>
      core.distribution.withdrawals.payout(systemCtx(tenantId!, trx), payload.withdrawalId),
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
      // A paid order: through a promoter's share it may bind the buyer first; then whoever the
      // buyer is bound to earns on it. One subscriber, so the commission sees the new binding.
      name: 'distribution.order-paid',
      events: ['orders.order.paid'],
      async handle(event, trx, core) {
        const ctx = systemCtx(event.tenantId, trx)
        await core.distribution.bindings.orderPaid(ctx, event.payload.orderId)
        await core.distribution.commissions.accrue(ctx, event.payload.orderId)
      },
    },
    {
      // Completed: the return window starts; commissions settle when it ends.
      name: 'distribution.order-completed',
      events: ['orders.order.completed'],
      handle: (event, trx, core) =>
        core.distribution.commissions.orderCompleted(systemCtx(event.tenantId, trx), event.payload.orderId),
    },
    {
      // A refund went through: commissions on the refunded lines give back the refunded share.
      name: 'distribution.refunded',
      events: ['orders.after_sales.refunded'],
      handle: async (event, trx, core) =>
        void (await core.distribution.commissions.refunded(
          systemCtx(event.tenantId, trx),
          event.payload.afterSalesId,
        )),
    },
    {
      // A refund right after commissions settled: they are flagged and held for review.
      name: 'distribution.refund-after-settlement',
      events: ['distribution.commission.clawed_back'],
      handle: async (event, trx, core) =>
        void (await core.distribution.fraud.flagRefundAfterSettlement(
          systemCtx(event.tenantId, trx),
          event.payload.settledCommissionIds ?? [],
          new Date(event.createdAt),
        )),
    },
  ],
  checks: distributionInvariants,
}
