import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table analytics_events (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  type text not null check (type ~ '^[a-z_]+\\.[a-z_]+$'),
  at timestamptz not null,
  shopper_id uuid,
  visitor_key text,
  share_token text,
  sharer_id uuid,
  campaign text,
  source text,
  channel text,
  ref text,
  amount_fen bigint not null default 0,
  first_visit boolean not null default false,
  props jsonb not null default '{}',
  source_event text not null,
  txid bigint not null default (pg_current_xact_id()::text::bigint),
  received_at timestamptz not null,
  unique (tenant_id, source_event)
);
create index analytics_events_type_at on analytics_events (tenant_id, type, at);
create index analytics_events_sharer on analytics_events (tenant_id, sharer_id, type, at) where sharer_id is not null;
create index analytics_events_shopper on analytics_events (tenant_id, shopper_id, type, at) where shopper_id is not null;
create index analytics_events_campaign on analytics_events (tenant_id, campaign, type, at) where campaign is not null;
create index analytics_events_txid on analytics_events (txid, id);
create index analytics_events_group on analytics_events (tenant_id, ref) where type = 'group.opened';
create table analytics_daily (
  tenant_id uuid not null references tenants(id),
  day date not null,
  metric text not null,
  dim text not null default '',
  value bigint not null,
  primary key (tenant_id, day, metric, dim)
);
create table analytics_customers (
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null,
  activated_at timestamptz not null,
  first_order text not null,
  first_amount_fen bigint not null,
  parent_id uuid,
  share_token text,
  campaign text,
  source text not null,
  channel text,
  orders int not null check (orders > 0),
  primary key (tenant_id, shopper_id)
);
create index analytics_customers_activated on analytics_customers (tenant_id, activated_at);
create index analytics_customers_parent on analytics_customers (tenant_id, parent_id, activated_at) where parent_id is not null;
create table analytics_rollup_state (
  name text primary key,
  txid bigint not null,
  last_id bigint not null,
  events bigint not null default 0,
  updated_at timestamptz
);
insert into analytics_rollup_state (name, txid, last_id) values ('daily', 0, 0);
`,
  )
}
