import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { allMigrations } from '../src/modules.js'
import { openDatabase } from '../src/platform/db.js'
import { newId } from '../src/platform/ids.js'
import { migrateToLatest } from '../src/platform/migrate.js'

const run = promisify(execFile)
const cli = join(import.meta.dirname, '../src/cli.ts')

/** `liebian ledger check` as an operator runs it: its exit code is what monitoring reads. */
describe.runIf(process.env.TEST_DB !== 'postgres')('liebian ledger check', () => {
  it('passes on balanced books and exits 1, naming the transfer, when one does not balance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liebian-cli-'))
    try {
      const env = { ...process.env, LIEBIAN_DATA_DIR: dir, DATABASE_URL: '' }
      const db = await openDatabase({ dataDir: dir })
      await migrateToLatest(db.db, allMigrations())
      const tenant = newId()
      const now = new Date()
      await db.db
        .insertInto('tenants')
        .values({ id: tenant, slug: 'cli-check', name: 'cli', created_at: now })
        .execute()
      const account = async (code: string) => {
        const id = newId()
        await db.db
          .insertInto('ledger_accounts')
          .values({ id, tenant_id: tenant, code, kind: 'asset', created_at: now })
          .execute()
        return id
      }
      const [cash, sales] = [await account('cash:sandbox'), await account('sales')]
      const transfer = async (key: string, amounts: [string, number][]) => {
        const id = newId()
        await db.db
          .insertInto('ledger_transfers')
          .values({ id, tenant_id: tenant, kind: 'test', key, created_at: now })
          .execute()
        for (const [account_id, amount_fen] of amounts)
          await db.db
            .insertInto('ledger_entries')
            .values({ tenant_id: tenant, transfer_id: id, account_id, amount_fen, created_at: now })
            .execute()
        return id
      }
      await transfer('good', [
        [cash, 500],
        [sales, -500],
      ])
      await db.close()
      const ok = await run('npx', ['tsx', cli, 'ledger', 'check'], { env })
      expect(ok.stdout).toMatch(/ledger check passed: 1 transfers balance/)

      const db2 = await openDatabase({ dataDir: dir })
      const bad = await (async () => {
        const id = newId()
        await db2.db
          .insertInto('ledger_transfers')
          .values({ id, tenant_id: tenant, kind: 'test', key: 'bad', created_at: now })
          .execute()
        await db2.db
          .insertInto('ledger_entries')
          .values({ tenant_id: tenant, transfer_id: id, account_id: cash, amount_fen: 100, created_at: now })
          .execute()
        await db2.db
          .insertInto('ledger_entries')
          .values({ tenant_id: tenant, transfer_id: id, account_id: sales, amount_fen: -99, created_at: now })
          .execute()
        return id
      })()
      await db2.close()
      const failed = await run('npx', ['tsx', cli, 'ledger', 'check'], { env }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      )
      expect(failed?.code).toBe(1)
      expect(failed?.stderr).toContain(`[transfer_balances] ${tenant} ${bad}: entries sum to 1`)
      expect(failed?.stderr).toContain('[accounts_sum_to_zero]')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // Two cold `npx tsx` starts of the whole server: slow on a busy machine, and not what is tested.
  }, 240_000)
})
