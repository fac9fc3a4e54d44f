/**
 * How much one helper cuts off a bargain: random but bounded, and the same for the same bargain
 * seed and helper ordinal, so a replayed or tested bargain cuts exactly the same way.
 *
 * With `remaining` fen left above the floor and `helpersLeft` helpers still needed (this one
 * included): the last helper cuts exactly the rest; any other cuts between half and one and a half
 * times the even share (a new customer, who never paid in this shop, between one and a half and two
 * and a half times), and always leaves at least 1 fen for each helper still to come, so every cut is
 * at least 1 fen and the price lands on the floor exactly with the last required helper.
 */
export interface CutInput {
  /** Current price minus the floor, in fen. */
  remainingFen: number
  /** Helpers still needed, counting this one. */
  helpersLeft: number
  /** The bargain's seed: fixed when it starts. */
  seed: string
  /** This help's ordinal in the bargain (0 for the first helper). */
  ordinal: number
  newCustomer: boolean
}

/** The even share is scaled by a factor drawn from [lo, hi). */
export const CUT_FACTOR = { regular: [0.5, 1.5], newCustomer: [1.5, 2.5] } as const

export function cutFen(i: CutInput): number {
  const { remainingFen: rest, helpersLeft: left } = i
  if (!Number.isSafeInteger(rest) || !Number.isSafeInteger(left)) throw new Error('cut needs integers')
  if (rest <= 0 || left <= 0) return 0
  if (left === 1) return rest
  // Keep 1 fen for every helper after this one; with less than that, cut 1 fen (the floor still holds).
  const max = rest - (left - 1)
  if (max <= 1) return 1
  const [lo, hi] = i.newCustomer ? CUT_FACTOR.newCustomer : CUT_FACTOR.regular
  const factor = lo + (hi - lo) * unitRandom(`${i.seed}:${i.ordinal}`)
  const want = Math.round((rest / left) * factor)
  return Math.min(max, Math.max(1, want))
}

/** A number in [0, 1) from a string: FNV-1a into a mulberry32 step. Deterministic and pure. */
export function unitRandom(key: string): number {
  let h = 0x811c9dc5
  for (let k = 0; k < key.length; k++) {
    h ^= key.charCodeAt(k)
    h = Math.imul(h, 0x01000193)
  }
  let t = (h + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
