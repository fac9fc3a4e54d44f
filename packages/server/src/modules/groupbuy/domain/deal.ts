/** A group-buy deal as plain data: money in integer fen, rates in basis points (10000 = 100%). */

/** standard, ladder group, lucky-draw group, flash group, cross-border group. */
export type DealType = 'standard' | 'ladder' | 'lucky_draw' | 'flash' | 'cross_border'

/** One step of a ladder group: from `size` paid members on, every member pays `priceFen`. */
export interface LadderStep {
  size: number
  priceFen: number
}

/** What the opener gets off: a fixed discount, or the whole seat when the deal is free to open. */
export interface OpenerTerms {
  openerDiscountFen?: number
  freeToOpen?: boolean
}

export interface DealConfig extends OpenerTerms {
  type: DealType
  /** N: the seats in a group; for a ladder group, the most it may grow to. */
  groupSize: number
  /** The price of the SKU bought alone, shown beside the group price. */
  singlePriceFen: number
  /** The group price; a lucky-draw group's token price. Ladder groups take their prices from the steps. */
  groupPriceFen?: number
  /** Ladder groups only: sizes rising, prices falling. */
  ladderSteps?: readonly LadderStep[]
  /** How long a group stays open after the opener has paid. */
  timeLimitMinutes: number
  startsAt: Date
  endsAt: Date
  /** Units one shopper may buy in this deal, over all its groups. */
  perPersonLimit: number
  /** Only shoppers who never paid for anything may join (the opener may be anyone). */
  newCustomersOnly?: boolean
  /** Auto-fill: a group short at expiry still succeeds when at least this share of its seats is paid. */
  autoFillThresholdBp?: number
  /** Lucky-draw groups only: k, how many members win the item. */
  luckyDrawWinners?: number
  /** Flash groups only: the flash-sale slot whose carved stock the groups draw on. */
  flashSlotId?: string
  /** Cross-border groups only: the comprehensive import tax rate. */
  importTaxRateBp?: number
}

export const BP_WHOLE = 10_000
