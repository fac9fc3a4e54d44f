import { yuanToFen } from '../shared/money'
import type { Campaign, CampaignInput, CampaignSkuInput, Demand, PickupProgress } from './communityApi'

/** One SKU row of the campaign form: money in 元 as typed, commission as a percentage. */
export interface CampaignSkuRow {
  skuId?: string
  price?: string | number | null
  perPersonLimit?: number | null
  totalCap?: number | null
  supplier?: string
  unit?: string
  cost?: string | number | null
  commissionPercent?: string | number | null
}

export interface CampaignFormValues {
  title?: string
  cutoffAt?: string | null
  pickupDate?: string | null
  commissionPercent?: string | number | null
  skus?: CampaignSkuRow[]
}

export interface CampaignProblem {
  /** `title`, `cutoffAt`, `pickupDate`, `commissionPercent`, `skus`, or `skus.<i>.<field>`. */
  field: string
  key:
    | 'required'
    | 'future'
    | 'pickupBeforeCutoff'
    | 'commission'
    | 'amount'
    | 'duplicate'
    | 'limit'
    | 'capBelowLimit'
}

/** The most a leader's commission may be: 30%, in basis points. */
export const MAX_COMMISSION_BP = 3_000
const DATE = /^\d{4}-\d{2}-\d{2}$/
const blank = (v: unknown) => v === undefined || v === null || v === ''

/** "8" or "2.5" percent as basis points, null when not a percentage with at most two decimals. */
export function percentToBp(v: string | number | null | undefined): number | null {
  if (blank(v)) return null
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(String(v).trim())
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || 0)
}

/** The shop-time (UTC+8) calendar date of an instant. */
export function shopDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * The form's values as the API's input, or the problems to show by field. Mirrors the server's
 * campaign rules so the operator sees them before saving; the server checks again.
 */
export function toCampaignInput(
  v: CampaignFormValues,
  now: Date,
): { input?: CampaignInput; problems: CampaignProblem[] } {
  const problems: CampaignProblem[] = []
  const p = (field: string, key: CampaignProblem['key']) => problems.push({ field, key })
  const title = (v.title ?? '').trim()
  if (!title) p('title', 'required')
  const cutoff = v.cutoffAt ? new Date(v.cutoffAt) : null
  if (!cutoff || Number.isNaN(cutoff.getTime())) p('cutoffAt', 'required')
  else if (cutoff <= now) p('cutoffAt', 'future')
  if (!v.pickupDate || !DATE.test(v.pickupDate)) p('pickupDate', 'required')
  else if (v.cutoffAt && cutoff && v.pickupDate < shopDate(v.cutoffAt)) p('pickupDate', 'pickupBeforeCutoff')
  const commissionBp = blank(v.commissionPercent) ? 0 : percentToBp(v.commissionPercent)
  if (commissionBp === null || commissionBp > MAX_COMMISSION_BP) p('commissionPercent', 'commission')

  const rows = v.skus ?? []
  if (!rows.length) p('skus', 'required')
  const seen = new Set<string>()
  const skus: CampaignSkuInput[] = []
  rows.forEach((r, i) => {
    const f = (k: string) => `skus.${i}.${k}`
    const before = problems.length
    if (!r.skuId) p(f('skuId'), 'required')
    else if (seen.has(r.skuId)) p(f('skuId'), 'duplicate')
    else seen.add(r.skuId)
    const priceFen = yuanToFen(r.price)
    if (blank(r.price)) p(f('price'), 'required')
    else if (priceFen === null || priceFen < 1) p(f('price'), 'amount')
    const costFen = yuanToFen(r.cost)
    if (blank(r.cost)) p(f('cost'), 'required')
    else if (costFen === null || costFen < 0) p(f('cost'), 'amount')
    const perPersonLimit = r.perPersonLimit ?? 1
    if (!Number.isInteger(perPersonLimit) || perPersonLimit < 1 || perPersonLimit > 999)
      p(f('perPersonLimit'), 'limit')
    const totalCap = blank(r.totalCap) ? null : (r.totalCap as number)
    if (totalCap !== null) {
      if (!Number.isInteger(totalCap) || totalCap < 1 || totalCap > 1_000_000) p(f('totalCap'), 'limit')
      else if (perPersonLimit > totalCap) p(f('totalCap'), 'capBelowLimit')
    }
    const supplier = (r.supplier ?? '').trim()
    if (!supplier) p(f('supplier'), 'required')
    const unit = (r.unit ?? '').trim()
    if (!unit) p(f('unit'), 'required')
    else if (unit.length > 10) p(f('unit'), 'limit')
    const bp = blank(r.commissionPercent) ? null : percentToBp(r.commissionPercent)
    if (!blank(r.commissionPercent) && (bp === null || bp > MAX_COMMISSION_BP))
      p(f('commissionPercent'), 'commission')
    if (problems.length === before)
      skus.push({
        skuId: r.skuId as string,
        priceFen: priceFen as number,
        perPersonLimit,
        totalCap,
        supplier,
        unit,
        costFen: costFen as number,
        commissionBp: bp,
      })
  })
  if (problems.length) return { problems }
  return {
    input: {
      title,
      cutoffAt: (cutoff as Date).toISOString(),
      pickupDate: v.pickupDate as string,
      commissionBp: commissionBp as number,
      skus,
    },
    problems,
  }
}

/** Demand by SKU beside the campaign's SKUs (every SKU listed, with zero when none was ordered). */
export function demandRows(campaign: Campaign, demand: Demand | undefined) {
  const by = new Map((demand?.skus ?? []).map((d) => [d.skuId, d]))
  return campaign.skus.map((s) => {
    const d = by.get(s.skuId)
    const quantity = d?.quantity ?? 0
    return {
      skuId: s.skuId,
      title: s.title,
      specLabel: s.specLabel,
      unit: s.unit,
      supplier: s.supplier,
      quantity,
      amountFen: d?.amountFen ?? 0,
      shoppers: d?.shoppers ?? 0,
      costFen: quantity * s.costFen,
      totalCap: s.totalCap,
    }
  })
}

/** Paid orders at a point and how many of them were picked up (refunded and cancelled left out). */
export function pickupShare(orders: PickupProgress['points'][number]['orders']) {
  const n = (k: string) => orders[k] ?? 0
  const picked = n('picked_up')
  const total = picked + n('awaiting_goods') + n('ready') + n('uncollected')
  return { picked, total, percent: total ? Math.round((picked / total) * 100) : 0 }
}
