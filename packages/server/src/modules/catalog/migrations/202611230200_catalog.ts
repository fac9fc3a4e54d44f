import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table categories (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  parent_id uuid references categories(id),
  name text not null,
  icon_url text,
  sort int not null default 0,
  created_at timestamptz not null
);
create index categories_tenant on categories (tenant_id, sort);

create table products (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  merchant_id uuid,
  category_id uuid references categories(id),
  title text not null,
  subtitle text not null default '',
  description text not null default '',
  images jsonb not null default '[]',
  spec_names jsonb not null default '[]',
  status text not null default 'draft' check (status in ('draft', 'published', 'unpublished')),
  returnable_7d boolean not null default true,
  price_from_fen bigint not null default 0 check (price_from_fen >= 0),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index products_shelf on products (tenant_id, status, created_at desc, id desc);
create index products_category on products (tenant_id, category_id, created_at desc, id desc);
create index products_recent on products (tenant_id, created_at desc, id desc);

create table skus (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  product_id uuid not null references products(id),
  spec jsonb not null default '{}',
  code text,
  price_fen bigint not null check (price_fen >= 0),
  list_price_fen bigint check (list_price_fen >= 0),
  image_url text,
  status text not null default 'active' check (status in ('active', 'disabled')),
  position int not null default 0,
  created_at timestamptz not null
);
create index skus_product on skus (tenant_id, product_id, position);

create table images (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  url text not null,
  content_type text not null,
  bytes int not null,
  width int,
  height int,
  created_at timestamptz not null
);
create index images_tenant on images (tenant_id, created_at);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(db, 'drop table images; drop table skus; drop table products; drop table categories;')
}
