import { analyticsModule } from './modules/analytics/index.js'
import { bargainModule } from './modules/bargain/index.js'
import { catalogModule } from './modules/catalog/index.js'
import { communityModule } from './modules/community/index.js'
import { couponsModule } from './modules/coupons/index.js'
import { distributionModule } from './modules/distribution/index.js'
import { flashSaleModule } from './modules/flashsale/index.js'
import { groupBuyModule } from './modules/groupbuy/index.js'
import { identityModule } from './modules/identity/index.js'
import { inventoryModule } from './modules/inventory/index.js'
import { ledgerModule } from './modules/ledger/index.js'
import { luckyDrawModule } from './modules/luckydraw/index.js'
import { ordersModule } from './modules/orders/index.js'
import { paymentsModule } from './modules/payments/index.js'
import { sharingModule } from './modules/sharing/index.js'
import { shopsModule } from './modules/shops/index.js'
import * as platformInit from './platform/migrations/202611230000_platform.js'
import type { LiebianModule } from './platform/module.js'

/** The modules this server is built from, in the order their routes register. */
export const modules: LiebianModule[] = [
  shopsModule,
  identityModule,
  catalogModule,
  inventoryModule,
  ledgerModule,
  ordersModule,
  paymentsModule,
  sharingModule,
  flashSaleModule,
  groupBuyModule,
  bargainModule,
  luckyDrawModule,
  distributionModule,
  communityModule,
  analyticsModule,
  couponsModule,
]

export const allMigrations = () =>
  Object.assign({ '202611230000_platform': platformInit }, ...modules.map((m) => m.migrations ?? {}))
