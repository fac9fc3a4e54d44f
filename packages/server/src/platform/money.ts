/**
 * Money is integer fen. Both drivers hand int8 back as a JS number (pg through the codec in db.ts),
 * and this is the one place that insists it is a safe integer.
 */
export type Fen = number

export function fen(v: unknown): Fen {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : (v as number)
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer amount of fen: ${String(v)}`)
  return n
}

/** Splits `total` in proportion to `weights`; the parts always sum to `total` (largest remainder). */
export function prorate(total: Fen, weights: number[]): Fen[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0))
  const exact = weights.map((w) => (total * w) / sum)
  const parts = exact.map(Math.floor)
  let rest = total - parts.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (rest <= 0) break
    parts[i] += 1
    rest -= 1
  }
  return parts
}

/** 12345 → "123.45" */
export const formatYuan = (f: Fen) =>
  `${f < 0 ? '-' : ''}${Math.floor(Math.abs(f) / 100)}.${String(Math.abs(f) % 100).padStart(2, '0')}`
