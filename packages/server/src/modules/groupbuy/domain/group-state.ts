import { defineMachine } from '../../../platform/state-machine.js'

export type GroupStatus = 'opening' | 'forming' | 'succeeded' | 'drawn' | 'failed' | 'cancelled'
export type GroupEvent = 'open' | 'cancel' | 'succeed' | 'auto_fill' | 'fail' | 'close' | 'draw'

/**
 * A group's lifecycle. Expiry is not an event of its own: the expiry rules decide which of
 * `succeed`, `auto_fill` or `fail` it becomes, so history says how the group ended.
 */
export const groupMachine = defineMachine<GroupStatus, GroupEvent>('group', {
  // The opener's seat is held while they pay: the group is not listed and has no share link yet.
  // An opener who does not pay in time cancels it; nobody else was ever in it, so it is not a failure.
  opening: { open: 'forming', cancel: 'cancelled' },
  forming: {
    // Last seat paid, or a ladder group past its first step when time runs out.
    succeed: 'succeeded',
    // Short at expiry but over the deal's threshold: succeeds with only the people who paid.
    auto_fill: 'succeeded',
    fail: 'failed',
    // An operator closes the group by hand; like a failure, every member is refunded.
    close: 'failed',
  },
  // Lucky-draw groups only: once full, the draw picks the winners and the others are refunded.
  succeeded: { draw: 'drawn' },
  drawn: {},
  failed: {},
  cancelled: {},
})

export type SeatStatus = 'held' | 'paid' | 'released' | 'refunded'
export type SeatEvent = 'pay' | 'release' | 'refund'

/**
 * One shopper's seat in a group. A held seat counts against the group's size while its payment is
 * pending, so a group never takes more payments than it has seats; unpaid, it is released. A payment
 * that arrives after its seat was released is refunded, not seated.
 */
export const seatMachine = defineMachine<SeatStatus, SeatEvent>('group_seat', {
  held: { pay: 'paid', release: 'released' },
  // Refunds: the group failed, the member lost a lucky draw, or asked for one after success.
  paid: { refund: 'refunded' },
  released: {},
  refunded: {},
})

/** Whether a group still takes members: only while forming. */
export const isJoinable = (status: GroupStatus) => status === 'forming'
