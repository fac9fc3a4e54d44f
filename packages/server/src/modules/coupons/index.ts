import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { couponsInvariants } from './coupons.checks.js'
import { couponsRoutes } from './coupons.routes.js'
import * as init from './migrations/202611231800_coupons.js'
import * as orderPrices from './migrations/202611231830_coupons_order_prices.js'

export { type CouponsService, createCouponsService, DEFAULT_POINTS_RULES } from './coupons.service.js'
export type { CouponsTables } from './coupons.tables.js'
export { type CouponStatus, couponMachine } from './domain/coupon-state.js'
export {
  allocate,
  type CouponTerms,
  type PriceInput,
  type PriceResult,
  resolvePrice,
  type SpecialPrice,
} from './domain/price.js'

export const couponsModule: LiebianModule = {
  name: 'coupons',
  migrations: { '202611231800_coupons': init, '202611231830_coupons_order_prices': orderPrices },
  routes: couponsRoutes,
  subscribers: [
    {
      // An order given up or refunded in full gives its coupons back while they are still valid.
      name: 'coupons.order-released',
      events: ['orders.order.cancelled', 'orders.order.refunded'],
      handle: async (event, trx, core) =>
        void (await core.coupons.orderReleased(
          { ...systemCtx(event.tenantId, trx), db: trx },
          event.payload.orderId,
          event.type === 'orders.order.cancelled' ? 'order cancelled' : 'order refunded',
        )),
    },
    {
      // A payment after the cancel took the order after all: its coupons are used on it again.
      name: 'coupons.order-paid-late',
      events: ['orders.order.paid'],
      handle: async (event, trx, core) => {
        if (event.payload.event !== 'late_pay') return
        await core.coupons.orderPaidLate(
          { ...systemCtx(event.tenantId, trx), db: trx },
          event.payload.orderId,
        )
      },
    },
  ],
  checks: couponsInvariants,
}
