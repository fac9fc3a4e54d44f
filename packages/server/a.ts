import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, sql } from 'kysely'

const t0 = Date.now()
const pg = new PGlite()
const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite: pg }) })
const r =
  await sql`select 1::int8 as a, 12345678901::bigint as b, count(*) as c, now() as d, '{"x":1}'::jsonb as j from (values(1)) v`.execute(
    db,
  )
console.log(r.rows, Date.now() - t0)
await db.schema.createTable('x').addColumn('id', 'integer').execute()
const p = Promise.all(
  [1, 2, 3].map((i) =>
    db.transaction().execute(async (trx) => {
      await sql`insert into x values (${i})`.execute(trx)
      await new Promise((r) => setTimeout(r, 10))
      return i
    }),
  ),
)
console.log(await p)
const dump = await pg.dumpDataDir('none')
console.log(dump.size, Date.now() - t0)
const pg2 = new PGlite({ loadDataDir: dump })
console.log((await pg2.query('select count(*) from x')).rows, Date.now() - t0)
