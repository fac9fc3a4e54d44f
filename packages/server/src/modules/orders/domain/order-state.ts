import { defineMachine } from '../../../platform/state-machine.js'

export type OrderStatus =
  | 'pending_payment'
  | 'awaiting_group'
  | 'paid'
  | 'shipped'
  | 'ready_for_pickup'
  | 'completed'
  | 'cancelled'
  | 'refunded'
export type OrderEvent =
  | 'pay'
  | 'pay_into_group'
  | 'group_succeed'
  | 'cancel'
  | 'expire'
  | 'late_pay'
  | 'ship'
  | 'ready'
  | 'complete'
  | 'pick_up'
  | 'refund_all'

/**
 * The order lifecycle. `late_pay` honours a payment that arrives after the unpaid timeout
 * cancelled the order, when its stock can still be reserved; otherwise the payment is refunded.
 * `refund_all` is taken when everything paid has been refunded; partial refunds keep the status.
 * A group-buy order waits in `awaiting_group` once paid and ships only when its group succeeds.
 */
export const orderMachine = defineMachine<OrderStatus, OrderEvent>('order', {
  pending_payment: {
    pay: 'paid',
    pay_into_group: 'awaiting_group',
    cancel: 'cancelled',
    expire: 'cancelled',
  },
  awaiting_group: { group_succeed: 'paid', refund_all: 'refunded' },
  paid: { ship: 'shipped', ready: 'ready_for_pickup', refund_all: 'refunded' },
  shipped: { complete: 'completed', refund_all: 'refunded' },
  ready_for_pickup: { pick_up: 'completed', refund_all: 'refunded' },
  completed: { refund_all: 'refunded' },
  cancelled: { late_pay: 'paid' },
  refunded: {},
})

export type AfterSalesStatus = 'requested' | 'approved' | 'rejected' | 'refunded' | 'cancelled'
export type AfterSalesEvent = 'approve' | 'reject' | 'cancel' | 'refund' | 'refund_fail'

/**
 * An after-sales request: approved ones wait for the provider to confirm the refund; one the
 * provider refuses goes back to `requested`, for the operator to approve again or reject.
 */
export const afterSalesMachine = defineMachine<AfterSalesStatus, AfterSalesEvent>('after_sales', {
  requested: { approve: 'approved', reject: 'rejected', cancel: 'cancelled', refund: 'refunded' },
  approved: { refund: 'refunded', refund_fail: 'requested' },
  rejected: {},
  refunded: {},
  cancelled: {},
})
