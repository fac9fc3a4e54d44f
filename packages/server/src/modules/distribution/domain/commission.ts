import { prorate } from '../../../platform/money.js'
import { BP_WHOLE, type CommissionPlan, MAX_TOTAL_BP, type Rate } from './program.js'

/** An order line as commission sees it. */
export interface CommissionLine {
  productId: string
  categoryId?: string | null
  quantity: number
  /** What the buyer actually paid for the line: net of coupons and points, shipping excluded. */
  paidFen: number
  /** The deal the line was bought through (e.g. `groupbuy:<dealId>`), if any. */
  dealKey?: string | null
}

/** Who could earn on a line: the buyer's upline and, for two-level plans, that promoter's upline. */
export interface Earners {
  buyerId: string
  level1PromoterId?: string | null
  level2PromoterId?: string | null
}

export type RateSource = 'deal' | 'product' | 'category' | 'default'

export interface LineCommission {
  baseFen: number
  /** 30% of the base, rounded down: no line ever pays more in total. */
  capFen: number
  level1Fen: number
  level2Fen: number
  /** Where the rate came from; `none` when a deal pays no commission. */
  source: RateSource | 'none'
  /** True when the raw amounts were scaled down to the cap. */
  capped: boolean
  /** Why nothing is paid, when nothing is. */
  unpaidReason?: 'deal_pays_none' | 'own_purchase' | 'no_promoter'
}

/** The rate for a line: a deal's own (or `none`) over the product's over the category's over the default. */
export function resolveRate(
  plan: CommissionPlan,
  line: CommissionLine,
): { rate: Rate | 'none'; source: RateSource } {
  const deal = line.dealKey ? plan.dealOverrides[line.dealKey] : undefined
  if (deal !== undefined) return { rate: deal, source: 'deal' }
  const product = plan.productRates[line.productId]
  if (product) return { rate: product, source: 'product' }
  const category = line.categoryId ? plan.categoryRates[line.categoryId] : undefined
  if (category) return { rate: category, source: 'category' }
  return { rate: plan.defaultRate, source: 'default' }
}

/** `floor(a * b / c)` exactly, however large the product. */
export function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c))
}

/** The most all commissions on a line may add up to. */
export function capFen(baseFen: number): number {
  return mulDivFloor(baseFen, MAX_TOTAL_BP, BP_WHOLE)
}

/**
 * Raw amounts for both levels before the cap. Basis points round down (a fraction of a fen stays
 * with the shop); fixed amounts are per unit bought.
 */
export function rawAmounts(rate: Rate, line: CommissionLine): [number, number] {
  if (rate.kind === 'fixed')
    return [rate.level1FenPerUnit * line.quantity, (rate.level2FenPerUnit ?? 0) * line.quantity]
  return [
    mulDivFloor(line.paidFen, rate.level1Bp, BP_WHOLE),
    mulDivFloor(line.paidFen, rate.level2Bp ?? 0, BP_WHOLE),
  ]
}

/**
 * Scales two amounts down to at most `cap` together. Level 2 gets its proportional share rounded
 * down and level 1 the rest, so the total is exactly the cap, the direct promoter gets any odd
 * fen, and the same input always gives the same split.
 */
export function applyCap(
  level1: number,
  level2: number,
  cap: number,
): { level1: number; level2: number; capped: boolean } {
  const total = level1 + level2
  if (total <= cap) return { level1, level2, capped: false }
  const l2 = mulDivFloor(level2, cap, total)
  return { level1: cap - l2, level2: l2, capped: true }
}

/** Whether a plan pays a second level at all: chosen, and acknowledged. */
function paysLevel2(plan: CommissionPlan) {
  return plan.levels === 2 && plan.secondLevelAcknowledged
}

/**
 * The commission on one order line, for the buyer's promoter and (two-level plans) theirs.
 *
 * A promoter buying for themselves earns on it only if the plan says so; otherwise the line pays
 * nobody, not even their upline — paying an upline on a downline's own consumption is exactly the
 * network bonus the guard refuses.
 */
export function lineCommission(plan: CommissionPlan, line: CommissionLine, earners: Earners): LineCommission {
  assertLine(line)
  const baseFen = line.paidFen
  const cap = capFen(baseFen)
  const { rate, source } = resolveRate(plan, line)
  const nothing = (unpaidReason: LineCommission['unpaidReason'], src: LineCommission['source'] = source) => ({
    baseFen,
    capFen: cap,
    level1Fen: 0,
    level2Fen: 0,
    source: src,
    capped: false,
    unpaidReason,
  })
  if (rate === 'none') return nothing('deal_pays_none', 'none')
  const l1Id = earners.level1PromoterId
  if (!l1Id) return nothing('no_promoter')
  if (l1Id === earners.buyerId && !plan.earnOnOwnPurchases) return nothing('own_purchase')

  const [raw1, raw2] = rawAmounts(rate, line)
  const l2Id = earners.level2PromoterId
  // Nobody earns twice on a line, and the buyer never earns as their own second level.
  const l2Ok = paysLevel2(plan) && !!l2Id && l2Id !== l1Id && l2Id !== earners.buyerId
  const { level1, level2, capped } = applyCap(raw1, l2Ok ? raw2 : 0, cap)
  return { baseFen, capFen: cap, level1Fen: level1, level2Fen: level2, source, capped }
}

function assertLine(line: CommissionLine) {
  if (!Number.isSafeInteger(line.paidFen) || line.paidFen < 0)
    throw new Error(`bad line amount ${line.paidFen}`)
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
    throw new Error(`bad quantity ${line.quantity}`)
}

/**
 * How much of a commission a new refund takes back: the refunded share of the base, computed on
 * the running total (`floor(commission × refunded / base)` after minus before), so every partial
 * refund rounds the same way and the refund that completes the base takes back exactly what is
 * left. Never negative, and the sum over any refund sequence reaching the base is the commission.
 */
export function clawbackFen(
  commissionFen: number,
  baseFen: number,
  refundedSoFarFen: number,
  refundFen: number,
) {
  for (const n of [commissionFen, baseFen, refundedSoFarFen, refundFen])
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad amount ${n}`)
  if (refundedSoFarFen + refundFen > baseFen) throw new Error('refunds exceed the line')
  if (baseFen === 0) return 0
  const before = mulDivFloor(commissionFen, refundedSoFarFen, baseFen)
  const after = mulDivFloor(commissionFen, refundedSoFarFen + refundFen, baseFen)
  return after - before
}

/**
 * Each line's commission base: what the buyer paid for it once the order's discount (coupons,
 * points) is spread over the lines in proportion to their amounts. Shipping is not in `amounts`.
 */
export function lineBases(amounts: number[], discountFen: number): number[] {
  const total = amounts.reduce((a, b) => a + b, 0)
  const off = prorate(Math.min(Math.max(discountFen, 0), total), amounts)
  return amounts.map((a, i) => a - off[i])
}

/** How much of a line's base has been refunded, given how much of its amount has: whole once the amount is. */
export function refundedBase(baseFen: number, amountFen: number, refundedAmountFen: number): number {
  if (refundedAmountFen >= amountFen) return baseFen
  return amountFen === 0 ? 0 : mulDivFloor(baseFen, refundedAmountFen, amountFen)
}
