import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Community buying: leaders (an application reviewed by an operator), their history, their pickup
 * points and the pickup point each shopper chose. A pickup point's `lat_band` (0.05° of latitude)
 * leads the partial index of open points, so a nearest lookup reads one short longitude range
 * per band of its bounding box.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table community_leaders (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null references shoppers(id),
  name text not null check (length(name) between 1 and 30),
  phone text not null check (phone ~ '^1[3-9][0-9]{9}$'),
  community_name text not null check (length(community_name) between 1 and 60),
  address text not null check (length(address) between 1 and 200),
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  hours jsonb not null,
  hours_note text not null default '',
  photo_url text,
  status text not null check (status in ('applied', 'active', 'rejected', 'paused')),
  reason text,
  applied_at timestamptz not null,
  reviewed_at timestamptz,
  reviewed_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, shopper_id)
);
create index community_leaders_list on community_leaders (tenant_id, created_at desc, id desc);
create index community_leaders_status on community_leaders (tenant_id, status, created_at desc, id desc);

create table community_leader_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  leader_id uuid not null references community_leaders(id),
  from_status text,
  to_status text not null,
  event text not null,
  reason text,
  actor_kind text not null,
  actor_id uuid,
  at timestamptz not null
);
create index community_leader_history_leader on community_leader_history (leader_id, id);

create table pickup_points (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  leader_id uuid not null unique references community_leaders(id),
  name text not null check (length(name) between 1 and 60),
  address text not null check (length(address) between 1 and 200),
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  lat_band int generated always as (floor(lat * 20)::int) stored,
  hours jsonb not null,
  hours_note text not null default '',
  photo_url text,
  active boolean not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pickup_points_near on pickup_points (tenant_id, lat_band, lng) where active;

create table shopper_pickup_points (
  tenant_id uuid not null references tenants(id),
  shopper_id uuid not null references shoppers(id),
  pickup_point_id uuid not null references pickup_points(id),
  chosen_at timestamptz not null,
  primary key (tenant_id, shopper_id)
);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table shopper_pickup_points; drop table pickup_points; drop table community_leader_history; drop table community_leaders;',
  )
}
