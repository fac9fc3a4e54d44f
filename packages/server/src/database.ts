import type { AnalyticsTables } from './modules/analytics/index.js'
import type { BargainTables } from './modules/bargain/index.js'
import type { CatalogTables } from './modules/catalog/index.js'
import type { CommunityTables } from './modules/community/index.js'
import type { CouponsTables } from './modules/coupons/index.js'
import type { DistributionTables } from './modules/distribution/index.js'
import type { FlashSaleTables } from './modules/flashsale/index.js'
import type { GroupBuyTables } from './modules/groupbuy/index.js'
import type { IdentityTables } from './modules/identity/index.js'
import type { InventoryTables } from './modules/inventory/index.js'
import type { LedgerTables } from './modules/ledger/index.js'
import type { LuckyDrawTables } from './modules/luckydraw/index.js'
import type { OrdersTables } from './modules/orders/index.js'
import type { PaymentsTables } from './modules/payments/index.js'
import type { SharingTables } from './modules/sharing/index.js'
import type { PlatformTables } from './platform/platform.tables.js'

/** Every table, as Kysely sees it: the platform's and each module's own. */
export interface DB
  extends PlatformTables,
    IdentityTables,
    CatalogTables,
    InventoryTables,
    LedgerTables,
    OrdersTables,
    PaymentsTables,
    SharingTables,
    FlashSaleTables,
    GroupBuyTables,
    BargainTables,
    LuckyDrawTables,
    DistributionTables,
    CommunityTables,
    AnalyticsTables,
    CouponsTables {}
