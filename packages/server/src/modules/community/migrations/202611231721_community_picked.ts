import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * What each campaign order counted for in the picking list at the cutoff, per order line (the
 * units left after any refund before the cutoff): the receipt's shortages are shared out from it,
 * and the picking lists are checked against it while later refunds move the order's own figures.
 */
export async function up(db: Kysely<any>) {
  await runSql(db, `alter table community_orders add column picked jsonb not null default '[]';`)
}

export async function down(db: Kysely<any>) {
  await runSql(db, 'alter table community_orders drop column picked;')
}
