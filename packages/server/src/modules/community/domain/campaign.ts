import { createHmac, randomInt } from 'node:crypto'
import type { Problem } from './hours.js'

/** One SKU a campaign sells: its price, limits, and where the operator buys it. */
export interface CampaignSkuInput {
  skuId: string
  priceFen: number
  /** Most one shopper may order over the whole campaign. */
  perPersonLimit: number
  /** Most the campaign sells in all; null: as many as are ordered. */
  totalCap?: number | null
  supplier: string
  /** What the supplier sells by (箱, 斤, 份 …). */
  unit: string
  costFen: number
  /** The leader's commission on this SKU, in basis points; null: the campaign's rate. */
  commissionBp?: number | null
}

export type UncollectedRule = 'refund' | 'keep_and_flag'

export interface CampaignInput {
  title: string
  cutoffAt: string | Date
  /** The day goods are picked up, YYYY-MM-DD in shop time. */
  pickupDate: string
  commissionBp: number
  uncollectedDays: number
  uncollectedRule: UncollectedRule
  returnWindowDays: number
  skus: CampaignSkuInput[]
}

/** All commissions on a line stay at or under 30% of what the buyer paid (see DESIGN.md §6). */
export const MAX_COMMISSION_BP = 3_000
export const MAX_CAMPAIGN_SKUS = 100
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** What is wrong with a campaign, field by field; `now` decides whether the cutoff is still ahead. */
export function campaignProblems(c: CampaignInput, now: Date): Problem[] {
  const out: Problem[] = []
  const cutoff = new Date(c.cutoffAt)
  if (!c.title.trim()) out.push({ field: 'title', en: 'a title is required', zh: '请填写活动名称' })
  if (Number.isNaN(cutoff.getTime()) || cutoff <= now)
    out.push({ field: 'cutoffAt', en: 'the cutoff must be in the future', zh: '截单时间须晚于现在' })
  if (!DATE.test(c.pickupDate) || Number.isNaN(Date.parse(`${c.pickupDate}T00:00:00Z`)))
    out.push({ field: 'pickupDate', en: 'a date as YYYY-MM-DD', zh: '提货日期格式应为 YYYY-MM-DD' })
  else if (!Number.isNaN(cutoff.getTime()) && Date.parse(`${c.pickupDate}T23:59:59+08:00`) < cutoff.getTime())
    out.push({
      field: 'pickupDate',
      en: 'the pickup date cannot be before the cutoff',
      zh: '提货日期不能早于截单时间',
    })
  if (!Number.isInteger(c.commissionBp) || c.commissionBp < 0 || c.commissionBp > MAX_COMMISSION_BP)
    out.push({
      field: 'commissionBp',
      en: `between 0 and ${MAX_COMMISSION_BP} basis points`,
      zh: `团长佣金应在 0 到 ${MAX_COMMISSION_BP / 100}% 之间`,
    })
  if (!c.skus.length) out.push({ field: 'skus', en: 'at least one SKU', zh: '请至少添加一个商品规格' })
  if (c.skus.length > MAX_CAMPAIGN_SKUS)
    out.push({
      field: 'skus',
      en: `at most ${MAX_CAMPAIGN_SKUS} SKUs`,
      zh: `最多 ${MAX_CAMPAIGN_SKUS} 个商品规格`,
    })
  const seen = new Set<string>()
  c.skus.forEach((s, i) => {
    const f = (k: string) => `skus.${i}.${k}`
    if (seen.has(s.skuId))
      out.push({ field: f('skuId'), en: 'this SKU is listed twice', zh: `第 ${i + 1} 个规格重复了` })
    seen.add(s.skuId)
    if (!Number.isSafeInteger(s.priceFen) || s.priceFen <= 0)
      out.push({
        field: f('priceFen'),
        en: 'a price above zero, in fen',
        zh: `第 ${i + 1} 个规格的价格须大于 0`,
      })
    if (!Number.isSafeInteger(s.costFen) || s.costFen < 0)
      out.push({
        field: f('costFen'),
        en: 'a cost of zero or more, in fen',
        zh: `第 ${i + 1} 个规格的成本不能为负`,
      })
    if (!Number.isInteger(s.perPersonLimit) || s.perPersonLimit < 1)
      out.push({ field: f('perPersonLimit'), en: 'at least 1', zh: `第 ${i + 1} 个规格的每人限购至少为 1` })
    if (s.totalCap != null && (!Number.isInteger(s.totalCap) || s.totalCap < 1))
      out.push({ field: f('totalCap'), en: 'at least 1, or none', zh: `第 ${i + 1} 个规格的总限量至少为 1` })
    if (s.totalCap != null && s.perPersonLimit > s.totalCap)
      out.push({
        field: f('perPersonLimit'),
        en: 'the per-person limit cannot exceed the total cap',
        zh: `第 ${i + 1} 个规格的每人限购不能超过总限量`,
      })
    if (!s.supplier.trim())
      out.push({ field: f('supplier'), en: 'a supplier', zh: `请填写第 ${i + 1} 个规格的供应商` })
    if (!s.unit.trim()) out.push({ field: f('unit'), en: 'a unit', zh: `请填写第 ${i + 1} 个规格的单位` })
    if (
      s.commissionBp != null &&
      (!Number.isInteger(s.commissionBp) || s.commissionBp < 0 || s.commissionBp > MAX_COMMISSION_BP)
    )
      out.push({
        field: f('commissionBp'),
        en: `between 0 and ${MAX_COMMISSION_BP} basis points`,
        zh: `第 ${i + 1} 个规格的团长佣金应在 0 到 ${MAX_COMMISSION_BP / 100}% 之间`,
      })
  })
  return out
}

/** An order line as the shortage allocation sees it. */
export interface ShortageCandidate {
  orderId: string
  lineId: string
  quantity: number
  /** Order of payment: the earliest paid keep their goods longest. */
  paidAt: Date
}

/**
 * Who goes without when a SKU arrives short at a pickup point: the units missing are taken from
 * the last paid orders first (first paid, first served), whole lines before moving to an earlier
 * one. Returns the units each line loses; they sum to `missing` (or to all units, if fewer).
 */
export function allocateShortage(lines: ShortageCandidate[], missing: number) {
  const out: { orderId: string; lineId: string; quantity: number }[] = []
  let left = Math.max(0, missing)
  const latestFirst = [...lines].sort(
    (a, b) => b.paidAt.getTime() - a.paidAt.getTime() || b.orderId.localeCompare(a.orderId),
  )
  for (const l of latestFirst) {
    if (left <= 0) break
    const take = Math.min(left, l.quantity)
    if (take > 0) out.push({ orderId: l.orderId, lineId: l.lineId, quantity: take })
    left -= take
  }
  return out
}

/** The refund for `short` of a line's `quantity` units: proportional, all of it when all are short. */
export function shortRefundFen(line: { amountFen: number; quantity: number }, short: number) {
  if (short >= line.quantity) return line.amountFen
  return Math.floor((line.amountFen * short) / line.quantity)
}

/** A leader's commission on an order: each line's paid amount less refunds, at its rate, rounded down. */
export function leaderCommissionFen(lines: { netFen: number; bp: number }[]) {
  return lines.reduce((sum, l) => sum + Math.floor((Math.max(0, l.netFen) * l.bp) / 10_000), 0)
}

/** A picking-list line: what one pickup point gets of one SKU. */
export interface PickingLine {
  pickupPointId: string
  skuId: string
  quantity: number
  amountFen: number
}

/** A purchase-order line: one SKU bought from its supplier for every point together. */
export interface PurchaseLine {
  supplier: string
  skuId: string
  unit: string
  quantity: number
  costFen: number
  totalCostFen: number
}

/** Demand by pickup point and SKU, from the paid orders' lines. */
export function pickingLines(
  lines: { pickupPointId: string; skuId: string; quantity: number; amountFen: number }[],
): PickingLine[] {
  const by = new Map<string, PickingLine>()
  for (const l of lines) {
    const k = `${l.pickupPointId}|${l.skuId}`
    const p = by.get(k) ?? { pickupPointId: l.pickupPointId, skuId: l.skuId, quantity: 0, amountFen: 0 }
    p.quantity += l.quantity
    p.amountFen += l.amountFen
    by.set(k, p)
  }
  return [...by.values()].sort(
    (a, b) => a.pickupPointId.localeCompare(b.pickupPointId) || a.skuId.localeCompare(b.skuId),
  )
}

/** The purchase order: all points' demand per SKU, at the supplier's unit cost; SKUs nobody ordered are left out. */
export function purchaseLines(
  picking: PickingLine[],
  skus: { skuId: string; supplier: string; unit: string; costFen: number }[],
): PurchaseLine[] {
  const qty = new Map<string, number>()
  for (const p of picking) qty.set(p.skuId, (qty.get(p.skuId) ?? 0) + p.quantity)
  return skus
    .filter((s) => (qty.get(s.skuId) ?? 0) > 0)
    .map((s) => {
      const quantity = qty.get(s.skuId)!
      return {
        supplier: s.supplier,
        skuId: s.skuId,
        unit: s.unit,
        quantity,
        costFen: s.costFen,
        totalCostFen: quantity * s.costFen,
      }
    })
    .sort((a, b) => a.supplier.localeCompare(b.supplier) || a.skuId.localeCompare(b.skuId))
}

/** Pickup codes are 8 digits: 10⁸ possibilities against at most a few hundred orders at a point. */
export const PICKUP_CODE = /^\d{8}$/

export function newPickupCode(rand: (max: number) => number = (max) => randomInt(0, max)) {
  return String(rand(100_000_000)).padStart(8, '0')
}

/**
 * What is stored of a pickup code: an HMAC under the server's key, bound to the campaign and
 * point, so a copy of the database alone cannot turn codes back into digits.
 */
export function pickupCodeHash(key: string, campaignId: string, pickupPointId: string, code: string) {
  return createHmac('sha256', key).update(`${campaignId}:${pickupPointId}:${code}`).digest('base64url')
}
