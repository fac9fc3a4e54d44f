import { createApiClient, rememberShop } from '../shared/api'
import type {
  Address,
  AfterSaleType,
  Cart,
  Category,
  Fulfillment,
  Order,
  OrderSummary,
  Page,
  PayStart,
  ProductCard,
  PublicShop,
  Shopper,
  StoreProduct,
} from '../shared/types'
import { i18n } from './i18n'
import { session } from './session'

export const TOKEN_KEY = 'liebian.store.token'
const SHOP_KEY = 'liebian.store.shop'
const shop = rememberShop(SHOP_KEY, typeof location === 'undefined' ? '' : location.search)

export const client = createApiClient({
  tokenKey: TOKEN_KEY,
  shop: () => shop,
  lang: i18n.getLang,
  onUnauthorized: () => session.signedOut(),
})

export interface CheckoutInput {
  items?: { skuId: string; quantity: number }[]
  cartItemIds?: string[]
  fulfillment: Fulfillment
  addressId?: string
  note?: string
  /** Who brought the order in: the share link the visitor arrived by. */
  attribution?: { shareToken?: string }
}

/** Every storefront call, one function each. */
export const api = {
  shop: () => client.get<PublicShop>('/store/shop'),
  sendCode: (phone: string) => client.post<{ retryAfterSeconds: number }>('/store/auth/code', { phone }),
  sandboxCode: (phone: string) => client.get<{ code: string }>('/store/auth/sandbox-code', { phone }),
  login: (phone: string, code: string) =>
    client.post<{ token: string; expiresAt: string; shopper: Shopper }>('/store/auth/login', { phone, code }),
  logout: () => client.post<{ ok: true }>('/store/auth/logout'),
  me: () => client.get<Shopper>('/store/me'),
  updateMe: (nickname: string) => client.patch<Shopper>('/store/me', { nickname }),
  addresses: () => client.get<Address[]>('/store/addresses'),
  addAddress: (a: Omit<Address, 'id' | 'isDefault'> & { isDefault?: boolean }) =>
    client.post<Address>('/store/addresses', a, { idempotencyKey: true }),
  deleteAddress: (id: string) => client.del<{ ok: true }>(`/store/addresses/${encodeURIComponent(id)}`),
  categories: () => client.get<Category[]>('/store/categories'),
  products: (
    q: { categoryId?: string; q?: string; limit?: number; cursor?: string | null },
    signal?: AbortSignal,
  ) => client.get<Page<ProductCard>>('/store/products', q, { signal }),
  product: (id: string) => client.get<StoreProduct>(`/store/products/${encodeURIComponent(id)}`),
  cart: () => client.get<Cart>('/store/cart'),
  addToCart: (skuId: string, quantity: number) =>
    client.post<unknown>('/store/cart/items', { skuId, quantity }),
  setCartQuantity: (id: string, quantity: number) =>
    client.patch<unknown>(`/store/cart/items/${encodeURIComponent(id)}`, { quantity }),
  removeCartItem: (id: string) => client.del<unknown>(`/store/cart/items/${encodeURIComponent(id)}`),
  checkout: (input: CheckoutInput, idempotencyKey: string) =>
    client.post<Order>('/store/orders', input, { idempotencyKey }),
  orders: (q: { status?: string; cursor?: string | null }, signal?: AbortSignal) =>
    client.get<Page<OrderSummary>>('/store/orders', q, { signal }),
  order: (id: string) => client.get<Order>(`/store/orders/${encodeURIComponent(id)}`),
  pay: (id: string, idempotencyKey: string) =>
    client.post<PayStart>(`/store/orders/${encodeURIComponent(id)}/pay`, {}, { idempotencyKey }),
  cancel: (id: string) => client.post<Order>(`/store/orders/${encodeURIComponent(id)}/cancel`),
  confirmReceipt: (id: string) =>
    client.post<Order>(`/store/orders/${encodeURIComponent(id)}/confirm-receipt`),
  afterSale: (
    id: string,
    body: { type: AfterSaleType; reason: string; lines: { lineId: string; quantity: number }[] },
    idempotencyKey: string,
  ) => client.post<unknown>(`/store/orders/${encodeURIComponent(id)}/after-sales`, body, { idempotencyKey }),
}
