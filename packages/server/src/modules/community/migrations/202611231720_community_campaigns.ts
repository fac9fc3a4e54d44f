import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Pre-order campaigns: their SKUs (price, limits, supplier and cost), each shopper's quantity per
 * SKU, the campaign orders at their pickup points (keyed by the order's id), the picking lists and
 * purchase orders built at the cutoff, delivery routes, and the leaders' commissions.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table community_campaigns (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  title text not null check (length(title) between 1 and 60),
  status text not null check (status in ('draft', 'open', 'closed', 'receiving', 'completed', 'cancelled')),
  cutoff_at timestamptz not null,
  pickup_date text not null check (pickup_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  commission_bp int not null check (commission_bp between 0 and 3000),
  uncollected_days int not null check (uncollected_days between 1 and 30),
  uncollected_rule text not null check (uncollected_rule in ('refund', 'keep_and_flag')),
  return_window_days int not null check (return_window_days between 0 and 30),
  opened_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index community_campaigns_list on community_campaigns (tenant_id, created_at desc, id desc);

create table community_campaign_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references community_campaigns(id),
  from_status text,
  to_status text not null,
  event text not null,
  reason text,
  actor_kind text not null,
  actor_id uuid,
  at timestamptz not null
);
create index community_campaign_history_campaign on community_campaign_history (campaign_id, id);

create table community_campaign_skus (
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references community_campaigns(id),
  sku_id uuid not null references skus(id),
  position int not null,
  price_fen bigint not null check (price_fen > 0),
  per_person_limit int not null check (per_person_limit > 0),
  total_cap int check (total_cap > 0),
  sold int not null default 0 check (sold >= 0 and (total_cap is null or sold <= total_cap)),
  supplier text not null check (length(supplier) between 1 and 60),
  unit text not null check (length(unit) between 1 and 10),
  cost_fen bigint not null check (cost_fen >= 0),
  commission_bp int check (commission_bp between 0 and 3000),
  primary key (campaign_id, sku_id)
);

create table community_campaign_quotas (
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null,
  sku_id uuid not null,
  shopper_id uuid not null references shoppers(id),
  quantity int not null check (quantity >= 0),
  primary key (campaign_id, sku_id, shopper_id),
  foreign key (campaign_id, sku_id) references community_campaign_skus (campaign_id, sku_id)
);

create table community_orders (
  id uuid primary key references orders(id),
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references community_campaigns(id),
  leader_id uuid not null references community_leaders(id),
  pickup_point_id uuid not null references pickup_points(id),
  shopper_id uuid not null references shoppers(id),
  status text not null check (status in ('pending_payment', 'awaiting_goods', 'ready', 'picked_up', 'uncollected', 'cancelled', 'refunded')),
  in_picking_list boolean not null default false,
  code_hash text,
  code_sealed text,
  shortages jsonb not null default '[]',
  flagged boolean not null default false,
  paid_at timestamptz,
  ready_at timestamptz,
  picked_up_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (campaign_id, pickup_point_id, code_hash)
);
create index community_orders_point on community_orders (tenant_id, campaign_id, pickup_point_id, status);
create index community_orders_shopper on community_orders (tenant_id, shopper_id, created_at desc);

create table community_order_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references community_orders(id),
  from_status text,
  to_status text not null,
  event text not null,
  reason text,
  actor_kind text not null,
  actor_id uuid,
  at timestamptz not null
);
create index community_order_history_order on community_order_history (order_id, id);

create table community_routes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  name text not null check (length(name) between 1 and 60),
  created_at timestamptz not null,
  unique (tenant_id, name)
);
create table community_route_points (
  tenant_id uuid not null references tenants(id),
  route_id uuid not null references community_routes(id),
  pickup_point_id uuid not null references pickup_points(id),
  position int not null,
  primary key (tenant_id, pickup_point_id)
);

create table community_picking_lines (
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references community_campaigns(id),
  pickup_point_id uuid not null references pickup_points(id),
  leader_id uuid not null references community_leaders(id),
  sku_id uuid not null references skus(id),
  quantity int not null check (quantity > 0),
  amount_fen bigint not null,
  route_id uuid references community_routes(id),
  route_name text,
  route_position int,
  received int check (received >= 0 and received <= quantity),
  damaged int check (damaged >= 0 and damaged <= received),
  received_at timestamptz,
  primary key (campaign_id, pickup_point_id, sku_id)
);

create table community_purchase_lines (
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references community_campaigns(id),
  sku_id uuid not null references skus(id),
  supplier text not null,
  unit text not null,
  quantity int not null check (quantity > 0),
  cost_fen bigint not null,
  total_cost_fen bigint not null check (total_cost_fen = quantity * cost_fen),
  primary key (campaign_id, sku_id)
);

create table community_leader_commissions (
  id uuid primary key references community_orders(id),
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references community_campaigns(id),
  leader_id uuid not null references community_leaders(id),
  base_fen bigint not null,
  amount_fen bigint not null check (amount_fen > 0),
  clawed_fen bigint not null default 0 check (clawed_fen between 0 and amount_fen),
  status text not null check (status in ('frozen', 'settled', 'voided')),
  settle_after timestamptz,
  settled_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index community_leader_commissions_leader on community_leader_commissions (tenant_id, leader_id, status);

create table community_leader_commission_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  commission_id uuid not null references community_leader_commissions(id),
  from_status text,
  to_status text not null,
  event text not null,
  amount_fen bigint not null,
  reason text,
  actor_kind text not null,
  actor_id uuid,
  at timestamptz not null
);
create index community_leader_commission_history_c on community_leader_commission_history (commission_id, id);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    `drop table community_leader_commission_history; drop table community_leader_commissions;
     drop table community_purchase_lines; drop table community_picking_lines;
     drop table community_route_points; drop table community_routes;
     drop table community_order_history; drop table community_orders;
     drop table community_campaign_quotas; drop table community_campaign_skus;
     drop table community_campaign_history; drop table community_campaigns;`,
  )
}
