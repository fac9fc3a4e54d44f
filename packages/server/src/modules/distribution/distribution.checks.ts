import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { PROMOTER_INITIAL, promoterMachine } from './domain/promoter-state.js'

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
]
