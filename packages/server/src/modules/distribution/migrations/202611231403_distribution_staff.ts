import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table departments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  name text not null check (length(name) between 1 and 50),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, name)
);

-- The staff list: each member is a promoter (source 'staff') in one department.
create table staff_members (
  promoter_id uuid primary key references promoters(id),
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null references shoppers(id),
  department_id uuid references departments(id),
  name text not null check (length(name) between 1 and 50),
  phone_masked text not null,
  employee_no text check (length(employee_no) between 1 and 50),
  added_at timestamptz not null,
  updated_at timestamptz not null,
  removed_at timestamptz,
  removed_reason text,
  -- Someone on the list is in a department; a removed member keeps the reason.
  check ((removed_at is null and department_id is not null) or (removed_at is not null and removed_reason is not null)),
  unique (tenant_id, shopper_id)
);
create unique index staff_members_employee_no on staff_members (tenant_id, employee_no)
  where employee_no is not null and removed_at is null;
create index staff_members_department on staff_members (tenant_id, department_id, name)
  where removed_at is null;
`,
  )
}
