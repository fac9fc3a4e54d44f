import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { couponMachine } from './domain/coupon-state.js'

/** What every coupon keeps: its history, its template's count and limits, one order at most. */
export const couponsInvariants: Invariant[] = [
  historyInvariant({
    name: 'coupons.coupon_history',
    machine: couponMachine,
    entities: 'coupons',
    history: 'coupon_history',
    key: 'coupon_id',
    initial: ['available'],
  }),
  {
    name: 'coupons.issued_count',
    description: "a template's issued_count is the number of its coupons, within its total limit",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from coupon_templates`,
        sql`
          with c as (select template_id, count(*)::int as n from coupons group by template_id)
          select t.tenant_id::text as tenant_id, t.id::text as ref,
                 'issued_count ' || t.issued_count || ' ≠ coupons ' || coalesce(c.n, 0) as detail
          from coupon_templates t left join c on c.template_id = t.id
          where t.issued_count <> coalesce(c.n, 0)`,
      ),
  },
  {
    name: 'coupons.per_person_limit',
    description: 'no shopper holds more coupons of a template than its per-person limit',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from coupons`,
        sql`
          select c.tenant_id::text as tenant_id, c.template_id::text || '/' || c.shopper_id::text as ref,
                 count(*) || ' held, limit ' || max(t.per_person_limit) as detail
          from coupons c join coupon_templates t on t.id = c.template_id
          group by c.tenant_id, c.template_id, c.shopper_id
          having count(*) > max(t.per_person_limit)`,
      ),
  },
  {
    name: 'coupons.used_on_own_order',
    // A cancelled or refunded order releases its coupons through the outbox, moments later.
    description: 'a used coupon is on an order of its own shopper',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from coupons where status = 'used'`,
        sql`
          select c.tenant_id::text as tenant_id, c.id::text as ref,
                 'order ' || coalesce(o.status, '(none)') as detail
          from coupons c left join orders o on o.id = c.order_id
          where c.status = 'used'
            and (o.id is null or o.shopper_id <> c.shopper_id or o.tenant_id <> c.tenant_id)`,
      ),
  },
]
