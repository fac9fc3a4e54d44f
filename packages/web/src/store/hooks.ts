import { useCallback, useEffect, useRef, useState } from 'react'
import type { Order, OrderSummary, Page, ProductCard, PublicShop } from '../shared/types'
import { useResource } from '../shared/useResource'
import { api } from './api'
import { useSession } from './session'

let shopCache: PublicShop | undefined
/** The shop's public face; fetched once per page load. */
export function useShop() {
  const r = useResource('shop', async () => {
    shopCache ??= await api.shop()
    return shopCache
  })
  return r
}

export function useCategories() {
  return useResource('categories', () => api.categories())
}

export function useProduct(id: string) {
  return useResource(`product:${id}`, () => api.product(id))
}

export function useAddresses() {
  const { token } = useSession()
  return useResource(token ? `addresses:${token}` : null, () => api.addresses())
}

export function useCart() {
  const { token } = useSession()
  return useResource(token ? `cart:${token}` : null, () => api.cart())
}

export function useMe() {
  const { token } = useSession()
  return useResource(token ? `me:${token}` : null, () => api.me())
}

/** A keyset-paginated list that grows as the reader scrolls (for antd-mobile's InfiniteScroll). */
export function useInfinite<T>(
  key: string | null,
  load: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
) {
  const [items, setItems] = useState<T[]>([])
  const [hasMore, setHasMore] = useState(true)
  const [error, setError] = useState<Error | undefined>()
  const cursor = useRef<string | null>(null)
  const gen = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    gen.current++
    cursor.current = null
    setItems([])
    setError(undefined)
    setHasMore(key !== null)
  }, [key])

  const loadMore = useCallback(async () => {
    const my = gen.current
    const ctl = new AbortController()
    try {
      const page = await loadRef.current(cursor.current, ctl.signal)
      if (my !== gen.current) return
      cursor.current = page.nextCursor
      setItems((prev) => [...prev, ...page.items])
      setHasMore(page.nextCursor !== null)
    } catch (err) {
      if (my !== gen.current) return
      setError(err as Error)
      setHasMore(false)
      throw err
    }
  }, [])

  const retry = useCallback(() => {
    setError(undefined)
    setHasMore(true)
  }, [])

  return { items, hasMore, loadMore, error, retry }
}

export function useProductFeed(filter: { categoryId?: string; q?: string }) {
  const key = `products:${filter.categoryId ?? ''}:${filter.q ?? ''}`
  return useInfinite<ProductCard>(key, (cursor, signal) =>
    api.products({ categoryId: filter.categoryId, q: filter.q, limit: 10, cursor }, signal),
  )
}

export function useOrderList(status: string) {
  const { token } = useSession()
  return useInfinite<OrderSummary>(token ? `orders:${status}:${token}` : null, (cursor, signal) =>
    api.orders({ status: status || undefined, cursor }, signal),
  )
}

const PAYING_KEY = 'liebian.store.paying'

/** Marks an order as sent to the cashier, so its page watches for the payment when the shopper returns. */
export function markPaying(orderId: string) {
  sessionStorage.setItem(PAYING_KEY, JSON.stringify({ orderId, at: Date.now() }))
}

function payingFor(orderId: string): boolean {
  try {
    const v = JSON.parse(sessionStorage.getItem(PAYING_KEY) ?? 'null') as {
      orderId: string
      at: number
    } | null
    return !!v && v.orderId === orderId && Date.now() - v.at < 30 * 60_000
  } catch {
    return false
  }
}

/**
 * One order; while it waits for payment after a trip to the cashier it is fetched every 2 s,
 * so it turns to paid as soon as the provider's notification lands.
 */
export function useOrder(id: string, returnedFromCashier = false) {
  const r = useResource<Order>(`order:${id}`, () => api.order(id))
  const watching = r.data?.status === 'pending_payment' && (returnedFromCashier || payingFor(id))
  const { reload } = r
  useEffect(() => {
    if (!watching) return
    const timer = setInterval(() => void reload(), 2000)
    const stop = setTimeout(() => clearInterval(timer), 5 * 60_000)
    return () => {
      clearInterval(timer)
      clearTimeout(stop)
    }
  }, [watching, reload])
  useEffect(() => {
    if (r.data && r.data.status !== 'pending_payment' && payingFor(id)) sessionStorage.removeItem(PAYING_KEY)
  }, [r.data, id])
  return { ...r, watching }
}

/** Re-renders every second until `deadline`; gives the milliseconds left. */
export function useCountdown(deadline: string | null | undefined): number {
  const target = deadline ? new Date(deadline).getTime() : 0
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!target) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [target])
  return target ? Math.max(0, target - now) : 0
}
