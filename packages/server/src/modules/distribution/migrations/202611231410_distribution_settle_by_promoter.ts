import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Bulk settlement takes the due commissions promoter by promoter, so a batch's ledger transfer has
 * two entries per promoter rather than per commission. Only frozen rows are in the index: a run
 * never walks the commissions that settled before.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `create index commissions_frozen_promoter on commissions (tenant_id, promoter_id, settle_after) where status = 'frozen';`,
  )
}
