import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allocate,
  type CouponTerms,
  couponLabel,
  type PriceInput,
  type PriceLineInput,
  resolvePrice,
  SPECIAL_PRECEDENCE,
} from './price.js'

const line = (o: Partial<PriceLineInput> & { unitPriceFen: number }): PriceLineInput => ({
  key: o.key ?? `k${o.unitPriceFen}`,
  productId: o.productId ?? 'p1',
  categoryId: o.categoryId ?? null,
  quantity: o.quantity ?? 1,
  ...o,
})
const all = { kind: 'all' as const }
const delivery = (feeFen = 0, freeOverFen?: number) => ({
  fulfillment: 'delivery' as const,
  feeFen,
  freeOverFen,
})
const points100 = { pointsPerYuan: 100, maxShareBps: 10_000 }

describe('allocate', () => {
  it('splits by weight, leftover fen to the largest remainders, ties to the earlier line', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocate(10, [3, 3, 4])).toEqual([3, 3, 4])
    expect(allocate(7, [5000, 3000, 2000])).toEqual([4, 2, 1])
    expect(allocate(0, [5, 5])).toEqual([0, 0])
    expect(allocate(5, [0, 7])).toEqual([0, 5])
  })

  it('is exact for amounts where floating point would drift', () => {
    const big = 9_007_199_254_740_000
    const parts = allocate(big, [big, 3, big])
    expect(parts.reduce((a, b) => a + b, 0)).toBe(big)
  })

  it('refuses a negative total or zero weight', () => {
    expect(() => allocate(-1, [1])).toThrow()
    expect(() => allocate(3, [0, 0])).toThrow()
  })

  it('property: parts sum to the total, never exceed their weight, never negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, share) => {
          const sum = weights.reduce((a, b) => a + b, 0)
          fc.pre(sum > 0)
          const total = Math.floor(sum * share)
          const parts = allocate(total, weights)
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0)
            expect(p).toBeLessThanOrEqual(weights[i])
          })
        },
      ),
    )
  })
})

describe('the breakdown the storefront shows', () => {
  it('member price, 满199减30 and points, in that order, with zh and en text', () => {
    const r = resolvePrice({
      lines: [
        line({
          unitPriceFen: 12_000,
          quantity: 2,
          specialPrices: [{ kind: 'member', unitPriceFen: 11_000 }],
        }),
      ],
      coupons: [{ id: 'c1', kind: 'threshold', thresholdFen: 19_900, amountFen: 3_000, scope: all }],
      points: { requested: 500, rules: points100 },
      shipping: delivery(0),
    })
    expect(r.breakdown.map((b) => b.zh)).toEqual(['会员价 -20.00', '满199减30 -30.00', '积分抵扣 -5.00'])
    expect(r.breakdown.map((b) => b.en)).toEqual([
      'Member price -20.00',
      '¥30 off over ¥199 -30.00',
      'Points -5.00',
    ])
    expect(r).toMatchObject({
      itemsFen: 24_000,
      specialDiscountFen: 2_000,
      couponDiscountFen: 3_000,
      pointsDiscountFen: 500,
      pointsUsed: 500,
      totalFen: 18_500,
    })
    expect(r.lines[0]).toMatchObject({
      baseFen: 24_000,
      specialFen: 22_000,
      couponFen: 3_000,
      finalFen: 18_500,
    })
  })

  it('names coupons as shoppers read them', () => {
    expect(couponLabel({ kind: 'fixed', amountFen: 1000 })).toEqual({ zh: '立减10元', en: '¥10 off' })
    expect(couponLabel({ kind: 'fixed', amountFen: 500, thresholdFen: 9900 })).toEqual({
      zh: '满99立减5元',
      en: '¥5 off over ¥99',
    })
    expect(couponLabel({ kind: 'percent', percentBps: 1500, capFen: 2000 })).toEqual({
      zh: '8.5折（最高减20元）',
      en: '15% off, up to ¥20',
    })
    expect(couponLabel({ kind: 'percent', percentBps: 1000 })).toEqual({ zh: '9折', en: '10% off' })
    expect(couponLabel({ kind: 'threshold', thresholdFen: 19_950, amountFen: 1_250 })).toEqual({
      zh: '满199.5减12.5',
      en: '¥12.5 off over ¥199.5',
    })
    expect(couponLabel({ kind: 'free_shipping' })).toEqual({ zh: '免运费', en: 'Free shipping' })
  })
})

describe('special prices', () => {
  it('the lowest price the shopper is entitled to wins; never stacked', () => {
    const r = resolvePrice({
      lines: [
        line({
          unitPriceFen: 10_000,
          quantity: 3,
          specialPrices: [
            { kind: 'member', unitPriceFen: 9_000 },
            { kind: 'group', unitPriceFen: 8_000 },
            { kind: 'live', unitPriceFen: 8_500 },
          ],
        }),
      ],
      shipping: delivery(),
    })
    expect(r.lines[0].special).toEqual({ kind: 'group', unitPriceFen: 8_000 })
    expect(r.lines[0].specialFen).toBe(24_000)
    expect(r.breakdown.map((b) => b.zh)).toEqual(['拼团价 -60.00'])
  })

  it('on a tie the stated precedence decides: flash, group, live, member', () => {
    expect(SPECIAL_PRECEDENCE).toEqual(['flash', 'group', 'live', 'member'])
    const kinds = ['member', 'live', 'group', 'flash'] as const
    for (let n = kinds.length; n >= 1; n--) {
      const offered = kinds.slice(0, n).map((kind) => ({ kind, unitPriceFen: 7_000 }))
      const r = resolvePrice({
        lines: [line({ unitPriceFen: 9_000, specialPrices: offered })],
        shipping: delivery(),
      })
      expect(r.lines[0].special?.kind).toBe(kinds[n - 1])
    }
  })

  it('a special price at or above the base price is ignored', () => {
    const r = resolvePrice({
      lines: [line({ unitPriceFen: 5_000, specialPrices: [{ kind: 'member', unitPriceFen: 5_000 }] })],
      shipping: delivery(),
    })
    expect(r.lines[0].special).toBeNull()
    expect(r.breakdown).toEqual([])
  })
})

describe('coupons', () => {
  const two = [
    line({ key: 'a', productId: 'pa', categoryId: 'food', unitPriceFen: 6_000 }),
    line({ key: 'b', productId: 'pb', categoryId: 'toys', unitPriceFen: 4_000 }),
  ]

  it('one per class: a second 满减 is rejected, a 满减 and a discount coupon stack', () => {
    const r = resolvePrice({
      lines: two,
      coupons: [
        { id: 't1', kind: 'threshold', thresholdFen: 5_000, amountFen: 1_000, scope: all },
        { id: 't2', kind: 'threshold', thresholdFen: 5_000, amountFen: 2_000, scope: all },
        { id: 'p1', kind: 'percent', percentBps: 1_000, scope: all },
      ],
      shipping: delivery(),
    })
    expect(r.rejected).toEqual([expect.objectContaining({ couponId: 't2', reason: 'same_class' })])
    // 满减 first (10000 → 9000), then 10% of what is left.
    expect(r.applied).toEqual([
      { couponId: 't1', kind: 'threshold', amountFen: 1_000 },
      { couponId: 'p1', kind: 'percent', amountFen: 900 },
    ])
    expect(r.totalFen).toBe(8_100)
  })

  it('the threshold counts only the lines in scope, after special prices', () => {
    const coupon: CouponTerms = {
      id: 'c',
      kind: 'threshold',
      thresholdFen: 5_000,
      amountFen: 500,
      scope: { kind: 'categories', ids: ['toys'] },
    }
    const r = resolvePrice({ lines: two, coupons: [coupon], shipping: delivery() })
    expect(r.rejected[0]).toMatchObject({ couponId: 'c', reason: 'below_threshold', zh: '未达到使用门槛' })
    const member = resolvePrice({
      lines: [
        line({
          productId: 'pa',
          categoryId: 'toys',
          unitPriceFen: 5_200,
          specialPrices: [{ kind: 'member', unitPriceFen: 4_900 }],
        }),
      ],
      coupons: [coupon],
      shipping: delivery(),
    })
    expect(member.rejected[0]?.reason).toBe('below_threshold')
  })

  it('a scoped coupon discounts only its lines; out of scope is rejected', () => {
    const r = resolvePrice({
      lines: two,
      coupons: [{ id: 'f', kind: 'fixed', amountFen: 1_500, scope: { kind: 'products', ids: ['pb'] } }],
      shipping: delivery(),
    })
    expect(r.lines.map((l) => l.couponFen)).toEqual([0, 1_500])
    const none = resolvePrice({
      lines: two,
      coupons: [{ id: 'f', kind: 'fixed', amountFen: 1_500, scope: { kind: 'categories', ids: ['wine'] } }],
      shipping: delivery(),
    })
    expect(none.rejected[0].reason).toBe('out_of_scope')
    expect(none.totalFen).toBe(10_000)
  })

  it('percent rounds down to the fen and stops at its cap', () => {
    const r = resolvePrice({
      lines: [line({ unitPriceFen: 999 })],
      coupons: [{ id: 'p', kind: 'percent', percentBps: 1_500, scope: all }],
      shipping: delivery(),
    })
    expect(r.couponDiscountFen).toBe(149) // 149.85 → 149
    const capped = resolvePrice({
      lines: [line({ unitPriceFen: 100_000 })],
      coupons: [{ id: 'p', kind: 'percent', percentBps: 2_000, capFen: 5_000, scope: all }],
      shipping: delivery(),
    })
    expect(capped.couponDiscountFen).toBe(5_000)
  })

  it('a fixed coupon larger than the goods takes them to zero, never below', () => {
    const r = resolvePrice({
      lines: [line({ unitPriceFen: 300, quantity: 2 })],
      coupons: [{ id: 'f', kind: 'fixed', amountFen: 1_000, scope: all }],
      shipping: delivery(800),
    })
    expect(r.lines[0].finalFen).toBe(0)
    expect(r.applied[0].amountFen).toBe(600)
    expect(r.totalFen).toBe(800)
  })

  it('an order-level discount is split across lines exactly (largest remainder)', () => {
    const r = resolvePrice({
      lines: [
        line({ key: 'a', unitPriceFen: 3_333 }),
        line({ key: 'b', unitPriceFen: 3_333 }),
        line({ key: 'c', unitPriceFen: 3_334 }),
      ],
      coupons: [{ id: 'f', kind: 'fixed', amountFen: 1_000, scope: all }],
      shipping: delivery(),
    })
    expect(r.lines.map((l) => l.couponFen)).toEqual([333, 333, 334])
    expect(r.lines.map((l) => l.adjustments)).toEqual([
      [{ kind: 'coupon', couponId: 'f', amountFen: -333 }],
      [{ kind: 'coupon', couponId: 'f', amountFen: -333 }],
      [{ kind: 'coupon', couponId: 'f', amountFen: -334 }],
    ])
  })

  it('free shipping removes the fee; rejected when nothing is charged for shipping', () => {
    const fs: CouponTerms = { id: 's', kind: 'free_shipping', scope: all }
    const r = resolvePrice({ lines: two, coupons: [fs], shipping: delivery(1_000) })
    expect(r.shippingBaseFen).toBe(1_000)
    expect(r.shippingFen).toBe(0)
    expect(r.breakdown.map((b) => b.zh)).toEqual(['运费 +10.00', '免运费 -10.00'])
    expect(r.totalFen).toBe(10_000)
    const pickup = resolvePrice({
      lines: two,
      coupons: [fs],
      shipping: { fulfillment: 'pickup', feeFen: 1_000 },
    })
    expect(pickup.rejected[0].reason).toBe('nothing_to_discount')
  })
})

describe('points', () => {
  it('exchange at the rate, capped by the share of the order and the balance', () => {
    const lines = [line({ unitPriceFen: 10_000 })]
    const rate = { pointsPerYuan: 10, maxShareBps: 2_000 } // 10 points = 1 yuan, at most 20%
    const capped = resolvePrice({ lines, points: { requested: 1_000, rules: rate }, shipping: delivery() })
    expect(capped).toMatchObject({ pointsDiscountFen: 2_000, pointsUsed: 200, totalFen: 8_000 })
    const byBalance = resolvePrice({
      lines,
      points: { requested: 1_000, balance: 55, rules: rate },
      shipping: delivery(),
    })
    expect(byBalance).toMatchObject({ pointsDiscountFen: 550, pointsUsed: 55 })
  })

  it('uses the fewest whole points for whole fen, never more than offered', () => {
    // 3 points = 1 yuan: 7 points are worth 233.33 fen → 233 fen for 7 points (699 / 3 rounds up).
    const r = resolvePrice({
      lines: [line({ unitPriceFen: 10_000 })],
      points: { requested: 7, rules: { pointsPerYuan: 3, maxShareBps: 10_000 } },
      shipping: delivery(),
    })
    expect(r).toMatchObject({ pointsDiscountFen: 233, pointsUsed: 7 })
  })

  it('points do not pay shipping and come after coupons', () => {
    const r = resolvePrice({
      lines: [line({ unitPriceFen: 1_000 })],
      coupons: [{ id: 'f', kind: 'fixed', amountFen: 400, scope: all }],
      points: { requested: 10_000, rules: points100 },
      shipping: delivery(800),
    })
    expect(r).toMatchObject({
      pointsDiscountFen: 600,
      pointsUsed: 600,
      goodsFen: 0,
      shippingFen: 800,
      totalFen: 800,
    })
  })
})

describe('shipping', () => {
  it('free over the threshold counted after coupons; pickup never pays', () => {
    const lines = [line({ unitPriceFen: 10_000 })]
    expect(resolvePrice({ lines, shipping: delivery(800, 10_000) }).shippingFen).toBe(0)
    const below = resolvePrice({
      lines,
      coupons: [{ id: 'f', kind: 'fixed', amountFen: 1, scope: all }],
      shipping: delivery(800, 10_000),
    })
    expect(below.shippingFen).toBe(800)
    expect(resolvePrice({ lines, shipping: { fulfillment: 'pickup', feeFen: 800 } }).shippingFen).toBe(0)
  })
})

describe('input the function refuses', () => {
  it('non-integer or negative money, zero quantity, rates out of range', () => {
    const bad: PriceInput[] = [
      { lines: [line({ unitPriceFen: 10.5 })], shipping: delivery() },
      { lines: [line({ unitPriceFen: -1 })], shipping: delivery() },
      { lines: [line({ unitPriceFen: 100, quantity: 0 })], shipping: delivery() },
      { lines: [line({ unitPriceFen: 100 })], shipping: delivery(-5) },
      {
        lines: [line({ unitPriceFen: 100 })],
        coupons: [{ id: 'p', kind: 'percent', percentBps: 10_001, scope: all }],
        shipping: delivery(),
      },
      {
        lines: [line({ unitPriceFen: 100 })],
        points: { requested: 1, rules: { pointsPerYuan: 0, maxShareBps: 100 } },
        shipping: delivery(),
      },
    ]
    for (const b of bad) expect(() => resolvePrice(b)).toThrow()
  })
})

// Property tests -----------------------------------------------------------------------------

const arbScope = fc.oneof(
  fc.constant(all),
  fc.record({ kind: fc.constant('products' as const), ids: fc.subarray(['p1', 'p2', 'p3']) }),
  fc.record({ kind: fc.constant('categories' as const), ids: fc.subarray(['c1', 'c2']) }),
)
const arbCoupon: fc.Arbitrary<CouponTerms> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  kind: fc.constantFrom('fixed', 'percent', 'threshold', 'free_shipping'),
  amountFen: fc.integer({ min: 0, max: 200_000 }),
  percentBps: fc.integer({ min: 0, max: 10_000 }),
  capFen: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  thresholdFen: fc.integer({ min: 0, max: 300_000 }),
  scope: arbScope,
}) as fc.Arbitrary<CouponTerms>
const arbLine = fc
  .record({
    productId: fc.constantFrom('p1', 'p2', 'p3'),
    categoryId: fc.constantFrom('c1', 'c2', null),
    quantity: fc.integer({ min: 1, max: 20 }),
    unitPriceFen: fc.integer({ min: 0, max: 500_000 }),
    specialPrices: fc.array(
      fc.record({
        kind: fc.constantFrom('member', 'group', 'flash', 'live'),
        unitPriceFen: fc.integer({ min: 0, max: 500_000 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map((l) => ({ ...l, key: '' }))
const arbInput: fc.Arbitrary<PriceInput> = fc.record({
  lines: fc
    .array(arbLine, { minLength: 1, maxLength: 8 })
    .map((ls) => ls.map((l, i) => ({ ...l, key: `l${i}` }))),
  coupons: fc.array(arbCoupon, { maxLength: 4 }),
  points: fc.option(
    fc.record({
      requested: fc.integer({ min: 0, max: 1_000_000 }),
      balance: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
      rules: fc.record({
        pointsPerYuan: fc.integer({ min: 1, max: 1_000 }),
        maxShareBps: fc.integer({ min: 0, max: 10_000 }),
      }),
    }),
    { nil: undefined },
  ),
  shipping: fc.record({
    fulfillment: fc.constantFrom('delivery', 'pickup'),
    feeFen: fc.integer({ min: 0, max: 5_000 }),
    freeOverFen: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
  }),
}) as fc.Arbitrary<PriceInput>

describe('properties of every price', () => {
  it('no line is negative; lines add up; the total is the lines plus shipping', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = resolvePrice(input)
        for (const l of r.lines) {
          expect(l.finalFen).toBeGreaterThanOrEqual(0)
          expect(l.finalFen).toBeLessThanOrEqual(l.baseFen)
          expect(l.finalFen).toBe(l.specialFen - l.couponFen - l.pointsFen)
          expect(l.baseFen + l.adjustments.reduce((a, x) => a + x.amountFen, 0)).toBe(l.finalFen)
        }
        const sum = r.lines.reduce((a, l) => a + l.finalFen, 0)
        expect(r.goodsFen).toBe(sum)
        expect(r.totalFen).toBe(sum + r.shippingFen)
        expect(r.totalFen).toBeGreaterThanOrEqual(0)
        // The breakdown explains every fen between the base prices and the total.
        expect(r.itemsFen + r.breakdown.reduce((a, b) => a + b.amountFen, 0)).toBe(r.totalFen)
      }),
      { numRuns: 500 },
    )
  })

  it('each coupon and the points are allocated across lines so they sum exactly', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = resolvePrice(input)
        for (const a of r.applied.filter((x) => x.kind !== 'free_shipping')) {
          const parts = r.lines.flatMap((l) => l.adjustments.filter((x) => x.couponId === a.couponId))
          expect(-parts.reduce((s, x) => s + x.amountFen, 0)).toBe(a.amountFen)
        }
        expect(r.lines.reduce((a, l) => a + l.pointsFen, 0)).toBe(r.pointsDiscountFen)
      }),
      { numRuns: 500 },
    )
  })

  it('one coupon per class; every chosen coupon is applied or rejected with a reason', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = resolvePrice(input)
        expect(r.applied.length + r.rejected.length).toBe(input.coupons?.length ?? 0)
        const classes = r.applied.map((a) =>
          a.kind === 'threshold' ? 't' : a.kind === 'free_shipping' ? 's' : 'd',
        )
        expect(new Set(classes).size).toBe(classes.length)
        for (const x of r.rejected) expect(x.zh.length && x.en.length).toBeTruthy()
      }),
      { numRuns: 300 },
    )
  })

  it('points: never more than offered or held, never above the share of the goods', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        fc.pre(input.points !== undefined)
        const r = resolvePrice(input)
        const p = input.points!
        expect(r.pointsUsed).toBeLessThanOrEqual(Math.min(p.requested, p.balance ?? Number.MAX_SAFE_INTEGER))
        const afterCoupons = r.lines.reduce((a, l) => a + l.specialFen - l.couponFen, 0)
        expect(r.pointsDiscountFen * 10_000).toBeLessThanOrEqual(afterCoupons * p.rules.maxShareBps)
        // The points spent are worth at least the fen they took off.
        expect(r.pointsUsed * 100).toBeGreaterThanOrEqual(r.pointsDiscountFen * p.rules.pointsPerYuan)
      }),
      { numRuns: 300 },
    )
  })
})
