import { defineMachine } from '../../../platform/state-machine.js'

export type PromoterStatus = 'applied' | 'active' | 'expired' | 'suspended'
export type PromoterEvent = 'approve' | 'renew' | 'expire' | 'suspend' | 'reinstate' | 'reapply' | 'requalify'
export type PromoterSource = 'apply' | 'spend' | 'invitation' | 'staff'

/**
 * A promoter's lifecycle. One starts `applied` (manual approval) or straight `active` (automatic
 * approval, spend, invitation, staff list). Active status lasts the program's period and may be
 * renewed by spend; an expired promoter can qualify again. Only an operator suspends or reinstates.
 */
export const promoterMachine = defineMachine<PromoterStatus, PromoterEvent>('promoter', {
  applied: { approve: 'active', suspend: 'suspended' },
  active: { renew: 'active', expire: 'expired', suspend: 'suspended' },
  expired: { reapply: 'applied', requalify: 'active', suspend: 'suspended' },
  suspended: { reinstate: 'active' },
})

/** The states a promoter's history may begin in. */
export const PROMOTER_INITIAL: PromoterStatus[] = ['applied', 'active']
