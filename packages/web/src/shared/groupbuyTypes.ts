/** Group-buy shapes the storefront and the console read alike (the API's deal and group views). */

export type DealType = 'standard' | 'ladder' | 'lucky_draw' | 'flash' | 'cross_border'
export type DealStatus = 'active' | 'paused' | 'ended'
export type GroupStatus = 'opening' | 'forming' | 'succeeded' | 'drawn' | 'failed' | 'cancelled'
export type SeatStatus = 'held' | 'paid' | 'released' | 'refunded'

export interface LadderStep {
  size: number
  priceFen: number
}

/** A group-buy deal as the API shows it. */
export interface DealView {
  id: string
  type: DealType
  status: DealStatus
  title: string
  productId: string
  skuId: string
  productTitle: string
  specLabel: string
  imageUrl: string | null
  groupSize: number
  singlePriceFen: number
  /** For a ladder group: the first step's price. */
  groupPriceFen: number
  ladderSteps: LadderStep[] | null
  openerDiscountFen: number
  freeToOpen: boolean
  newCustomersOnly: boolean
  autoFillThresholdBp: number | null
  luckyDrawWinners: number | null
  flashSlotId: string | null
  importTaxRateBp: number | null
  /** Import tax on the group price. */
  importTaxFen: number | null
  openerRewardFen: number | null
  openerRewardBp: number | null
  timeLimitMinutes: number
  startsAt: string
  endsAt: string
  perPersonLimit: number
  serverNow: string
}

/** A paid member of a group (never an invented one); the nickname comes masked. */
export interface GroupMember {
  /** The seat's id: what a lucky draw's winners name. */
  id: string
  nickname: string
  avatarUrl: string | null
  isOpener: boolean
  paidAt: string
  won: boolean | null
}

/** What every view of a group carries; the storefront adds the shopper's seat, the console the seats. */
export interface GroupViewBase {
  id: string
  dealId: string
  status: GroupStatus
  groupSize: number
  paidSeats: number
  heldSeats: number
  seatsLeft: number
  openedAt: string | null
  expiresAt: string | null
  closedAt: string | null
  /** What a seat costs now; for a ladder group the step reached. */
  priceFen: number
  members: GroupMember[]
  /** `winners` are seat ids (see `members[].id`); `seed` is revealed after the draw. */
  draw: { seedHash: string; seed: string | null; winners: string[] } | null
  deal: DealView
  serverNow: string
}
