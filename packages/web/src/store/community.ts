/** Pure helpers of the community-buying screens: distances, cutoffs, hours, pickup codes. */

import type { Lang } from '../shared/i18n'

/** Where the list of points starts when the browser gives no location: the city centre. */
export const CITY_CENTRE = { lat: 31.2304, lng: 121.4737 } as const

/** `350 m`, `1.2 km`, `12 km`; a missing distance shows nothing. */
export function formatDistance(metres: number | null | undefined): string {
  if (metres == null || !Number.isFinite(metres) || metres < 0) return ''
  if (metres < 1000) return `${Math.round(metres / 10) * 10 || Math.round(metres)} m`
  const km = Math.round(metres / 100) / 10
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(metres / 1000)} km`
}

/** Time left before a cutoff: `2天 03:04:05` / `2d 03:04:05`, or `03:04:05` under a day; null once passed. */
export function formatCutoff(msLeft: number, lang: Lang): string | null {
  if (!(msLeft > 0)) return null
  const total = Math.floor(msLeft / 1000)
  const days = Math.floor(total / 86_400)
  const pad = (n: number) => n.toString().padStart(2, '0')
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`
  if (!days) return clock
  return lang === 'en' ? `${days}d ${clock}` : `${days}天 ${clock}`
}

export interface OpeningPeriod {
  days: number[]
  opens: string
  closes: string
}

const DAY_ZH = ['一', '二', '三', '四', '五', '六', '日']
const DAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** Days 1–7 as runs: [1,2,3,5] → 周一至周三、周五 / Mon–Wed, Fri; every day → 每天 / Daily. */
export function formatDays(days: number[], lang: Lang): string {
  const ds = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b)
  if (ds.length === 7) return lang === 'en' ? 'Daily' : '每天'
  const runs: [number, number][] = []
  for (const d of ds) {
    const last = runs[runs.length - 1]
    if (last && last[1] === d - 1) last[1] = d
    else runs.push([d, d])
  }
  const name = (d: number) => (lang === 'en' ? DAY_EN[d - 1] : `周${DAY_ZH[d - 1]}`)
  return runs
    .map(([a, b]) =>
      a === b
        ? name(a)
        : b === a + 1
          ? `${name(a)}${lang === 'en' ? ', ' : '、'}${name(b)}`
          : `${name(a)}${lang === 'en' ? '–' : '至'}${name(b)}`,
    )
    .join(lang === 'en' ? ', ' : '、')
}

/** Opening hours in one line: `周一至周五 08:00–20:00；周六、周日 09:00–18:00`. */
export function formatHours(hours: OpeningPeriod[], lang: Lang): string {
  return hours
    .map((h) => `${formatDays(h.days, lang)} ${h.opens}–${h.closes}`)
    .join(lang === 'en' ? '; ' : '；')
}

/** What the leader typed, as the 8 digits the server checks; a scanned QR text passes as it is. */
export function normalizePickupCode(input: string): string {
  const s = input.trim()
  if (s.startsWith('liebian:pickup:')) return s
  return s.replace(/[\s-]/g, '')
}

/** Whether the typed code can be sent: 8 digits, or the QR text. */
export function pickupCodeReady(input: string): boolean {
  const s = normalizePickupCode(input)
  return /^\d{8}$/.test(s) || /^liebian:pickup:[^:]+:\d{8}$/.test(s)
}

/** `1234 5678`, easier to read out at the counter. */
export function spacedCode(code: string): string {
  return /^\d{8}$/.test(code) ? `${code.slice(0, 4)} ${code.slice(4)}` : code
}

/** The most a shopper can add of a SKU: the per-person limit, and what is left when capped. */
export function maxQuantity(sku: { perPersonLimit: number; remaining: number | null }): number {
  return Math.max(0, Math.min(sku.perPersonLimit, sku.remaining ?? Number.POSITIVE_INFINITY))
}

export type PickupGroup = 'toCollect' | 'waiting' | 'unpaid' | 'done'

/** Which section of "my pickups" an order belongs to. */
export function pickupGroupOf(status: string): PickupGroup {
  if (status === 'ready') return 'toCollect'
  if (status === 'awaiting_goods') return 'waiting'
  if (status === 'pending_payment') return 'unpaid'
  return 'done'
}

const GROUP_ORDER: PickupGroup[] = ['toCollect', 'waiting', 'unpaid', 'done']

/** Orders in sections, ready to collect first; empty sections are left out, order kept inside each. */
export function groupPickups<T extends { status: string }>(items: T[]): { group: PickupGroup; items: T[] }[] {
  return GROUP_ORDER.map((group) => ({
    group,
    items: items.filter((i) => pickupGroupOf(i.status) === group),
  })).filter((g) => g.items.length)
}

/** Counts of the leader's orders by pickup status, for the workbench summary. */
export function countByStatus(items: { status: string }[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const i of items) out[i.status] = (out[i.status] ?? 0) + 1
  return out
}

export interface RecentCampaign {
  id: string
  title: string
}

/** Campaigns the leader opened lately, newest first, each once, at most `max`. */
export function rememberCampaign(list: RecentCampaign[], c: RecentCampaign, max = 5): RecentCampaign[] {
  return [c, ...list.filter((x) => x.id !== c.id)].slice(0, max)
}

/** Receipt lines missing nothing: received and damaged are whole numbers, damaged ≤ received ≤ expected. */
export function receiptProblem(line: {
  expected: number
  received: number
  damaged: number
}): 'received' | 'damaged' | null {
  const { expected, received, damaged } = line
  if (!Number.isInteger(received) || received < 0 || received > expected) return 'received'
  if (!Number.isInteger(damaged) || damaged < 0 || damaged > received) return 'damaged'
  return null
}

/** The leader's link to a campaign: orders through it carry the leader, and it shows their point. */
export function campaignLink(campaignId: string, leaderId: string, pointId?: string | null): string {
  const q = new URLSearchParams({ leader: leaderId })
  if (pointId) q.set('point', pointId)
  return `/community/c/${encodeURIComponent(campaignId)}?${q}`
}
