import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Coupons: templates an operator sets up (terms, scope, validity, limits), the coupons shoppers
 * claim or are issued (one row each, used on at most one order), every coupon's history, and the
 * shop's pricing settings (points exchange rate and share).
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table coupon_templates (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  name text not null check (length(name) between 1 and 60),
  kind text not null check (kind in ('fixed', 'percent', 'threshold', 'free_shipping')),
  amount_fen bigint not null default 0 check (amount_fen >= 0),
  percent_bps int not null default 0 check (percent_bps between 0 and 9900),
  cap_fen bigint check (cap_fen is null or cap_fen >= 1),
  threshold_fen bigint not null default 0 check (threshold_fen >= 0),
  scope text not null check (scope in ('all', 'categories', 'products')),
  scope_ids jsonb not null default '[]',
  validity text not null check (validity in ('fixed', 'after_claim')),
  valid_from timestamptz,
  valid_until timestamptz,
  valid_days int,
  claim_starts_at timestamptz not null,
  claim_ends_at timestamptz not null check (claim_ends_at > claim_starts_at),
  per_person_limit int not null check (per_person_limit >= 1),
  total_limit int check (total_limit is null or total_limit >= 1),
  issued_count int not null default 0 check (issued_count >= 0 and (total_limit is null or issued_count <= total_limit)),
  claimable boolean not null,
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (
    (kind = 'fixed' and amount_fen >= 1) or
    (kind = 'threshold' and amount_fen >= 1 and threshold_fen >= amount_fen) or
    (kind = 'percent' and percent_bps >= 1) or
    kind = 'free_shipping'
  ),
  check (
    (validity = 'fixed' and valid_from is not null and valid_until > valid_from) or
    (validity = 'after_claim' and valid_days between 1 and 3650)
  )
);
create index coupon_templates_list on coupon_templates (tenant_id, created_at desc, id);

create table coupons (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  template_id uuid not null references coupon_templates(id),
  shopper_id uuid not null references shoppers(id),
  status text not null check (status in ('available', 'used', 'expired')),
  source text not null check (source in ('claim', 'issue')),
  valid_from timestamptz not null,
  valid_until timestamptz not null check (valid_until > valid_from),
  order_id uuid references orders(id),
  used_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((status = 'used') = (order_id is not null and used_at is not null))
);
create index coupons_mine on coupons (tenant_id, shopper_id, created_at desc, id);
create index coupons_template_shopper on coupons (template_id, shopper_id);
create index coupons_order on coupons (order_id) where order_id is not null;

create table coupon_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  coupon_id uuid not null references coupons(id),
  from_status text,
  to_status text not null,
  event text not null,
  order_id uuid,
  actor_kind text not null,
  actor_id uuid,
  reason text,
  at timestamptz not null
);
create index coupon_history_coupon on coupon_history (coupon_id, id);

create table pricing_settings (
  tenant_id uuid primary key references tenants(id),
  points_per_yuan int not null check (points_per_yuan between 1 and 10000),
  points_max_share_bps int not null check (points_max_share_bps between 0 and 10000),
  updated_at timestamptz not null
);
`,
  )
}
