import { defineMachine } from '../../../platform/state-machine.js'

export type BargainStatus = 'ongoing' | 'reached' | 'ordered' | 'completed' | 'expired'
export type BargainEvent = 'reach' | 'order' | 'pay' | 'order_cancelled' | 'reopen' | 'expire'

/**
 * A bargain's lifecycle. Helpers cut while it is `ongoing`; the last required one `reach`es the
 * floor. The shopper orders at the reached price (or, where the offer allows it, at the current
 * price while still ongoing). A cancelled order puts it back where it was while its deadline
 * lasts (`order_cancelled` to reached, `reopen` to ongoing), else it expires.
 */
export const bargainMachine = defineMachine<BargainStatus, BargainEvent>('bargain', {
  ongoing: { reach: 'reached', order: 'ordered', expire: 'expired' },
  reached: { order: 'ordered', expire: 'expired' },
  ordered: { pay: 'completed', order_cancelled: 'reached', reopen: 'ongoing', expire: 'expired' },
  completed: {},
  expired: {},
})

/** Where a cancelled bargain order leaves the bargain, by the deadline that applies to it. */
export function afterOrderCancelled(b: {
  reachedAt: Date | null
  payBy: Date | null
  expiresAt: Date
  now: Date
}): BargainEvent {
  if (b.reachedAt) return b.payBy && b.now < b.payBy ? 'order_cancelled' : 'expire'
  return b.now < b.expiresAt ? 'reopen' : 'expire'
}

export type OfferStatus = 'active' | 'paused' | 'ended'
export type OfferEvent = 'pause' | 'resume' | 'end'

/** An offer takes new bargains and helps only while active; ended is final. */
export const offerMachine = defineMachine<OfferStatus, OfferEvent>('bargain_offer', {
  active: { pause: 'paused', end: 'ended' },
  paused: { resume: 'active', end: 'ended' },
  ended: {},
})
