import { rememberShop } from '../shared/api'
import type { DealType, DealView, GroupViewBase, SeatStatus } from '../shared/groupbuyTypes'
import { uuid } from '../shared/random'
import type { Fulfillment, Order } from '../shared/types'
import { client } from './api'

export type * from '../shared/groupbuyTypes'

export interface GroupView extends GroupViewBase {
  me: {
    seatId: string
    seatStatus: SeatStatus
    orderId: string
    isOpener: boolean
    won: boolean | null
  } | null
}

export type DealDetail = DealView & { openGroups: GroupView[] }

export interface SeatInput {
  fulfillment: Fulfillment
  addressId?: string
  quantity?: number
  realName?: string
  residentId?: string
  shareToken?: string
}

export interface ShareOpened {
  token: string
  targetKind: string
  targetId: string
  sharerId: string
  firstVisit: boolean
}

const seg = encodeURIComponent
const SHOP_KEY = 'liebian.store.shop'
const VISITOR_KEY = 'liebian.store.visitor'

/** A random key for this browser, so a signed-out visitor's opens of a link count once. */
export function visitorKey(): string {
  try {
    let v = localStorage.getItem(VISITOR_KEY)
    if (!v) {
      v = uuid()
      localStorage.setItem(VISITOR_KEY, v)
    }
    return v
  } catch {
    return uuid()
  }
}

/** The shop slug this browser looks at, if any (for URLs that cannot carry headers). */
export function shopSlug(): string | null {
  return rememberShop(SHOP_KEY, typeof location === 'undefined' ? '' : location.search)
}

/** Every group-buy call of the storefront. */
export const groupBuyApi = {
  deals: (q: { productId?: string; type?: DealType } = {}, signal?: AbortSignal) =>
    client.get<{ items: DealView[] }>('/store/deals', q, { signal }),
  deal: (id: string) => client.get<DealDetail>(`/store/deals/${seg(id)}`),
  open: (dealId: string, body: SeatInput, idempotencyKey: string) =>
    client.post<{ group: GroupView; order: Order }>(`/store/deals/${seg(dealId)}/groups`, body, {
      idempotencyKey,
    }),
  join: (groupId: string, body: SeatInput, idempotencyKey: string) =>
    client.post<{ group: GroupView; order: Order }>(`/store/groups/${seg(groupId)}/join`, body, {
      idempotencyKey,
    }),
  group: (id: string, signal?: AbortSignal) =>
    client.get<GroupView>(`/store/groups/${seg(id)}`, undefined, { signal }),
  myGroups: () => client.get<{ items: GroupView[] }>('/store/me/groups'),
  share: (targetKind: string, targetId: string, channel?: string) =>
    client.post<{ token: string; path: string }>('/store/shares', { targetKind, targetId, channel }),
  /** Records that a share link was opened; signed out, this browser's visitor key stands in. */
  openShare: async (token: string): Promise<ShareOpened> => {
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' }
    const bearer = client.getToken()
    if (bearer) headers.Authorization = `Bearer ${bearer}`
    else headers['X-Visitor-Key'] = visitorKey()
    const shop = shopSlug()
    if (shop) headers['X-Shop'] = shop
    const res = await fetch(`/api/v1/store/shares/${seg(token)}/open`, {
      method: 'POST',
      headers,
      body: '{}',
    })
    if (!res.ok) throw new Error(`share ${res.status}`)
    return (await res.json()) as ShareOpened
  },
  /** The live feed of a group's changes (EventSource cannot send headers: the shop rides in the query). */
  eventsUrl: (id: string) => {
    const shop = shopSlug()
    return `/api/v1/store/groups/${seg(id)}/events${shop ? `?shop=${seg(shop)}` : ''}`
  },
}
