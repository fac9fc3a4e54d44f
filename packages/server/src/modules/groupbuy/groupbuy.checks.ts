import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { groupMachine } from './domain/group-state.js'

/**
 * No group has more paid members than seats, its counters agree with its seats, and each seat
 * agrees with its order: a held seat's order is unpaid, a paid seat's order has its money.
 */
export const groupBuyInvariants: Invariant[] = [
  historyInvariant({
    name: 'groupbuy.group_history',
    machine: groupMachine,
    entities: 'groups',
    history: 'group_history',
    key: 'group_id',
    initial: ['opening'],
  }),
  {
    name: 'groupbuy.seats_within_size',
    description:
      'per group: paid_seats = seats that paid, held_seats = seats held, and together at most the size',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from groups`,
        sql`
          with s as (
            select group_id, count(*) filter (where paid_at is not null)::int as paid,
                   count(*) filter (where status = 'held')::int as held
            from group_seats group by group_id
          )
          select g.tenant_id::text as tenant_id, g.id::text as ref,
                 'size ' || g.group_size || ', paid_seats ' || g.paid_seats || ' (seats ' || coalesce(s.paid, 0) ||
                 '), held_seats ' || g.held_seats || ' (seats ' || coalesce(s.held, 0) || ')' as detail
          from groups g left join s on s.group_id = g.id
          where g.paid_seats <> coalesce(s.paid, 0) or g.held_seats <> coalesce(s.held, 0)
             or g.paid_seats + g.held_seats > g.group_size`,
      ),
  },
  {
    name: 'groupbuy.seats_match_orders',
    description:
      'a held seat’s order is unpaid; a paid seat’s order is awaiting its group (forming) or paid on (succeeded); a released seat’s order is cancelled',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from group_seats`,
        sql`
          select s.tenant_id::text as tenant_id, s.id::text as ref,
                 s.status || ' seat in a ' || g.status || ' group, order ' || o.status as detail
          from group_seats s join groups g on g.id = s.group_id join orders o on o.id = s.order_id
          where (s.status = 'held' and o.status <> 'pending_payment')
             or (s.status = 'released' and o.status not in ('cancelled'))
             or (s.status = 'paid' and g.status = 'forming' and o.status <> 'awaiting_group')
             or (s.status = 'paid' and g.status in ('succeeded', 'drawn') and o.status in ('pending_payment', 'awaiting_group', 'cancelled'))
             or (s.status = 'paid' and g.status in ('failed', 'cancelled'))`,
      ),
  },
]
