import { systemCtx } from '../../platform/context.js'
import { outsideTransaction } from '../../platform/jobs.js'
import type { LiebianModule } from '../../platform/module.js'
import * as init from './migrations/202611230500_orders.js'
import * as deals from './migrations/202611230800_orders_deals.js'
import { ordersRoutes } from './orders.routes.js'

export { type AfterSalesService, createAfterSalesService } from './after-sales.service.js'
export { afterSalesMachine, type OrderStatus, orderMachine } from './domain/order-state.js'
export {
  type BulkCatalog,
  type BulkOrder,
  bulkCatalog,
  type PlacedOrder,
  placeMany,
  placeManyStatements,
} from './orders.bulk.js'
export {
  type Attribution,
  createOrdersService,
  type OrderKind,
  type OrdersService,
  type PlaceOptions,
  type PlaceOrderInput,
} from './orders.service.js'
export type { OrdersTables } from './orders.tables.js'

export const ordersModule: LiebianModule = {
  name: 'orders',
  migrations: { '202611230500_orders': init, '202611230800_orders_deals': deals },
  routes: ordersRoutes,
  jobs: {
    /** The unpaid timeout. Asks the provider first, so a paid order whose notification was lost is not cancelled. */
    'orders.expire': outsideTransaction(async ({ tenantId, payload, core }) => {
      try {
        await core.payments.reconcileOrder(tenantId!, payload.orderId)
      } catch (err) {
        // The provider cannot be asked now; cancel anyway: a payment that lands later takes the late-payment path.
        core.log.warn(
          { err, orderId: payload.orderId },
          'could not ask the provider before the unpaid timeout',
        )
      }
      await core.db
        .transaction()
        .execute((trx) => core.orders.expire({ ...systemCtx(tenantId!, trx), db: trx }, payload.orderId))
    }),
  },
}
