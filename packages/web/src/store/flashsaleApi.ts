import { client } from './api'

export type SlotPhase = 'upcoming' | 'live' | 'ended'

export interface FlashItem {
  skuId: string
  productId: string
  title: string
  specLabel: string
  imageUrl: string | null
  flashPriceFen: number
  priceFen: number
  perPersonLimit: number
  stock: number
  left: number
  soldUnits: number
  soldOut: boolean
}

export interface FlashSlot {
  id: string
  campaignId: string
  title: string
  startsAt: string
  endsAt: string
  phase: SlotPhase
  items: FlashItem[]
}

export interface FlashPurchase {
  id: string
  slotId: string
  skuId: string
  quantity: number
  unitPriceFen: number
  totalFen: number
  orderId: string
  status: 'pending' | 'paid' | 'cancelled'
  expiresAt: string
  createdAt: string
}

/** Storefront flash-sale calls. */
export const flashSaleApi = {
  slots: (signal?: AbortSignal) =>
    client.get<{ serverNow: string; slots: FlashSlot[] }>('/store/flash-sales', undefined, { signal }),
  buy: (slotId: string, skuId: string, quantity = 1) =>
    // A repeat while unpaid returns the same purchase: the server makes the tap idempotent.
    client.post<FlashPurchase>('/store/flash-sales/purchases', { slotId, skuId, quantity }),
}

/** The phase of a slot at a moment of the server's clock. */
export function phaseAt(
  s: { startsAt: string; endsAt: string; phase: SlotPhase },
  serverMs: number,
): SlotPhase {
  if (s.phase === 'ended' || serverMs >= Date.parse(s.endsAt)) return 'ended'
  return serverMs < Date.parse(s.startsAt) ? 'upcoming' : 'live'
}

/** Sold share of a slot SKU in percent, for its progress bar. */
export const soldPercent = (i: Pick<FlashItem, 'soldUnits' | 'stock'>) =>
  i.stock > 0 ? Math.min(100, Math.round((i.soldUnits / i.stock) * 100)) : 0
