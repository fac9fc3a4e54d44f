import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table group_deals (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  type text not null check (type in ('standard', 'ladder', 'lucky_draw', 'flash', 'cross_border')),
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  title text not null,
  product_id uuid not null references products(id),
  sku_id uuid not null references skus(id),
  group_size int not null check (group_size between 2 and 100),
  single_price_fen bigint not null check (single_price_fen > 0),
  group_price_fen bigint check (group_price_fen > 0),
  ladder_steps jsonb,
  time_limit_minutes int not null check (time_limit_minutes > 0),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  per_person_limit int not null check (per_person_limit > 0),
  opener_discount_fen bigint not null default 0 check (opener_discount_fen >= 0),
  free_to_open boolean not null default false,
  new_customers_only boolean not null default false,
  auto_fill_threshold_bp int check (auto_fill_threshold_bp between 1 and 10000),
  lucky_draw_winners int check (lucky_draw_winners > 0),
  flash_slot_id uuid,
  import_tax_rate_bp int check (import_tax_rate_bp between 0 and 10000),
  opener_reward_fen bigint check (opener_reward_fen >= 0),
  opener_reward_bp int check (opener_reward_bp between 0 and 10000),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index group_deals_product on group_deals (tenant_id, product_id);

create table groups (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  deal_id uuid not null references group_deals(id),
  opener_id uuid not null references shoppers(id),
  status text not null check (status in ('opening', 'forming', 'succeeded', 'drawn', 'failed', 'cancelled')),
  group_size int not null,
  paid_seats int not null default 0,
  held_seats int not null default 0,
  price_fen bigint not null check (price_fen >= 0),
  opened_at timestamptz,
  expires_at timestamptz,
  closed_at timestamptz,
  seed text,
  seed_hash text,
  opener_reward_fen bigint,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- Held seats count against the size: a group can never take more payments than it has seats.
  check (paid_seats >= 0 and held_seats >= 0 and paid_seats + held_seats <= group_size)
);
create index groups_joinable on groups (tenant_id, deal_id, status, expires_at);

create table group_seats (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  group_id uuid not null references groups(id),
  deal_id uuid not null references group_deals(id),
  shopper_id uuid not null references shoppers(id),
  order_id uuid not null references orders(id),
  is_opener boolean not null,
  status text not null check (status in ('held', 'paid', 'released', 'refunded')),
  quantity int not null check (quantity > 0),
  paid_fen bigint not null default 0 check (paid_fen >= 0),
  won boolean,
  real_name text,
  resident_id_masked text,
  resident_id_sealed text,
  joined_at timestamptz not null,
  paid_at timestamptz,
  updated_at timestamptz not null
);
create unique index group_seats_once on group_seats (group_id, shopper_id) where status in ('held', 'paid');
create unique index group_seats_order on group_seats (order_id);
create index group_seats_shopper on group_seats (tenant_id, shopper_id, deal_id);
create index group_seats_group on group_seats (group_id, status);

create table group_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  group_id uuid not null references groups(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id text,
  reason text,
  at timestamptz not null
);
create index group_history_group on group_history (group_id, id);
`,
  )
}
