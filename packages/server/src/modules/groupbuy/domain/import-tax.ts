import { BP_WHOLE } from './deal.js'

/**
 * The cross-border comprehensive tax on an amount, in fen: amount × rate / 10000, rounded half up.
 * Worked in bigint, so it is exact for any amount a number holds. Example: 9900 fen at 910 bp → 901.
 */
export function importTaxFen(amountFen: number, rateBp: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0)
    throw new RangeError('the amount must be whole fen, not negative')
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > BP_WHOLE)
    throw new RangeError('the rate must be 0 to 10000 bp')
  const whole = BigInt(BP_WHOLE)
  return Number((BigInt(amountFen) * BigInt(rateBp) + whole / 2n) / whole)
}

/** What the product page of a cross-border group shows: the amount with its import tax added. */
export const withImportTaxFen = (amountFen: number, rateBp: number) =>
  amountFen + importTaxFen(amountFen, rateBp)
