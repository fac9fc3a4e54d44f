import type { DealConfig, LadderStep, OpenerTerms } from './deal.js'

/** What members pay: ladder steps, the opener's terms, and the difference refunded when a group closes. */

/** The step a ladder group has reached with `members` paid members (steps sorted by size), or undefined below the first. */
export function stepReached(steps: readonly LadderStep[], members: number): LadderStep | undefined {
  let reached: LadderStep | undefined
  for (const step of steps) if (step.size <= members) reached = step
  return reached
}

/** The price every member pays at `members` paid members; below the first step, the first step's price (the most anyone pays). */
export function ladderPriceFen(steps: readonly LadderStep[], members: number): number {
  if (steps.length === 0) throw new RangeError('a ladder needs at least one step')
  return (stepReached(steps, members) ?? steps[0]).priceFen
}

/** What one member owes at a price: the opener gets the opener discount, or the seat free when the deal is free to open. */
export function owedFen(priceFen: number, isOpener: boolean, terms: OpenerTerms): number {
  if (!isOpener) return priceFen
  if (terms.freeToOpen) return 0
  return Math.max(0, priceFen - (terms.openerDiscountFen ?? 0))
}

/**
 * What a new seat is charged now. A ladder seat pays the step the group reaches with it, counting
 * paid seats only; paid members stay until the group closes, so the final step is never above it.
 */
export function seatPriceFen(
  deal: Pick<DealConfig, 'type' | 'groupPriceFen' | 'ladderSteps' | 'openerDiscountFen' | 'freeToOpen'>,
  paidSeats: number,
  isOpener: boolean,
): number {
  const price =
    deal.type === 'ladder' ? ladderPriceFen(deal.ladderSteps ?? [], paidSeats + 1) : deal.groupPriceFen
  if (price === undefined) throw new RangeError('the deal has no group price')
  return owedFen(price, isOpener, deal)
}

export interface PaidSeat {
  memberId: string
  paidFen: number
  isOpener: boolean
}

export interface DifferenceRefund {
  memberId: string
  refundFen: number
}

/** The refund each member of a closing ladder group is owed: paid minus owed at the final step, never negative. */
export function closingRefunds(
  steps: readonly LadderStep[],
  seats: readonly PaidSeat[],
  terms: OpenerTerms,
): { finalPriceFen: number; refunds: DifferenceRefund[] } {
  const finalPriceFen = ladderPriceFen(steps, seats.length)
  const refunds = seats.map((s) => ({
    memberId: s.memberId,
    refundFen: Math.max(0, s.paidFen - owedFen(finalPriceFen, s.isOpener, terms)),
  }))
  return { finalPriceFen, refunds }
}
