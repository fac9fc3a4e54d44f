import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table staff (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  email text not null,
  name text not null,
  password_hash text not null,
  role text not null check (role in ('owner', 'operator', 'merchant_staff')),
  merchant_id uuid,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null,
  unique (tenant_id, email)
);

create table shoppers (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  phone text not null,
  nickname text not null,
  avatar_url text,
  created_at timestamptz not null,
  unique (tenant_id, phone)
);

create table sessions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  token_hash text not null unique,
  subject_kind text not null check (subject_kind in ('staff', 'shopper')),
  subject_id uuid not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_subject on sessions (tenant_id, subject_kind, subject_id);

create table login_codes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  phone text not null,
  code_hash text not null,
  attempts int not null default 0,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  consumed_at timestamptz
);
create index login_codes_phone on login_codes (tenant_id, phone, created_at desc);

create table shopper_addresses (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null references shoppers(id),
  name text not null,
  phone text not null,
  region text not null,
  detail text not null,
  is_default boolean not null default false,
  created_at timestamptz not null
);
create index shopper_addresses_shopper on shopper_addresses (tenant_id, shopper_id);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table shopper_addresses; drop table login_codes; drop table sessions; drop table shoppers; drop table staff;',
  )
}
