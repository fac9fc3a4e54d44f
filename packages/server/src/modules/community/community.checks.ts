import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { LEADER_INITIAL, leaderMachine } from './domain/leader-state.js'

/** Leaders follow their machine; a pickup point exists once its leader is approved and is open exactly while they are active. */
export const communityInvariants: Invariant[] = [
  historyInvariant({
    name: 'community.leader_history',
    machine: leaderMachine,
    entities: 'community_leaders',
    history: 'community_leader_history',
    key: 'leader_id',
    initial: LEADER_INITIAL,
  }),
  {
    name: 'community.pickup_points',
    description:
      'an active or paused leader has one pickup point, an applicant or rejected one none; a point is open exactly while its leader is active, in the same shop',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from community_leaders`,
        sql`
          select l.tenant_id::text as tenant_id, l.id::text as ref,
                 'leader ' || l.status || case when p.id is null then ' without a pickup point'
                   else ' with a pickup point ' || case when p.active then 'open' else 'closed' end ||
                        case when p.tenant_id <> l.tenant_id then ' of another shop' else '' end
                 end as detail
          from community_leaders l left join pickup_points p on p.leader_id = l.id
          where (l.status in ('active', 'paused') and p.id is null)
             or (l.status in ('applied', 'rejected') and p.id is not null)
             or (p.id is not null and (p.active <> (l.status = 'active') or p.tenant_id <> l.tenant_id))`,
      ),
  },
]
