import { client } from './api'

export interface DrawOddsPrize {
  id: string
  position: number
  kind: 'product' | 'points' | 'coupon'
  name: string
  imageUrl: string | null
  amount: number | null
  /** The share this prize has now (0 once out of stock): the odds the draw uses. */
  probabilityBp: number
  inStock: boolean
}

export interface DrawChances {
  day: string
  granted: number
  used: number
  remaining: number
  shareEarned: number
  shareDailyCap: number
  inviteEarned: number
  inviteDailyCap: number
}

export interface DrawPageView {
  id: string
  title: string
  description: string
  status: string
  open: boolean
  startsAt: string
  endsAt: string
  odds: { prizes: DrawOddsPrize[]; noPrizeBp: number }
  chances: DrawChances
  inviteVisitChances: number
  inviteOrderChances: number
}

export interface DrawResult {
  drawId: string
  prizeId: string | null
  position: number | null
  prize: DrawOddsPrize | null
  awardId: string | null
  remaining: number
  at: string
}

export interface MyPrize {
  id: string
  campaignId: string
  campaignTitle: string
  kind: 'product' | 'points' | 'coupon'
  name: string
  amount: number | null
  status: 'pending' | 'claimed' | 'fulfilled'
  address: { name: string; phone: string; region: string; detail: string } | null
  createdAt: string
}

const seg = encodeURIComponent

/** The storefront's lucky-draw calls. */
export const luckyDrawApi = {
  open: () => client.get<{ id: string; title: string; endsAt: string }[]>('/store/luckydraw/campaigns'),
  page: (id: string, signal?: AbortSignal) =>
    client.get<DrawPageView>(`/store/luckydraw/campaigns/${seg(id)}`, undefined, { signal }),
  draw: (id: string, idempotencyKey: string) =>
    client.post<DrawResult>(`/store/luckydraw/campaigns/${seg(id)}/draw`, {}, { idempotencyKey }),
  share: (id: string, channel = 'link') =>
    client.post<{ token: string; path: string; earned: number; chances: DrawChances }>(
      `/store/luckydraw/campaigns/${seg(id)}/share`,
      { channel },
    ),
  /** A friend arrived through a draw share: recorded by the sharing module (first visits earn the sharer chances). */
  openShare: (token: string) => client.post<unknown>(`/store/shares/${seg(token)}/open`),
  prizes: () => client.get<MyPrize[]>('/store/luckydraw/prizes'),
  claim: (awardId: string, addressId: string) =>
    client.post<MyPrize>(`/store/luckydraw/prizes/${seg(awardId)}/claim`, { addressId }),
}
