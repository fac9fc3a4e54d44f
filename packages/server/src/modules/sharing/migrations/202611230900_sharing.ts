import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table shares (
  token text primary key,
  tenant_id uuid not null references tenants(id),
  sharer_id uuid not null references shoppers(id),
  target_kind text not null check (target_kind in ('product', 'deal', 'group', 'flash_slot', 'bargain', 'draw', 'page')),
  target_id text not null,
  channel text not null default '',
  campaign_id text,
  opens int not null default 0 check (opens >= 0),
  created_at timestamptz not null,
  unique (tenant_id, sharer_id, target_kind, target_id, channel)
);
create index shares_target on shares (tenant_id, target_kind, target_id);
create table share_opens (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  token text not null references shares(token),
  visitor_id uuid references shoppers(id),
  visitor_key text,
  first_visit boolean not null,
  at timestamptz not null
);
create index share_opens_token on share_opens (token, id);
create index share_opens_visitor on share_opens (token, visitor_id) where visitor_id is not null;
create index share_opens_key on share_opens (token, visitor_key) where visitor_key is not null;
`,
  )
}
