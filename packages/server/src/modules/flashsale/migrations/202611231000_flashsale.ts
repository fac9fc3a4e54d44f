import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Flash sales: campaigns with time slots; each slot SKU carves stock out of the SKU's stock when
 * the campaign is scheduled. Purchases are the shoppers' flash orders; takes are units handed to
 * another module (a flash group's seats). One history table for the three lifecycles.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table flash_campaigns (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  title text not null,
  status text not null check (status in ('draft', 'scheduled', 'ended')),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index flash_campaigns_tenant on flash_campaigns (tenant_id, created_at desc, id);

create table flash_slots (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references flash_campaigns(id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null check (status in ('draft', 'scheduled', 'ended', 'cancelled')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at)
);
create index flash_slots_campaign on flash_slots (tenant_id, campaign_id, starts_at);
create index flash_slots_live on flash_slots (tenant_id, status, ends_at);

create table flash_slot_skus (
  slot_id uuid not null references flash_slots(id),
  sku_id uuid not null references skus(id),
  tenant_id uuid not null references tenants(id),
  position int not null default 0,
  flash_price_fen bigint not null check (flash_price_fen > 0),
  stock int not null check (stock > 0),
  per_person_limit int not null check (per_person_limit > 0),
  carved int not null default 0 check (carved >= 0),
  held int not null default 0 check (held >= 0),
  sold int not null default 0 check (sold >= 0),
  taken int not null default 0 check (taken >= 0),
  returned int not null default 0 check (returned >= 0),
  primary key (slot_id, sku_id),
  check (held + sold + taken + returned <= carved)
);

create table flash_purchases (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  slot_id uuid not null,
  sku_id uuid not null,
  shopper_id uuid not null references shoppers(id),
  quantity int not null check (quantity > 0),
  unit_price_fen bigint not null check (unit_price_fen > 0),
  order_id uuid not null references orders(id),
  status text not null check (status in ('pending', 'paid', 'cancelled')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  foreign key (slot_id, sku_id) references flash_slot_skus(slot_id, sku_id)
);
-- One unpaid purchase per shopper and slot SKU: a repeat returns it.
create unique index flash_purchases_pending on flash_purchases (slot_id, sku_id, shopper_id) where status = 'pending';
create index flash_purchases_shopper on flash_purchases (slot_id, sku_id, shopper_id);
create index flash_purchases_order on flash_purchases (order_id);

create table flash_takes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  slot_id uuid not null,
  sku_id uuid not null,
  shopper_id uuid not null references shoppers(id),
  quantity int not null check (quantity > 0),
  status text not null check (status in ('taken', 'returned')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  foreign key (slot_id, sku_id) references flash_slot_skus(slot_id, sku_id)
);
create index flash_takes_shopper on flash_takes (slot_id, sku_id, shopper_id);

create table flash_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  entity text not null check (entity in ('campaign', 'slot', 'purchase')),
  entity_id uuid not null,
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id uuid,
  reason text,
  at timestamptz not null
);
create index flash_history_entity on flash_history (entity_id, id);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table flash_history; drop table flash_takes; drop table flash_purchases; drop table flash_slot_skus; drop table flash_slots; drop table flash_campaigns;',
  )
}
