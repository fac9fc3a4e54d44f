import { type RawBuilder, sql } from 'kysely'
import type { Db } from './db.js'
import type { Machine } from './state-machine.js'
import { allowedMoves } from './state-machine.js'

/** One broken rule, found on one row (or one shop): where it is and what is wrong. */
export interface Violation {
  tenantId: string | null
  ref: string | null
  detail: string
}

export interface Outcome {
  /** How many rows (SKUs, orders, transfers…) the rule was checked on. */
  checked: number
  /** How many violate it; `violations` holds at most `SAMPLE` of them. */
  count: number
  violations: Violation[]
}

/** A rule the data must always keep, checked over every shop by SQL in the database. */
export interface Invariant {
  name: string
  description: string
  run(db: Db): Promise<Outcome>
}

export interface CheckResult extends Outcome {
  name: string
  description: string
}

/** Violations listed per invariant; the count is always exact. */
export const SAMPLE = 50

/**
 * Runs one invariant query: `checked` is a scalar subquery counting what was examined, `bad` a
 * select of `tenant_id, ref, detail` for each violation. Only the count and a sample leave the
 * database.
 */
export async function evaluate(
  db: Db,
  checked: RawBuilder<unknown>,
  bad: RawBuilder<unknown>,
): Promise<Outcome> {
  const r = await sql<{ checked: number; count: number; sample: Violation[] | string | null }>`
    with bad as (${bad})
    select (${checked})::bigint as checked,
           (select count(*) from bad)::bigint as count,
           (select json_agg(json_build_object('tenantId', s.tenant_id, 'ref', s.ref, 'detail', s.detail))
              from (select * from bad order by tenant_id, ref limit ${SAMPLE}) s) as sample`.execute(db)
  const row = r.rows[0]
  const sample = typeof row.sample === 'string' ? (JSON.parse(row.sample) as Violation[]) : row.sample
  return { checked: Number(row.checked), count: Number(row.count), violations: sample ?? [] }
}

/**
 * Every row of a history table is a move its machine allows, each row starts where the one before
 * it ended (the first from nothing, into one of `initial`), and the entity's status is where its
 * history ends.
 */
export function historyInvariant(o: {
  name: string
  machine: Machine<string, string>
  entities: string
  history: string
  /** The history column naming the entity. */
  key: string
  initial: string[]
  /** Extra filter on history rows (payment_history holds two entities). */
  where?: string
}): Invariant {
  const moves = [...allowedMoves(o.machine)]
  const list = (xs: string[]) =>
    sql.join(
      xs.map((x) => sql.lit(x)),
      sql`, `,
    )
  const h = sql.table(o.history)
  const e = sql.table(o.entities)
  const key = sql.ref(o.key)
  const where = o.where ? sql.raw(o.where) : sql`true`
  return {
    name: o.name,
    description: `every ${o.history} row is a move the ${o.machine.entity} machine allows, continuing the row before it; each ${o.machine.entity}'s status is where its history ends`,
    run: (db) =>
      evaluate(
        db,
        sql`select count(*) from ${e}`,
        sql`
          with rows as (
            select id, tenant_id, ${key} as entity_id, from_status, to_status,
                   lag(to_status) over w as prev_to, row_number() over w as n
            from ${h} where ${where}
            window w as (partition by ${key} order by id)
          ), last as (
            select distinct on (entity_id) entity_id, to_status from rows order by entity_id, id desc
          )
          select tenant_id, entity_id::text as ref,
                 'history row ' || id || ': ' || coalesce(from_status, '∅') || ' → ' || to_status ||
                 case
                   when n = 1 and from_status is not null then ' does not start from nothing'
                   when n = 1 then ' is not a state it starts in'
                   when n > 1 and from_status is null then ' starts from nothing after ' || prev_to
                   when n > 1 and from_status <> prev_to then ' does not continue from ' || prev_to
                   else ' is not a move the machine allows'
                 end as detail
          from rows
          where (n = 1 and (from_status is not null or to_status not in (${list(o.initial)})))
             or (n > 1 and (from_status is null or from_status <> prev_to))
             or (from_status is not null and from_status || '->' || to_status not in (${list(moves)}))
          union all
          select x.tenant_id, x.id::text, 'status ' || x.status || ' but history ends at ' || coalesce(l.to_status, '(no history)')
          from ${e} x left join last l on l.entity_id = x.id
          where l.to_status is distinct from x.status`,
      ),
  }
}

/**
 * Runs every invariant in one read-only snapshot, so rules spanning several tables see one
 * consistent moment even while the shop is trading.
 */
export async function runChecks(db: Db, invariants: Invariant[]): Promise<CheckResult[]> {
  const all = async (d: Db) => {
    const out: CheckResult[] = []
    for (const inv of invariants)
      out.push({ name: inv.name, description: inv.description, ...(await inv.run(d)) })
    return out
  }
  if (db.isTransaction) return all(db)
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(all)
}

export const failed = (results: CheckResult[]) => results.filter((r) => r.count > 0)

/** One line per invariant, then the violations of those that failed. */
export function formatReport(results: CheckResult[]): string {
  const lines = results.map((r) =>
    r.count
      ? `✗ ${r.name} — ${r.count} violation(s) in ${r.checked} rows checked`
      : `✓ ${r.name} — ${r.checked} rows checked`,
  )
  for (const r of failed(results)) {
    lines.push('', `${r.name}: ${r.description}`)
    for (const v of r.violations) lines.push(`  ${v.tenantId ?? '-'} ${v.ref ?? '-'}: ${v.detail}`)
    if (r.count > r.violations.length) lines.push(`  … and ${r.count - r.violations.length} more`)
  }
  return lines.join('\n')
}
