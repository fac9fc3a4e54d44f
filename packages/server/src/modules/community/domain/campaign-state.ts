import { defineMachine } from '../../../platform/state-machine.js'

export type CampaignStatus = 'draft' | 'open' | 'closed' | 'receiving' | 'completed' | 'cancelled'
export type CampaignEvent = 'open' | 'close' | 'receive' | 'complete' | 'cancel'

/**
 * A pre-order campaign. An operator drafts it and opens it to orders; at the cutoff it closes (no
 * more orders; picking lists and purchase orders are built); when the first pickup point receives
 * its goods it is `receiving`; once every order is picked up, refunded or past the uncollected
 * rule it is `completed`. Until goods arrive an operator may cancel it (paid orders are refunded).
 */
export const campaignMachine = defineMachine<CampaignStatus, CampaignEvent>('community_campaign', {
  draft: { open: 'open', cancel: 'cancelled' },
  open: { close: 'closed', cancel: 'cancelled' },
  closed: { receive: 'receiving', cancel: 'cancelled' },
  receiving: { complete: 'completed' },
  completed: {},
  cancelled: {},
})

export const CAMPAIGN_INITIAL: CampaignStatus[] = ['draft']

export type PickupStatus =
  | 'pending_payment'
  | 'awaiting_goods'
  | 'ready'
  | 'picked_up'
  | 'uncollected'
  | 'cancelled'
  | 'refunded'
export type PickupEvent = 'pay' | 'cancel' | 'receive' | 'pick_up' | 'expire' | 'refund'

/**
 * A campaign order at its pickup point: placed, paid (waiting for the goods), ready once the
 * leader received them, then picked up with its code, or uncollected after the configured days.
 * A whole refund ends it from any paid state.
 */
export const pickupMachine = defineMachine<PickupStatus, PickupEvent>('community_pickup', {
  pending_payment: { pay: 'awaiting_goods', cancel: 'cancelled' },
  awaiting_goods: { receive: 'ready', refund: 'refunded' },
  ready: { pick_up: 'picked_up', expire: 'uncollected', refund: 'refunded' },
  picked_up: { refund: 'refunded' },
  uncollected: { refund: 'refunded' },
  cancelled: {},
  refunded: {},
})

export const PICKUP_INITIAL: PickupStatus[] = ['pending_payment']

export type LeaderCommissionStatus = 'frozen' | 'settled' | 'voided'
export type LeaderCommissionEvent = 'settle' | 'void'

/**
 * A leader's commission on one order: frozen at payment, settled once the order was picked up and
 * the return window has passed, voided when the order is refunded whole or never collected.
 * Partial refunds claw back their share without changing the state.
 */
export const leaderCommissionMachine = defineMachine<LeaderCommissionStatus, LeaderCommissionEvent>(
  'community_leader_commission',
  {
    frozen: { settle: 'settled', void: 'voided' },
    settled: {},
    voided: {},
  },
)

export const LEADER_COMMISSION_INITIAL: LeaderCommissionStatus[] = ['frozen']
