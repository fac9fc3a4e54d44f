import type { Order } from '../shared/types'
import { client } from './api'
import type { OpeningPeriod } from './community'
import { storefrontShop } from './promoterApi'

export interface PickupPoint {
  id: string
  leaderId: string
  leaderName: string
  name: string
  address: string
  lat: number
  lng: number
  hours: OpeningPeriod[]
  hoursNote: string
  photoUrl: string | null
  active: boolean
  openNow: boolean
  /** Geodesic metres from where the shopper is, when measured. */
  distanceM: number | null
}

export interface Nearest {
  items: PickupPoint[]
  origin: { lat: number; lng: number }
  radiusKm: number
}

export interface Chosen {
  pickupPoint: PickupPoint | null
  chosenAt: string | null
}

export type LeaderStatus = 'applied' | 'active' | 'rejected' | 'paused'

export interface LeaderMe {
  leader: {
    id: string
    name: string
    communityName: string
    status: LeaderStatus
    reason: string | null
    pickupPointId: string | null
  } | null
  pickupPoint: PickupPoint | null
}

export type CampaignStatus = 'draft' | 'open' | 'closed' | 'receiving' | 'completed' | 'cancelled'

export interface CampaignSku {
  skuId: string
  productId: string
  title: string
  specLabel: string
  priceFen: number
  perPersonLimit: number
  /** Left under the total cap; null when uncapped. */
  remaining: number | null
}

export interface StoreCampaign {
  id: string
  title: string
  status: CampaignStatus
  cutoffAt: string
  pickupDate: string
  skus: CampaignSku[]
}

export type PickupStatus =
  | 'pending_payment'
  | 'awaiting_goods'
  | 'ready'
  | 'picked_up'
  | 'uncollected'
  | 'cancelled'
  | 'refunded'

export interface Shortage {
  lineId: string
  skuId: string
  quantity: number
  refundFen: number
}

export interface MyPickup {
  orderId: string
  orderNo: string
  campaignId: string
  campaignTitle: string
  pickupDate: string
  pickupPointId: string
  pickupPointName: string
  address: string
  status: PickupStatus
  totalFen: number
  refundedFen: number
  shortages: Shortage[] | null
  /** Shown while the order waits to be collected. */
  pickupCode: string | null
  pickedUpAt: string | null
}

export interface LeaderOrder {
  orderId: string
  orderNo: string
  /** Nickname, or the phone masked by the server. */
  shopper: string
  status: PickupStatus
  totalFen: number
  refundedFen: number
  shortages: Shortage[] | null
  pickedUpAt: string | null
  lines: { title: string; specLabel: string; quantity: number }[]
}

export interface PickingLine {
  skuId: string
  title: string
  specLabel: string
  unit: string
  quantity: number
  amountFen: number
  received: number | null
  damaged: number | null
  receivedAt: string | null
}

export interface PickingList {
  points: { pickupPointId: string; pickupPointName: string; lines: PickingLine[] }[]
}

export interface LeaderEarnings {
  frozenFen: number
  settledFen: number
  orders: number
}

const enc = encodeURIComponent

/** Every community-buying call of the storefront. */
export const communityApi = {
  nearest: (q: { lat: number; lng: number; limit?: number; radiusKm?: number }) =>
    client.get<Nearest>('/store/community/pickup-points', { limit: 20, radiusKm: 20, ...q }),
  chosen: (from?: { lat: number; lng: number }) => client.get<Chosen>('/store/community/pickup-point', from),
  choose: (pickupPointId: string) =>
    client.request<Chosen>('PUT', '/store/community/pickup-point', { body: { pickupPointId } }),
  point: (id: string, from?: { lat: number; lng: number }) =>
    client.get<PickupPoint>(`/store/community/pickup-points/${enc(id)}`, from),
  leaderMe: () => client.get<LeaderMe>('/store/community/leader/me'),
  campaign: (id: string) => client.get<StoreCampaign>(`/store/community/campaigns/${enc(id)}`),
  order: (
    campaignId: string,
    body: { leaderId: string; items: { skuId: string; quantity: number }[]; note?: string },
    idempotencyKey: string,
  ) => client.post<Order>(`/store/community/campaigns/${enc(campaignId)}/orders`, body, { idempotencyKey }),
  pickups: () => client.get<{ items: MyPickup[] }>('/store/community/pickups'),
  /** The QR image needs the shopper's token, which an `<img>` cannot send: fetched, then shown as a blob. */
  pickupQr: async (orderId: string, signal?: AbortSignal): Promise<Blob> => {
    const headers: Record<string, string> = {}
    const token = client.getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    const shop = storefrontShop()
    if (shop) headers['X-Shop'] = shop
    const res = await fetch(`/api/v1/store/community/pickups/${enc(orderId)}/qr.png`, { headers, signal })
    if (!res.ok) throw new Error(`QR ${res.status}`)
    return res.blob()
  },
  leaderOrders: (campaignId: string) =>
    client.get<{ campaignId: string; pickupPointId: string; items: LeaderOrder[] }>(
      `/store/community/leader/campaigns/${enc(campaignId)}/orders`,
    ),
  pickingList: (campaignId: string) =>
    client.get<PickingList>(`/store/community/leader/campaigns/${enc(campaignId)}/picking-list`),
  receive: (campaignId: string, lines: { skuId: string; received: number; damaged: number }[]) =>
    client.post<{ ready: number; refunded: { orderId: string; lines: Shortage[] }[] }>(
      `/store/community/leader/campaigns/${enc(campaignId)}/receipt`,
      { lines },
      { idempotencyKey: true },
    ),
  verify: (campaignId: string, code: string) =>
    client.post<{ orderId: string; status: PickupStatus; pickedUpAt: string }>(
      `/store/community/leader/campaigns/${enc(campaignId)}/verify`,
      { code },
    ),
  earnings: () => client.get<LeaderEarnings>('/store/community/leader/earnings'),
}
