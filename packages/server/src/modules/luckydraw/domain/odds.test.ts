import { describe, expect, it } from 'vitest'
import { BP_WHOLE, currentOdds, drawOnce, type PoolPrize, pickPrize } from './odds.js'

const pool: PoolPrize[] = [
  { id: 'phone', probabilityBp: 50, stock: 10, awarded: 0 },
  { id: 'coupon', probabilityBp: 950, stock: 1000, awarded: 0 },
  { id: 'points', probabilityBp: 3000, stock: 100_000, awarded: 0 },
  { id: 'mug', probabilityBp: 2000, stock: 500, awarded: 0 },
]

/** A seeded uniform source (mulberry32), so the statistics below are reproducible. */
function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return (n: number) => Math.floor(next() * n)
}

describe('currentOdds', () => {
  it('shows each prize its configured share while in stock, and the rest as no prize', () => {
    const odds = currentOdds(pool)
    expect(odds.prizes.map((p) => p.probabilityBp)).toEqual([50, 950, 3000, 2000])
    expect(odds.noPrizeBp).toBe(4000)
    expect(odds.prizes.every((p) => p.inStock)).toBe(true)
  })

  it('gives an exhausted prize share to no prize, so the odds shown still sum to the whole', () => {
    const odds = currentOdds([{ ...pool[0], awarded: 10 }, ...pool.slice(1)])
    expect(odds.prizes[0]).toEqual({ id: 'phone', probabilityBp: 0, inStock: false })
    expect(odds.noPrizeBp).toBe(4050)
    expect(odds.prizes.reduce((s, p) => s + p.probabilityBp, 0) + odds.noPrizeBp).toBe(BP_WHOLE)
  })

  it('treats a prize with no stock at all as out of stock', () => {
    expect(currentOdds([{ id: 'x', probabilityBp: 10_000, stock: 0, awarded: 0 }]).noPrizeBp).toBe(10_000)
  })
})

describe('pickPrize', () => {
  const odds = currentOdds(pool)
  it('maps rolls onto consecutive ranges in pool order', () => {
    expect(pickPrize(odds, 0)).toBe('phone')
    expect(pickPrize(odds, 49)).toBe('phone')
    expect(pickPrize(odds, 50)).toBe('coupon')
    expect(pickPrize(odds, 999)).toBe('coupon')
    expect(pickPrize(odds, 1000)).toBe('points')
    expect(pickPrize(odds, 3999)).toBe('points')
    expect(pickPrize(odds, 4000)).toBe('mug')
    expect(pickPrize(odds, 5999)).toBe('mug')
    expect(pickPrize(odds, 6000)).toBeNull()
    expect(pickPrize(odds, 9999)).toBeNull()
  })

  it('never picks a prize out of stock', () => {
    const gone = currentOdds(pool.map((p) => ({ ...p, awarded: p.stock })))
    const won = Array.from({ length: BP_WHOLE }, (_, roll) => pickPrize(gone, roll)).filter((x) => x !== null)
    expect(won).toEqual([])
  })

  it('always picks a prize at 100%', () => {
    const sure = currentOdds([{ id: 'sure', probabilityBp: BP_WHOLE, stock: 1, awarded: 0 }])
    for (const roll of [0, 5000, 9999]) expect(pickPrize(sure, roll)).toBe('sure')
  })

  it('refuses rolls outside [0, 10000)', () => {
    for (const roll of [-1, 10_000, 1.5, Number.NaN]) expect(() => pickPrize(odds, roll)).toThrow(RangeError)
  })
})

describe('the odds over many draws', () => {
  it('20,000 seeded draws land on each outcome in proportion to its share (chi-square and per-outcome bounds)', () => {
    const n = 20_000
    const odds = currentOdds(pool)
    const random = seeded(20261123)
    const counts = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      const k = drawOnce(odds, random) ?? 'none'
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    const expected = new Map([
      ...odds.prizes.map((p) => [p.id, p.probabilityBp] as const),
      ['none', odds.noPrizeBp],
    ])
    let chi2 = 0
    for (const [k, bp] of expected) {
      const p = bp / BP_WHOLE
      const e = n * p
      const seen = counts.get(k) ?? 0
      chi2 += (seen - e) ** 2 / e
      // Within 4 standard deviations of a binomial(n, p): a fair source fails this about once in 15,000 runs.
      const sd = Math.sqrt(n * p * (1 - p))
      expect(Math.abs(seen - e), `${k}: ${seen} of ${n}, expected ${e}`).toBeLessThan(4 * sd)
    }
    // 4 degrees of freedom: 18.47 is the 99.9th percentile.
    expect(chi2).toBeLessThan(18.47)
    expect([...counts.values()].reduce((s, c) => s + c, 0)).toBe(n)
  })

  it('a biased source fails the same test (the test can tell)', () => {
    const n = 20_000
    const odds = currentOdds(pool)
    const random = seeded(1)
    // Rolls squeezed into the upper 90% never hit the phone or the coupon.
    const biased = (m: number) => 1000 + Math.floor((random(m) * 9) / 10)
    let phone = 0
    for (let i = 0; i < n; i++) if (drawOnce(odds, biased) === 'phone') phone++
    expect(phone).toBe(0)
  })
})
