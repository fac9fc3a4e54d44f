/**
 * Typed URL builders and parsers for the distribution pages: filters, the page (as the trail of
 * cursors) and the customer looked at live in the query string, so a link shows the same screen.
 */
import {
  COMMISSION_REVIEWS,
  COMMISSION_STATUSES,
  type CommissionReview,
  type CommissionStatus,
  type LeaderboardBy,
  type LeaderboardMetric,
  type LeaderboardRange,
  WITHDRAWAL_STATUSES,
  type WithdrawalStatus,
} from './distributionApi'
import { buildQuery, type Paging } from './urls'

export interface CommissionListParams extends Paging {
  status?: CommissionStatus
  review?: CommissionReview
  promoterId?: string
}
export interface WithdrawalListParams {
  status?: WithdrawalStatus
  promoterId?: string
}
export interface BindingParams {
  customer?: string
  /** An order whose buyer to look at, when the customer's id is not at hand. */
  order?: string
}
export interface LeaderboardParams {
  metric: LeaderboardMetric
  range: LeaderboardRange
  by: LeaderboardBy
  /** Local dates, `YYYY-MM-DD`, for the custom range. */
  from?: string
  to?: string
}

const str = (sp: URLSearchParams, k: string) => sp.get(k)?.trim() || undefined
const oneOf = <T extends string>(v: string | undefined, allowed: readonly T[]) =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuidOf = (v: string | undefined) => (v && UUID.test(v) ? v : undefined)
const DATE = /^\d{4}-\d{2}-\d{2}$/

export function parseCommissionList(sp: URLSearchParams): CommissionListParams {
  const c = sp.getAll('c').filter(Boolean)
  return {
    status: oneOf(str(sp, 'status'), COMMISSION_STATUSES),
    review: oneOf(str(sp, 'review'), COMMISSION_REVIEWS),
    promoterId: uuidOf(str(sp, 'promoterId')),
    c: c.length ? c : undefined,
  }
}

export function parseWithdrawalList(sp: URLSearchParams): WithdrawalListParams {
  return {
    status: oneOf(str(sp, 'status'), WITHDRAWAL_STATUSES),
    promoterId: uuidOf(str(sp, 'promoterId')),
  }
}

export function parseBinding(sp: URLSearchParams): BindingParams {
  return { customer: uuidOf(str(sp, 'customer')), order: uuidOf(str(sp, 'order')) }
}

export function parseLeaderboard(sp: URLSearchParams): LeaderboardParams {
  const date = (k: string) => {
    const v = str(sp, k)
    return v && DATE.test(v) ? v : undefined
  }
  const range = oneOf(str(sp, 'range'), ['today', 'week', 'month', 'custom'] as const) ?? 'week'
  return {
    metric: oneOf(str(sp, 'metric'), ['gmv', 'orders', 'new_customers'] as const) ?? 'gmv',
    range,
    by: oneOf(str(sp, 'by'), ['person', 'department'] as const) ?? 'person',
    from: range === 'custom' ? date('from') : undefined,
    to: range === 'custom' ? date('to') : undefined,
  }
}

/** Whether a string is a customer or order id the API would take. */
export const isId = (v: string) => UUID.test(v.trim())

export const distributionUrls = {
  program: () => '/distribution',
  promoters: (p: { status?: string } = {}) => `/promoters${buildQuery(p)}`,
  binding: (p: BindingParams = {}) => `/customer-binding${buildQuery(p)}`,
  commissions: (p: CommissionListParams = {}) => `/commissions${buildQuery(p)}`,
  review: () => '/commission-review',
  withdrawals: (p: WithdrawalListParams = {}) => `/withdrawals${buildQuery(p)}`,
  staff: (p: { departmentId?: string } = {}) => `/staff-selling${buildQuery(p)}`,
  leaderboards: (p: Partial<LeaderboardParams> = {}) => `/leaderboards${buildQuery(p)}`,
}
