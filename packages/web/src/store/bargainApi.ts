import { uuid } from '../shared/random'
import type { Fulfillment, Order } from '../shared/types'
import { client } from './api'

export type BargainStatus = 'ongoing' | 'reached' | 'ordered' | 'completed' | 'expired'

/** A bargain offer open now on a product. */
export interface BargainOffer {
  id: string
  productId: string
  skuId: string
  title: string
  specLabel: string
  imageUrl: string | null
  startPriceFen: number
  floorPriceFen: number
  helpersNeeded: number
  timeLimitMinutes: number
  endsAt: string
  buyAtCurrentPrice: boolean
  soldOut: boolean
  /** The signed-in shopper's open bargain on this offer. */
  myBargainId: string | null
}

/** A friend's cut; the nickname comes masked. */
export interface BargainHelper {
  nickname: string
  avatarUrl: string | null
  cutFen: number
  newCustomer: boolean
  at: string
  me: boolean
}

export interface BargainView {
  id: string
  offerId: string
  status: BargainStatus
  startPriceFen: number
  floorPriceFen: number
  currentPriceFen: number
  cutFen: number
  helpersNeeded: number
  helpersCount: number
  expiresAt: string
  reachedAt: string | null
  payBy: string | null
  orderId: string | null
  buyAtCurrentPrice: boolean
  product: {
    id: string
    skuId: string
    title: string
    specLabel: string
    imageUrl: string | null
    priceFen: number
  }
  starter: { nickname: string; avatarUrl: string | null }
  helpers: BargainHelper[]
  mine: boolean
  helped: boolean
  canOrder: boolean
  share: { token: string; path: string } | null
  serverTime: string
}

export interface MyBargain {
  id: string
  offerId: string
  status: BargainStatus
  title: string
  imageUrl: string | null
  startPriceFen: number
  floorPriceFen: number
  currentPriceFen: number
  helpersNeeded: number
  helpersCount: number
  expiresAt: string
  payBy: string | null
  orderId: string | null
  createdAt: string
}

const DEVICE_KEY = 'liebian.device'

/**
 * This browser's device key, kept in localStorage and sent as the `lb_device` cookie: the server
 * counts helps per device with it (and falls back to the address when it is missing).
 */
export function ensureDeviceKey(): string {
  let key: string | null = null
  try {
    key = localStorage.getItem(DEVICE_KEY)
    if (!key) {
      key = uuid().replace(/-/g, '')
      localStorage.setItem(DEVICE_KEY, key)
    }
  } catch {
    key = key ?? uuid().replace(/-/g, '')
  }
  // biome-ignore lint/suspicious/noDocumentCookie: a same-origin cookie the API reads; no cookie store API needed
  document.cookie = `lb_device=${key}; path=/; max-age=31536000; SameSite=Lax`
  return key
}

const seg = encodeURIComponent

/** Every bargain call of the storefront. */
export const bargainApi = {
  offers: (productId: string) => client.get<BargainOffer[]>('/store/bargain/offers', { productId }),
  start: (offerId: string) =>
    client.post<BargainView>(`/store/bargain/offers/${seg(offerId)}/start`, undefined, {
      idempotencyKey: true,
    }),
  get: (id: string) => client.get<BargainView>(`/store/bargains/${seg(id)}`),
  mine: () => client.get<MyBargain[]>('/store/bargains'),
  help: (id: string) => {
    ensureDeviceKey()
    return client.post<{ cutFen: number; newCustomer: boolean; bargain: BargainView }>(
      `/store/bargains/${seg(id)}/help`,
      undefined,
      { idempotencyKey: true },
    )
  },
  order: (id: string, body: { fulfillment: Fulfillment; addressId?: string }, attempt: string) =>
    client.post<Order>(`/store/bargains/${seg(id)}/order`, body, { idempotencyKey: attempt }),
  /** Records that a shared link was opened (best effort). */
  openShare: (token: string) => client.post<unknown>(`/store/shares/${seg(token)}/open`, {}),
}
