import { sql } from 'kysely'
import { evaluate, type Invariant } from '../../platform/checks.js'

/** Stock is what its movements say, and what is held is what active reservations hold. */
export const inventoryInvariants: Invariant[] = [
  {
    name: 'inventory.stock_matches_movements',
    description:
      'per SKU: on_hand = receive + adjust + return − sell, reserved = reserve − release − sell, over its movements',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from (select sku_id from stock union select sku_id from stock_movements) k`,
        sql`
          with m as (
            select sku_id, min(tenant_id::text) as tenant_id,
                   sum(case when kind in ('receive', 'adjust', 'return') then quantity when kind = 'sell' then -quantity else 0 end)::bigint as on_hand,
                   sum(case kind when 'reserve' then quantity when 'release' then -quantity when 'sell' then -quantity else 0 end)::bigint as reserved
            from stock_movements group by sku_id
          )
          select coalesce(s.tenant_id::text, m.tenant_id) as tenant_id, coalesce(s.sku_id, m.sku_id)::text as ref,
                 'on_hand ' || coalesce(s.on_hand, 0) || ' (movements ' || coalesce(m.on_hand, 0) || '), reserved ' ||
                 coalesce(s.reserved, 0) || ' (movements ' || coalesce(m.reserved, 0) || ')' as detail
          from stock s full join m on m.sku_id = s.sku_id
          where coalesce(s.on_hand, 0) <> coalesce(m.on_hand, 0) or coalesce(s.reserved, 0) <> coalesce(m.reserved, 0)`,
      ),
  },
  {
    name: 'inventory.reserved_matches_reservations',
    description:
      'per SKU: reserved = the sum of active reservations, and on_hand ≥ reserved ≥ 0; active reservations belong to unpaid orders',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from stock`,
        sql`
          with r as (
            select sku_id, sum(quantity)::bigint as held from stock_reservations where status = 'active' group by sku_id
          )
          select s.tenant_id::text as tenant_id, s.sku_id::text as ref,
                 'on_hand ' || s.on_hand || ', reserved ' || s.reserved || ', active reservations ' || coalesce(r.held, 0) as detail
          from stock s left join r on r.sku_id = s.sku_id
          where s.reserved <> coalesce(r.held, 0) or s.reserved < 0 or s.on_hand < s.reserved
          union all
          select min(x.tenant_id::text), x.sku_id::text, 'active reservations but no stock row'
          from stock_reservations x left join stock s on s.sku_id = x.sku_id
          where x.status = 'active' and s.sku_id is null group by x.sku_id
          union all
          select x.tenant_id::text, x.id::text, 'active reservation of order ' || x.order_id || ' which is ' || coalesce(o.status, 'missing')
          from stock_reservations x left join orders o on o.id = x.order_id
          where x.status = 'active' and o.status is distinct from 'pending_payment'`,
      ),
  },
]
