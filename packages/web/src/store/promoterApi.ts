import type { Page } from '../shared/types'
import { client } from './api'

export type PromoterStatus = 'applied' | 'active' | 'expired' | 'suspended'
export type CommissionStatus = 'frozen' | 'settled' | 'void' | 'clawed'
export type CommissionReview = 'none' | 'held' | 'cleared' | 'confirmed'
export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'rejected'

/** The program as the storefront reads it: plain sentences and a few figures. */
export interface StoreProgram {
  qualifications: string[]
  statusDays: number | null
  renewBySpendFen: number | null
  levels: number
  rules: string[]
}

export interface Promoter {
  id: string
  shopperId: string
  nickname: string | null
  phoneMasked: string | null
  status: PromoterStatus
  source: string
  reason: string | null
  invitedBy: string | null
  appliedAt: string
  activatedAt: string | null
  expiresAt: string | null
}

export interface PromoterMe {
  promoter: Promoter | null
  history: { from: string | null; to: string; event: string; reason: string | null; at: string }[]
}

export interface Earnings {
  frozenFen: number
  availableFen: number
  withdrawingFen: number
  withdrawnFen: number
}

export interface Commission {
  id: string
  orderId: string
  orderNo: string
  title: string
  /** Masked by the server, e.g. 王** 138****0000. */
  buyer: string
  level: 1 | 2
  baseFen: number
  amountFen: number
  clawedFen: number
  status: CommissionStatus
  review: CommissionReview
  settleAfter: string | null
  settledAt: string | null
  createdAt: string
}

export interface DownlineLevel {
  level: 1 | 2
  count: number
  items: {
    customer: string
    boundAt: string
    /** A binding reason code (`first_click`, …). */
    reason: string
    /** The reason in words, when the server gives it. */
    reasonText?: string
    orders: number
    paidFen: number
  }[]
}

export interface Withdrawal {
  id: string
  amountFen: number
  feeFen: number
  payoutFen: number
  status: WithdrawalStatus
  reason: string | null
  requestedAt: string
  paidAt: string | null
}

export interface WithdrawalTerms {
  minFen: number
  feeFen: number
  dailyLimitFen: number | null
}

export interface Share {
  token: string
  path: string
  sharerId: string
  targetKind: string
  targetId: string
}

/** Every promoter-center call of the storefront. */
export const promoterApi = {
  program: () => client.get<StoreProgram>('/store/distribution/program'),
  me: () => client.get<PromoterMe>('/store/promoter/me'),
  apply: (invitedBy?: string) =>
    client.post<Promoter>('/store/promoter/apply', invitedBy ? { invitedBy } : {}, { idempotencyKey: true }),
  earnings: () => client.get<Earnings>('/store/promoter/earnings'),
  commissions: (
    q: { status?: CommissionStatus; cursor?: string | null; limit?: number },
    signal?: AbortSignal,
  ) =>
    client.get<Page<Commission>>('/store/promoter/commissions', { ...q, limit: q.limit ?? 20 }, { signal }),
  downline: () => client.get<{ levels: DownlineLevel[] }>('/store/promoter/downline'),
  withdrawals: () =>
    client.get<{ items: Withdrawal[]; settings: WithdrawalTerms }>('/store/promoter/withdrawals'),
  withdraw: (amountFen: number, idempotencyKey: string) =>
    client.post<Withdrawal>('/store/promoter/withdrawals', { amountFen }, { idempotencyKey }),
  /** My share of a product or a page (the same token every time). */
  share: (targetKind: 'product' | 'page', targetId: string) =>
    client.post<Share>('/store/shares', { targetKind, targetId }),
}

/**
 * The shop this storefront is showing, as remembered by the API client (`?shop=` once seen), for
 * the share images: an `<img>` cannot send the `X-Shop` header, so they name the shop in the query.
 */
export function storefrontShop(): string | null {
  try {
    return localStorage.getItem('liebian.store.shop')
  } catch {
    return null
  }
}
