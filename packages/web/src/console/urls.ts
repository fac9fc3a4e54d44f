/**
 * Typed URL builders and parsers for every console page. Filters, the page (as the trail of
 * keyset cursors that led to it) and which dialog is open all live in the query string, so a
 * link or a reload shows the same screen.
 */
import { ORDER_STATUSES, type OrderStatus } from '../shared/types'
import type { ProductStatus } from './types'

export interface Paging {
  /** Cursors of the pages passed through; the last one fetches the current page. */
  c?: string[]
}
export interface ProductListParams extends Paging {
  status?: ProductStatus
  q?: string
  categoryId?: string
}
export interface OrderListParams extends Paging {
  status?: OrderStatus
  q?: string
  /** Local dates, `YYYY-MM-DD`, inclusive. */
  from?: string
  to?: string
}
export interface InventoryParams extends Paging {
  q?: string
  /** SKU whose adjust dialog is open. */
  adjust?: string
  /** SKU whose movements drawer is open. */
  movements?: string
}
export interface OrderParams {
  action?: 'refund' | 'ship' | 'complete'
}
export interface AfterSalesParams {
  status?: string
  /** After-sales request whose reject dialog is open. */
  reject?: string
}
export interface LedgerParams {
  orderId?: string
}

type ParamValue = string | string[] | undefined

/** `?a=1&c=x&c=y` from a params object, in key order, leaving out empty values. */
export function buildQuery(params: object): string {
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params) as [string, ParamValue][]) {
    if (Array.isArray(v)) for (const item of v) sp.append(k, item)
    else if (v !== undefined && v !== null && v !== '') sp.append(k, String(v))
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}

const str = (sp: URLSearchParams, k: string) => sp.get(k)?.trim() || undefined
const trail = (sp: URLSearchParams) => {
  const c = sp.getAll('c').filter(Boolean)
  return c.length ? c : undefined
}
const DATE = /^\d{4}-\d{2}-\d{2}$/
const oneOf = <T extends string>(v: string | undefined, allowed: readonly T[]) =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined

export const PRODUCT_STATUSES: readonly ProductStatus[] = ['draft', 'published', 'unpublished']

export function parseProductList(sp: URLSearchParams): ProductListParams {
  return {
    status: oneOf(str(sp, 'status'), PRODUCT_STATUSES),
    q: str(sp, 'q'),
    categoryId: str(sp, 'categoryId'),
    c: trail(sp),
  }
}

export function parseOrderList(sp: URLSearchParams): OrderListParams {
  const date = (k: string) => {
    const v = str(sp, k)
    return v && DATE.test(v) ? v : undefined
  }
  return {
    status: oneOf(str(sp, 'status'), ORDER_STATUSES),
    q: str(sp, 'q'),
    from: date('from'),
    to: date('to'),
    c: trail(sp),
  }
}

export function parseInventory(sp: URLSearchParams): InventoryParams {
  return { q: str(sp, 'q'), adjust: str(sp, 'adjust'), movements: str(sp, 'movements'), c: trail(sp) }
}

export function parseOrder(sp: URLSearchParams): OrderParams {
  return { action: oneOf(str(sp, 'action'), ['refund', 'ship', 'complete'] as const) }
}

export function parseAfterSales(sp: URLSearchParams): AfterSalesParams {
  return { status: str(sp, 'status'), reject: str(sp, 'reject') }
}

export function parseLedger(sp: URLSearchParams): LedgerParams {
  return { orderId: str(sp, 'orderId') }
}

/** The same filters one page further on. */
export function nextPage<P extends Paging>(params: P, cursor: string): P {
  return { ...params, c: [...(params.c ?? []), cursor] }
}

/** The same filters one page back. */
export function prevPage<P extends Paging>(params: P): P {
  const c = (params.c ?? []).slice(0, -1)
  return { ...params, c: c.length ? c : undefined }
}

/** The same params with new filters, back on the first page. */
export function withFilters<P extends Paging>(params: P, change: Partial<P>): P {
  return { ...params, ...change, c: undefined }
}

/** The API's `from`/`to` instants for local `YYYY-MM-DD` dates: start of `from`, end of `to`. */
export function dateRange(from?: string, to?: string): { from?: string; to?: string } {
  const at = (d: string, end: boolean) => {
    const [y, m, day] = d.split('-').map(Number)
    return new Date(y, m - 1, day + (end ? 1 : 0), 0, 0, 0, end ? -1 : 0).toISOString()
  }
  return { from: from ? at(from, false) : undefined, to: to ? at(to, true) : undefined }
}

const seg = encodeURIComponent

export const urls = {
  login: (redirect?: string) => `/login${buildQuery({ redirect })}`,
  dashboard: () => '/',
  products: (p: ProductListParams = {}) => `/products${buildQuery(p)}`,
  productNew: () => '/products/new',
  product: (id: string) => `/products/${seg(id)}`,
  categories: () => '/categories',
  inventory: (p: InventoryParams = {}) => `/inventory${buildQuery(p)}`,
  orders: (p: OrderListParams = {}) => `/orders${buildQuery(p)}`,
  order: (id: string, p: OrderParams = {}) => `/orders/${seg(id)}${buildQuery(p)}`,
  afterSales: (p: AfterSalesParams = {}) => `/after-sales${buildQuery(p)}`,
  staff: () => '/staff',
  settings: () => '/settings',
  ledger: (p: LedgerParams = {}) => `/ledger${buildQuery(p)}`,
}
