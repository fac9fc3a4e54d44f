export function median(values: number[]): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const round = (n: number, digits = 0) => Number(n.toFixed(digits))

/** Adds the counts of `more` into `into`. */
export function addCounts(into: Record<string, number>, more: Record<string, number>) {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v
  return into
}
