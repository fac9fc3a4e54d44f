import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table stock (
  sku_id uuid primary key references skus(id),
  tenant_id uuid not null references tenants(id),
  on_hand int not null default 0 check (on_hand >= 0),
  reserved int not null default 0 check (reserved >= 0),
  updated_at timestamptz not null,
  check (reserved <= on_hand)
);
create index stock_tenant on stock (tenant_id);

create table stock_reservations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null,
  sku_id uuid not null references skus(id),
  quantity int not null check (quantity > 0),
  status text not null check (status in ('active', 'released', 'consumed')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (order_id, sku_id)
);

create table stock_movements (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  sku_id uuid not null references skus(id),
  kind text not null check (kind in ('receive', 'adjust', 'reserve', 'release', 'sell', 'return')),
  quantity int not null,
  order_id uuid,
  note text,
  at timestamptz not null
);
create index stock_movements_sku on stock_movements (tenant_id, sku_id, id);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(db, 'drop table stock_movements; drop table stock_reservations; drop table stock;')
}
