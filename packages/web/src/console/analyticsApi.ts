import { toApiError } from '../shared/api'
import { client } from './api'
import { i18n } from './i18n'
import { session, TOKEN_KEY } from './session'

// The dashboard's numbers as packages/server/src/modules/analytics/analytics.schemas.ts answers them.

/** A range of shop days (Asia/Shanghai), both ends included, `YYYY-MM-DD`. */
export interface DayRange {
  from?: string
  to?: string
}

/** One day's counters: GMV, orders, new customers, shares, opens, groups, commission… */
export interface OverviewDay {
  day: string
  gmvFen: number
  orders: number
  newCustomers: number
  shares: number
  shareActions: number
  opens: number
  firstOpens: number
  views: number
  refundFen: number
  groupsOpened: number
  groupsSucceeded: number
  groupsFailed: number
  commissionFen: number
  [metric: string]: string | number
}

/** Orders and GMV by where an order came from (or where a share was sent). */
export interface Breakdown {
  source?: string
  channel?: string
  orders: number
  gmvFen: number
  newCustomers: number
  shares: number
  shareActions: number
  opens: number
  firstOpens: number
}

export interface Overview {
  from: string
  to: string
  totals: Record<string, number>
  days: OverviewDay[]
  bySource: Breakdown[]
  byChannel: Breakdown[]
  customers: {
    new: { customers: number; orders: number; gmvFen: number }
    returning: { orders: number; gmvFen: number }
  }
  groups: {
    opened: number
    succeeded: number
    failed: number
    successRate: number | null
    timeToFill: { groups: number; meanMinutes: number; medianMinutes: number } | null
  }
  commission: { fen: number; shareOfGmv: number | null }
}

/** K = s·f·r·c for the buyers activated in the range, with its cycle time and activation definition. */
export interface KFactor {
  from: string
  to: string
  k: number
  s: number
  f: number
  r: number
  c: number
  buyers: number
  sharers: number
  sends: number
  opens: number
  newBuyers: number
  windowDays: number
  activation: string
  activationText: string
  cycleTime: { meanDays: number; medianDays: number; p90Days: number } | null
}

/** One person in a cascade: a shopper id, or `v:<device key>` for a visitor who never signed in. */
export interface CascadeNode {
  id: string
  parent: string | null
  generation: number
  at: string
  shares: number
  sends: number
  opens: number
  orders: number
  gmvFen: number
  children: number
  descendants: number
  descendantGmvFen: number
}

export interface GenerationRow {
  generation: number
  people: number
  sharers: number
  sends: number
  opens: number
  buyers: number
  orders: number
  gmvFen: number
}

export interface Cascade {
  campaign: string | null
  people: number
  roots: number
  maxDepth: number
  meanTreeSize: number
  generations: GenerationRow[]
  sizes: { band: string; trees: number }[]
  depths: { depth: number; trees: number }[]
  topSpreaders: CascadeNode[]
  nodes: CascadeNode[]
  truncated: boolean
}

export type FunnelStep = 'view' | 'share' | 'open' | 'order'

export interface Funnel {
  from: string
  to: string
  campaign: string | null
  steps: { step: FunnelStep; people: number; rate: number }[]
  orders: number
  gmvFen: number
}

/** Weekly retention: each source's customers, and the share who paid again N weeks after their first week. */
export interface Retention {
  from: string
  to: string
  cohorts: {
    week: string
    source: string
    customers: number
    retained: { week: number; weekStart: string; customers: number; rate: number; partial: boolean }[]
  }[]
  bySource: {
    source: string
    customers: number
    retained: { week: number; customers: number; rate: number }[]
  }[]
}

export const GOAL_METRICS = [
  'gmv_fen',
  'net_gmv_fen',
  'orders',
  'new_customers',
  'shares',
  'first_opens',
  'k_factor',
] as const
export type GoalMetric = (typeof GOAL_METRICS)[number]
export type GoalStatus = 'not_started' | 'on_track' | 'behind' | 'achieved' | 'missed'

/** An operator's target: a metric, a value and a deadline, with progress and the projection to it. */
export interface Goal {
  id: string
  metric: string
  title: string | null
  target: number
  startsOn: string
  deadline: string
  createdAt: string
  current: number
  progress: number
  elapsed: number
  expectedNow: number | null
  projected: number | null
  projectedProgress: number | null
  status: GoalStatus
  daysLeft: number
}

export interface GoalInput {
  metric: GoalMetric
  target: number
  deadline: string
  title?: string
}

/** What a cascade or funnel is about: a campaign key (`deal:<id>`, a campaign id) or a product. */
export interface CampaignPick {
  campaign?: string
  productId?: string
}

/** Every analytics call of the console. */
export const analyticsApi = {
  overview: (r: DayRange) => client.get<Overview>('/console/analytics/overview', { ...r }),
  kFactor: (r: DayRange & { windowDays?: number }) =>
    client.get<KFactor>('/console/analytics/k-factor', { ...r }),
  cascades: (q: DayRange & CampaignPick & { limit?: number }) =>
    client.get<Cascade>('/console/analytics/cascades', { ...q }),
  funnel: (q: DayRange & CampaignPick) => client.get<Funnel>('/console/analytics/funnel', { ...q }),
  goals: () => client.get<{ items: Goal[] }>('/console/analytics/goals'),
  addGoal: (body: GoalInput, idempotencyKey: string) =>
    client.post<Goal>('/console/analytics/goals', body, { idempotencyKey }),
  removeGoal: (id: string) => client.del<{ ok: true }>(`/console/analytics/goals/${encodeURIComponent(id)}`),
  retention: (r: DayRange) => client.get<Retention>('/console/analytics/retention', { ...r }),
}

export type ReportKind = 'overview' | 'funnel' | 'cascades' | 'retention'

/**
 * A report as an .xlsx workbook, fetched with the console's session and handed to the browser as a
 * download. The server streams it, so `onProgress` hears the bytes received as they come.
 */
export async function exportReport(
  q: DayRange & CampaignPick & { report: ReportKind },
  onProgress?: (bytes: number) => void,
): Promise<void> {
  const lang = i18n.getLang()
  const headers: Record<string, string> = { 'Accept-Language': lang }
  const token = localStorage.getItem(TOKEN_KEY)
  if (token) headers.Authorization = `Bearer ${token}`
  const shop = session.get().shop
  if (shop) headers['X-Shop'] = shop
  const query = new URLSearchParams(
    Object.entries({ ...q, lang }).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  )
  let res: Response
  try {
    res = await fetch(`/api/v1/console/analytics/export.xlsx?${query}`, { headers })
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
    if (res.status === 401) session.signedOut()
    throw toApiError(res.status, body, lang)
  }
  const parts: BlobPart[] = []
  let received = 0
  const reader = res.body?.getReader()
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parts.push(value)
      received += value.byteLength
      onProgress?.(received)
    }
  } else parts.push(await res.blob())
  const name =
    /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${q.report}.xlsx`
  const url = URL.createObjectURL(new Blob(parts, { type: res.headers.get('content-type') ?? undefined }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
