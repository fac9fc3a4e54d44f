/** Money arrives as integer fen; these helpers are the only place it turns into text or back. */

/** `1230` → `¥12.30`; negative amounts keep their sign in front: `-¥5.00`. */
export function formatFen(
  fen: number | null | undefined,
  opts: { symbol?: string; trimZeros?: boolean } = {},
): string {
  const symbol = opts.symbol ?? '¥'
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return `${symbol}--`
  const n = Math.round(fen)
  const sign = n < 0 ? '-' : ''
  const abs = Math.abs(n)
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  const whole = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  if (opts.trimZeros && cents === 0) return `${sign}${symbol}${whole}`
  return `${sign}${symbol}${whole}.${cents.toString().padStart(2, '0')}`
}

/** Splits fen into the parts a price tag shows in two sizes: `{ yuan: '12', cents: '30' }`. */
export function splitFen(fen: number): { sign: string; yuan: string; cents: string } {
  const n = Math.round(fen)
  const abs = Math.abs(n)
  return {
    sign: n < 0 ? '-' : '',
    yuan: Math.floor(abs / 100).toString(),
    cents: (abs % 100).toString().padStart(2, '0'),
  }
}

/**
 * Parses what an operator typed in 元 into fen without floating-point drift:
 * `"12.3"` → `1230`, `"0.05"` → `5`. Returns `null` for anything that is not an amount
 * with at most two decimals.
 */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  const s = String(input).trim().replace(/^¥/, '').replace(/,/g, '')
  const m = /^(-)?(\d+)(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || 0)
  if (!Number.isSafeInteger(fen)) return null
  return m[1] ? -fen : fen
}

/** Fen as a plain 元 number string for an input box: `1230` → `"12.30"`. */
export function fenToYuanString(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  const { sign, yuan, cents } = splitFen(fen)
  return `${sign}${yuan}.${cents}`
}
