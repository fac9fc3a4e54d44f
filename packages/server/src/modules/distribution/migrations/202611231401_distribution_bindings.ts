import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table referral_bindings (
  tenant_id uuid not null references tenants(id),
  customer_id uuid not null references shoppers(id),
  promoter_id uuid not null references promoters(id),
  promoter_shopper_id uuid not null references shoppers(id),
  reason text not null check (reason in ('first_click', 'last_click', 'first_paid_order', 'last_paid_order', 'operator')),
  bound_at timestamptz not null,
  locked_until timestamptz,
  permanent boolean not null,
  share_token text,
  order_id uuid references orders(id),
  updated_at timestamptz not null,
  primary key (tenant_id, customer_id),
  -- Nobody is their own upline (longer cycles are refused by the service under a tenant lock).
  check (customer_id <> promoter_shopper_id)
);
create index referral_bindings_upline on referral_bindings (tenant_id, promoter_shopper_id);

create table binding_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  customer_id uuid not null references shoppers(id),
  action text not null check (action in ('bind', 'rebind', 'keep')),
  from_promoter_id uuid references promoters(id),
  to_promoter_id uuid references promoters(id),
  reason text not null,
  share_token text,
  order_id uuid references orders(id),
  actor_kind text not null,
  actor_id text,
  at timestamptz not null
);
create index binding_history_customer on binding_history (tenant_id, customer_id, id);
`,
  )
}
