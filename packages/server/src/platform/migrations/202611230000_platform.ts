import type { Kysely } from 'kysely'
import { runSql } from '../sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table tenants (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text not null,
  currency text not null default 'CNY',
  settings jsonb not null default '{}',
  created_at timestamptz not null
);

create table jobs (
  id uuid primary key,
  tenant_id uuid references tenants(id),
  kind text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
  attempts int not null default 0,
  max_attempts int not null default 10,
  locked_until timestamptz,
  last_error text,
  dedupe_key text unique,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index jobs_due on jobs (run_at) where status = 'pending';

create table outbox_events (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null
);
create index outbox_events_tenant_type on outbox_events (tenant_id, type, id);

create table idempotency_keys (
  tenant_id uuid not null references tenants(id),
  scope text not null,
  key text not null,
  request_hash text not null,
  status text not null check (status in ('in_progress', 'done')),
  response_status int,
  response_body text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (tenant_id, scope, key)
);

create table audit_log (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  actor_kind text not null,
  actor_id uuid,
  action text not null,
  entity text not null,
  entity_id text,
  data jsonb not null default '{}',
  request_id text,
  at timestamptz not null
);
create index audit_log_tenant_at on audit_log (tenant_id, at desc);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table audit_log; drop table idempotency_keys; drop table outbox_events; drop table jobs; drop table tenants;',
  )
}
