import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { allMigrations } from '../src/modules.js'
import { migrateToLatest } from '../src/platform/migrate.js'

/**
 * Migrates one template for the whole run: on Postgres a uniquely named database that each test
 * file copies (CREATE DATABASE … TEMPLATE) and drops, on PGlite a migrated data dir that each test
 * file loads. Files never share a database, so one file's fake clock never runs another's jobs.
 */
export default async function setup(project: TestProject) {
  const engine = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
  if (engine === 'postgres') {
    const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
    const name = `liebian_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
    const admin = new pg.Client({ connectionString: base })
    try {
      await admin.connect()
    } catch (err) {
      throw new Error(`TEST_DB=postgres but Postgres is unreachable at ${base}: ${(err as Error).message}`)
    }
    await admin.query(`create database ${name}`)
    const url = new URL(base)
    url.pathname = `/${name}`
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 2 }) }),
    })
    await migrateToLatest(db, allMigrations())
    await db.destroy()
    project.provide('databaseUrl', url.toString())
    project.provide('databaseName', name)
    return async () => {
      // Each test file copied the template into its own database and checked its books; drop leftovers.
      const left = await admin.query(`select datname from pg_database where datname like '${name}%'`)
      for (const r of left.rows) await admin.query(`drop database if exists ${r.datname} with (force)`)
      await admin.end()
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'liebian-test-'))
  const pglite = await PGlite.create()
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) })
  await migrateToLatest(db, allMigrations())
  const dump = await pglite.dumpDataDir('none')
  await db.destroy()
  const file = join(dir, 'template.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  return () => rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    databaseName: string
    pgliteTemplate: string
  }
}
