import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { DB } from '../database.js'

export type Db = Kysely<DB> | Transaction<DB>
export type Engine = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  engine: Engine
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string
  /** PGlite data folder; undefined → in memory. */
  dataDir?: string
  /** PGlite: start from a dumped data dir (a migrated template in tests). */
  loadDataDir?: Blob
  poolSize?: number
  /** Errors of idle pooled connections (server restart, terminated backend); the pool replaces them. */
  onPoolError?: (err: Error) => void
}

/** int8 and count(*) come back from pg as strings; turn them into safe JS numbers, as PGlite does. */
function parseInt8(v: string) {
  const n = Number(v)
  if (!Number.isSafeInteger(n)) throw new Error(`int8 out of safe range: ${v}`)
  return n
}

const pgTypes = {
  getTypeParser(oid: number, format?: any) {
    if (oid === 20) return parseInt8
    return pg.types.getTypeParser(oid, format)
  },
}

/** Kysely over PGlite by default, over a pg pool when `databaseUrl` is set. Same SQL on both. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
      types: pgTypes as any,
    })
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, engine: 'postgres', close: () => db.destroy() }
  }
  let dataDir: string | undefined
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true })
    dataDir = join(opts.dataDir, 'pglite')
  }
  const pglite = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}

/** Runs `fn` in a transaction, or inside the caller's when it already holds one. */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>)
  return (db as Kysely<DB>).transaction().execute(fn)
}
