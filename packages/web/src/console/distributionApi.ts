import { toApiError } from '../shared/api'
import type { Page } from '../shared/types'
import { client } from './api'
import { i18n } from './i18n'
import { session, TOKEN_KEY } from './session'

// The program and plan, as the server keeps them (packages/server/src/modules/distribution/domain/program.ts).

export type Qualification =
  | { kind: 'apply'; approval: 'auto' | 'manual' }
  | { kind: 'spend'; minPaidFen: number; windowDays: number; onlyProductIds?: string[] }
  | { kind: 'invitation' }
  | { kind: 'staff' }
  | { kind: 'starter_pack'; productIds: string[]; amountFen?: number }
  | { kind: 'paid_membership' }

export interface WithdrawalTerms {
  minFen: number
  feeFen: number
  dailyLimitFen: number | null
}

export interface PromoterProgram {
  qualifications: Qualification[]
  statusDays: number | null
  renewBySpendFen?: number
  binding: {
    bindOn: 'click' | 'first_paid_order'
    touch: 'first' | 'last'
    lockDays: number
    permanent: boolean
  }
  inviteReward?: { reward: 'coupon' | 'points' | 'cash'; when: string; value: number | string }
  returnWindowDays?: number
  withdrawal?: WithdrawalTerms
  /** Fraud thresholds the shop changed; kept as they are by this editor. */
  fraud?: Record<string, number>
  entryFeeFen?: number
  membershipGrantsPromoter?: boolean
}

export type Rate =
  | { kind: 'rate'; level1Bp: number; level2Bp?: number }
  | { kind: 'fixed'; level1FenPerUnit: number; level2FenPerUnit?: number }

export interface CommissionPlan {
  defaultRate: Rate
  categoryRates: Record<string, Rate>
  productRates: Record<string, Rate>
  levels: number
  secondLevelAcknowledged: boolean
  earnOnOwnPurchases: boolean
  dealOverrides: Record<string, Rate | 'none'>
  payOnMembershipFees?: boolean
  networkBonus?: { rateBp: number; minNetworkSize?: number }
}

export interface ProgramView {
  program: PromoterProgram
  plan: CommissionPlan
  version: number
  updatedAt: string | null
}

export type PromoterStatus = 'applied' | 'active' | 'expired' | 'suspended'
export const PROMOTER_STATUSES: readonly PromoterStatus[] = ['applied', 'active', 'expired', 'suspended']

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

export interface Binding {
  promoterId: string
  promoterShopperId: string
  promoterNickname: string
  reason: string
  reasonText: string
  boundAt: string
  lockedUntil: string | null
  permanent: boolean
  shareToken: string | null
  orderId: string | null
}

export interface BindingHistoryRow {
  action: string
  fromPromoterId: string | null
  toPromoterId: string | null
  reason: string
  shareToken: string | null
  orderId: string | null
  at: string
}

export type CommissionStatus = 'frozen' | 'settled' | 'void' | 'clawed'
export const COMMISSION_STATUSES: readonly CommissionStatus[] = ['frozen', 'settled', 'void', 'clawed']
export type CommissionReview = 'none' | 'held' | 'cleared' | 'confirmed'
export const COMMISSION_REVIEWS: readonly CommissionReview[] = ['none', 'held', 'cleared', 'confirmed']

export interface FraudFlag {
  rule: string
  en: string
  zh: string
}

export interface ConsoleCommission {
  id: string
  orderId: string
  orderNo: string
  title: string
  promoterId: string
  promoterName: string | null
  buyer: string
  level: 1 | 2
  baseFen: number
  amountFen: number
  clawedFen: number
  status: CommissionStatus
  review: CommissionReview
  flags: FraudFlag[]
  createdAt: string
  settleAfter: string | null
  settledAt?: string | null
}

export interface Earnings {
  frozenFen: number
  availableFen: number
  withdrawingFen: number
  withdrawnFen: number
}

export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'rejected'
export const WITHDRAWAL_STATUSES: readonly WithdrawalStatus[] = ['requested', 'approved', 'paid', 'rejected']

export interface ConsoleWithdrawal {
  id: string
  promoterId: string
  promoterName: string | null
  amountFen: number
  feeFen: number
  payoutFen: number
  status: WithdrawalStatus
  provider?: string
  providerRef?: string | null
  reason: string | null
  requestedAt: string
  reviewedAt?: string | null
  paidAt: string | null
}

export interface ReviewResult {
  id: string
  status: CommissionStatus
  review: CommissionReview
  promoterId: string
  promoterSuspended: boolean
}

// Staff selling (全员营销): departments, the staff list and its import, leaderboards.

export interface Department {
  id: string
  name: string
  /** People on the staff list in it now. */
  staffCount: number
  createdAt: string
}

/** One person on the staff list: a promoter record (the same id) with their department. */
export interface StaffMember {
  id: string
  promoterId: string
  shopperId: string
  name: string
  phoneMasked: string
  employeeNo: string | null
  departmentId: string | null
  departmentName: string | null
  promoterStatus: PromoterStatus
  addedAt: string
  removedAt: string | null
  removedReason: string | null
}

export interface ImportProblem {
  /** The spreadsheet's row (1 is the header; 0 the file as a whole). */
  row: number
  field: string
  code?: string
  message: string
}

export interface ImportResult {
  dryRun: boolean
  rows: number
  added: number
  updated: number
  reinstated: number
  unchanged: number
  newDepartments: string[]
  newShoppers: number
  problems: ImportProblem[]
}

/** An import either goes through (or would, on a dry run) or is refused with every row's problems. */
export type ImportOutcome = { result: ImportResult } | { message: string; problems: ImportProblem[] }

export type LeaderboardMetric = 'gmv' | 'orders' | 'new_customers'
export type LeaderboardRange = 'today' | 'week' | 'month' | 'custom'
export type LeaderboardBy = 'person' | 'department'

export interface LeaderboardQuery {
  metric: LeaderboardMetric
  range: LeaderboardRange
  by: LeaderboardBy
  /** Calendar days (the shop's, Asia/Shanghai), `YYYY-MM-DD`, for a custom range. */
  from?: string
  to?: string
}

export interface LeaderboardRow {
  rank: number
  /** GMV in fen, or the count. */
  value: number
  /** The promoter (per person) or the department (per department). */
  id: string
  name: string
  phoneMasked?: string | null
  employeeNo?: string | null
  departmentName?: string | null
  staffCount?: number | null
}

export interface Leaderboard {
  items: LeaderboardRow[]
  range?: { fromDay: string; toDay: string }
}

const seg = encodeURIComponent

/** Every distribution call of the console. */
export const distributionApi = {
  program: () => client.get<ProgramView>('/console/distribution/program'),
  saveProgram: (body: { program: PromoterProgram; plan: CommissionPlan }, idempotencyKey: string) =>
    client.request<ProgramView>('PUT', '/console/distribution/program', { body, idempotencyKey }),

  promoters: (q: { status?: PromoterStatus; limit?: number }) =>
    client.get<{ items: Promoter[] }>('/console/promoters', { ...q, limit: q.limit ?? 200 }),
  reviewPromoter: (id: string, action: 'approve' | 'suspend' | 'reinstate', reason?: string) =>
    client.post<Promoter>(`/console/promoters/${seg(id)}/${action}`, reason ? { reason } : {}),
  promoterEarnings: (id: string) => client.get<Earnings>(`/console/promoters/${seg(id)}/earnings`),

  binding: (customerId: string) =>
    client.get<{ binding: Binding | null; history: BindingHistoryRow[] }>(
      `/console/customers/${seg(customerId)}/binding`,
    ),
  moveBinding: (customerId: string, promoterId: string, reason: string) =>
    client.request<Binding>('PUT', `/console/customers/${seg(customerId)}/binding`, {
      body: { promoterId, reason },
    }),

  commissions: (q: {
    status?: CommissionStatus
    review?: CommissionReview
    promoterId?: string
    cursor?: string
    limit?: number
  }) => client.get<Page<ConsoleCommission>>('/console/commissions', { ...q, limit: q.limit ?? 20 }),
  reviewCommission: (id: string, decision: 'clear' | 'confirm', note?: string) =>
    client.post<ReviewResult>(
      `/console/commissions/${seg(id)}/review`,
      note ? { decision, note } : { decision },
    ),

  withdrawals: (q: { status?: WithdrawalStatus; promoterId?: string }) =>
    client.get<{ items: ConsoleWithdrawal[] }>('/console/withdrawals', { ...q, limit: 200 }),
  approveWithdrawal: (id: string) =>
    client.post<ConsoleWithdrawal>(`/console/withdrawals/${seg(id)}/approve`),
  rejectWithdrawal: (id: string, reason: string) =>
    client.post<ConsoleWithdrawal>(`/console/withdrawals/${seg(id)}/reject`, { reason }),
  recordPaid: (id: string, reference: string) =>
    client.post<ConsoleWithdrawal>(`/console/withdrawals/${seg(id)}/paid`, { reference }),

  departments: () => client.get<{ items: Department[] } | Department[]>('/console/departments').then(itemsOf),
  addDepartment: (name: string) =>
    client.post<Department>('/console/departments', { name }, { idempotencyKey: true }),
  renameDepartment: (id: string, name: string) =>
    client.patch<Department>(`/console/departments/${seg(id)}`, { name }),
  deleteDepartment: (id: string) => client.del<unknown>(`/console/departments/${seg(id)}`),

  staff: (q: { q?: string; departmentId?: string; removed?: boolean; cursor?: string }) =>
    client.get<Page<StaffMember>>('/console/staff-members', { ...q, limit: 50 }),
  moveStaff: (id: string, departmentId: string) =>
    client.post<StaffMember>(`/console/staff-members/${seg(id)}/move`, { departmentId }),
  removeStaff: (id: string, reason: string) =>
    client.post<StaffMember>(`/console/staff-members/${seg(id)}/remove`, { reason }),
  /** Checks (`dryRun`) or imports a staff list; a refused file comes back with every row's problems. */
  importStaff: (file: Blob, dryRun: boolean) =>
    send<ImportResult>('POST', '/console/staff-members/import', { dryRun: String(dryRun) }, file).then(
      (r): ImportOutcome =>
        r.ok
          ? { result: { ...r.data, problems: r.data.problems ?? [] } }
          : { message: r.error.message, problems: r.problems },
    ),

  leaderboard: (q: LeaderboardQuery) =>
    client
      .get<Leaderboard | LeaderboardRow[]>('/console/leaderboards', { ...q })
      .then((r): Leaderboard => (Array.isArray(r) ? { items: r } : r)),
  /** The leaderboard as an .xlsx file, fetched with the session (a plain link would carry none). */
  exportLeaderboard: (q: LeaderboardQuery) => download('/console/leaderboards/export.xlsx', { ...q }),
}

/** A list the server sends bare or wrapped in `{ items }`. */
function itemsOf<T>(r: T[] | { items: T[] }): T[] {
  return Array.isArray(r) ? r : (r?.items ?? [])
}

/** The console's headers for a request made outside the JSON client. */
function headers(): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': i18n.getLang() }
  const token = localStorage.getItem(TOKEN_KEY)
  if (token) h.Authorization = `Bearer ${token}`
  const shop = session.get().shop
  if (shop) h['X-Shop'] = shop
  return h
}

const queryString = (q: Record<string, string | undefined>) => {
  const qs = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()
  return qs ? `?${qs}` : ''
}

/**
 * An upload whose refusal carries more than the usual error (the staff import lists each row's
 * problems beside it), so the body of a 400 is read too.
 */
async function send<T>(
  method: string,
  path: string,
  query: Record<string, string | undefined>,
  file: Blob,
): Promise<
  { ok: true; data: T } | { ok: false; error: ReturnType<typeof toApiError>; problems: ImportProblem[] }
> {
  const lang = i18n.getLang()
  const form = new FormData()
  form.append('file', file, (file as File).name ?? 'staff.xlsx')
  let res: Response
  try {
    res = await fetch(`/api/v1${path}${queryString(query)}`, { method, headers: headers(), body: form })
  } catch {
    throw toApiError(0, null, lang)
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    /* not JSON */
  }
  if (res.ok) return { ok: true, data: body as T }
  const error = toApiError(res.status, body, lang)
  const problems = (body as { problems?: ImportProblem[] } | null)?.problems
  if (res.status === 400 && Array.isArray(problems)) return { ok: false, error, problems }
  if (res.status === 401) session.signedOut()
  throw error
}

/** GETs a file with the console's session and shop, and hands it to the browser as a download. */
async function download(path: string, query: Record<string, string | undefined>) {
  const lang = i18n.getLang()
  let res: Response
  try {
    res = await fetch(`/api/v1${path}${queryString(query)}`, { headers: headers() })
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
  const name =
    /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'leaderboard.xlsx'
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
