/** Shapes of the API's answers (docs/api.md); money is integer fen. */

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PublicShop {
  slug: string
  name: string
  currency: string
  announcement?: string
  servicePhone?: string
  pickupAddress?: string
}

export interface Shopper {
  id: string
  phone: string
  nickname: string
  avatarUrl: string | null
}

export interface Address {
  id: string
  name: string
  phone: string
  region: string
  detail: string
  isDefault: boolean
}

export interface Category {
  id: string
  name: string
  iconUrl: string | null
  parentId: string | null
  sort?: number
}

export interface ProductCard {
  id: string
  title: string
  subtitle: string
  coverUrl: string | null
  priceFromFen: number
  soldOut: boolean
}

export interface StoreSku {
  id: string
  spec: Record<string, string>
  specLabel?: string
  priceFen: number
  listPriceFen: number | null
  imageUrl: string | null
  available: number
}

export interface StoreProduct {
  id: string
  title: string
  subtitle: string
  description: string
  categoryId?: string | null
  images: string[]
  coverUrl?: string | null
  specNames: string[]
  returnable7d: boolean
  priceFromFen: number
  soldOut?: boolean
  skus: StoreSku[]
}

export interface CartItem {
  id: string
  skuId: string
  productId: string
  title: string
  specLabel: string
  imageUrl: string | null
  priceFen: number
  quantity: number
  available: number
}

export interface Cart {
  items: CartItem[]
  totalFen: number
}

export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'shipped'
  | 'ready_for_pickup'
  | 'completed'
  | 'cancelled'
  | 'refunded'

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending_payment',
  'paid',
  'shipped',
  'ready_for_pickup',
  'completed',
  'cancelled',
  'refunded',
]

export type Fulfillment = 'delivery' | 'pickup'

export interface OrderLine {
  id: string
  skuId: string
  productId: string
  title: string
  specLabel: string
  imageUrl: string | null
  unitPriceFen: number
  quantity: number
  amountFen: number
  refundedQuantity?: number
  refundedFen: number
  returnable7d: boolean
}

export interface OrderHistoryEntry {
  from: string | null
  to: string
  event: string
  actorKind?: string
  at: string
  reason: string | null
}

export type AfterSaleType = 'refund_only' | 'return_refund'
export type AfterSaleStatus = 'requested' | 'approved' | 'rejected' | 'refunded' | 'cancelled'

export interface AfterSale {
  id: string
  orderId: string
  type: AfterSaleType | string
  status: AfterSaleStatus | string
  reason: string
  noReasonReturn?: boolean
  lines: { lineId: string; quantity: number; amountFen: number }[]
  amountFen: number
  rejectReason: string | null
  createdBy?: string
  createdAt: string
}

export interface OrderAddress {
  name: string
  phone: string
  region: string
  detail: string
}

export interface Order {
  id: string
  orderNo: string
  status: OrderStatus
  fulfillment: Fulfillment
  address: OrderAddress | null
  note: string | null
  lines: OrderLine[]
  itemCount?: number
  itemsFen: number
  shippingFen: number
  discountFen?: number
  totalFen: number
  paidFen: number
  refundedFen: number
  createdAt: string
  expiresAt: string | null
  paidAt: string | null
  shippedAt?: string | null
  completedAt?: string | null
  cancelledAt?: string | null
  carrier?: string | null
  trackingNo?: string | null
  pickupCode?: string | null
  shopper?: { id: string; phone: string; nickname: string }
  history?: OrderHistoryEntry[]
  afterSales?: AfterSale[]
}

/** List rows are whole orders too. */
export type OrderSummary = Order

export interface PayStart {
  paymentId: string
  orderId?: string
  provider: string
  outTradeNo?: string
  amountFen?: number
  status?: string
  payUrl: string | null
}
