import { createApiClient } from '../shared/api'
import type { AfterSale, Order, Page } from '../shared/types'
import { i18n } from './i18n'
import { type Role, type Staff, session, TOKEN_KEY } from './session'
import type {
  ConsoleCategory,
  ConsoleOrder,
  ConsoleProduct,
  Dashboard,
  InventoryRow,
  LedgerAccount,
  LedgerTransfer,
  Movement,
  ProductInput,
  Shop,
  ShopSettings,
} from './types'

export const client = createApiClient({
  tokenKey: TOKEN_KEY,
  shop: () => session.get().shop,
  lang: i18n.getLang,
  onUnauthorized: () => session.signedOut(),
})

const id = encodeURIComponent

/** Every console call, one function each. */
export const api = {
  login: (shop: string, email: string, password: string) =>
    client.post<{ token: string; expiresAt: string; staff: Staff }>('/console/auth/login', {
      email,
      password,
      shop,
    }),
  logout: () => client.post<{ ok: true }>('/console/auth/logout'),
  me: () => client.get<Staff>('/console/auth/me'),

  dashboard: () => client.get<Dashboard>('/console/dashboard'),

  shop: () => client.get<Shop>('/console/shop'),
  updateShop: (body: { name?: string; settings?: ShopSettings }) => client.patch<Shop>('/console/shop', body),

  staff: () => client.get<Staff[]>('/console/staff'),
  addStaff: (body: { email: string; name: string; password: string; role: Role }) =>
    client.post<Staff>('/console/staff', body, { idempotencyKey: true }),
  updateStaff: (
    staffId: string,
    body: { name?: string; role?: Role; status?: 'active' | 'disabled'; password?: string },
  ) => client.patch<Staff>(`/console/staff/${id(staffId)}`, body),

  categories: () => client.get<ConsoleCategory[]>('/console/categories'),
  addCategory: (body: { name: string; parentId?: string | null; sort?: number; iconUrl?: string | null }) =>
    client.post<ConsoleCategory>('/console/categories', body, { idempotencyKey: true }),
  updateCategory: (
    categoryId: string,
    body: { name?: string; parentId?: string | null; sort?: number; iconUrl?: string | null },
  ) => client.patch<ConsoleCategory>(`/console/categories/${id(categoryId)}`, body),
  deleteCategory: (categoryId: string) => client.del<{ ok: true }>(`/console/categories/${id(categoryId)}`),

  products: (q: { status?: string; q?: string; categoryId?: string; cursor?: string; limit?: number }) =>
    client.get<Page<ConsoleProduct>>('/console/products', q),
  product: (productId: string) => client.get<ConsoleProduct>(`/console/products/${id(productId)}`),
  createProduct: (body: ProductInput, idempotencyKey: string) =>
    client.post<ConsoleProduct>('/console/products', body, { idempotencyKey }),
  updateProduct: (productId: string, body: Partial<ProductInput>) =>
    client.patch<ConsoleProduct>(`/console/products/${id(productId)}`, body),
  publish: (productId: string) => client.post<ConsoleProduct>(`/console/products/${id(productId)}/publish`),
  unpublish: (productId: string) =>
    client.post<ConsoleProduct>(`/console/products/${id(productId)}/unpublish`),
  uploadImage: (file: Blob) =>
    client.upload<{ id: string; url: string; width: number; height: number }>('/console/images', file),

  inventory: (q: { q?: string; cursor?: string; limit?: number }) =>
    client.get<Page<InventoryRow>>('/console/inventory', q),
  adjustStock: (skuId: string, delta: number, note: string, idempotencyKey: string) =>
    client.post<{ skuId: string; onHand: number; reserved: number; available: number }>(
      `/console/inventory/${id(skuId)}/adjust`,
      { delta, note },
      { idempotencyKey },
    ),
  movements: (skuId: string) => client.get<Movement[]>(`/console/inventory/${id(skuId)}/movements`),

  orders: (q: { status?: string; q?: string; from?: string; to?: string; cursor?: string; limit?: number }) =>
    client.get<Page<Order>>('/console/orders', q),
  order: (orderId: string) => client.get<ConsoleOrder>(`/console/orders/${id(orderId)}`),
  ship: (orderId: string, carrier: string, trackingNo: string) =>
    client.post<Order>(`/console/orders/${id(orderId)}/ship`, { carrier, trackingNo }),
  readyForPickup: (orderId: string) => client.post<Order>(`/console/orders/${id(orderId)}/ready-for-pickup`),
  complete: (orderId: string, pickupCode?: string) =>
    client.post<Order>(`/console/orders/${id(orderId)}/complete`, pickupCode ? { pickupCode } : {}),
  refund: (
    orderId: string,
    body: { lines?: { lineId: string; quantity: number }[]; reason: string },
    idempotencyKey: string,
  ) => client.post<AfterSale>(`/console/orders/${id(orderId)}/refund`, body, { idempotencyKey }),

  afterSales: (q: { status?: string }) => client.get<AfterSale[]>('/console/after-sales', q),
  approveAfterSale: (asId: string) => client.post<AfterSale>(`/console/after-sales/${id(asId)}/approve`),
  rejectAfterSale: (asId: string, reason: string) =>
    client.post<AfterSale>(`/console/after-sales/${id(asId)}/reject`, { reason }),

  ledgerAccounts: () => client.get<LedgerAccount[]>('/console/ledger/accounts'),
  ledgerTransfers: (q: { orderId?: string; limit?: number }) =>
    client.get<LedgerTransfer[]>('/console/ledger/transfers', q),
}
