/**
 * Pure helpers of the analytics pages: the range presets as shop days, the pages' params in the
 * query string, and a campaign's cascade as the nested data an ECharts tree series draws.
 */
import type { CascadeNode, DayRange, FunnelStep } from './analyticsApi'
import { buildQuery } from './urls'

export const RANGE_PRESETS = ['today', '7d', '30d', 'custom'] as const
/** The cascade explorer also looks at a campaign over its whole life. */
export const CASCADE_RANGES = ['all', '7d', '30d', 'custom'] as const
export type RangePreset = (typeof RANGE_PRESETS)[number] | (typeof CASCADE_RANGES)[number]

export interface AnalyticsParams {
  range: (typeof RANGE_PRESETS)[number]
  /** `YYYY-MM-DD`, for the custom range. */
  from?: string
  to?: string
}

export type PickKind = 'product' | 'campaign'

export interface CascadeParams {
  kind: PickKind
  /** A product id, or a campaign key such as `deal:<id>`. */
  key?: string
  range: (typeof CASCADE_RANGES)[number]
  from?: string
  to?: string
}

const DAY_MS = 86_400_000
/** The shop's days are Beijing days (UTC+8 all year), as the server rolls them up. */
const SHOP_OFFSET_MS = 8 * 3_600_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The shop day (`YYYY-MM-DD`, Asia/Shanghai) of an instant. */
export function shopDay(ms: number): string {
  return new Date(ms + SHOP_OFFSET_MS).toISOString().slice(0, 10)
}

/**
 * The days a preset covers at `now`, both ends included: today; the last 7 or 30 days ending
 * today; the custom days when both are given (swapped if backwards); `{}` for a campaign's whole
 * life. `null` while a custom range still lacks a day.
 */
export function rangeOf(preset: RangePreset, now: number, custom: DayRange = {}): DayRange | null {
  const today = shopDay(now)
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case '7d':
      return { from: shopDay(now - 6 * DAY_MS), to: today }
    case '30d':
      return { from: shopDay(now - 29 * DAY_MS), to: today }
    case 'all':
      return {}
    case 'custom': {
      const { from, to } = custom
      if (!from || !to || !DATE.test(from) || !DATE.test(to)) return null
      return from <= to ? { from, to } : { from: to, to: from }
    }
  }
}

/** Days from `from` to `to`, both included (1 for a single day). */
export function daysIn(r: { from: string; to: string }): number {
  return Math.round((Date.parse(r.to) - Date.parse(r.from)) / DAY_MS) + 1
}

const str = (sp: URLSearchParams, k: string) => sp.get(k)?.trim() || undefined
const oneOf = <T extends string>(v: string | undefined, allowed: readonly T[]) =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined
const day = (sp: URLSearchParams, k: string) => {
  const v = str(sp, k)
  return v && DATE.test(v) ? v : undefined
}

export function parseAnalytics(sp: URLSearchParams): AnalyticsParams {
  const range = oneOf(str(sp, 'range'), RANGE_PRESETS) ?? '7d'
  return {
    range,
    from: range === 'custom' ? day(sp, 'from') : undefined,
    to: range === 'custom' ? day(sp, 'to') : undefined,
  }
}

export function parseCascade(sp: URLSearchParams): CascadeParams {
  const range = oneOf(str(sp, 'range'), CASCADE_RANGES) ?? 'all'
  return {
    kind: oneOf(str(sp, 'kind'), ['product', 'campaign'] as const) ?? 'product',
    key: str(sp, 'key')?.slice(0, 100),
    range,
    from: range === 'custom' ? day(sp, 'from') : undefined,
    to: range === 'custom' ? day(sp, 'to') : undefined,
  }
}

export const analyticsUrls = {
  dashboard: (p: Partial<AnalyticsParams> = {}) => `/analytics${buildQuery(p)}`,
  cascades: (p: Partial<CascadeParams> = {}) => `/cascades${buildQuery(p)}`,
}

/** The API's pick for the explorer's params: a product id or a campaign key; null until one is chosen. */
export function pickOf(p: CascadeParams): { productId: string } | { campaign: string } | null {
  if (!p.key) return null
  return p.kind === 'product' ? { productId: p.key } : { campaign: p.key }
}

/** `0.1234` → `12.3%`; `null` (nothing to divide by) → `-`. */
export function percent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-'
  return `${(x * 100).toFixed(digits)}%`
}

/** Each part's share of the whole (0 when the whole is 0), for the tables beside pie charts. */
export function sharesOf(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0)
  return values.map((v) => (total > 0 ? v / total : 0))
}

export interface FunnelRow {
  step: FunnelStep
  people: number
  /** Over the step before (1 for the first). */
  fromPrevious: number
  /** Over the first step. */
  fromFirst: number
}

/** The funnel's steps with conversion from the step before and from the top. */
export function funnelRows(steps: { step: FunnelStep; people: number }[]): FunnelRow[] {
  const first = steps[0]?.people ?? 0
  return steps.map((s, i) => {
    const prev = i === 0 ? s.people : steps[i - 1].people
    return {
      step: s.step,
      people: s.people,
      fromPrevious: i === 0 ? 1 : prev > 0 ? s.people / prev : 0,
      fromFirst: first > 0 ? s.people / first : 0,
    }
  })
}

/** What a person did in a cascade, for the node's colour and legend. */
export type NodeRole = 'seed' | 'buyer' | 'sharer' | 'visitor'

/** A seed sharer (generation 0), a buyer, someone who only shared, or a visitor never signed in. */
export function roleOf(n: Pick<CascadeNode, 'id' | 'generation' | 'orders'>): NodeRole {
  if (n.generation === 0) return 'seed'
  if (n.id.startsWith('v:')) return 'visitor'
  return n.orders > 0 ? 'buyer' : 'sharer'
}

/** How a person is shown: their name when known, else a short form of their id. */
export function personLabel(
  id: string,
  names: ReadonlyMap<string, string>,
  words = { customer: '顾客', visitor: '访客' },
) {
  const known = names.get(id)
  if (known) return known
  if (id.startsWith('v:')) return `${words.visitor} ${id.slice(2, 6)}`
  return `${words.customer} ${id.replace(/-/g, '').slice(-4).toUpperCase()}`
}

/** One node of the ECharts tree series, with the person's numbers for the tooltip. */
export interface TreeDatum {
  name: string
  /** Everyone the person brought, directly or further down. */
  value: number
  role: NodeRole | 'campaign'
  node?: CascadeNode
  symbolSize: number
  children: TreeDatum[]
  collapsed?: boolean
}

/** Bigger circles for people who brought more: 8 px alone, up to 26 px. */
export function symbolSizeOf(descendants: number): number {
  return Math.min(26, 8 + Math.round(Math.sqrt(descendants) * 4))
}

/**
 * The cascade's nodes (in generation order, each parent before its children) as one tree under the
 * campaign, so several seed sharers draw as one chart. Nodes whose parent is missing (the list was
 * cut at its limit) hang under the campaign too. Subtrees below `collapseBelow` generations start
 * folded, so a large campaign opens readable.
 */
export function cascadeTree(
  nodes: CascadeNode[],
  rootName: string,
  label: (id: string) => string,
  opts: { collapseBelow?: number } = {},
): TreeDatum {
  const collapseBelow = opts.collapseBelow ?? Number.POSITIVE_INFINITY
  const root: TreeDatum = {
    name: rootName,
    value: nodes.length,
    role: 'campaign',
    symbolSize: 14,
    children: [],
  }
  const byId = new Map<string, TreeDatum>()
  for (const n of nodes) {
    const datum: TreeDatum = {
      name: label(n.id),
      value: n.descendants,
      role: roleOf(n),
      node: n,
      symbolSize: symbolSizeOf(n.descendants),
      children: [],
    }
    if (n.children > 0 && n.generation + 1 >= collapseBelow) datum.collapsed = true
    byId.set(n.id, datum)
    const parent = n.parent ? byId.get(n.parent) : undefined
    ;(parent ?? root).children.push(datum)
  }
  return root
}

/** Leaves of a tree as drawn (folded subtrees count as one), to size the chart's height. */
export function visibleLeaves(t: TreeDatum): number {
  if (!t.children.length || t.collapsed) return 1
  return t.children.reduce((sum, c) => sum + visibleLeaves(c), 0)
}
