import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Engine } from '../../src/platform/db.js'

/** A database made for one benchmark run and a data folder for the server's files. */
export interface BenchDatabase {
  engine: Engine
  /** Set on Postgres; on PGlite the data lives in `dataDir`. */
  databaseUrl?: string
  /** The server's `LIEBIAN_DATA_DIR` (uploads, and the PGlite files). */
  dataDir: string
  /** Drops the database and removes the data folder; safe to call twice. */
  remove(): Promise<void>
}

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres'

/** A fresh, uniquely named Postgres database (server from `BENCH_DATABASE_URL`), or a temp PGlite folder. */
export async function createBenchDatabase(engine: Engine): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liebian-bench-'))
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true })
  if (engine === 'pglite') return { engine, dataDir, remove: async () => removeDir() }

  const server = process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER
  const name = `liebian_bench_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  try {
    await admin(`create database ${name}`)
  } catch (err) {
    removeDir()
    throw new Error(`cannot create a database on ${server}: ${(err as Error).message}`)
  }
  const url = new URL(server)
  url.pathname = `/${name}`
  let removed = false
  return {
    engine,
    databaseUrl: url.toString(),
    dataDir,
    async remove() {
      if (removed) return
      removed = true
      removeDir()
      await admin(`drop database if exists ${name} with (force)`)
    },
  }
}
