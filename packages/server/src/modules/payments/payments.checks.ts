import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { paymentMachine, refundMachine } from './domain/payment-state.js'

/** Order statuses that hold a payment. */
const PAID = sql`('awaiting_group', 'paid', 'shipped', 'ready_for_pickup', 'completed', 'refunded')`

/**
 * Money in matches what orders say they were paid, money out matches what they say was refunded,
 * and payments and refunds move only as their machines allow. An auto-refund (no after-sales) is a
 * payment the order could not take: a duplicate, or one for a cancelled order whose stock is gone.
 */
export const paymentsInvariants: Invariant[] = [
  {
    name: 'payments.orders_paid_by_payments',
    description:
      'per order: succeeded payments − auto-refunds (pending or succeeded) = paid_fen; paid_fen is 0 or total_fen, and > 0 (or a free order settled) exactly when the status is a paid one',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from orders`,
        sql`
          with p as (
            select order_id, sum(amount_fen)::bigint as captured from payments where status = 'succeeded' group by order_id
          ), a as (
            select order_id, sum(amount_fen)::bigint as returned from refunds
            where after_sales_id is null and status in ('pending', 'succeeded') group by order_id
          )
          select o.tenant_id::text as tenant_id, o.id::text as ref,
                 o.status || ': paid_fen ' || o.paid_fen || ' of total ' || o.total_fen || ', payments captured ' ||
                 coalesce(p.captured, 0) || ' − auto-refunds ' || coalesce(a.returned, 0) as detail
          from orders o left join p on p.order_id = o.id left join a on a.order_id = o.id
          where coalesce(p.captured, 0) - coalesce(a.returned, 0) <> o.paid_fen
             or (o.paid_fen <> 0 and o.paid_fen <> o.total_fen)
             or ((o.paid_fen > 0 or (o.total_fen = 0 and o.paid_at is not null)) <> (o.status in ${PAID}))`,
      ),
  },
  {
    name: 'payments.payments_belong_to_paid_orders',
    description:
      'every succeeded payment belongs to an order in a paid status, or its whole amount is being or has been refunded; no payment is refunded beyond its amount',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from payments where status = 'succeeded'`,
        sql`
          with r as (
            select payment_id, sum(amount_fen)::bigint as returned from refunds
            where status in ('pending', 'succeeded') group by payment_id
          )
          select p.tenant_id::text as tenant_id, p.id::text as ref,
                 p.status || ' payment of ' || p.amount_fen || ' for ' || coalesce(o.status, 'missing') || ' order ' ||
                 p.order_id || ', refunds ' || coalesce(r.returned, 0) as detail
          from payments p left join orders o on o.id = p.order_id left join r on r.payment_id = p.id
          where (p.status = 'succeeded' and coalesce(o.status, 'missing') not in ${PAID}
                 and coalesce(r.returned, 0) <> p.amount_fen)
             or coalesce(r.returned, 0) > p.amount_fen
             or (p.status <> 'succeeded' and r.returned is not null)`,
      ),
  },
  {
    name: 'payments.orders_refunded_by_refunds',
    description:
      "per order: refunded_fen ≤ paid_fen and = its succeeded after-sales refunds; 'refunded' exactly when everything paid went back; each refunded after-sales request has succeeded refunds of its amount",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from orders`,
        sql`
          with r as (
            select order_id, sum(amount_fen)::bigint as refunded from refunds
            where after_sales_id is not null and status = 'succeeded' group by order_id
          ), ar as (
            select after_sales_id, sum(amount_fen)::bigint as refunded from refunds
            where after_sales_id is not null and status = 'succeeded' group by after_sales_id
          )
          select o.tenant_id::text as tenant_id, o.id::text as ref,
                 o.status || ': refunded_fen ' || o.refunded_fen || ' of paid ' || o.paid_fen ||
                 ', succeeded after-sales refunds ' || coalesce(r.refunded, 0) as detail
          from orders o left join r on r.order_id = o.id
          where o.refunded_fen > o.paid_fen or o.refunded_fen <> coalesce(r.refunded, 0)
             or ((o.status = 'refunded') <> (o.paid_fen > 0 and o.refunded_fen = o.paid_fen))
          union all
          select s.tenant_id::text, s.id::text,
                 'after-sales ' || s.status || ' for ' || s.amount_fen || ', succeeded refunds ' || coalesce(ar.refunded, 0)
          from after_sales s left join ar on ar.after_sales_id = s.id
          where (s.status = 'refunded') <> (ar.refunded is not null)
             or (ar.refunded is not null and ar.refunded <> s.amount_fen)`,
      ),
  },
  historyInvariant({
    name: 'payments.payment_history',
    machine: paymentMachine,
    entities: 'payments',
    history: 'payment_history',
    key: 'payment_id',
    initial: ['pending'],
    where: 'payment_id is not null',
  }),
  historyInvariant({
    name: 'payments.refund_history',
    machine: refundMachine,
    entities: 'refunds',
    history: 'payment_history',
    key: 'refund_id',
    initial: ['pending'],
    where: 'refund_id is not null',
  }),
]
