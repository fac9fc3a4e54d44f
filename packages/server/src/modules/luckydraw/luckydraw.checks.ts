import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { awardMachine, campaignMachine } from './domain/campaign-state.js'

/** Prizes never award past their stock, shoppers never draw past their chances, statuses follow their machines. */
export const luckyDrawInvariants: Invariant[] = [
  {
    name: 'luckydraw.prize_stock',
    description: "a prize's awarded count is within its stock and equals the draws and awards that won it",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from draw_prizes`,
        sql`
          with d as (select prize_id, count(*)::bigint as n from draws where prize_id is not null group by prize_id),
               a as (select prize_id, count(*)::bigint as n from draw_awards group by prize_id)
          select p.tenant_id::text as tenant_id, p.id::text as ref,
                 'awarded ' || p.awarded || ', stock ' || p.stock || ', draws won ' || coalesce(d.n, 0) ||
                 ', awards ' || coalesce(a.n, 0) as detail
          from draw_prizes p left join d on d.prize_id = p.id left join a on a.prize_id = p.id
          where p.awarded > p.stock or p.awarded < 0 or p.awarded <> coalesce(d.n, 0) or p.awarded <> coalesce(a.n, 0)`,
      ),
  },
  {
    name: 'luckydraw.chances',
    description:
      "per shopper, campaign and day: draws = chances used ≤ chances granted = the sum of that day's grants",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from draw_chances`,
        sql`
          with d as (select campaign_id, shopper_id, day, count(*)::bigint as n from draws group by 1, 2, 3),
               g as (select campaign_id, shopper_id, day, sum(amount)::bigint as n from draw_chance_grants group by 1, 2, 3),
               keys as (select campaign_id, shopper_id, day from draw_chances
                        union select campaign_id, shopper_id, day from d
                        union select campaign_id, shopper_id, day from g)
          select coalesce(c.tenant_id, x.tenant_id)::text as tenant_id,
                 k.campaign_id || '/' || k.shopper_id || '/' || k.day as ref,
                 'draws ' || coalesce(d.n, 0) || ', used ' || coalesce(c.used, 0) || ', granted ' ||
                 coalesce(c.granted, 0) || ', grants ' || coalesce(g.n, 0) as detail
          from keys k
          left join draw_chances c using (campaign_id, shopper_id, day)
          left join d using (campaign_id, shopper_id, day)
          left join g using (campaign_id, shopper_id, day)
          left join draw_campaigns x on x.id = k.campaign_id
          where coalesce(d.n, 0) <> coalesce(c.used, 0)
             or coalesce(c.used, 0) > coalesce(c.granted, 0)
             or coalesce(c.granted, 0) <> coalesce(g.n, 0)`,
      ),
  },
  {
    name: 'luckydraw.award_per_win',
    description: 'every winning draw has exactly one award of the prize it won, to the shopper who drew',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from draws where prize_id is not null`,
        sql`
          select d.tenant_id::text as tenant_id, d.id::text as ref, 'winning draw without its award' as detail
          from draws d left join draw_awards a on a.draw_id = d.id
          where d.prize_id is not null
            and (a.id is null or a.prize_id <> d.prize_id or a.shopper_id <> d.shopper_id)
          union all
          select a.tenant_id::text, a.id::text, 'award for a draw that did not win it'
          from draw_awards a join draws d on d.id = a.draw_id
          where d.prize_id is distinct from a.prize_id`,
      ),
  },
  historyInvariant({
    name: 'luckydraw.campaign_history',
    machine: campaignMachine,
    entities: 'draw_campaigns',
    history: 'draw_campaign_history',
    key: 'campaign_id',
    initial: ['draft'],
  }),
  historyInvariant({
    name: 'luckydraw.award_history',
    machine: awardMachine,
    entities: 'draw_awards',
    history: 'draw_award_history',
    key: 'award_id',
    initial: ['pending'],
  }),
]
