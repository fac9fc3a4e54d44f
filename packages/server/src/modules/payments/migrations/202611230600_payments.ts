import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table payments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  provider text not null,
  out_trade_no text not null unique,
  amount_fen bigint not null check (amount_fen > 0),
  status text not null check (status in ('pending', 'succeeded', 'closed', 'failed')),
  pay_url text,
  provider_txn_id text,
  paid_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index payments_order on payments (tenant_id, order_id);

create table refunds (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  payment_id uuid not null references payments(id),
  order_id uuid not null references orders(id),
  after_sales_id uuid,
  out_refund_no text not null unique,
  amount_fen bigint not null check (amount_fen > 0),
  reason text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  provider_refund_id text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index refunds_order on refunds (tenant_id, order_id);

create table payment_notifications (
  id bigserial primary key,
  tenant_id uuid references tenants(id),
  provider text not null,
  ref text,
  outcome text not null check (outcome in ('applied', 'duplicate', 'rejected', 'unknown', 'mismatch', 'error')),
  detail text,
  body text not null,
  received_at timestamptz not null
);
create index payment_notifications_ref on payment_notifications (ref);

create table sandbox_payments (
  out_trade_no text primary key,
  amount_fen bigint not null,
  description text not null,
  notify_url text not null,
  return_url text,
  status text not null check (status in ('open', 'paid', 'closed')),
  transaction_id text,
  paid_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null
);

create table sandbox_refunds (
  out_refund_no text primary key,
  out_trade_no text not null references sandbox_payments(out_trade_no),
  amount_fen bigint not null,
  refund_id text not null,
  created_at timestamptz not null
);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table sandbox_refunds; drop table sandbox_payments; drop table payment_notifications; drop table refunds; drop table payments;',
  )
}
