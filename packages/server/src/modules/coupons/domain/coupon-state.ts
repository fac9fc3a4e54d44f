import { defineMachine } from '../../../platform/state-machine.js'

export type CouponStatus = 'available' | 'used' | 'expired'
export type CouponEvent = 'use' | 'restore' | 'lapse'

/**
 * A shopper's coupon. `use` redeems it on an order; when that order is cancelled or fully
 * refunded it is `restore`d while still valid, or `lapse`s to expired when its validity has ended.
 * An available coupon past its validity reads as expired without a write.
 */
export const couponMachine = defineMachine<CouponStatus, CouponEvent>('coupon', {
  available: { use: 'used', lapse: 'expired' },
  used: { restore: 'available', lapse: 'expired' },
  expired: {},
})

export type TemplateStatus = 'active' | 'paused' | 'ended'
export type TemplateEvent = 'pause' | 'resume' | 'end'

/** A coupon template: claimed and issued while active; ended is final. */
export const templateMachine = defineMachine<TemplateStatus, TemplateEvent>('coupon_template', {
  active: { pause: 'paused', end: 'ended' },
  paused: { resume: 'active', end: 'ended' },
  ended: {},
})
