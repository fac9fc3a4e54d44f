/**
 * Price resolution: what a shopper pays for each line of a cart, and why. Pure: no database, no
 * clock. The order of steps, the precedence of special prices, the coupon stacking rules and the
 * rounding are written out in docs/pricing.md; the tests beside this file hold them to it.
 *
 *   base price → one special price → coupons → points → shipping
 */

export type SpecialKind = 'flash' | 'group' | 'live' | 'member'

/** On a tie between special prices the earlier kind wins: a deal's price before a standing one. */
export const SPECIAL_PRECEDENCE: readonly SpecialKind[] = ['flash', 'group', 'live', 'member']

/** A special unit price the shopper is entitled to on a line (the caller decides entitlement). */
export interface SpecialPrice {
  kind: SpecialKind
  unitPriceFen: number
}

export interface PriceLineInput {
  /** The caller's key for the line (a SKU id, a cart item id); echoed back. */
  key: string
  productId: string
  categoryId: string | null
  quantity: number
  unitPriceFen: number
  specialPrices?: SpecialPrice[]
}

export type CouponKind = 'fixed' | 'percent' | 'threshold' | 'free_shipping'
export type CouponScope =
  | { kind: 'all' }
  | { kind: 'categories'; ids: string[] }
  | { kind: 'products'; ids: string[] }

/** A coupon's terms as price resolution needs them. */
export interface CouponTerms {
  id: string
  kind: CouponKind
  /** fixed: fen off; threshold: fen off once the threshold is met. */
  amountFen?: number
  /** percent: basis points off (1500 = 15% off, 8.5折). */
  percentBps?: number
  /** percent: at most this much off. */
  capFen?: number | null
  /** The eligible subtotal needed (threshold: required; fixed, percent, free shipping: optional minimum). */
  thresholdFen?: number
  scope: CouponScope
}

/** At most one coupon of each class applies to an order. */
export type CouponClass = 'threshold' | 'discount' | 'shipping'
export const couponClass = (k: CouponKind): CouponClass =>
  k === 'threshold' ? 'threshold' : k === 'free_shipping' ? 'shipping' : 'discount'
/** Classes apply in this order: 满减 first, then the discount coupon on what is left, then shipping. */
const CLASS_ORDER: CouponClass[] = ['threshold', 'discount', 'shipping']

export interface PointsRules {
  /** Points worth one yuan (100 fen): 100 means one point is one fen. */
  pointsPerYuan: number
  /** Points pay at most this share of the goods after coupons, in basis points. */
  maxShareBps: number
}

export interface PointsInput {
  requested: number
  /** What the shopper holds; requested points above it are not used. */
  balance?: number
  rules: PointsRules
}

export interface ShippingInput {
  fulfillment: 'delivery' | 'pickup'
  feeFen: number
  /** Goods of at least this much (after special prices and coupons) ship free. */
  freeOverFen?: number | null
}

export interface PriceInput {
  lines: PriceLineInput[]
  coupons?: CouponTerms[]
  points?: PointsInput
  shipping: ShippingInput
}

export type RejectReason = 'same_class' | 'out_of_scope' | 'below_threshold' | 'nothing_to_discount'

export interface Rejected {
  couponId: string
  reason: RejectReason
  zh: string
  en: string
}

export type BreakdownKind = SpecialKind | 'coupon' | 'points' | 'shipping'

/** One row of the explanation the storefront shows: "会员价 -20.00". */
export interface BreakdownEntry {
  kind: BreakdownKind
  couponId?: string
  /** Negative for a discount, positive for a charge (shipping). */
  amountFen: number
  label: { zh: string; en: string }
  zh: string
  en: string
}

export interface LineAdjustment {
  kind: BreakdownKind
  couponId?: string
  amountFen: number
}

export interface PricedLine {
  key: string
  productId: string
  quantity: number
  unitPriceFen: number
  /** quantity × base unit price. */
  baseFen: number
  special: { kind: SpecialKind; unitPriceFen: number } | null
  /** After the special price, before coupons. */
  specialFen: number
  couponFen: number
  pointsFen: number
  /** What the buyer pays for the line: the base for commissions and partial refunds. */
  finalFen: number
  adjustments: LineAdjustment[]
}

export interface PriceResult {
  lines: PricedLine[]
  itemsFen: number
  specialDiscountFen: number
  couponDiscountFen: number
  pointsDiscountFen: number
  pointsUsed: number
  /** Shipping before a free-shipping coupon. */
  shippingBaseFen: number
  shippingFen: number
  /** Goods after every discount. */
  goodsFen: number
  /** goodsFen + shippingFen: what the shopper pays. */
  totalFen: number
  applied: { couponId: string; kind: CouponKind; amountFen: number }[]
  rejected: Rejected[]
  breakdown: BreakdownEntry[]
}

/**
 * Splits `total` over `weights` in proportion, in whole fen, exactly: the parts always sum to
 * `total`, no part exceeds its weight when `total` ≤ the sum of weights, and leftover fen go to the
 * largest remainders (ties to the earlier line). Integer arithmetic throughout (BigInt), so amounts
 * of any size split without float error.
 */
export function allocate(total: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error(`cannot allocate ${total}`)
  const sum = weights.reduce((a, w) => a + w, 0)
  if (total === 0 || weights.length === 0) return weights.map(() => 0)
  if (sum <= 0) throw new Error('cannot allocate over zero weight')
  const T = BigInt(total)
  const S = BigInt(sum)
  const parts = weights.map((w) => (T * BigInt(w)) / S)
  const rems = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }))
  let rest = total - parts.reduce((a, p) => a + Number(p), 0)
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of rems) {
    if (rest <= 0) break
    parts[i] += 1n
    rest -= 1
  }
  return parts.map(Number)
}

/** 12345 → "123.45" */
export const yuan = (f: number) =>
  `${f < 0 ? '-' : ''}${Math.floor(Math.abs(f) / 100)}.${String(Math.abs(f) % 100).padStart(2, '0')}`
/** 19900 → "199", 1990 → "19.9": how a coupon's name shows an amount. */
export const shortYuan = (f: number) => (f % 100 === 0 ? String(f / 100) : yuan(f).replace(/0$/, ''))

const SPECIAL_LABELS: Record<SpecialKind, { zh: string; en: string }> = {
  member: { zh: '会员价', en: 'Member price' },
  group: { zh: '拼团价', en: 'Group price' },
  flash: { zh: '秒杀价', en: 'Flash-sale price' },
  live: { zh: '直播价', en: 'Live price' },
}

/** A coupon's name as the breakdown shows it: 满199减30, 立减10元, 8.5折（最高减20元）, 免运费. */
export function couponLabel(c: Omit<CouponTerms, 'id' | 'scope'>): { zh: string; en: string } {
  const min = c.thresholdFen
    ? { zh: `满${shortYuan(c.thresholdFen)}`, en: ` over ¥${shortYuan(c.thresholdFen)}` }
    : null
  switch (c.kind) {
    case 'threshold':
      return {
        zh: `满${shortYuan(c.thresholdFen ?? 0)}减${shortYuan(c.amountFen ?? 0)}`,
        en: `¥${shortYuan(c.amountFen ?? 0)} off over ¥${shortYuan(c.thresholdFen ?? 0)}`,
      }
    case 'fixed':
      return {
        zh: `${min ? `${min.zh}` : ''}立减${shortYuan(c.amountFen ?? 0)}元`,
        en: `¥${shortYuan(c.amountFen ?? 0)} off${min?.en ?? ''}`,
      }
    case 'percent': {
      const bps = c.percentBps ?? 0
      const zhe = String((10_000 - bps) / 1000)
        .replace(/(\.\d*?)0+$/, '$1')
        .replace(/\.$/, '')
      const cap = c.capFen
        ? { zh: `（最高减${shortYuan(c.capFen)}元）`, en: `, up to ¥${shortYuan(c.capFen)}` }
        : null
      return {
        zh: `${min?.zh ?? ''}${zhe}折${cap?.zh ?? ''}`,
        en: `${bps / 100}% off${min?.en ?? ''}${cap?.en ?? ''}`,
      }
    }
    case 'free_shipping':
      return { zh: `${min?.zh ?? ''}免运费`, en: `Free shipping${min?.en ?? ''}` }
  }
}

const REJECT_TEXT: Record<RejectReason, { zh: string; en: string }> = {
  same_class: {
    zh: '同类优惠券每单只能用一张',
    en: 'Only one coupon of this kind can be used per order',
  },
  out_of_scope: { zh: '订单中没有适用此券的商品', en: 'No item in this order is covered by this coupon' },
  below_threshold: { zh: '未达到使用门槛', en: 'The order does not reach this coupon’s minimum spend' },
  nothing_to_discount: { zh: '已没有可抵扣的金额', en: 'Nothing is left for this coupon to take off' },
}

const inScope = (scope: CouponScope, l: PriceLineInput) =>
  scope.kind === 'all' ||
  (scope.kind === 'products' && scope.ids.includes(l.productId)) ||
  (scope.kind === 'categories' && l.categoryId !== null && scope.ids.includes(l.categoryId))

const entry = (
  kind: BreakdownKind,
  amountFen: number,
  label: { zh: string; en: string },
  couponId?: string,
): BreakdownEntry => {
  const sign = amountFen < 0 ? '-' : '+'
  const amount = `${sign}${yuan(Math.abs(amountFen))}`
  return {
    kind,
    ...(couponId ? { couponId } : {}),
    amountFen,
    label,
    zh: `${label.zh} ${amount}`,
    en: `${label.en} ${amount}`,
  }
}

function assertInput(input: PriceInput) {
  const int = (v: number, what: string, min = 0) => {
    if (!Number.isSafeInteger(v) || v < min) throw new Error(`${what} must be an integer ≥ ${min}: ${v}`)
  }
  for (const l of input.lines) {
    int(l.quantity, 'quantity', 1)
    int(l.unitPriceFen, 'unitPriceFen')
    for (const s of l.specialPrices ?? []) int(s.unitPriceFen, 'special unitPriceFen')
  }
  int(input.shipping.feeFen, 'shipping feeFen')
  for (const c of input.coupons ?? []) {
    int(c.amountFen ?? 0, 'coupon amountFen')
    int(c.thresholdFen ?? 0, 'coupon thresholdFen')
    int(c.capFen ?? 0, 'coupon capFen')
    int(c.percentBps ?? 0, 'coupon percentBps')
    if ((c.percentBps ?? 0) > 10_000) throw new Error('percentBps above 10000')
  }
  if (input.points) {
    int(input.points.requested, 'points requested')
    int(input.points.rules.pointsPerYuan, 'pointsPerYuan', 1)
    int(input.points.rules.maxShareBps, 'maxShareBps')
    if (input.points.rules.maxShareBps > 10_000) throw new Error('maxShareBps above 10000')
  }
}

/**
 * Resolves the price of a cart: per line and for the order, with the breakdown the storefront
 * shows. Coupons that cannot apply are returned in `rejected` with the reason, not applied; the
 * caller decides whether that is an error (checkout) or advice (a quote).
 */
export function resolvePrice(input: PriceInput): PriceResult {
  assertInput(input)
  const lines: PricedLine[] = input.lines.map((l) => {
    const baseFen = l.unitPriceFen * l.quantity
    // The lowest special price below the base wins; ties go by SPECIAL_PRECEDENCE.
    const best = (l.specialPrices ?? [])
      .filter((s) => s.unitPriceFen < l.unitPriceFen)
      .sort(
        (a, b) =>
          a.unitPriceFen - b.unitPriceFen ||
          SPECIAL_PRECEDENCE.indexOf(a.kind) - SPECIAL_PRECEDENCE.indexOf(b.kind),
      )[0]
    const specialFen = best ? best.unitPriceFen * l.quantity : baseFen
    return {
      key: l.key,
      productId: l.productId,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      baseFen,
      special: best ? { kind: best.kind, unitPriceFen: best.unitPriceFen } : null,
      specialFen,
      couponFen: 0,
      pointsFen: 0,
      finalFen: specialFen,
      adjustments: best ? [{ kind: best.kind, amountFen: specialFen - baseFen }] : [],
    }
  })
  const breakdown: BreakdownEntry[] = []
  for (const kind of SPECIAL_PRECEDENCE) {
    const off = lines
      .filter((l) => l.special?.kind === kind)
      .reduce((a, l) => a + l.baseFen - l.specialFen, 0)
    if (off > 0) breakdown.push(entry(kind, -off, SPECIAL_LABELS[kind]))
  }

  // Coupons: one per class, applied class by class on what the lines still cost.
  const rejected: Rejected[] = []
  const reject = (couponId: string, reason: RejectReason) =>
    rejected.push({ couponId, reason, ...REJECT_TEXT[reason] })
  const chosen = new Map<CouponClass, CouponTerms>()
  for (const c of input.coupons ?? []) {
    const cls = couponClass(c.kind)
    if (chosen.has(cls)) reject(c.id, 'same_class')
    else chosen.set(cls, c)
  }
  const applied: PriceResult['applied'] = []
  let freeShippingBy: CouponTerms | null = null
  for (const cls of CLASS_ORDER) {
    const c = chosen.get(cls)
    if (!c) continue
    const eligible = input.lines.map((l, i) => (inScope(c.scope, l) ? i : -1)).filter((i) => i >= 0)
    if (!eligible.length) {
      reject(c.id, 'out_of_scope')
      continue
    }
    // Thresholds count the eligible goods after special prices, before any other coupon.
    const eligibleSpecial = eligible.reduce((a, i) => a + lines[i].specialFen, 0)
    if (eligibleSpecial < (c.thresholdFen ?? 0)) {
      reject(c.id, 'below_threshold')
      continue
    }
    if (c.kind === 'free_shipping') {
      freeShippingBy = c
      continue
    }
    const left = eligible.map((i) => lines[i].finalFen)
    const leftSum = left.reduce((a, b) => a + b, 0)
    const wanted =
      c.kind === 'percent'
        ? Math.min(
            // Percent off rounds down to the fen: never more off than the rate says.
            Math.floor((leftSum * (c.percentBps ?? 0)) / 10_000),
            c.capFen ?? Number.MAX_SAFE_INTEGER,
          )
        : (c.amountFen ?? 0)
    const off = Math.min(wanted, leftSum)
    if (off <= 0) {
      reject(c.id, 'nothing_to_discount')
      continue
    }
    const parts = allocate(off, left)
    eligible.forEach((i, j) => {
      if (!parts[j]) return
      lines[i].couponFen += parts[j]
      lines[i].finalFen -= parts[j]
      lines[i].adjustments.push({ kind: 'coupon', couponId: c.id, amountFen: -parts[j] })
    })
    applied.push({ couponId: c.id, kind: c.kind, amountFen: off })
    breakdown.push(entry('coupon', -off, couponLabel(c), c.id))
  }

  // Points pay part of the goods, up to the rules' share of what is left after coupons.
  let pointsUsed = 0
  let pointsFen = 0
  if (input.points && input.points.requested > 0) {
    const { rules } = input.points
    const points = Math.min(input.points.requested, input.points.balance ?? Number.MAX_SAFE_INTEGER)
    const goods = lines.reduce((a, l) => a + l.finalFen, 0)
    const maxFen = Math.floor((goods * rules.maxShareBps) / 10_000)
    pointsFen = Math.min(Math.floor((points * 100) / rules.pointsPerYuan), maxFen)
    // The fewest whole points worth pointsFen: never more than the shopper offered.
    pointsUsed = Math.ceil((pointsFen * rules.pointsPerYuan) / 100)
    if (pointsFen > 0) {
      const parts = allocate(
        pointsFen,
        lines.map((l) => l.finalFen),
      )
      lines.forEach((l, i) => {
        if (!parts[i]) return
        l.pointsFen = parts[i]
        l.finalFen -= parts[i]
        l.adjustments.push({ kind: 'points', amountFen: -parts[i] })
      })
      breakdown.push(entry('points', -pointsFen, { zh: '积分抵扣', en: 'Points' }))
    } else pointsUsed = 0
  }

  // Shipping: free over a threshold of the goods after coupons (before points), or by a coupon.
  const afterCoupons = lines.reduce((a, l) => a + l.specialFen - l.couponFen, 0)
  const { shipping } = input
  const shippingBaseFen =
    shipping.fulfillment === 'pickup' ||
    (shipping.freeOverFen !== undefined &&
      shipping.freeOverFen !== null &&
      afterCoupons >= shipping.freeOverFen)
      ? 0
      : shipping.feeFen
  let shippingFen = shippingBaseFen
  if (freeShippingBy) {
    if (shippingBaseFen > 0) {
      applied.push({ couponId: freeShippingBy.id, kind: 'free_shipping', amountFen: shippingBaseFen })
      shippingFen = 0
    } else reject(freeShippingBy.id, 'nothing_to_discount')
  }
  if (shippingBaseFen > 0) breakdown.push(entry('shipping', shippingBaseFen, { zh: '运费', en: 'Shipping' }))
  if (freeShippingBy && shippingBaseFen > 0)
    breakdown.push(entry('coupon', -shippingBaseFen, couponLabel(freeShippingBy), freeShippingBy.id))

  const itemsFen = lines.reduce((a, l) => a + l.baseFen, 0)
  const goodsFen = lines.reduce((a, l) => a + l.finalFen, 0)
  return {
    lines,
    itemsFen,
    specialDiscountFen: lines.reduce((a, l) => a + l.baseFen - l.specialFen, 0),
    couponDiscountFen: lines.reduce((a, l) => a + l.couponFen, 0) + (shippingBaseFen - shippingFen),
    pointsDiscountFen: pointsFen,
    pointsUsed,
    shippingBaseFen,
    shippingFen,
    goodsFen,
    totalFen: goodsFen + shippingFen,
    applied,
    rejected,
    breakdown,
  }
}
