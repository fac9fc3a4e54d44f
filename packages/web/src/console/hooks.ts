import { App } from 'antd'
import { useCallback, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { useResource } from '../shared/useResource'
import { api } from './api'
import { useSession } from './session'
import {
  type AfterSalesParams,
  dateRange,
  type InventoryParams,
  type LedgerParams,
  type OrderListParams,
  type ProductListParams,
} from './urls'

/** A stable cache key from params (array order kept). */
const keyOf = (name: string, p: object) => `${name}:${JSON.stringify(p)}`

/**
 * The page's params parsed from the query string, and a setter that writes them back
 * through a typed URL builder (replacing the entry unless `push` is asked for).
 */
export function useUrlParams<P extends object>(parse: (sp: URLSearchParams) => P, build: (p: P) => string) {
  const [sp] = useSearchParams()
  const navigate = useNavigate()
  const params = parse(sp)
  const setParams = useCallback(
    (next: P, opts: { push?: boolean } = {}) => navigate(build(next), { replace: !opts.push }),
    [navigate, build],
  )
  return [params, setParams] as const
}

/**
 * A busy flag and a runner for a dialog's action: the flag is up while the action runs,
 * and a failure is shown as an error message.
 */
export function useBusyAction() {
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    try {
      await action()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return [busy, run] as const
}

export function useDashboard() {
  return useResource('dashboard', () => api.dashboard())
}

export function useShopSettings() {
  const { token } = useSession()
  return useResource(`shop:${token}`, () => api.shop())
}

export function useStaffList() {
  return useResource('staff', () => api.staff())
}

export function useCategories() {
  return useResource('categories', () => api.categories())
}

export function useProducts(p: ProductListParams) {
  const { c, ...filters } = p
  return useResource(keyOf('products', p), () => api.products({ ...filters, cursor: c?.at(-1), limit: 20 }))
}

export function useProduct(id: string | null) {
  return useResource(id ? `product:${id}` : null, () => api.product(id as string))
}

export function useInventory(p: Pick<InventoryParams, 'q' | 'c'>) {
  return useResource(keyOf('inventory', { q: p.q, c: p.c }), () =>
    api.inventory({ q: p.q, cursor: p.c?.at(-1), limit: 20 }),
  )
}

export function useMovements(skuId: string | undefined) {
  return useResource(skuId ? `movements:${skuId}` : null, () => api.movements(skuId as string))
}

export function useOrders(p: OrderListParams) {
  const { c, from, to, ...filters } = p
  return useResource(keyOf('orders', p), () =>
    api.orders({ ...filters, ...dateRange(from, to), cursor: c?.at(-1), limit: 20 }),
  )
}

export function useOrder(id: string) {
  return useResource(`order:${id}`, () => api.order(id))
}

export function useAfterSales(p: Pick<AfterSalesParams, 'status'>) {
  return useResource(`after-sales:${p.status ?? ''}`, () => api.afterSales({ status: p.status }))
}

export function useLedger(p: LedgerParams) {
  const accounts = useResource('ledger:accounts', () => api.ledgerAccounts())
  const transfers = useResource(`ledger:transfers:${p.orderId ?? ''}`, () =>
    api.ledgerTransfers({ orderId: p.orderId, limit: 100 }),
  )
  return { accounts, transfers }
}
