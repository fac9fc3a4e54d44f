import { sql } from 'kysely'
import { evaluate, type Invariant } from '../../platform/checks.js'

/** The books: balanced transfers, shops that sum to zero, and cash that matches payments. */
export const ledgerInvariants: Invariant[] = [
  {
    name: 'ledger.transfer_balances',
    description: 'every transfer has at least two entries and they sum to zero',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from ledger_transfers`,
        sql`
          select t.tenant_id::text as tenant_id, t.id::text as ref,
                 'entries sum to ' || coalesce(sum(e.amount_fen), 0) ||
                 case when count(e.id) < 2 then ' over ' || count(e.id) || ' entries' else '' end as detail
          from ledger_transfers t left join ledger_entries e on e.transfer_id = t.id
          group by t.tenant_id, t.id
          having coalesce(sum(e.amount_fen), 0) <> 0 or count(e.id) < 2`,
      ),
  },
  {
    name: 'ledger.accounts_sum_to_zero',
    description: "each shop's accounts sum to zero",
    run: (db) =>
      evaluate(
        db,
        sql`select count(distinct tenant_id) from ledger_entries`,
        sql`
          select tenant_id::text as tenant_id, null::text as ref, 'all accounts sum to ' || sum(amount_fen) as detail
          from ledger_entries group by tenant_id having sum(amount_fen) <> 0`,
      ),
  },
  {
    name: 'ledger.order_postings_match_payments',
    description: "each order's provider cash postings = its succeeded payments − its succeeded refunds",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from orders o where o.paid_fen <> 0
              or exists (select 1 from payments p where p.order_id = o.id and p.status = 'succeeded')
              or exists (select 1 from ledger_transfers t where t.order_id = o.id)`,
        sql`
          with pay as (
            select order_id, sum(amount_fen)::bigint as captured from payments where status = 'succeeded' group by order_id
          ), ref as (
            select order_id, sum(amount_fen)::bigint as refunded from refunds where status = 'succeeded' group by order_id
          ), led as (
            select t.order_id, sum(e.amount_fen)::bigint as posted
            from ledger_transfers t
            join ledger_entries e on e.transfer_id = t.id
            join ledger_accounts a on a.id = e.account_id
            where a.code like 'cash:%' and t.order_id is not null
            group by t.order_id
          )
          select o.tenant_id::text as tenant_id, o.id::text as ref,
                 'cash postings ' || coalesce(led.posted, 0) || ' ≠ captured ' || coalesce(pay.captured, 0) ||
                 ' − refunded ' || coalesce(ref.refunded, 0) as detail
          from orders o
          left join pay on pay.order_id = o.id
          left join ref on ref.order_id = o.id
          left join led on led.order_id = o.id
          where coalesce(led.posted, 0) <> coalesce(pay.captured, 0) - coalesce(ref.refunded, 0)`,
      ),
  },
]
