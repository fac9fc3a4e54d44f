import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { bargainMachine } from './domain/bargain-state.js'

/** What every bargain keeps: its cuts add up, it never goes below its floor, it moves as its machine allows. */
export const bargainInvariants: Invariant[] = [
  historyInvariant({
    name: 'bargain.bargain_history',
    machine: bargainMachine,
    entities: 'bargains',
    history: 'bargain_history',
    key: 'bargain_id',
    initial: ['ongoing'],
  }),
  {
    name: 'bargain.cuts_add_up',
    description:
      'the cuts of a bargain sum to its start price minus its current price, one help per counted helper',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from bargains`,
        sql`
          with h as (select bargain_id, sum(cut_fen)::bigint as cut, count(*)::int as n from bargain_helps group by bargain_id)
          select b.tenant_id::text as tenant_id, b.id::text as ref,
                 'start ' || b.start_price_fen || ' − current ' || b.current_price_fen || ' ≠ cuts ' || coalesce(h.cut, 0) ||
                 ' or helpers ' || b.helpers_count || ' ≠ helps ' || coalesce(h.n, 0) as detail
          from bargains b left join h on h.bargain_id = b.id
          where b.start_price_fen - b.current_price_fen <> coalesce(h.cut, 0) or b.helpers_count <> coalesce(h.n, 0)`,
      ),
  },
  {
    name: 'bargain.price_within_bounds',
    description:
      'a bargain is never below its floor; it is at its floor exactly when all its helpers have cut; a reached one is at the floor',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from bargains`,
        sql`
          select tenant_id::text as tenant_id, id::text as ref,
                 'status ' || status || ', price ' || current_price_fen || ', floor ' || floor_price_fen ||
                 ', helpers ' || helpers_count || '/' || helpers_needed as detail
          from bargains
          where current_price_fen < floor_price_fen
             or helpers_count > helpers_needed
             or ((helpers_count = helpers_needed) <> (current_price_fen = floor_price_fen))
             or (status = 'reached' and (current_price_fen <> floor_price_fen or reached_at is null or pay_by is null))`,
      ),
  },
  {
    name: 'bargain.offer_ordered_count',
    description:
      "an offer's ordered_count is the number of its bargains ordered or completed, within its stock cap",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from bargain_offers`,
        sql`
          with b as (select offer_id, count(*)::int as n from bargains where status in ('ordered', 'completed') group by offer_id)
          select o.tenant_id::text as tenant_id, o.id::text as ref,
                 'ordered_count ' || o.ordered_count || ' ≠ bargains ordered ' || coalesce(b.n, 0) as detail
          from bargain_offers o left join b on b.offer_id = o.id
          where o.ordered_count <> coalesce(b.n, 0)`,
      ),
  },
  {
    name: 'bargain.orders_match',
    description:
      "an ordered or completed bargain points at a bargain order of its own shopper at its price; a completed one's order is paid",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from bargains where status in ('ordered', 'completed')`,
        sql`
          select b.tenant_id::text as tenant_id, b.id::text as ref,
                 'status ' || b.status || ', order ' || coalesce(o.status, '(none)') || ', items ' || coalesce(o.items_fen::text, '-') ||
                 ' vs price ' || b.current_price_fen as detail
          from bargains b left join orders o on o.id = b.order_id
          where b.status in ('ordered', 'completed')
            and (o.id is null or o.kind <> 'bargain' or o.kind_ref <> b.id::text or o.shopper_id <> b.shopper_id
                 or o.items_fen <> b.current_price_fen
                 or (b.status = 'completed' and o.paid_at is null)
                 or (b.status = 'ordered' and o.status <> 'pending_payment'))`,
      ),
  },
]
