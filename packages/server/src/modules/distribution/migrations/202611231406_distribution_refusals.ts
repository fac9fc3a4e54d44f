import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
-- Commissions the fraud rules refused outright (exact self-referral), with the reasons: the operator sees them.
create table commission_refusals (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  promoter_id uuid not null references promoters(id),
  level smallint not null check (level in (1, 2)),
  amount_fen bigint not null check (amount_fen >= 0),
  flags jsonb not null,
  at timestamptz not null,
  unique (tenant_id, order_id, promoter_id)
);
create index commission_refusals_at on commission_refusals (tenant_id, at desc);
`,
  )
}
