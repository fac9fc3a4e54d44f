import { defineMachine } from '../../../platform/state-machine.js'

export type PaymentStatus = 'pending' | 'succeeded' | 'closed' | 'failed'
export type PaymentEvent = 'succeed' | 'close' | 'fail'

/**
 * A payment at a provider. A provider may report success after it reported the payment closed or
 * failed (a late capture): the money is real, so it is taken, and the order decides whether to
 * keep it or give it back.
 */
export const paymentMachine = defineMachine<PaymentStatus, PaymentEvent>('payment', {
  pending: { succeed: 'succeeded', close: 'closed', fail: 'failed' },
  closed: { succeed: 'succeeded' },
  failed: { succeed: 'succeeded' },
  succeeded: {},
})

export type RefundStatus = 'pending' | 'succeeded' | 'failed'
export type RefundEvent = 'succeed' | 'fail'

/** A refund at a provider; one it refused may still go through after manual handling there. */
export const refundMachine = defineMachine<RefundStatus, RefundEvent>('refund', {
  pending: { succeed: 'succeeded', fail: 'failed' },
  failed: { succeed: 'succeeded' },
  succeeded: {},
})
