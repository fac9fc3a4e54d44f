import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/** Operators' goals: a metric, a target, the shop days it runs over (both ends included). */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table analytics_goals (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  metric text not null check (metric in ('gmv_fen', 'net_gmv_fen', 'orders', 'new_customers', 'shares',
    'share_actions', 'first_opens', 'views', 'k_factor')),
  target double precision not null check (target > 0),
  title text check (char_length(title) <= 60),
  starts_on date not null,
  deadline date not null check (deadline >= starts_on),
  created_by uuid,
  created_at timestamptz not null
);
create index analytics_goals_tenant on analytics_goals (tenant_id, deadline);
`,
  )
}
