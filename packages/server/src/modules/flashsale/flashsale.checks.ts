import { sql } from 'kysely'
import { evaluate, historyInvariant, type Invariant } from '../../platform/checks.js'
import { campaignMachine, purchaseMachine, slotMachine } from './domain/flash-state.js'

/** What `liebian check` proves about flash sales: tallies, per-person limits, carved stock in inventory. */
export const flashSaleInvariants: Invariant[] = [
  {
    name: 'flashsale.slot_tallies',
    description:
      'per slot SKU: held + sold + taken + returned ≤ carved; held = unpaid purchases, sold = paid purchases, taken = units taken (flash groups); an ended or cancelled slot has nothing left',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from flash_slot_skus`,
        sql`
          with p as (
            select slot_id, sku_id,
                   sum(case when status = 'pending' then quantity else 0 end)::bigint as held,
                   sum(case when status = 'paid' then quantity else 0 end)::bigint as sold
            from flash_purchases group by slot_id, sku_id
          ), t as (
            select slot_id, sku_id, sum(quantity)::bigint as taken from flash_takes where status = 'taken' group by slot_id, sku_id
          )
          select k.tenant_id::text as tenant_id, k.slot_id || ':' || k.sku_id as ref,
                 'carved ' || k.carved || ', held ' || k.held || ' (purchases ' || coalesce(p.held, 0) || '), sold ' || k.sold ||
                 ' (purchases ' || coalesce(p.sold, 0) || '), taken ' || k.taken || ' (takes ' || coalesce(t.taken, 0) ||
                 '), returned ' || k.returned || ', slot ' || s.status as detail
          from flash_slot_skus k join flash_slots s on s.id = k.slot_id
          left join p on p.slot_id = k.slot_id and p.sku_id = k.sku_id
          left join t on t.slot_id = k.slot_id and t.sku_id = k.sku_id
          where k.held + k.sold + k.taken + k.returned > k.carved
             or k.held <> coalesce(p.held, 0) or k.sold <> coalesce(p.sold, 0) or k.taken <> coalesce(t.taken, 0)
             or (s.status in ('ended', 'cancelled') and k.carved - k.held - k.sold - k.taken - k.returned <> 0)
             or (s.status = 'draft' and k.carved <> 0)`,
      ),
  },
  {
    name: 'flashsale.per_person_limit',
    description:
      'per slot SKU and shopper: units in unpaid and paid purchases plus units taken ≤ the per-person limit',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from (select distinct slot_id, sku_id, shopper_id from flash_purchases) x`,
        sql`
          with u as (
            select slot_id, sku_id, shopper_id, quantity from flash_purchases where status in ('pending', 'paid')
            union all
            select slot_id, sku_id, shopper_id, quantity from flash_takes where status = 'taken'
          ), s as (select slot_id, sku_id, shopper_id, sum(quantity)::bigint as n from u group by slot_id, sku_id, shopper_id)
          select k.tenant_id::text as tenant_id, s.slot_id || ':' || s.sku_id || ':' || s.shopper_id as ref,
                 s.n || ' units, limit ' || k.per_person_limit as detail
          from s join flash_slot_skus k on k.slot_id = s.slot_id and k.sku_id = s.sku_id
          where s.n > k.per_person_limit`,
      ),
  },
  {
    name: 'flashsale.carve_in_inventory',
    description:
      "per slot SKU: the SKU's stock movements noted flash_slot:<slot> add up to minus what is left in the carve (carved − held − sold − taken − returned)",
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from flash_slot_skus`,
        sql`
          with m as (
            select sku_id, note, sum(quantity)::bigint as moved from stock_movements
            where kind = 'adjust' and note like 'flash_slot:%' group by sku_id, note
          )
          select k.tenant_id::text as tenant_id, k.slot_id || ':' || k.sku_id as ref,
                 'movements ' || coalesce(m.moved, 0) || ', left in the carve ' || (k.carved - k.held - k.sold - k.taken - k.returned) as detail
          from flash_slot_skus k left join m on m.sku_id = k.sku_id and m.note = 'flash_slot:' || k.slot_id
          where coalesce(m.moved, 0) <> -(k.carved - k.held - k.sold - k.taken - k.returned)`,
      ),
  },
  {
    name: 'flashsale.purchase_follows_order',
    description:
      'an unpaid purchase has a pending-payment flash order, a cancelled one a cancelled order, a paid one an order that was paid',
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from flash_purchases`,
        sql`
          select p.tenant_id::text as tenant_id, p.id::text as ref,
                 'purchase ' || p.status || ', order ' || coalesce(o.status, 'missing') || ' of kind ' || coalesce(o.kind, '-') as detail
          from flash_purchases p left join orders o on o.id = p.order_id
          where o.id is null or o.kind <> 'flash' or o.kind_ref <> p.id::text
             or (p.status = 'pending' and o.status <> 'pending_payment')
             or (p.status = 'cancelled' and o.status <> 'cancelled')
             or (p.status = 'paid' and o.status in ('pending_payment', 'cancelled'))`,
      ),
  },
  historyInvariant({
    name: 'flashsale.campaign_history',
    machine: campaignMachine,
    entities: 'flash_campaigns',
    history: 'flash_history',
    key: 'entity_id',
    initial: ['draft'],
    where: "entity = 'campaign'",
  }),
  historyInvariant({
    name: 'flashsale.slot_history',
    machine: slotMachine,
    entities: 'flash_slots',
    history: 'flash_history',
    key: 'entity_id',
    initial: ['draft'],
    where: "entity = 'slot'",
  }),
  historyInvariant({
    name: 'flashsale.purchase_history',
    machine: purchaseMachine,
    entities: 'flash_purchases',
    history: 'flash_history',
    key: 'entity_id',
    initial: ['pending'],
    where: "entity = 'purchase'",
  }),
]
