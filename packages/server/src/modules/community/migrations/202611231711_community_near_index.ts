import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * The nearest lookup reads only id, lat and lng of the points in a box: with them in the index it
 * is an index-only scan, instead of one table page per candidate (measured: 151 candidates in
 * central Shanghai took 5.7 ms from the table on a busy machine).
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
drop index pickup_points_near;
create index pickup_points_near on pickup_points (tenant_id, lat_band, lng) include (lat, id) where active;
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(
    db,
    `
drop index pickup_points_near;
create index pickup_points_near on pickup_points (tenant_id, lat_band, lng) where active;
`,
  )
}
