/**
 * A seeded random source and the few distributions the cascade simulator draws from. Everything
 * here is deterministic for a seed, so a simulated campaign and the tests over it repeat exactly.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
}

/** SplitMix32: spreads a seed (number or text) into well-mixed 32-bit words. */
function splitmix32(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0 || 0x1234567
  let h = 2166136261
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0
  return h
}

/**
 * xoshiro128** seeded through SplitMix32: fast, 128 bits of state, good enough statistics for
 * simulation (not for secrets). The same seed always gives the same sequence.
 */
export function seededRandom(seed: number | string): Random {
  const mix = splitmix32(hashSeed(seed))
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  if ((a | b | c | d) === 0) a = 1
  return {
    next() {
      const r = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0
      const t = (b << 9) >>> 0
      c ^= a
      d ^= b
      b ^= c
      a ^= d
      c ^= t
      d = rotl(d, 11)
      return r / 4294967296
    },
  }
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0

/** Uniform in (0, 1): never 0, so logarithms stay finite. */
const open01 = (rng: Random) => {
  let u = rng.next()
  while (u === 0) u = rng.next()
  return u
}

/** Standard normal (Box–Muller, one value per call). */
export function normal(rng: Random): number {
  return Math.sqrt(-2 * Math.log(open01(rng))) * Math.cos(2 * Math.PI * rng.next())
}

/** Exponential with the given mean. */
export function exponential(rng: Random, mean: number): number {
  return -mean * Math.log(open01(rng))
}

/** Gamma(shape, scale) by Marsaglia–Tsang; shape < 1 boosted by U^(1/shape). */
export function gamma(rng: Random, shape: number, scale: number): number {
  if (shape <= 0 || scale <= 0) return 0
  if (shape < 1) return gamma(rng, shape + 1, scale) * open01(rng) ** (1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = normal(rng)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = open01(rng)
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale
  }
}

/**
 * Poisson with the given mean: Knuth's product method, the mean split into pieces below 30 (a sum
 * of independent Poissons is Poisson), so it stays exact and fast for any mean used here.
 */
export function poisson(rng: Random, mean: number): number {
  if (!(mean > 0)) return 0
  let n = 0
  let left = mean
  while (left > 0) {
    const piece = Math.min(left, 30)
    left -= piece
    const limit = Math.exp(-piece)
    let p = rng.next()
    while (p > limit) {
      n++
      p *= rng.next()
    }
  }
  return n
}

/**
 * Negative binomial by its mean and dispersion k (variance mean + mean²/k): a Poisson whose mean
 * is itself Gamma-distributed. Small k gives the heavy tail of real sharing (a few big chats).
 */
export function negativeBinomial(rng: Random, mean: number, dispersion: number): number {
  if (!(mean > 0)) return 0
  return poisson(rng, gamma(rng, dispersion, mean / dispersion))
}

/** True with probability p. */
export const bernoulli = (rng: Random, p: number) => rng.next() < p
