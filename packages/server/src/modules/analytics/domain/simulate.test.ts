import { describe, expect, it } from 'vitest'
import { DAY_MS } from './events.js'
import { activations, cascadeStats, kFactor } from './metrics.js'
import { gamma, negativeBinomial, poisson, seededRandom } from './random.js'
import { type CascadeParams, impliedK, simulateCascade } from './simulate.js'

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const variance = (xs: number[]) => {
  const m = mean(xs)
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length
}
const draws = (n: number, f: () => number) => Array.from({ length: n }, f)

describe('seeded random source', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom('42')
    const xs = draws(5, () => a.next())
    expect(draws(5, () => b.next())).toEqual(xs)
    expect(draws(5, () => c.next())).not.toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('draws Poisson, negative binomial and gamma with the right mean and variance', () => {
    const rng = seededRandom(7)
    const p = draws(50_000, () => poisson(rng, 3))
    expect(mean(p)).toBeCloseTo(3, 1)
    expect(variance(p)).toBeCloseTo(3, 1)
    const big = draws(20_000, () => poisson(rng, 75))
    expect(mean(big) / 75).toBeCloseTo(1, 2)
    // Negative binomial: variance = mean + mean²/k.
    const nb = draws(100_000, () => negativeBinomial(rng, 2, 0.5))
    expect(mean(nb)).toBeCloseTo(2, 1)
    expect(variance(nb) / (2 + 4 / 0.5)).toBeCloseTo(1, 1)
    const g = draws(50_000, () => gamma(rng, 0.5, 4))
    expect(mean(g) / 2).toBeCloseTo(1, 1)
  })
})

/** The pipeline's measurement, fed only the simulated events: the cohort that had its full window. */
function measure(sim: ReturnType<typeof simulateCascade>, windowDays = 7) {
  const k = kFactor(sim.events, { from: sim.start, to: sim.end - windowDays * DAY_MS, windowDays })
  const trees = cascadeStats(activations(sim.events))
  return { k, trees }
}

const within = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected) / expected, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance)

describe('cascade simulator', () => {
  const plan: CascadeParams = { shareRate: 0.5, fanOut: 2, openRate: 1, conversion: 0.3 }

  it('repeats exactly for a seed', () => {
    const a = simulateCascade(plan, { seed: 'x', seedBuyers: 50, days: 30 })
    const b = simulateCascade(plan, { seed: 'x', seedBuyers: 50, days: 30 })
    const c = simulateCascade(plan, { seed: 'y', seedBuyers: 50, days: 30 })
    expect(b.events).toEqual(a.events)
    expect(c.events).not.toEqual(a.events)
    expect(a.k).toBeCloseTo(0.3, 12)
    expect(impliedK(plan)).toBeCloseTo(0.3, 12)
  })

  it('refuses a plan that cannot happen', () => {
    expect(() => simulateCascade({ ...plan, fanOut: 0.5 }, { seed: 1, seedBuyers: 1, days: 1 })).toThrow(
      /fan-out must be at least 1/,
    )
    expect(() => simulateCascade({ ...plan, shareRate: 2 }, { seed: 1, seedBuyers: 1, days: 1 })).toThrow(
      /share rate/,
    )
  })

  it('K = 0.3 (negative binomial): the pipeline recovers K within 5% and mean tree size within 10% of 1/(1−K)', () => {
    const sim = simulateCascade(
      { ...plan, counts: { kind: 'negbin', dispersion: 1 } },
      { seed: 3, seedBuyers: 30_000, days: 120 },
    )
    const { k, trees } = measure(sim)
    within(k.k, 0.3, 0.05)
    within(k.s, 0.5, 0.05)
    within(k.f, 2, 0.05)
    within(k.r, 1, 0.05)
    within(k.c, 0.3, 0.05)
    within(k.cycleTime!.meanDays, 1, 0.05)
    within(trees.meanSize, 1 / (1 - 0.3), 0.1)
  }, 60_000)

  it('K = 0.9 (Poisson): the pipeline recovers K within 5% and mean tree size within 10% of 1/(1−K)', () => {
    const p: CascadeParams = { shareRate: 0.6, fanOut: 1.5, openRate: 2, conversion: 0.5 }
    expect(impliedK(p)).toBeCloseTo(0.9, 12)
    const sim = simulateCascade(p, { seed: 9, seedBuyers: 15_000, days: 365 })
    const { k, trees } = measure(sim)
    within(k.k, 0.9, 0.05)
    within(k.s * k.f * k.r * k.c, 0.9, 0.05)
    within(trees.meanSize, 1 / (1 - 0.9), 0.1)
    expect(trees.roots).toBe(15_000)
    expect(trees.maxDepth).toBeGreaterThanOrEqual(4)
  }, 60_000)

  it('K = 1.5 (Poisson, gamma cycle time, capped as it grows): the pipeline recovers K within 5%', () => {
    const p: CascadeParams = {
      shareRate: 0.75,
      fanOut: 2,
      openRate: 2,
      conversion: 0.5,
      cycleTimeDays: 2,
      cycle: { kind: 'gamma', shape: 2 },
    }
    const sim = simulateCascade(p, { seed: 15, seedBuyers: 300, days: 60, maxBuyers: 50_000 })
    expect(sim.capped).toBe(true)
    const { k } = measure(sim)
    expect(k.buyers).toBeGreaterThan(10_000)
    within(k.k, 1.5, 0.05)
    within(k.s * k.f * k.r * k.c, 1.5, 0.05)
    within(k.cycleTime!.meanDays, 2, 0.05)
  }, 60_000)

  it('keeps the cycle time whatever its distribution', () => {
    for (const cycle of [
      { kind: 'gamma', shape: 2 },
      { kind: 'lognormal', sigma: 0.8 },
      { kind: 'fixed' },
    ] as const) {
      const sim = simulateCascade(
        { ...plan, shareRate: 1, conversion: 0.4, cycleTimeDays: 2, cycle },
        { seed: 5, seedBuyers: 2_000, days: 60 },
      )
      const { k } = measure(sim, 14)
      within(k.cycleTime!.meanDays, 2, 0.05)
      if (cycle.kind === 'fixed') expect(k.cycleTime!.medianDays).toBeCloseTo(2, 9)
    }
  })
})
