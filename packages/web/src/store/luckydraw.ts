/**
 * The 3×3 draw grid (九宫格): eight cells around the draw button, numbered clockwise from the top
 * left. Prizes sit at their `position`; free cells are "no prize" cells.
 */
export const RING: readonly [row: number, col: number][] = [
  [0, 0],
  [0, 1],
  [0, 2],
  [1, 2],
  [2, 2],
  [2, 1],
  [2, 0],
  [1, 0],
]

export interface GridPrize {
  id: string
  position: number
}

/** What each ring cell holds: a prize id, or null for a no-prize cell. */
export function ringCells(prizes: readonly GridPrize[]): (string | null)[] {
  const cells: (string | null)[] = RING.map(() => null)
  for (const p of prizes) if (p.position >= 0 && p.position < RING.length) cells[p.position] = p.id
  return cells
}

/**
 * The ring cell the animation stops on for the server's outcome: the prize's own cell, or for no
 * prize one of the no-prize cells (picked by `pick`, so it does not always stop in the same place).
 */
export function landingCell(
  cells: readonly (string | null)[],
  prizeId: string | null,
  pick: (n: number) => number = (n) => Math.floor(Math.random() * n),
): number {
  if (prizeId) {
    const i = cells.indexOf(prizeId)
    if (i >= 0) return i
  }
  const empty = cells.flatMap((c, i) => (c === null ? [i] : []))
  return empty.length ? empty[pick(empty.length)] : 0
}

/**
 * The cells the highlight visits, from `start` (exclusive) to `target` (inclusive), after `rounds`
 * full turns; each step's delay grows towards the end so the spin slows down before it stops.
 */
export function spinPath(start: number, target: number, rounds = 3): { cell: number; delayMs: number }[] {
  const n = RING.length
  const steps = rounds * n + ((target - start + n) % n || n)
  return Array.from({ length: steps }, (_, i) => {
    const left = steps - i
    const delayMs = left <= 8 ? 60 + (8 - left) * 40 : 60
    return { cell: (start + i + 1) % n, delayMs }
  })
}

/** `2500` bp → `25%`, `5` → `0.05%`. */
export function percent(bp: number): string {
  const v = bp / 100
  return `${Number.isInteger(v) ? v : v.toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}%`
}
