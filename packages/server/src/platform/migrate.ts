import type { Kysely } from 'kysely'
import { type Migration, Migrator } from 'kysely/migration'

/**
 * Modules add migrations independently, so one written later may carry an earlier stamp than one
 * already applied elsewhere: each module's own stay in order, and across modules order is moot.
 */
const migrator = (db: Kysely<any>, migrations: Record<string, Migration>) =>
  new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true })

/** Applies every module's migrations, in name order; safe to run from several instances at once. */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>) {
  const { error, results } = await migrator(db, migrations).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Names of migrations not yet applied: checks refuse to judge a database that is behind the code. */
export async function pendingMigrations(db: Kysely<any>, migrations: Record<string, Migration>) {
  const all = await migrator(db, migrations).getMigrations()
  return all.filter((m) => !m.executedAt).map((m) => m.name)
}
