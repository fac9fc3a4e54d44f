import { defineMachine } from '../../../platform/state-machine.js'

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'ended'
export type CampaignEvent = 'publish' | 'pause' | 'resume' | 'end'

/**
 * A draw campaign: drafted, published (shoppers may draw inside its window), paused and resumed by
 * the operator, ended by the operator or when its window closes. Ended is final.
 */
export const campaignMachine = defineMachine<CampaignStatus, CampaignEvent>('draw', {
  draft: { publish: 'active', end: 'ended' },
  active: { pause: 'paused', end: 'ended' },
  paused: { resume: 'active', end: 'ended' },
  ended: {},
})

export type AwardStatus = 'pending' | 'claimed' | 'fulfilled'
export type AwardEvent = 'claim' | 'fulfil'

/**
 * A prize won. Points and coupons wait in `pending` until their module honours them (`fulfil`);
 * a product prize is claimed with a shipping address, then shipped (`fulfil`).
 */
export const awardMachine = defineMachine<AwardStatus, AwardEvent>('prize', {
  pending: { claim: 'claimed', fulfil: 'fulfilled' },
  claimed: { fulfil: 'fulfilled' },
  fulfilled: {},
})
