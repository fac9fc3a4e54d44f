import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { commissionMachine, withdrawalMachine } from './domain/lifecycle.js'
import { BP_WHOLE, MAX_TOTAL_BP } from './domain/program.js'
import { PROMOTER_INITIAL, promoterMachine } from './domain/promoter-state.js'

/** A promoter's ledger account balance next to what their rows say it should be. */
function ledgerMatches(
  name: string,
  description: string,
  bucket: string,
  owedSql: ReturnType<typeof sql>,
): Invariant {
  return {
    name,
    description,
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from promoters`,
        sql`
          with led as (
            select a.tenant_id, split_part(a.code, ':', 2) as promoter_id, -coalesce(sum(e.amount_fen), 0) as owed
            from ledger_accounts a left join ledger_entries e on e.account_id = a.id
            where a.code like ${`promoter:%:${bucket}`}
            group by a.tenant_id, a.code
          ), own as (${owedSql})
          select coalesce(led.tenant_id, own.tenant_id)::text as tenant_id,
                 coalesce(led.promoter_id, own.promoter_id) as ref,
                 ${`${bucket} in the ledger `} || coalesce(led.owed, 0) || ', by the rows ' || coalesce(own.owed, 0) as detail
          from led full join own on own.tenant_id = led.tenant_id and own.promoter_id = led.promoter_id
          where coalesce(led.owed, 0) <> coalesce(own.owed, 0)`,
      ),
  }
}

/** Every promoter status change is a move the machine allows; an active promoter has its start. */
export const distributionInvariants: Invariant[] = [
  historyInvariant({
    name: 'distribution.promoter_history',
    machine: promoterMachine,
    entities: 'promoters',
    history: 'promoter_history',
    key: 'promoter_id',
    initial: PROMOTER_INITIAL,
  }),
  {
    name: 'distribution.active_has_period',
    description: 'an active promoter has an activation time, before its end if it has one',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from promoters`,
        sql`
          select tenant_id::text as tenant_id, id::text as ref,
                 'active promoter activated ' || coalesce(activated_at::text, 'never') || ', ends ' ||
                 coalesce(expires_at::text, 'never') as detail
          from promoters
          where status = 'active' and (activated_at is null or (expires_at is not null and expires_at <= activated_at))`,
      ),
  },
  {
    name: 'distribution.bindings_forest',
    description: 'bindings form a forest: walking up from any customer never comes back to them',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from referral_bindings`,
        sql`
          with recursive up(tenant_id, start, at, depth) as (
            select tenant_id, customer_id, promoter_shopper_id, 1 from referral_bindings
            union all
            select b.tenant_id, up.start, b.promoter_shopper_id, up.depth + 1
            from up join referral_bindings b on b.tenant_id = up.tenant_id and b.customer_id = up.at
            where up.at <> up.start and up.depth < 1000
          )
          select distinct tenant_id::text as tenant_id, start::text as ref,
                 'customer is their own upline ' || depth || ' level(s) up' as detail
          from up where at = start`,
      ),
  },
  historyInvariant({
    name: 'distribution.commission_history',
    machine: commissionMachine,
    entities: 'commissions',
    history: 'commission_history',
    key: 'commission_id',
    initial: ['frozen'],
  }),
  historyInvariant({
    name: 'distribution.withdrawal_history',
    machine: withdrawalMachine,
    entities: 'withdrawals',
    history: 'withdrawal_history',
    key: 'withdrawal_id',
    initial: ['requested'],
  }),
  {
    name: 'distribution.commission_cap',
    description:
      'all commissions on an order line together stay within 30% of its base, on two levels at most',
    run: (db) =>
      evaluate(
        db,
        sql`select count(distinct order_line_id) from commissions`,
        sql`
          select tenant_id::text as tenant_id, order_line_id::text as ref,
                 count(*) || ' commissions of ' || sum(amount_fen) || ' on a base of ' || max(base_fen) as detail
          from commissions
          group by tenant_id, order_line_id
          having sum(amount_fen) > max(base_fen) * ${MAX_TOTAL_BP} / ${BP_WHOLE} or count(*) > 2
                 or count(distinct base_fen) > 1`,
      ),
  },
  ledgerMatches(
    'distribution.frozen_matches_ledger',
    "each promoter's frozen ledger balance is what their frozen commissions still hold",
    'frozen',
    sql`select tenant_id, promoter_id::text as promoter_id, sum(amount_fen - clawed_fen) as owed
        from commissions where status = 'frozen' group by tenant_id, promoter_id`,
  ),
  ledgerMatches(
    'distribution.withdrawing_matches_ledger',
    "each promoter's withdrawing ledger balance is what their open withdrawals ask for",
    'withdrawing',
    sql`select tenant_id, promoter_id::text as promoter_id, sum(amount_fen) as owed
        from withdrawals where status in ('requested', 'approved') group by tenant_id, promoter_id`,
  ),
]
