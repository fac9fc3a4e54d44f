/** The whole: probabilities are basis points, and a pool's shares add up to exactly this. */
export const BP_WHOLE = 10_000

/** A prize as the draw sees it: its configured share and the stock it has left. */
export interface PoolPrize {
  id: string
  probabilityBp: number
  stock: number
  awarded: number
}

export interface PrizeOdds {
  id: string
  /** The share this prize has right now: its configured one while in stock, else 0. */
  probabilityBp: number
  inStock: boolean
}

/** The odds a draw uses, and shows: each prize's current share and the no-prize share. */
export interface Odds {
  prizes: PrizeOdds[]
  noPrizeBp: number
}

/**
 * The odds in force: a prize out of stock gives its share to "no prize", so what the shopper is
 * shown is exactly what the draw uses and the shares always sum to the whole.
 */
export function currentOdds(prizes: readonly PoolPrize[]): Odds {
  const out = prizes.map((p) => {
    const inStock = p.awarded < p.stock
    return { id: p.id, probabilityBp: inStock ? p.probabilityBp : 0, inStock }
  })
  const won = out.reduce((s, p) => s + p.probabilityBp, 0)
  return { prizes: out, noPrizeBp: BP_WHOLE - won }
}

/**
 * The outcome for a roll in [0, 10000): prizes take consecutive ranges of the roll in pool order,
 * the no-prize share the rest. A roll is uniform, so each prize wins with its share's chance.
 */
export function pickPrize(odds: Odds, roll: number): string | null {
  if (!Number.isInteger(roll) || roll < 0 || roll >= BP_WHOLE) throw new RangeError(`roll ${roll}`)
  let edge = 0
  for (const p of odds.prizes) {
    edge += p.probabilityBp
    if (roll < edge) return p.id
  }
  return null
}

/** Draws once: `random(n)` gives a uniform integer in [0, n) (crypto in production, seeded in tests). */
export const drawOnce = (odds: Odds, random: (n: number) => number) => pickPrize(odds, random(BP_WHOLE))
