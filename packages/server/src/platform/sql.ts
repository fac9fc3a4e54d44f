import { type Kysely, type RawBuilder, sql } from 'kysely'

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

/**
 * Statements that write different tables, sent as one (`with w0 as (…), w1 as (…) select 1`): one
 * round trip for a bulk write. They see one snapshot, so none may depend on another's rows. With a
 * `guard` (say a conditional UPDATE … RETURNING), it runs first as `g`; the statements refer to it
 * (`where exists (select 1 from g)`) to write only when it matched, and the result row's `n` says
 * how many rows it returned.
 */
export function asOneStatement(statements: RawBuilder<unknown>[], guard?: RawBuilder<unknown>) {
  const parts = statements.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`)
  if (guard) parts.unshift(sql`g as (${guard})`)
  return sql<{
    n: number
  }>`with ${sql.join(parts, sql`, `)} select ${guard ? sql`(select count(*) from g)::int` : sql`1`} as n`
}
