import { defineMachine } from '../../../platform/state-machine.js'

/** A campaign is edited as a draft, carves its stock when scheduled, and ends when its last slot does. */
export type CampaignStatus = 'draft' | 'scheduled' | 'ended'
export type CampaignEvent = 'schedule' | 'end'
export const campaignMachine = defineMachine<CampaignStatus, CampaignEvent>('flash_campaign', {
  draft: { schedule: 'scheduled', end: 'ended' },
  scheduled: { end: 'ended' },
  ended: {},
})

/** A slot holds carved stock while scheduled; ending or cancelling it gives the rest back. */
export type SlotStatus = 'draft' | 'scheduled' | 'ended' | 'cancelled'
export type SlotEvent = 'schedule' | 'end' | 'cancel'
export const slotMachine = defineMachine<SlotStatus, SlotEvent>('flash_slot', {
  draft: { schedule: 'scheduled', cancel: 'cancelled' },
  scheduled: { end: 'ended', cancel: 'cancelled' },
  ended: {},
  cancelled: {},
})

/** A purchase follows its order: paid, or cancelled (its unit goes back to the slot). */
export type PurchaseStatus = 'pending' | 'paid' | 'cancelled'
export type PurchaseEvent = 'pay' | 'cancel'
export const purchaseMachine = defineMachine<PurchaseStatus, PurchaseEvent>('flash_purchase', {
  pending: { pay: 'paid', cancel: 'cancelled' },
  paid: {},
  cancelled: {},
})
