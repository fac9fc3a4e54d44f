#!/usr/bin/env node
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Presets, SingleBar } from 'cli-progress'
import { Command } from 'commander'
import pino from 'pino'
import { seedDemo } from './cli/demo.js'
import { simulateCommand } from './cli/simulate.js'
import { createCore } from './core.js'
import { invariants } from './invariants.js'
import { checkLedger } from './modules/ledger/index.js'
import { allMigrations } from './modules.js'
import { failed, formatReport, runChecks } from './platform/checks.js'
import { loadConfig } from './platform/config.js'
import { openDatabase } from './platform/db.js'
import { migrateToLatest, pendingMigrations } from './platform/migrate.js'
import { startServer } from './server.js'

/** The built web app, when it exists: served as storefront and console by `start`. */
function webDist() {
  if (process.env.WEB_DIST) return process.env.WEB_DIST
  const here = fileURLToPath(new URL('.', import.meta.url))
  const dist = resolve(here, '../../web/dist')
  return existsSync(dist) ? dist : undefined
}

const config = () => ({ ...loadConfig(), webDist: webDist() })

function printUrls(c: ReturnType<typeof config>, extra: string[] = []) {
  const base = c.publicUrl
  const lines = [
    '',
    '  裂变 Liebian is running',
    `  Storefront 商城   ${base}/`,
    `  Console 后台      ${base}/console/`,
    `  API docs 接口文档 ${base}/docs`,
    ...extra,
    '',
  ]
  if (!c.webDist)
    lines.push(
      '  (web app not built: run `npm run build -w @liebian/web` for the storefront and console)',
      '',
    )
  console.log(lines.join('\n'))
}

/** Opens the database for a check; exits 2 if it is behind the code (run `liebian migrate`). */
async function openCurrentDatabase(c: ReturnType<typeof config>) {
  const db = await openDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir })
  const pending = await pendingMigrations(db.db, allMigrations())
  if (pending.length) {
    await db.close()
    console.error(
      `the database is behind this version (${pending.join(', ')} not applied): run \`liebian migrate\` first`,
    )
    process.exit(2)
  }
  return db
}

const program = new Command('liebian').description('Liebian social commerce engine')

program
  .command('start')
  .description('migrate, then serve the API, storefront and console')
  .action(async () => {
    const c = config()
    await startServer(c)
    printUrls(c)
  })

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const c = config()
    const db = await openDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir })
    const applied = await migrateToLatest(db.db, allMigrations())
    console.log(applied.length ? `applied ${applied.length}: ${applied.join(', ')}` : 'already up to date')
    await db.close()
  })

program
  .command('demo')
  .description('create the demo shop (staff, shoppers, 30+ products with pictures and stock)')
  .option('--start', 'start the server afterwards')
  .action(async (opts: { start?: boolean }) => {
    const c = config()
    const core = await createCore({ config: c, log: pino({ level: 'warn' }) })
    const bar = new SingleBar(
      { format: '  demo data [{bar}] {value}/{total} {label}', hideCursor: true },
      Presets.shades_classic,
    )
    let started = false
    const info = await seedDemo(core, {
      onProgress: (done, total, label) => {
        if (!started) {
          bar.start(total, 0, { label })
          started = true
        }
        bar.update(done, { label })
      },
    })
    if (started) bar.stop()
    const signIn = [
      `  Console sign-in   shop ${info.shopSlug} · ${info.staff.email} · ${info.staff.password}`,
      `  Shopper sign-in   phone ${info.shopperPhones[0]} (or any mainland mobile); the SMS code is shown on the page (sandbox)`,
    ]
    if (!opts.start) {
      console.log(['', ...signIn, ''].join('\n'))
      await core.close()
      return
    }
    await core.close()
    await startServer(c)
    printUrls(c, signIn)
  })

program
  .command('check')
  .description('verify the invariants (ledger, stock, orders, payments, histories); exit 1 on any violation')
  .action(async () => {
    const c = config()
    const db = await openCurrentDatabase(c)
    const results = await runChecks(db.db, invariants).finally(() => db.close())
    const bad = failed(results)
    if (bad.length) {
      console.error(formatReport(results))
      console.error(`\ncheck FAILED: ${bad.length} of ${results.length} invariants violated`)
      process.exit(1)
    }
    console.log(formatReport(results))
    console.log(`\ncheck passed: ${results.length} invariants hold`)
  })

const ledger = program.command('ledger').description('the double-entry ledger')
ledger
  .command('check')
  .description('verify every transfer balances, accounts sum to zero, and orders match their payments')
  .action(async () => {
    const c = config()
    const db = await openCurrentDatabase(c)
    const r = await checkLedger(db.db)
    await db.close()
    if (r.violations.length) {
      console.error(`ledger check FAILED: ${r.violations.length} violation(s)`)
      for (const v of r.violations)
        console.error(`  [${v.check}] ${v.tenantId ?? ''} ${v.ref ?? ''}: ${v.detail}`)
      process.exit(1)
    }
    console.log(
      `ledger check passed: ${r.transfers} transfers balance, all accounts sum to zero, ${r.orders} orders match their payments`,
    )
  })

simulateCommand(program)

program.parseAsync().catch((err) => {
  console.error(err)
  process.exit(1)
})
