import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { CAMPAIGN_INITIAL, campaignMachine, PICKUP_INITIAL, pickupMachine } from './domain/campaign-state.js'
import { LEADER_INITIAL, leaderMachine } from './domain/leader-state.js'

/**
 * Leaders follow their machine; a pickup point exists once its leader is approved and is open
 * exactly while they are active. Campaigns and their pickups follow their machines; picking lists
 * are the paid orders, purchase orders the picking lists, limits the orders, and the leaders'
 * ledger accounts their commissions.
 */
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
  historyInvariant({
    name: 'community.campaign_history',
    machine: campaignMachine,
    entities: 'community_campaigns',
    history: 'community_campaign_history',
    key: 'campaign_id',
    initial: CAMPAIGN_INITIAL,
  }),
  historyInvariant({
    name: 'community.pickup_history',
    machine: pickupMachine,
    entities: 'community_orders',
    history: 'community_order_history',
    key: 'order_id',
    initial: PICKUP_INITIAL,
  }),
  {
    name: 'community.picking_lists',
    description:
      'each picking-list line (campaign, point, SKU) holds exactly the units the paid campaign orders counted in it at the cutoff, each a real line of its order',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from community_picking_lines`,
        sql`
          with ordered as (
            select co.tenant_id, co.campaign_id, co.pickup_point_id, x."skuId" as sku_id, sum(x.quantity)::bigint as qty
            from community_orders co
            cross join lateral jsonb_to_recordset(co.picked) as x("lineId" uuid, "skuId" uuid, quantity int)
            where co.in_picking_list group by 1, 2, 3, 4
          ), listed as (
            select tenant_id, campaign_id, pickup_point_id, sku_id, quantity::bigint as qty from community_picking_lines
          )
          select coalesce(o.tenant_id, p.tenant_id)::text as tenant_id,
                 coalesce(o.campaign_id, p.campaign_id)::text as ref,
                 'point ' || coalesce(o.pickup_point_id, p.pickup_point_id) || ' SKU ' || coalesce(o.sku_id, p.sku_id) ||
                 ': picking list ' || coalesce(p.qty, 0) || ' ≠ paid orders ' || coalesce(o.qty, 0) as detail
          from ordered o full join listed p
            on p.campaign_id = o.campaign_id and p.pickup_point_id = o.pickup_point_id and p.sku_id = o.sku_id
          where coalesce(o.qty, 0) <> coalesce(p.qty, 0)
          union all
          select co.tenant_id::text, co.id::text, 'counted in a picking list but never paid'
          from community_orders co join orders o on o.id = co.id
          where co.in_picking_list and o.paid_at is null
          union all
          select co.tenant_id::text, co.id::text,
                 'picked line ' || x."lineId" || ' is not one of its lines of that SKU with at least that many units'
          from community_orders co
          cross join lateral jsonb_to_recordset(co.picked) as x("lineId" uuid, "skuId" uuid, quantity int)
          left join order_lines l on l.id = x."lineId" and l.order_id = co.id and l.sku_id = x."skuId"
          where l.id is null or x.quantity < 1 or x.quantity > l.quantity`,
      ),
  },
  {
    name: 'community.purchase_orders',
    description:
      "a campaign's purchase order buys per SKU exactly the units of its picking lists, at quantity × cost",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from community_purchase_lines`,
        sql`
          with picked as (
            select tenant_id, campaign_id, sku_id, sum(quantity)::bigint as qty
            from community_picking_lines group by 1, 2, 3
          )
          select coalesce(p.tenant_id, b.tenant_id)::text as tenant_id, coalesce(p.campaign_id, b.campaign_id)::text as ref,
                 'SKU ' || coalesce(p.sku_id, b.sku_id) || ': purchase order ' || coalesce(b.quantity, 0) ||
                 ' ≠ picking lists ' || coalesce(p.qty, 0) as detail
          from picked p full join community_purchase_lines b on b.campaign_id = p.campaign_id and b.sku_id = p.sku_id
          where coalesce(p.qty, 0) <> coalesce(b.quantity, 0) or b.total_cost_fen <> b.quantity * b.cost_fen`,
      ),
  },
  {
    name: 'community.campaign_limits',
    description:
      "each campaign SKU's sold count = the units of its orders not cancelled = the sum of the shoppers' counts, within the total cap and each shopper within the limit",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from community_campaign_skus`,
        sql`
          with ordered as (
            select co.campaign_id, l.sku_id, sum(l.quantity)::bigint as qty
            from community_orders co join order_lines l on l.order_id = co.id
            where co.status <> 'cancelled' group by 1, 2
          ), quotas as (
            select campaign_id, sku_id, sum(quantity)::bigint as qty, max(quantity) as most
            from community_campaign_quotas group by 1, 2
          )
          select s.tenant_id::text as tenant_id, s.campaign_id::text as ref,
                 'SKU ' || s.sku_id || ': sold ' || s.sold || ', orders ' || coalesce(o.qty, 0) ||
                 ', shoppers ' || coalesce(q.qty, 0) || ', most by one ' || coalesce(q.most, 0) ||
                 ' (limit ' || s.per_person_limit || ', cap ' || coalesce(s.total_cap::text, 'none') || ')' as detail
          from community_campaign_skus s
          left join ordered o on o.campaign_id = s.campaign_id and o.sku_id = s.sku_id
          left join quotas q on q.campaign_id = s.campaign_id and q.sku_id = s.sku_id
          where s.sold <> coalesce(o.qty, 0) or s.sold <> coalesce(q.qty, 0)
             or coalesce(q.most, 0) > s.per_person_limit or s.sold > coalesce(s.total_cap, s.sold)`,
      ),
  },
  {
    name: 'community.leader_accounts',
    description:
      "each leader's frozen and available ledger accounts hold exactly their frozen and settled commissions, net of clawbacks",
    run: (db) =>
      evaluate(
        db,
        sql`select count(distinct leader_id) from community_leader_commissions`,
        sql`
          with owed as (
            select tenant_id, leader_id,
                   sum(case when status = 'frozen' then amount_fen - clawed_fen else 0 end)::bigint as frozen,
                   sum(case when status = 'settled' then amount_fen - clawed_fen else 0 end)::bigint as available
            from community_leader_commissions group by 1, 2
          ), booked as (
            select a.tenant_id, split_part(a.code, ':', 2) as leader_id,
                   sum(case when a.code like '%:frozen' then -e.amount_fen else 0 end)::bigint as frozen,
                   sum(case when a.code like '%:available' then -e.amount_fen else 0 end)::bigint as available
            from ledger_accounts a join ledger_entries e on e.account_id = a.id
            where a.code like 'leader:%' group by 1, 2
          )
          select coalesce(o.tenant_id, b.tenant_id)::text as tenant_id, coalesce(o.leader_id::text, b.leader_id) as ref,
                 'frozen ' || coalesce(b.frozen, 0) || ' booked vs ' || coalesce(o.frozen, 0) || ' owed; available ' ||
                 coalesce(b.available, 0) || ' booked vs ' || coalesce(o.available, 0) || ' owed' as detail
          from owed o full join booked b on b.tenant_id = o.tenant_id and b.leader_id = o.leader_id::text
          where coalesce(o.frozen, 0) <> coalesce(b.frozen, 0) or coalesce(o.available, 0) <> coalesce(b.available, 0)`,
      ),
  },
]
