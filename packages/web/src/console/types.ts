import type { Category, Order } from '../shared/types'

export type ProductStatus = 'draft' | 'published' | 'unpublished'

export interface ConsoleSku {
  id: string
  spec: Record<string, string>
  specLabel: string
  priceFen: number
  listPriceFen: number | null
  imageUrl: string | null
  available: number
  code: string | null
  status: 'active' | 'disabled'
}

export interface ConsoleProduct {
  id: string
  title: string
  subtitle: string
  description: string
  categoryId: string | null
  images: string[]
  coverUrl: string | null
  specNames: string[]
  returnable7d: boolean
  priceFromFen: number
  merchantId: string | null
  status: ProductStatus
  createdAt: string
  updatedAt: string
  skus: ConsoleSku[]
}

export interface SkuInput {
  id?: string
  spec?: Record<string, string>
  code?: string | null
  priceFen: number
  listPriceFen?: number | null
  imageUrl?: string | null
  status?: 'active' | 'disabled'
  initialStock?: number
}

export interface ProductInput {
  title: string
  subtitle?: string
  description?: string
  categoryId?: string | null
  images?: string[]
  specNames?: string[]
  returnable7d?: boolean
  skus: SkuInput[]
}

export interface ConsoleCategory extends Category {
  sort: number
  productCount: number
}

export interface InventoryRow {
  skuId: string
  productId: string
  productTitle: string
  specLabel: string
  code: string | null
  priceFen: number
  onHand: number
  reserved: number
  available: number
}

export interface Movement {
  id: number
  kind: string
  quantity: number
  orderId: string | null
  note: string | null
  at: string
}

export interface PaymentRecord {
  paymentId: string
  provider: string
  outTradeNo: string
  amountFen: number
  status: string
  paidAt: string | null
  createdAt: string
}

export interface RefundRecord {
  id: string
  amountFen: number
  reason: string
  status: string
  afterSalesId: string | null
  createdAt: string
}

export interface ConsoleOrder extends Order {
  payments: PaymentRecord[]
  refunds: RefundRecord[]
}

export interface LedgerAccount {
  code: string
  kind: string
  balanceFen: number
}

export interface LedgerTransfer {
  id: string
  kind: string
  orderId: string | null
  memo: string | null
  createdAt: string
  entries: { account: string; amountFen: number }[]
}

export interface ShopSettings {
  unpaidTimeoutMinutes?: number
  returnWindowDays?: number
  pickupAddress?: string
  servicePhone?: string
  announcement?: string
}

export interface Shop {
  id: string
  slug: string
  name: string
  currency: string
  settings: ShopSettings
}

/** `/console/dashboard`: figures for today; unknown extra fields are shown when they are numbers. */
export type Dashboard = Record<string, unknown>
