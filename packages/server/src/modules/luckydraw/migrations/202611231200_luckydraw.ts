import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Lucky draws. Counters that must never overrun are guarded by CHECKs as the last line: a prize's
 * `awarded` stays within its stock, a shopper's `used` chances within those granted that day.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table draw_campaigns (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  title text not null,
  description text not null default '',
  status text not null check (status in ('draft', 'active', 'paused', 'ended')),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  daily_chances int not null check (daily_chances >= 0),
  share_daily_cap int not null check (share_daily_cap >= 0),
  invite_visit_chances int not null check (invite_visit_chances >= 0),
  invite_order_chances int not null check (invite_order_chances >= 0),
  invite_daily_cap int not null check (invite_daily_cap >= 0),
  no_prize_bp int not null check (no_prize_bp between 0 and 10000),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index draw_campaigns_list on draw_campaigns (tenant_id, created_at desc, id);

create table draw_campaign_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references draw_campaigns(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id uuid,
  at timestamptz not null
);
create index draw_campaign_history_campaign on draw_campaign_history (campaign_id, id);

create table draw_prizes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references draw_campaigns(id),
  position int not null check (position between 0 and 7),
  kind text not null check (kind in ('product', 'points', 'coupon')),
  name text not null,
  image_url text,
  sku_id uuid references skus(id),
  amount bigint check (amount > 0),
  reference text,
  stock int not null check (stock >= 0),
  awarded int not null default 0 check (awarded >= 0 and awarded <= stock),
  probability_bp int not null check (probability_bp between 0 and 10000),
  unique (campaign_id, position) deferrable initially deferred
);

create table draw_chances (
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references draw_campaigns(id),
  shopper_id uuid not null references shoppers(id),
  day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  granted int not null check (granted >= 0),
  used int not null default 0 check (used >= 0 and used <= granted),
  share_earned int not null default 0 check (share_earned >= 0),
  invite_earned int not null default 0 check (invite_earned >= 0),
  primary key (campaign_id, shopper_id, day)
);

create table draw_chance_grants (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references draw_campaigns(id),
  shopper_id uuid not null references shoppers(id),
  day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  reason text not null check (reason in ('daily', 'share', 'invite_visit', 'invite_order')),
  amount int not null check (amount > 0),
  ref text not null,
  at timestamptz not null,
  unique (campaign_id, reason, ref)
);
create index draw_chance_grants_day on draw_chance_grants (campaign_id, shopper_id, day);

create table draws (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references draw_campaigns(id),
  shopper_id uuid not null references shoppers(id),
  day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  prize_id uuid references draw_prizes(id),
  roll int not null check (roll between 0 and 9999),
  at timestamptz not null
);
create index draws_campaign on draws (tenant_id, campaign_id, at desc, id);
create index draws_shopper on draws (campaign_id, shopper_id, day);

create table draw_awards (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  draw_id uuid not null unique references draws(id),
  campaign_id uuid not null references draw_campaigns(id),
  prize_id uuid not null references draw_prizes(id),
  shopper_id uuid not null references shoppers(id),
  kind text not null check (kind in ('product', 'points', 'coupon')),
  name text not null,
  sku_id uuid,
  amount bigint,
  reference text,
  status text not null check (status in ('pending', 'claimed', 'fulfilled')),
  address jsonb,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index draw_awards_shopper on draw_awards (tenant_id, shopper_id, created_at desc, id);
create index draw_awards_campaign on draw_awards (tenant_id, campaign_id, created_at desc, id);

create table draw_award_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  award_id uuid not null references draw_awards(id),
  from_status text,
  to_status text not null,
  event text not null,
  actor_kind text not null,
  actor_id uuid,
  at timestamptz not null
);
create index draw_award_history_award on draw_award_history (award_id, id);
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    'drop table draw_award_history; drop table draw_awards; drop table draws; drop table draw_chance_grants; drop table draw_chances; drop table draw_prizes; drop table draw_campaign_history; drop table draw_campaigns;',
  )
}
