import type { Page } from '../shared/types'
import { client } from './api'

export type OfferStatus = 'active' | 'paused' | 'ended'

export interface BargainOffer {
  id: string
  productId: string
  skuId: string
  status: OfferStatus
  title: string
  specLabel: string
  imageUrl: string | null
  skuPriceFen: number
  startPriceFen: number
  floorPriceFen: number
  helpersNeeded: number
  timeLimitMinutes: number
  startsAt: string
  endsAt: string
  perShopperLimit: number
  stockCap: number | null
  orderedCount: number
  payWithinMinutes: number
  buyAtCurrentPrice: boolean
  helperDailyLimit: number
  deviceDailyLimit: number
  figures: { started: number; reached: number; ordered: number; paid: number; paidGmvFen: number }
  createdAt: string
  updatedAt: string
}

export interface OfferInput {
  skuId?: string
  startPriceFen?: number
  floorPriceFen: number
  helpersNeeded: number
  timeLimitMinutes: number
  startsAt: string
  endsAt: string
  perShopperLimit: number
  stockCap: number | null
  payWithinMinutes: number
  buyAtCurrentPrice: boolean
  helperDailyLimit: number
  deviceDailyLimit: number
}

const seg = encodeURIComponent

/** Every bargain call of the console. */
export const bargainApi = {
  offers: (q: { status?: OfferStatus; cursor?: string; limit?: number }) =>
    client.get<Page<BargainOffer>>('/console/bargain/offers', q),
  offer: (id: string) => client.get<BargainOffer>(`/console/bargain/offers/${seg(id)}`),
  create: (body: OfferInput, idempotencyKey: string) =>
    client.post<BargainOffer>('/console/bargain/offers', body, { idempotencyKey }),
  update: (id: string, body: Partial<OfferInput>) =>
    client.patch<BargainOffer>(`/console/bargain/offers/${seg(id)}`, body),
  move: (id: string, event: 'pause' | 'resume' | 'end') =>
    client.post<BargainOffer>(`/console/bargain/offers/${seg(id)}/${event}`),
}
