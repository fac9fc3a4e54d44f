import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Bargains: an operator's offer on a SKU; a shopper's bargain on it with its price snapshot; each
 * friend's help (one per bargain, counted per day by helper and by device); the bargain's history.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table bargain_offers (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  product_id uuid not null references products(id),
  sku_id uuid not null references skus(id),
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  start_price_fen bigint not null check (start_price_fen > 0),
  floor_price_fen bigint not null check (floor_price_fen >= 1 and floor_price_fen < start_price_fen),
  helpers_needed int not null check (helpers_needed >= 1 and start_price_fen - floor_price_fen >= helpers_needed),
  time_limit_minutes int not null check (time_limit_minutes > 0),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  per_shopper_limit int not null check (per_shopper_limit >= 1),
  stock_cap int check (stock_cap is null or stock_cap >= 1),
  ordered_count int not null default 0 check (ordered_count >= 0 and (stock_cap is null or ordered_count <= stock_cap)),
  pay_within_minutes int not null check (pay_within_minutes > 0),
  buy_at_current_price boolean not null default false,
  helper_daily_limit int not null check (helper_daily_limit >= 1),
  device_daily_limit int not null check (device_daily_limit >= 1),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index bargain_offers_list on bargain_offers (tenant_id, created_at desc, id);
create index bargain_offers_product on bargain_offers (tenant_id, product_id) where status = 'active';

create table bargains (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  offer_id uuid not null references bargain_offers(id),
  shopper_id uuid not null references shoppers(id),
  sku_id uuid not null references skus(id),
  status text not null check (status in ('ongoing', 'reached', 'ordered', 'completed', 'expired')),
  start_price_fen bigint not null,
  floor_price_fen bigint not null check (floor_price_fen >= 1),
  current_price_fen bigint not null check (current_price_fen >= floor_price_fen and current_price_fen <= start_price_fen),
  helpers_needed int not null check (helpers_needed >= 1),
  helpers_count int not null default 0 check (helpers_count >= 0 and helpers_count <= helpers_needed),
  seed text not null,
  expires_at timestamptz not null,
  reached_at timestamptz,
  pay_by timestamptz,
  order_id uuid references orders(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index bargains_one_open on bargains (tenant_id, offer_id, shopper_id) where status in ('ongoing', 'reached', 'ordered');
create index bargains_shopper on bargains (tenant_id, shopper_id, created_at desc, id);
create index bargains_offer on bargains (tenant_id, offer_id, status);

create table bargain_helps (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  bargain_id uuid not null references bargains(id),
  helper_id uuid not null references shoppers(id),
  device_key text not null,
  ordinal int not null check (ordinal >= 0),
  cut_fen bigint not null check (cut_fen >= 1),
  new_customer boolean not null,
  day text not null,
  created_at timestamptz not null,
  unique (bargain_id, helper_id),
  unique (bargain_id, device_key),
  unique (bargain_id, ordinal)
);
create index bargain_helps_helper_day on bargain_helps (tenant_id, helper_id, day);
create index bargain_helps_device_day on bargain_helps (tenant_id, device_key, day);

create table bargain_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  bargain_id uuid not null references bargains(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id uuid,
  reason text,
  at timestamptz not null
);
create index bargain_history_bargain on bargain_history (bargain_id, id);
`,
  )
}
