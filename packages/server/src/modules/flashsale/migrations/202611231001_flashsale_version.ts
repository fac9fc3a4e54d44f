import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * A version per slot SKU, bumped by every change to its tallies, purchases or takes: a batch of
 * purchases decided on a read of version v writes only while the version is still v.
 */
export async function up(db: Kysely<any>) {
  await runSql(db, 'alter table flash_slot_skus add column version int not null default 0;')
}

export async function down(db: Kysely<any>) {
  await runSql(db, 'alter table flash_slot_skus drop column version;')
}
