import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table promoter_programs (
  tenant_id uuid primary key references tenants(id),
  program jsonb not null,
  plan jsonb not null,
  version int not null check (version > 0),
  updated_at timestamptz not null
);

create table promoters (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null references shoppers(id),
  status text not null check (status in ('applied', 'active', 'expired', 'suspended')),
  source text not null check (source in ('apply', 'spend', 'invitation', 'staff')),
  reason text,
  invited_by uuid references promoters(id),
  applied_at timestamptz not null,
  activated_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (status <> 'active' or activated_at is not null)
);
-- One promoter record per shopper per shop: it moves through states rather than being recreated.
create unique index promoters_shopper on promoters (tenant_id, shopper_id);
create index promoters_status on promoters (tenant_id, status, applied_at);

create table promoter_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  promoter_id uuid not null references promoters(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id text,
  reason text,
  at timestamptz not null
);
create index promoter_history_promoter on promoter_history (promoter_id, id);
`,
  )
}
