import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table ledger_accounts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  code text not null,
  kind text not null check (kind in ('asset', 'liability', 'revenue', 'expense', 'equity')),
  created_at timestamptz not null,
  unique (tenant_id, code)
);

create table ledger_transfers (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  kind text not null,
  key text not null,
  order_id uuid,
  memo text,
  created_at timestamptz not null,
  unique (tenant_id, key)
);
create index ledger_transfers_order on ledger_transfers (tenant_id, order_id);

create table ledger_entries (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  transfer_id uuid not null references ledger_transfers(id),
  account_id uuid not null references ledger_accounts(id),
  amount_fen bigint not null check (amount_fen <> 0),
  created_at timestamptz not null
);
create index ledger_entries_account on ledger_entries (tenant_id, account_id);
create index ledger_entries_transfer on ledger_entries (transfer_id);

create function ledger_append_only() returns trigger language plpgsql as $$ begin raise exception 'ledger rows are append-only: post a correcting transfer instead'; end $$;
create trigger ledger_entries_append_only before update or delete on ledger_entries for each row execute function ledger_append_only();
create trigger ledger_transfers_append_only before update or delete on ledger_transfers for each row execute function ledger_append_only();
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table ledger_entries; drop table ledger_transfers; drop table ledger_accounts; drop function ledger_append_only;',
  )
}
