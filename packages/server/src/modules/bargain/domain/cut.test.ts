import { describe, expect, it } from 'vitest'
import { CUT_FACTOR, cutFen, unitRandom } from './cut.js'

/** Plays a whole bargain: every required helper cuts in turn; returns the cuts. */
function play(
  startFen: number,
  floorFen: number,
  helpers: number,
  seed: string,
  isNew = (_: number) => false,
) {
  const cuts: number[] = []
  let price = startFen
  for (let n = 0; n < helpers; n++) {
    const c = cutFen({
      remainingFen: price - floorFen,
      helpersLeft: helpers - n,
      seed,
      ordinal: n,
      newCustomer: isNew(n),
    })
    cuts.push(c)
    price -= c
  }
  return { cuts, price }
}

describe('cutFen', () => {
  it('is the same for the same seed and ordinal, and differs across seeds', () => {
    const a = play(9900, 100, 10, 'seed-a').cuts
    expect(play(9900, 100, 10, 'seed-a').cuts).toEqual(a)
    expect(play(9900, 100, 10, 'seed-b').cuts).not.toEqual(a)
  })

  it('over many seeds and shapes: every cut ≥ 1 fen, never below the floor, the last helper lands on it', () => {
    const bad: string[] = []
    for (let s = 0; s < 5000; s++) {
      const helpers = 1 + (s % 30)
      const floor = 1 + ((s * 37) % 5000)
      // From the tightest possible (1 fen per helper) up to wide ranges.
      const spread = helpers + ((s * 7919) % 200_000)
      const start = floor + spread
      const { cuts, price } = play(start, floor, helpers, `seed-${s}`, (n) => (s + n) % 3 === 0)
      const sum = cuts.reduce((a, b) => a + b, 0)
      if (price !== floor || sum !== start - floor || cuts.some((c) => !Number.isInteger(c) || c < 1))
        bad.push(`seed-${s}: ${start}→${floor} by ${helpers}: ${cuts.join(',')}`)
    }
    expect(bad).toEqual([])
  })

  it('stays within its bounds around the even share (before the last helper)', () => {
    for (let s = 0; s < 2000; s++) {
      const rest = 100_000
      const left = 10
      const c = cutFen({
        remainingFen: rest,
        helpersLeft: left,
        seed: `b${s}`,
        ordinal: 0,
        newCustomer: false,
      })
      expect(c).toBeGreaterThanOrEqual(Math.floor((rest / left) * CUT_FACTOR.regular[0]))
      expect(c).toBeLessThanOrEqual(Math.ceil((rest / left) * CUT_FACTOR.regular[1]))
    }
  })

  it('a new customer cuts more than a returning one for the same draw', () => {
    let more = 0
    for (let s = 0; s < 500; s++) {
      const base = { remainingFen: 50_000, helpersLeft: 8, seed: `n${s}`, ordinal: 3 }
      const regular = cutFen({ ...base, newCustomer: false })
      const fresh = cutFen({ ...base, newCustomer: true })
      expect(fresh).toBeGreaterThan(regular)
      more += fresh - regular
    }
    expect(more).toBeGreaterThan(0)
  })

  it('edge cases: nothing left cuts 0; the tightest spread cuts 1 fen each; one helper cuts all', () => {
    expect(cutFen({ remainingFen: 0, helpersLeft: 3, seed: 'x', ordinal: 0, newCustomer: true })).toBe(0)
    expect(play(110, 100, 10, 'tight').cuts).toEqual(Array(10).fill(1))
    expect(cutFen({ remainingFen: 777, helpersLeft: 1, seed: 'x', ordinal: 5, newCustomer: false })).toBe(777)
    // Fewer fen than helpers (cannot happen for a valid offer): still 1 fen a cut, never more than left.
    expect(cutFen({ remainingFen: 2, helpersLeft: 5, seed: 'x', ordinal: 0, newCustomer: false })).toBe(1)
  })

  it('unitRandom is spread over [0, 1)', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => unitRandom(`k${i}`))
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
  })
})
