import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
-- One row per order line per level: the unique key is what makes a commission impossible to pay twice.
create table commissions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  order_line_id uuid not null references order_lines(id),
  level smallint not null check (level in (1, 2)),
  promoter_id uuid not null references promoters(id),
  buyer_id uuid not null references shoppers(id),
  base_fen bigint not null check (base_fen >= 0),
  amount_fen bigint not null check (amount_fen > 0),
  refunded_base_fen bigint not null default 0 check (refunded_base_fen between 0 and base_fen),
  clawed_fen bigint not null default 0 check (clawed_fen between 0 and amount_fen),
  status text not null check (status in ('frozen', 'settled', 'void', 'clawed')),
  source text not null,
  capped boolean not null,
  -- Fraud review: held commissions wait for an operator; confirmed ones are voided.
  review text not null default 'none' check (review in ('none', 'held', 'cleared', 'confirmed')),
  flags jsonb not null default '[]',
  settle_after timestamptz,
  settled_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, order_line_id, level)
);
create index commissions_promoter on commissions (tenant_id, promoter_id, created_at desc);
create index commissions_order on commissions (tenant_id, order_id);
create index commissions_due on commissions (settle_after) where status = 'frozen';

create table commission_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  commission_id uuid not null references commissions(id),
  from_status text,
  to_status text not null,
  event text not null,
  amount_fen bigint not null,
  actor_kind text not null,
  actor_id text,
  reason text,
  at timestamptz not null
);
create index commission_history_commission on commission_history (tenant_id, commission_id, id);

-- Orders bought through a promoter (level 1), for leaderboards and network figures.
create table referred_orders (
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  promoter_id uuid not null references promoters(id),
  buyer_id uuid not null references shoppers(id),
  paid_fen bigint not null check (paid_fen >= 0),
  refunded_fen bigint not null default 0 check (refunded_fen between 0 and paid_fen),
  new_customer boolean not null,
  paid_at timestamptz not null,
  primary key (tenant_id, order_id)
);
create index referred_orders_promoter on referred_orders (tenant_id, promoter_id, paid_at);
create index referred_orders_paid_at on referred_orders (tenant_id, paid_at);

create table withdrawals (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  promoter_id uuid not null references promoters(id),
  amount_fen bigint not null check (amount_fen > 0),
  fee_fen bigint not null check (fee_fen >= 0 and fee_fen < amount_fen),
  status text not null check (status in ('requested', 'approved', 'paid', 'rejected')),
  provider text not null,
  provider_ref text,
  reason text,
  requested_at timestamptz not null,
  reviewed_at timestamptz,
  reviewed_by text,
  paid_at timestamptz,
  updated_at timestamptz not null
);
create index withdrawals_promoter on withdrawals (tenant_id, promoter_id, requested_at desc);
create index withdrawals_status on withdrawals (tenant_id, status, requested_at);

create table withdrawal_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  withdrawal_id uuid not null references withdrawals(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id text,
  reason text,
  at timestamptz not null
);
create index withdrawal_history_withdrawal on withdrawal_history (tenant_id, withdrawal_id, id);
`,
  )
}
