import { type Kysely, sql } from 'kysely'

/**
 * Runs a block of DDL one statement at a time (PGlite's extended protocol takes one per call).
 * Statements end with `;` at the end of a line.
 */
export async function runSql(db: Kysely<any>, text: string) {
  for (const stmt of text
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(stmt).execute(db)
  }
}
