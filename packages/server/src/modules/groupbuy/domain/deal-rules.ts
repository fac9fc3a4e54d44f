import { BP_WHOLE, type DealConfig, type LadderStep } from './deal.js'

export type DealProblemCode = 'required' | 'not_allowed' | 'not_integer' | 'out_of_range' | 'out_of_order'

/** One thing wrong with a deal, named by the request field at fault. */
export interface DealProblem {
  field: string
  code: DealProblemCode
  detail: string
}

export const GROUP_SIZE = { min: 2, max: 100 }
export const TIME_LIMIT_MINUTES = { min: 15, max: 7 * 24 * 60 }
export const LADDER_STEPS = { min: 2, max: 10 }
/** A sanity ceiling on any price: one hundred million yuan. */
export const MAX_PRICE_FEN = 10_000_000_000

/** Everything wrong with a group-buy deal an operator submits; empty when it can be saved. */
export function dealProblems(deal: DealConfig): DealProblem[] {
  const p = new Problems()
  const ladder = deal.type === 'ladder'
  const size = p.int('groupSize', deal.groupSize, GROUP_SIZE.min, GROUP_SIZE.max)
  const single = p.int('singlePriceFen', deal.singlePriceFen, 1, MAX_PRICE_FEN)

  // The lowest price a member can end up paying: the opener discount must stay within it.
  let lowestFen: number | undefined
  if (p.typeField(deal, 'groupPriceFen', !ladder, 'ladder groups take prices from their steps')) {
    const price = p.int('groupPriceFen', deal.groupPriceFen!, 1, MAX_PRICE_FEN)
    if (price !== undefined && single !== undefined && price >= single)
      p.add('groupPriceFen', 'out_of_range', 'the group price must be below the single price')
    else lowestFen = price
  }
  if (p.typeField(deal, 'ladderSteps', ladder, 'only a ladder group has steps'))
    lowestFen = ladderLowestFen(p, deal.ladderSteps!, size, single)

  p.int('timeLimitMinutes', deal.timeLimitMinutes, TIME_LIMIT_MINUTES.min, TIME_LIMIT_MINUTES.max)
  const starts = p.date('startsAt', deal.startsAt)
  const ends = p.date('endsAt', deal.endsAt)
  if (starts !== undefined && ends !== undefined && starts >= ends)
    p.add('endsAt', 'out_of_order', 'the deal must end after it starts')
  p.int('perPersonLimit', deal.perPersonLimit, 1)

  if (p.typeField(deal, 'luckyDrawWinners', deal.type === 'lucky_draw', 'k winners, for lucky-draw groups'))
    p.int('luckyDrawWinners', deal.luckyDrawWinners!, 1, (size ?? GROUP_SIZE.max) - 1)
  if (deal.autoFillThresholdBp !== undefined) {
    if (deal.type === 'lucky_draw')
      p.add('autoFillThresholdBp', 'not_allowed', 'a lucky-draw group draws only when it is full')
    else p.int('autoFillThresholdBp', deal.autoFillThresholdBp, 1, BP_WHOLE)
  }
  if (deal.openerDiscountFen !== undefined) {
    if (deal.freeToOpen)
      p.add('openerDiscountFen', 'not_allowed', 'a free-to-open deal already gives the opener the seat')
    else p.int('openerDiscountFen', deal.openerDiscountFen, 0, lowestFen ?? MAX_PRICE_FEN)
  }
  if (p.typeField(deal, 'flashSlotId', deal.type === 'flash', 'the flash-sale slot, for flash groups'))
    if (!deal.flashSlotId!.trim()) p.add('flashSlotId', 'required', 'the flash-sale slot')
  if (p.typeField(deal, 'importTaxRateBp', deal.type === 'cross_border', 'the tax rate, for cross-border'))
    p.int('importTaxRateBp', deal.importTaxRateBp!, 0, BP_WHOLE)
  return p.list
}

/** Checks a ladder's steps; the last step's price when they are all sound. */
function ladderLowestFen(
  p: Problems,
  steps: readonly LadderStep[],
  maxSize: number | undefined,
  single: number | undefined,
): number | undefined {
  if (steps.length < LADDER_STEPS.min || steps.length > LADDER_STEPS.max) {
    p.add('ladderSteps', 'out_of_range', `between ${LADDER_STEPS.min} and ${LADDER_STEPS.max} steps`)
    return undefined
  }
  const before = p.list.length
  steps.forEach((step, i) => {
    const at = `ladderSteps.${i}`
    const size = p.int(`${at}.size`, step.size, GROUP_SIZE.min, maxSize ?? GROUP_SIZE.max)
    const price = p.int(`${at}.priceFen`, step.priceFen, 1, MAX_PRICE_FEN)
    const prev = steps[i - 1]
    if (i === 0 && price !== undefined && single !== undefined && price >= single)
      p.add(`${at}.priceFen`, 'out_of_range', 'the first step must be below the single price')
    if (prev && size !== undefined && size <= prev.size)
      p.add(`${at}.size`, 'out_of_order', 'each step needs more members than the one before')
    if (prev && price !== undefined && price >= prev.priceFen)
      p.add(`${at}.priceFen`, 'out_of_order', 'each step must be cheaper than the one before')
  })
  return p.list.length === before ? steps[steps.length - 1].priceFen : undefined
}

/** Collects problems; each check returns the value when it passed, so later checks can build on it. */
class Problems {
  readonly list: DealProblem[] = []

  add(field: string, code: DealProblemCode, detail: string) {
    this.list.push({ field, code, detail })
  }

  int(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (!Number.isSafeInteger(value)) this.add(field, 'not_integer', 'a whole number')
    else if (value < min || value > max) this.add(field, 'out_of_range', `between ${min} and ${max}`)
    else return value
    return undefined
  }

  date(field: string, value: Date): number | undefined {
    const ms = value instanceof Date ? value.getTime() : Number.NaN
    if (Number.isNaN(ms)) this.add(field, 'required', 'a valid date and time')
    else return ms
    return undefined
  }

  /** A field that one deal type needs and the others may not carry; true when it is there and belongs. */
  typeField(deal: DealConfig, field: keyof DealConfig, belongs: boolean, detail: string): boolean {
    const present = deal[field] !== undefined
    if (belongs && !present) this.add(field, 'required', detail)
    if (!belongs && present) this.add(field, 'not_allowed', detail)
    return belongs && present
  }
}
