import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { afterSalesMachine, orderMachine } from './domain/order-state.js'

/** Orders and after-sales move only as their machines allow; refunded amounts add up by line. */
export const ordersInvariants: Invariant[] = [
  historyInvariant({
    name: 'orders.order_history',
    machine: orderMachine,
    entities: 'orders',
    history: 'order_history',
    key: 'order_id',
    initial: ['pending_payment'],
  }),
  historyInvariant({
    name: 'orders.after_sales_history',
    machine: afterSalesMachine,
    entities: 'after_sales',
    history: 'after_sales_history',
    key: 'after_sales_id',
    initial: ['requested'],
  }),
  {
    name: 'orders.refunds_add_up_by_line',
    description: "an order's refunded_fen is the sum of its lines' refunded_fen",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from orders`,
        sql`
          with l as (select order_id, sum(refunded_fen)::bigint as refunded from order_lines group by order_id)
          select o.tenant_id::text as tenant_id, o.id::text as ref,
                 'refunded_fen ' || o.refunded_fen || ' ≠ lines ' || coalesce(l.refunded, 0) as detail
          from orders o left join l on l.order_id = o.id
          where o.refunded_fen <> coalesce(l.refunded, 0)`,
      ),
  },
]
