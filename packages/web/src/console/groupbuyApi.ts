import type {
  DealStatus,
  DealType,
  DealView,
  GroupStatus,
  GroupViewBase,
  LadderStep,
  SeatStatus,
} from '../shared/groupbuyTypes'
import { client } from './api'

export type * from '../shared/groupbuyTypes'
/** A deal as the console reads it. */
export type Deal = DealView

export const DEAL_TYPES: readonly DealType[] = ['standard', 'ladder', 'lucky_draw', 'flash', 'cross_border']
export const GROUP_STATUSES: readonly GroupStatus[] = [
  'opening',
  'forming',
  'succeeded',
  'drawn',
  'failed',
  'cancelled',
]

export interface DealStats {
  groupsOpened: number
  forming: number
  succeeded: number
  failed: number
  successRateBp: number
  members: number
  gmvFen: number
}

export type DealWithStats = Deal & { stats: DealStats }

/** What an operator sends to create or change a deal. */
export interface DealInput {
  type: DealType
  skuId: string
  title?: string
  groupSize: number
  groupPriceFen?: number
  ladderSteps?: LadderStep[]
  timeLimitMinutes: number
  startsAt: string
  endsAt: string
  perPersonLimit: number
  openerDiscountFen?: number
  freeToOpen?: boolean
  newCustomersOnly?: boolean
  autoFillThresholdBp?: number
  luckyDrawWinners?: number
  flashSlotId?: string
  importTaxRateBp?: number
  openerRewardFen?: number
  openerRewardBp?: number
}

export interface GroupSeat {
  id: string
  shopperId: string
  nickname: string
  phone: string
  isOpener: boolean
  status: SeatStatus
  orderId: string
  quantity: number
  paidFen: number
  won: boolean | null
  /** Cross-border groups: the ID as customs sees it, birth date hidden. */
  residentIdMasked: string | null
  joinedAt: string
  paidAt: string | null
}

export interface ConsoleGroup extends GroupViewBase {
  opener: { id: string; nickname: string; phone: string }
  openerRewardFen: number | null
  seats: GroupSeat[]
  history: {
    from: string | null
    to: string
    event: string
    actorKind: string
    reason: string | null
    at: string
  }[]
}

const seg = encodeURIComponent

/** Every group-buy call of the console. */
export const groupBuyApi = {
  deals: () => client.get<{ items: DealWithStats[] }>('/console/deals'),
  deal: (id: string) => client.get<DealWithStats>(`/console/deals/${seg(id)}`),
  createDeal: (body: DealInput, idempotencyKey: string) =>
    client.post<Deal>('/console/deals', body, { idempotencyKey }),
  updateDeal: (id: string, body: Partial<DealInput>) => client.patch<Deal>(`/console/deals/${seg(id)}`, body),
  setDealStatus: (id: string, status: DealStatus) =>
    client.post<Deal>(`/console/deals/${seg(id)}/status`, { status }),
  groups: (dealId: string, status?: GroupStatus) =>
    client.get<{ items: ConsoleGroup[] }>(`/console/deals/${seg(dealId)}/groups`, { status }),
  group: (id: string) => client.get<ConsoleGroup>(`/console/groups/${seg(id)}`),
  closeGroup: (id: string, reason: string) =>
    client.post<ConsoleGroup>(`/console/groups/${seg(id)}/close`, { reason }),
}

/** Console paths of the group-buy pages. */
export const groupBuyUrls = {
  deals: (p: { create?: boolean } = {}) => `/deals${p.create ? '?create=1' : ''}`,
  deal: (id: string, p: { status?: GroupStatus; edit?: boolean } = {}) => {
    const q = new URLSearchParams()
    if (p.status) q.set('status', p.status)
    if (p.edit) q.set('edit', '1')
    const s = q.toString()
    return `/deals/${seg(id)}${s ? `?${s}` : ''}`
  },
  group: (id: string, p: { close?: boolean } = {}) => `/groups/${seg(id)}${p.close ? '?close=1' : ''}`,
}
