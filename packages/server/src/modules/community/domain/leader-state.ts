import { defineMachine } from '../../../platform/state-machine.js'

export type LeaderStatus = 'applied' | 'active' | 'rejected' | 'paused'
export type LeaderEvent = 'approve' | 'reject' | 'reapply' | 'pause' | 'resume'

/**
 * A community leader. A shopper applies (`applied`); an operator approves (`active`: their pickup
 * point opens) or rejects with a reason (`rejected`: they may apply again). An operator pauses an
 * active leader (their pickup point is hidden) and resumes them.
 */
export const leaderMachine = defineMachine<LeaderStatus, LeaderEvent>('community_leader', {
  applied: { approve: 'active', reject: 'rejected' },
  rejected: { reapply: 'applied' },
  active: { pause: 'paused' },
  paused: { resume: 'active' },
})

/** The states a leader's history may begin in. */
export const LEADER_INITIAL: LeaderStatus[] = ['applied']
