import type { Page } from '../shared/types'
import { client } from './api'
import { session } from './session'

export type PrizeKind = 'product' | 'points' | 'coupon'
export type CampaignStatus = 'draft' | 'active' | 'paused' | 'ended'
export type CampaignAction = 'publish' | 'pause' | 'resume' | 'end'

export interface PrizeInput {
  id?: string
  kind: PrizeKind
  name: string
  imageUrl?: string | null
  skuId?: string | null
  amount?: number | null
  reference?: string | null
  stock: number
  probabilityBp: number
}

export interface CampaignInput {
  title: string
  description?: string
  startsAt: string
  endsAt: string
  dailyChances: number
  shareDailyCap: number
  inviteVisitChances: number
  inviteOrderChances: number
  inviteDailyCap: number
  noPrizeBp: number
  prizes: PrizeInput[]
}

interface CampaignBase extends Omit<CampaignInput, 'prizes'> {
  id: string
  status: CampaignStatus
  description: string
  createdAt: string
  updatedAt: string
}

export interface CampaignSummary extends CampaignBase {
  draws: number
  wins: number
}

export interface Prize extends Required<Omit<PrizeInput, 'id'>> {
  id: string
  position: number
  awarded: number
  stockLeft: number
  currentProbabilityBp: number
}

export interface Campaign extends CampaignBase {
  prizes: Prize[]
  currentNoPrizeBp: number
  figures: { draws: number; wins: number; drawers: number; winners: number }
}

export interface Winner {
  id: string
  prizeId: string
  kind: PrizeKind
  name: string
  amount: number | null
  reference: string | null
  status: 'pending' | 'claimed' | 'fulfilled'
  address: { name: string; phone: string; region: string; detail: string } | null
  createdAt: string
  shopperId: string
  shopperPhone: string
  shopperNickname: string
}

const seg = encodeURIComponent

export const luckyDrawUrls = {
  list: () => '/luckydraw',
  create: () => '/luckydraw?create=1',
  campaign: (id: string) => `/luckydraw/${seg(id)}`,
  edit: (id: string) => `/luckydraw/${seg(id)}?edit=1`,
}

/** The console's lucky-draw calls. */
export const luckyDrawApi = {
  list: () => client.get<CampaignSummary[]>('/console/luckydraw/campaigns'),
  get: (id: string) => client.get<Campaign>(`/console/luckydraw/campaigns/${seg(id)}`),
  create: (body: CampaignInput, idempotencyKey: string) =>
    client.post<Campaign>('/console/luckydraw/campaigns', body, { idempotencyKey }),
  update: (id: string, body: CampaignInput) =>
    client.request<Campaign>('PUT', `/console/luckydraw/campaigns/${seg(id)}`, { body }),
  act: (id: string, action: CampaignAction) =>
    client.post<Campaign>(`/console/luckydraw/campaigns/${seg(id)}/${action}`),
  winners: (id: string, cursor?: string | null) =>
    client.get<Page<Winner>>(`/console/luckydraw/campaigns/${seg(id)}/winners`, { cursor, limit: 20 }),
  fulfil: (awardId: string) => client.post<Winner>(`/console/luckydraw/awards/${seg(awardId)}/fulfil`),
  /** Downloads every winner as CSV (the server writes it; the browser saves it). */
  async exportWinners(id: string) {
    const res = await fetch(`/api/v1/console/luckydraw/campaigns/${seg(id)}/winners.csv`, {
      headers: { Authorization: `Bearer ${client.getToken()}`, 'X-Shop': session.get().shop },
    })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = `draw-${id}-winners.csv`
    a.click()
    URL.revokeObjectURL(url)
  },
}
