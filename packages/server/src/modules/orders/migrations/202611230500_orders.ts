import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table orders (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  order_no text not null,
  shopper_id uuid not null references shoppers(id),
  status text not null check (status in ('pending_payment', 'paid', 'shipped', 'ready_for_pickup', 'completed', 'cancelled', 'refunded')),
  fulfillment text not null check (fulfillment in ('delivery', 'pickup')),
  address jsonb,
  note text not null default '',
  items_fen bigint not null check (items_fen >= 0),
  shipping_fen bigint not null default 0 check (shipping_fen >= 0),
  discount_fen bigint not null default 0 check (discount_fen >= 0),
  total_fen bigint not null check (total_fen >= 0),
  paid_fen bigint not null default 0 check (paid_fen >= 0),
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= paid_fen),
  expires_at timestamptz not null,
  paid_at timestamptz,
  shipped_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  carrier text,
  tracking_no text,
  pickup_code text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, order_no)
);
create index orders_shopper on orders (tenant_id, shopper_id, created_at desc, id);
create index orders_status on orders (tenant_id, status, created_at desc, id);
create index orders_created on orders (tenant_id, created_at desc, id);

create table order_lines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  product_id uuid not null references products(id),
  sku_id uuid not null references skus(id),
  merchant_id uuid,
  title text not null,
  spec_label text not null default '',
  image_url text,
  unit_price_fen bigint not null check (unit_price_fen >= 0),
  quantity int not null check (quantity > 0),
  amount_fen bigint not null check (amount_fen >= 0),
  refunded_quantity int not null default 0 check (refunded_quantity >= 0 and refunded_quantity <= quantity),
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen),
  returnable_7d boolean not null,
  promoter_id uuid,
  share_token text,
  group_id uuid,
  live_room_id uuid,
  community_leader_id uuid,
  creator_id uuid,
  campaign_id uuid,
  channel text
);
create index order_lines_order on order_lines (order_id);

create table order_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id uuid,
  reason text,
  at timestamptz not null
);
create index order_history_order on order_history (order_id, id);

create table cart_items (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null references shoppers(id),
  sku_id uuid not null references skus(id),
  quantity int not null check (quantity > 0 and quantity <= 999),
  created_at timestamptz not null,
  unique (tenant_id, shopper_id, sku_id)
);

create table after_sales (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  shopper_id uuid not null references shoppers(id),
  type text not null check (type in ('refund_only', 'return_refund')),
  status text not null check (status in ('requested', 'approved', 'rejected', 'refunded', 'cancelled')),
  reason text not null,
  no_reason_return boolean not null default false,
  lines jsonb not null,
  amount_fen bigint not null check (amount_fen > 0),
  restock boolean not null default false,
  reject_reason text,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index after_sales_order on after_sales (tenant_id, order_id);
create index after_sales_status on after_sales (tenant_id, status, created_at desc);

create table after_sales_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  after_sales_id uuid not null references after_sales(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id uuid,
  reason text,
  at timestamptz not null
);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table after_sales_history; drop table after_sales; drop table cart_items; drop table order_history; drop table order_lines; drop table orders;',
  )
}
