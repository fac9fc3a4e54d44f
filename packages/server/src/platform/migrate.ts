import type { Kysely } from 'kysely'
import { type Migration, Migrator } from 'kysely/migration'

/** Applies every module's migrations, in name order; safe to run from several instances at once. */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
