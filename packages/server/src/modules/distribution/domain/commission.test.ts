import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyCap,
  type CommissionLine,
  capFen,
  clawbackFen,
  lineCommission,
  resolveRate,
} from './commission.js'
import { type CommissionPlan, defaultPlan, type Rate } from './program.js'

const line = (l: Partial<CommissionLine> = {}): CommissionLine => ({
  productId: 'p1',
  categoryId: 'tea',
  quantity: 2,
  paidFen: 10_000,
  ...l,
})
const plan = (p: Partial<CommissionPlan> = {}): CommissionPlan => ({ ...defaultPlan(), ...p })
const twoLevels = (rate: Rate, p: Partial<CommissionPlan> = {}) =>
  plan({ levels: 2, secondLevelAcknowledged: true, defaultRate: rate, ...p })
const bound = { buyerId: 'buyer', level1PromoterId: 'a', level2PromoterId: 'b' }

describe('resolveRate', () => {
  const pl = plan({
    defaultRate: { kind: 'rate', level1Bp: 100 },
    categoryRates: { tea: { kind: 'rate', level1Bp: 200 } },
    productRates: { p1: { kind: 'fixed', level1FenPerUnit: 300 } },
    dealOverrides: { 'groupbuy:d1': 'none', 'flashsale:s1': { kind: 'rate', level1Bp: 400 } },
  })

  it('takes the deal over the product over the category over the default', () => {
    expect(resolveRate(pl, line({ dealKey: 'flashsale:s1' })).source).toBe('deal')
    expect(resolveRate(pl, line({ dealKey: 'groupbuy:d1' })).rate).toBe('none')
    expect(resolveRate(pl, line({ dealKey: 'groupbuy:other' })).source).toBe('product')
    expect(resolveRate(pl, line({ productId: 'p2' })).source).toBe('category')
    expect(resolveRate(pl, line({ productId: 'p2', categoryId: null })).source).toBe('default')
  })
})

describe('lineCommission', () => {
  it('pays basis points of what the buyer paid, rounded down', () => {
    const c = lineCommission(
      plan({ defaultRate: { kind: 'rate', level1Bp: 1_234 } }),
      line({ paidFen: 999 }),
      bound,
    )
    expect(c).toMatchObject({ baseFen: 999, level1Fen: 123, level2Fen: 0, source: 'default', capped: false })
  })

  it('pays fixed fen per unit', () => {
    const pl = plan({ productRates: { p1: { kind: 'fixed', level1FenPerUnit: 150 } } })
    expect(lineCommission(pl, line({ quantity: 3 }), bound).level1Fen).toBe(450)
  })

  it('pays a second level only on an acknowledged two-level plan', () => {
    const rate: Rate = { kind: 'rate', level1Bp: 1_000, level2Bp: 500 }
    expect(lineCommission(twoLevels(rate), line(), bound)).toMatchObject({ level1Fen: 1_000, level2Fen: 500 })
    const unacknowledged = twoLevels(rate, { secondLevelAcknowledged: false })
    expect(lineCommission(unacknowledged, line(), bound).level2Fen).toBe(0)
    expect(lineCommission(twoLevels(rate, { levels: 1 }), line(), bound).level2Fen).toBe(0)
  })

  it('never pays more than two levels, whatever the plan says', () => {
    const c = lineCommission(
      twoLevels({ kind: 'rate', level1Bp: 1_000, level2Bp: 500 }, { levels: 3 }),
      line(),
      bound,
    )
    expect(c.level2Fen).toBe(0)
  })

  it('scales a fixed amount above 30% down to exactly the cap', () => {
    const pl = twoLevels({ kind: 'fixed', level1FenPerUnit: 2_000, level2FenPerUnit: 1_001 })
    const c = lineCommission(pl, line({ quantity: 1, paidFen: 10_001 }), bound)
    expect(c.capFen).toBe(3_000)
    expect(c.capped).toBe(true)
    // Level 2 gets floor(1001 × 3000 / 3001) = 1000, level 1 the rest.
    expect(c).toMatchObject({ level1Fen: 2_000, level2Fen: 1_000 })
  })

  it('pays nothing on a deal that says none', () => {
    const pl = plan({ dealOverrides: { 'groupbuy:d1': 'none' } })
    expect(lineCommission(pl, line({ dealKey: 'groupbuy:d1' }), bound)).toMatchObject({
      level1Fen: 0,
      source: 'none',
      unpaidReason: 'deal_pays_none',
    })
  })

  it('pays nothing without a promoter', () => {
    expect(lineCommission(plan(), line(), { buyerId: 'buyer' }).unpaidReason).toBe('no_promoter')
  })

  it('pays on own purchases only when the plan says so, and never the upline instead', () => {
    const own = { buyerId: 'a', level1PromoterId: 'a', level2PromoterId: 'b' }
    const rate: Rate = { kind: 'rate', level1Bp: 1_000, level2Bp: 500 }
    expect(lineCommission(twoLevels(rate), line(), own)).toMatchObject({
      level1Fen: 0,
      level2Fen: 0,
      unpaidReason: 'own_purchase',
    })
    expect(lineCommission(twoLevels(rate, { earnOnOwnPurchases: true }), line(), own)).toMatchObject({
      level1Fen: 1_000,
      level2Fen: 500,
    })
  })

  it('never pays one person twice or the buyer as level 2', () => {
    const rate: Rate = { kind: 'rate', level1Bp: 1_000, level2Bp: 500 }
    expect(lineCommission(twoLevels(rate), line(), { ...bound, level2PromoterId: 'a' }).level2Fen).toBe(0)
    expect(lineCommission(twoLevels(rate), line(), { ...bound, level2PromoterId: 'buyer' }).level2Fen).toBe(0)
  })

  it('refuses a bad line', () => {
    expect(() => lineCommission(plan(), line({ paidFen: -1 }), bound)).toThrow()
    expect(() => lineCommission(plan(), line({ quantity: 0 }), bound)).toThrow()
  })
})

describe('applyCap', () => {
  it('keeps amounts within the cap unchanged', () => {
    expect(applyCap(10, 5, 15)).toEqual({ level1: 10, level2: 5, capped: false })
  })
  it('splits the cap exactly, the odd fen going to level 1', () => {
    expect(applyCap(1, 1, 1)).toEqual({ level1: 1, level2: 0, capped: true })
    expect(applyCap(7, 3, 5)).toEqual({ level1: 4, level2: 1, capped: true })
  })
})

describe('clawbackFen', () => {
  it('takes back the refunded share, the last refund taking the remainder', () => {
    // 1000 fen commission on a 3000 fen line refunded in three equal parts: 333, 333, 334.
    expect(clawbackFen(1_000, 3_000, 0, 1_000)).toBe(333)
    expect(clawbackFen(1_000, 3_000, 1_000, 1_000)).toBe(333)
    expect(clawbackFen(1_000, 3_000, 2_000, 1_000)).toBe(334)
  })
  it('takes everything back on a full refund and nothing on an empty one', () => {
    expect(clawbackFen(777, 5_000, 0, 5_000)).toBe(777)
    expect(clawbackFen(777, 5_000, 100, 0)).toBe(0)
    expect(clawbackFen(0, 0, 0, 0)).toBe(0)
  })
  it('refuses refunds beyond the line and negative amounts', () => {
    expect(() => clawbackFen(100, 1_000, 900, 101)).toThrow()
    expect(() => clawbackFen(100, 1_000, 0, -1)).toThrow()
    expect(() => clawbackFen(100, 1_000, 0.5, 1)).toThrow()
  })
})

// ---- properties over random lines, plans and refund sequences ----

const arbRate: fc.Arbitrary<Rate> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('rate' as const),
      level1Bp: fc.integer({ min: 0, max: 10_000 }),
      level2Bp: fc.integer({ min: 0, max: 10_000 }),
    },
    { requiredKeys: ['kind', 'level1Bp'] },
  ),
  fc.record(
    {
      kind: fc.constant('fixed' as const),
      level1FenPerUnit: fc.integer({ min: 0, max: 1_000_000 }),
      level2FenPerUnit: fc.integer({ min: 0, max: 1_000_000 }),
    },
    { requiredKeys: ['kind', 'level1FenPerUnit'] },
  ),
)
const ids = fc.constantFrom('p1', 'p2', 'p3')
const arbPlan: fc.Arbitrary<CommissionPlan> = fc.record({
  defaultRate: arbRate,
  categoryRates: fc.dictionary(fc.constantFrom('c1', 'c2'), arbRate),
  productRates: fc.dictionary(ids, arbRate),
  levels: fc.integer({ min: 0, max: 5 }),
  secondLevelAcknowledged: fc.boolean(),
  earnOnOwnPurchases: fc.boolean(),
  dealOverrides: fc.dictionary(fc.constantFrom('d1', 'd2'), fc.oneof(fc.constant('none' as const), arbRate)),
})
const arbLine: fc.Arbitrary<CommissionLine> = fc.record({
  productId: ids,
  categoryId: fc.option(fc.constantFrom('c1', 'c2', 'c3')),
  quantity: fc.integer({ min: 1, max: 1_000 }),
  paidFen: fc.integer({ min: 0, max: 10_000_000_000 }),
  dealKey: fc.option(fc.constantFrom('d1', 'd2', 'd3')),
})
const people = fc.constantFrom('u1', 'u2', 'u3')
const arbEarners = fc.record({
  buyerId: people,
  level1PromoterId: fc.option(people),
  level2PromoterId: fc.option(people),
})

/** A refund sequence adding up to exactly `base`: cut points in [0, base], sorted, differenced. */
const refundsOf = (base: number) =>
  fc.array(fc.integer({ min: 0, max: base }), { maxLength: 12 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), base]
    return points.slice(1).map((p, i) => p - points[i]!)
  })

describe('commission properties', () => {
  it('commissions on a line sum to at most 30% of its base, never negative, in whole fen', () => {
    fc.assert(
      fc.property(arbPlan, arbLine, arbEarners, (pl, l, e) => {
        const c = lineCommission(pl, l, e)
        expect(c.level1Fen + c.level2Fen).toBeLessThanOrEqual(capFen(l.paidFen))
        expect(capFen(l.paidFen) * 10).toBeLessThanOrEqual(l.paidFen * 3)
        for (const v of [c.level1Fen, c.level2Fen]) {
          expect(v).toBeGreaterThanOrEqual(0)
          expect(Number.isSafeInteger(v)).toBe(true)
        }
      }),
      { numRuns: 2_000 },
    )
  })

  it('at most two levels are paid, the second only on an acknowledged two-level plan', () => {
    fc.assert(
      fc.property(arbPlan, arbLine, arbEarners, (pl, l, e) => {
        const c = lineCommission(pl, l, e)
        const keys = Object.keys(c).filter((k) => /^level\dFen$/.test(k))
        expect(keys).toEqual(['level1Fen', 'level2Fen'])
        if (c.level2Fen > 0) expect(pl.levels === 2 && pl.secondLevelAcknowledged).toBe(true)
        if (c.level1Fen + c.level2Fen > 0) expect(e.level1PromoterId).toBeTruthy()
      }),
      { numRuns: 2_000 },
    )
  })

  it('below the cap, the computed amounts are the plain rate', () => {
    fc.assert(
      fc.property(arbLine, fc.integer({ min: 0, max: 3_000 }), (l, bp) => {
        const c = lineCommission(
          plan({ defaultRate: { kind: 'rate', level1Bp: bp } }),
          { ...l, dealKey: null },
          {
            buyerId: 'x',
            level1PromoterId: 'y',
          },
        )
        expect(c.level1Fen).toBe(Math.floor((l.paidFen * bp) / 10_000))
        expect(c.capped).toBe(false)
      }),
    )
  })

  it('clawbacks over any refund sequence that totals the base equal the commission exactly', () => {
    const arb = fc
      .integer({ min: 0, max: 10_000_000_000 })
      .chain((base) =>
        fc.tuple(fc.constant(base), fc.integer({ min: 0, max: capFen(base) }), refundsOf(base)),
      )
    fc.assert(
      fc.property(arb, ([base, commission, refunds]) => {
        let so = 0
        let clawed = 0
        for (const r of refunds) {
          const c = clawbackFen(commission, base, so, r)
          expect(c).toBeGreaterThanOrEqual(0)
          expect(Number.isSafeInteger(c)).toBe(true)
          so += r
          clawed += c
          // At every step no more than the refunded share has been taken back.
          expect(BigInt(clawed) * BigInt(base) <= BigInt(commission) * BigInt(so)).toBe(true)
        }
        expect(so).toBe(base)
        expect(clawed).toBe(commission)
      }),
      { numRuns: 2_000 },
    )
  })

  it('per level, clawbacks on a computed commission reverse it exactly', () => {
    fc.assert(
      fc.property(
        arbPlan,
        arbLine.chain((l) => fc.tuple(fc.constant(l), refundsOf(l.paidFen))),
        arbEarners,
        (pl, [l, refunds], e) => {
          const c = lineCommission(pl, l, e)
          for (const amount of [c.level1Fen, c.level2Fen]) {
            let so = 0
            let clawed = 0
            for (const r of refunds) {
              clawed += clawbackFen(amount, c.baseFen, so, r)
              so += r
            }
            expect(clawed).toBe(amount)
          }
        },
      ),
    )
  })
})
