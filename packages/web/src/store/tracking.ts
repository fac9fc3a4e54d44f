import { useEffect } from 'react'
import { useLocation } from 'react-router-dom'
import { uuid } from '../shared/random'
import { client } from './api'
import { shopSlug, visitorKey } from './groupbuyApi'

/** What the storefront tells analytics: the first step of the share funnel (view → share → open → order). */
export interface PageEvent {
  id: string
  type: 'page.viewed' | 'page.clicked' | 'share.sent'
  at: string
  path: string
  productId?: string
  targetKind?: 'product' | 'deal' | 'group' | 'flash_slot' | 'bargain' | 'draw' | 'page'
  targetId?: string
  channel?: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Paths whose second segment names what is being looked at. */
const TARGETS: Record<string, PageEvent['targetKind']> = {
  products: 'product',
  deals: 'deal',
  groups: 'group',
  bargains: 'bargain',
  draws: 'draw',
}

/** The page a path shows, as analytics names it; ids that are not uuids are left out, the path stays. */
export function describePage(
  pathname: string,
): Pick<PageEvent, 'path' | 'productId' | 'targetKind' | 'targetId'> {
  const path = pathname.slice(0, 200) || '/'
  const [first, second] = path.split('/').filter(Boolean)
  const kind = first ? TARGETS[first] : undefined
  if (!kind || !second || !UUID.test(second)) return { path }
  return { path, targetKind: kind, targetId: second, ...(kind === 'product' ? { productId: second } : {}) }
}

/** The server takes at most 50 events a request. */
export const BATCH = 50
const FLUSH_MS = 4_000

const queue: PageEvent[] = []
let timer: ReturnType<typeof setTimeout> | undefined

/** Queues an event; they go in batches a few seconds apart, and when the page is hidden. */
export function track(event: Omit<PageEvent, 'id' | 'at'>) {
  queue.push({ id: uuid(), at: new Date().toISOString(), ...event })
  if (queue.length >= BATCH) flush()
  else timer ??= setTimeout(flush, FLUSH_MS)
}

/** Sends what is queued. Best effort: analytics never gets in a shopper's way, so failures are dropped. */
export function flush() {
  if (timer) clearTimeout(timer)
  timer = undefined
  while (queue.length) {
    const events = queue.splice(0, BATCH)
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    const token = client.getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    else headers['X-Visitor-Key'] = visitorKey()
    const shop = shopSlug()
    if (shop) headers['X-Shop'] = shop
    // keepalive lets the last batch leave while the tab closes.
    void fetch('/api/v1/store/analytics/events', {
      method: 'POST',
      headers,
      body: JSON.stringify({ events }),
      keepalive: true,
    }).catch(() => undefined)
  }
}

if (typeof document !== 'undefined')
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush()
  })

/** Records a page view each time the storefront's route changes. */
export function usePageViews() {
  const { pathname } = useLocation()
  useEffect(() => {
    track({ type: 'page.viewed', ...describePage(pathname) })
  }, [pathname])
}
