import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/** One daily summary per shop and day: the outbox event is written once, however often the job runs. */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table analytics_summaries (
  tenant_id uuid not null references tenants(id),
  day date not null,
  event_id bigint,
  created_at timestamptz not null,
  primary key (tenant_id, day)
);
`,
  )
}
