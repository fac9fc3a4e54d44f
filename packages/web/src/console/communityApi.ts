import { toApiError } from '../shared/api'
import type { Page } from '../shared/types'
import { client } from './api'
import { i18n } from './i18n'
import { session, TOKEN_KEY } from './session'

// Community leaders and pre-order campaigns as the server returns them
// (packages/server/src/modules/community/*.schemas.ts and campaign-lists.ts).

export type LeaderStatus = 'applied' | 'active' | 'rejected' | 'paused'
export const LEADER_STATUSES: readonly LeaderStatus[] = ['applied', 'active', 'paused', 'rejected']

export interface Leader {
  id: string
  shopperId: string
  name: string
  phone: string
  communityName: string
  address: string
  lat: number
  lng: number
  hoursNote: string
  photoUrl: string | null
  status: LeaderStatus
  reason: string | null
  appliedAt: string
  reviewedAt: string | null
  createdAt: string
  updatedAt: string
  pickupPointId: string | null
}

export type CampaignStatus = 'draft' | 'open' | 'closed' | 'receiving' | 'completed' | 'cancelled'
export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'draft',
  'open',
  'closed',
  'receiving',
  'completed',
  'cancelled',
]

export interface CampaignSkuInput {
  skuId: string
  priceFen: number
  perPersonLimit: number
  totalCap?: number | null
  supplier: string
  unit: string
  costFen: number
  commissionBp?: number | null
}

export interface CampaignInput {
  title: string
  cutoffAt: string
  pickupDate: string
  commissionBp?: number
  uncollectedDays?: number
  uncollectedRule?: 'refund' | 'keep_and_flag'
  returnWindowDays?: number
  skus: CampaignSkuInput[]
}

export interface CampaignSku {
  skuId: string
  productId: string
  title: string
  specLabel: string
  priceFen: number
  perPersonLimit: number
  totalCap: number | null
  sold: number
  remaining: number | null
  supplier: string
  unit: string
  costFen: number
  commissionBp: number | null
}

export interface Campaign {
  id: string
  title: string
  status: CampaignStatus
  cutoffAt: string
  pickupDate: string
  commissionBp: number
  uncollectedDays: number
  uncollectedRule: string
  returnWindowDays: number
  openedAt: string | null
  closedAt: string | null
  createdAt: string
  skus: CampaignSku[]
}

export interface Demand {
  campaignId: string
  skus: { skuId: string; quantity: number; amountFen: number; shoppers: number }[]
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

export interface PickingPoint {
  pickupPointId: string
  pickupPointName: string
  address: string
  leaderId: string
  leaderName: string
  leaderPhone: string
  routeId: string | null
  routeName: string | null
  lines: PickingLine[]
  quantity: number
  amountFen: number
}

export interface PurchaseOrder {
  campaignId: string
  totalCostFen: number
  suppliers: {
    supplier: string
    quantity: number
    totalCostFen: number
    lines: {
      skuId: string
      title: string
      specLabel: string
      unit: string
      quantity: number
      costFen: number
      totalCostFen: number
    }[]
  }[]
}

export interface DeliverySheets {
  campaignId: string
  routes: {
    routeId: string | null
    routeName: string | null
    quantity: number
    stops: {
      pickupPointId: string
      pickupPointName: string
      address: string
      leaderName: string
      leaderPhone: string
      quantity: number
      lines: { skuId: string; title: string; specLabel: string; unit: string; quantity: number }[]
    }[]
  }[]
}

export interface PickupProgress {
  campaignId: string
  points: {
    pickupPointId: string
    pickupPointName: string
    leaderName: string
    receivedAt: string | null
    /** Orders by pickup status. */
    orders: Record<string, number>
  }[]
}

const id = encodeURIComponent
const c = (campaignId: string) => `/console/community/campaigns/${id(campaignId)}`

export const communityApi = {
  leaders: (q: { status?: LeaderStatus; q?: string; cursor?: string; limit?: number }) =>
    client.get<Page<Leader>>('/console/community/leaders', q),
  reviewLeader: (leaderId: string, action: 'approve' | 'reject' | 'pause' | 'resume', reason?: string) =>
    client.post<unknown>(`/console/community/leaders/${id(leaderId)}/${action}`, reason ? { reason } : {}),

  campaigns: (q: { status?: CampaignStatus; cursor?: string; limit?: number }) =>
    client.get<Page<Campaign>>('/console/community/campaigns', q),
  campaign: (campaignId: string) => client.get<Campaign>(c(campaignId)),
  createCampaign: (body: CampaignInput, idempotencyKey: string) =>
    client.post<Campaign>('/console/community/campaigns', body, { idempotencyKey }),
  open: (campaignId: string) => client.post<Campaign>(`${c(campaignId)}/open`),
  cancel: (campaignId: string, reason: string) =>
    client.post<Campaign>(`${c(campaignId)}/cancel`, { reason }),
  demand: (campaignId: string) => client.get<Demand>(`${c(campaignId)}/demand`),
  pickingLists: (campaignId: string) =>
    client.get<{ campaignId: string; points: PickingPoint[] }>(`${c(campaignId)}/picking-lists`),
  purchaseOrder: (campaignId: string) => client.get<PurchaseOrder>(`${c(campaignId)}/purchase-orders`),
  deliverySheets: (campaignId: string) => client.get<DeliverySheets>(`${c(campaignId)}/delivery-sheets`),
  progress: (campaignId: string) => client.get<PickupProgress>(`${c(campaignId)}/progress`),
  /** The workbook, fetched with the session (a plain link would carry none) and saved. */
  exportXlsx: async (campaignId: string) => {
    const res = await fetchWithSession(`${c(campaignId)}/export.xlsx`)
    const name =
      /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'campaign.xlsx'
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  },
  /** The printable page, fetched with the session and shown in a new tab. */
  openPrintable: async (campaignId: string, tab: Window | null) => {
    const res = await fetchWithSession(`${c(campaignId)}/print`)
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html;charset=utf-8' }))
    if (tab) tab.location.href = url
    else window.open(url, '_blank')
  },
}

async function fetchWithSession(path: string): Promise<Response> {
  const lang = i18n.getLang()
  const headers: Record<string, string> = { 'Accept-Language': lang }
  const token = localStorage.getItem(TOKEN_KEY)
  if (token) headers.Authorization = `Bearer ${token}`
  const shop = session.get().shop
  if (shop) headers['X-Shop'] = shop
  let res: Response
  try {
    res = await fetch(`/api/v1${path}`, { headers })
  } catch {
    throw toApiError(0, null, lang)
  }
  if (!res.ok) {
    let body: unknown = null
    try {
      body = await res.json()
    } catch {
      /* not JSON */
    }
    throw toApiError(res.status, body, lang)
  }
  return res
}
