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
]
