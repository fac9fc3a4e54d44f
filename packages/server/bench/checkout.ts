import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { openDatabase } from '../src/platform/db.js'
import { type BenchDatabase, createBenchDatabase } from './lib/database.js'
import { waitUntilIdle } from './lib/pg-waits.js'
import { type Phase, type RunResults, runInterleaved } from './lib/phases.js'
import { openCore, type SeededShop, seedShop } from './lib/seed.js'
import { type ServerUnderTest, startServerProcess } from './lib/server.js'
import { addCounts, median, round } from './lib/stats.js'
import type { Benchmark } from './run.js'

const usage = `npm run bench -- checkout [options]

  --pglite            embedded PGlite in a temp folder instead of a fresh Postgres database
  --runs <n>          measured rounds of hello, checkout, list (default 3)
  --seconds <n>       length of each measured phase (default 10)
  --warmup <n>        warm-up seconds per phase before the first round (default 2)
  --connections <n>   concurrent keep-alive connections (default 50)
  --shoppers <n>      signed-in shoppers whose tokens take turns (default 200)

Postgres: the server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).`

interface Options {
  pglite: boolean
  runs: number
  seconds: number
  warmup: number
  connections: number
  shoppers: number
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      pglite: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      shoppers: { type: 'string', default: '200' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  const int = (name: keyof typeof values, min: number) => {
    const n = Number(values[name])
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}\n\n${usage}`)
    return n
  }
  return {
    pglite: values.pglite,
    runs: int('runs', 1),
    seconds: int('seconds', 1),
    warmup: int('warmup', 0),
    connections: int('connections', 1),
    shoppers: int('shoppers', 1),
  }
}

/** Products in the shop, so that a listing page of 20 is full. */
const PRODUCTS = 30

/** Units of the SKU everyone buys: more than any run on this machine can sell. */
const STOCK = 10_000_000

function phases(shop: SeededShop): Phase[] {
  let next = 0
  return [
    { key: 'hello', request: { method: 'GET', path: '/health' } },
    {
      key: 'checkout',
      request: {
        method: 'POST',
        path: '/api/v1/store/orders',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ skuId: shop.skuId, quantity: 1 }], fulfillment: 'pickup' }),
      },
      // Each request comes from the next shopper in turn.
      varyHeaders: () => ({ authorization: `Bearer ${shop.tokens[next++ % shop.tokens.length]}` }),
    },
    {
      key: 'list',
      request: {
        method: 'GET',
        path: '/api/v1/store/products?limit=20',
        headers: { 'x-shop': shop.shopSlug },
      },
    },
  ]
}

interface Verification {
  orders: number
  answered201: number
  unanswered: number
  onHand: number
  reserved: number
  unitsOrdered: number
  activeReservations: number
  placedEvents: number
  expiryJobs: number
  ok: boolean
  problems: string[]
}

/** What the database says happened, against what the load generator saw. */
async function verify(
  db: BenchDatabase,
  shop: SeededShop,
  answered201: number,
  unanswered: number,
): Promise<Verification & { serverVersion: string }> {
  const database = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, poolSize: 2 })
  try {
    const k = database.db
    const t = shop.shopId
    const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0)
    const orders = await count(
      k
        .selectFrom('orders')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', t)
        .executeTakeFirst(),
    )
    const unitsOrdered = await count(
      k
        .selectFrom('order_lines')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('quantity'), sql<number>`0`).as('n'))
        .where('tenant_id', '=', t)
        .executeTakeFirst(),
    )
    const activeReservations = await count(
      k
        .selectFrom('stock_reservations')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', t)
        .where('status', '=', 'active')
        .executeTakeFirst(),
    )
    const placedEvents = await count(
      k
        .selectFrom('outbox_events')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', t)
        .where('type', '=', 'orders.order.placed')
        .executeTakeFirst(),
    )
    const expiryJobs = await count(
      k
        .selectFrom('jobs')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', t)
        .where('kind', '=', 'orders.expire')
        .executeTakeFirst(),
    )
    const stock = await k
      .selectFrom('stock')
      .select(['on_hand', 'reserved'])
      .where('sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow()
    const version = await sql<{ server_version: string }>`show server_version`.execute(k)

    const problems: string[] = []
    if (orders < answered201 || orders > answered201 + unanswered)
      problems.push(
        `${orders} orders, but ${answered201} answered 201 and only ${unanswered} more went unanswered`,
      )
    if (stock.reserved !== orders)
      problems.push(`${stock.reserved} units reserved for ${orders} one-unit orders`)
    if (unitsOrdered !== orders) problems.push(`${unitsOrdered} units on ${orders} one-unit orders`)
    if (stock.reserved > stock.on_hand)
      problems.push(`oversold: ${stock.reserved} reserved of ${stock.on_hand}`)
    if (activeReservations !== orders)
      problems.push(`${activeReservations} reservations for ${orders} orders`)
    if (placedEvents !== orders) problems.push(`${placedEvents} placed events for ${orders} orders`)
    if (expiryJobs !== orders) problems.push(`${expiryJobs} expiry jobs for ${orders} orders`)
    return {
      orders,
      answered201,
      unanswered,
      onHand: stock.on_hand,
      reserved: stock.reserved,
      unitsOrdered,
      activeReservations,
      placedEvents,
      expiryJobs,
      ok: problems.length === 0,
      problems,
      serverVersion: version.rows[0]?.server_version ?? '',
    }
  } finally {
    await database.close()
  }
}

function summarise(results: RunResults) {
  const runs = results.map((r) => ({
    hello_per_s: round(r.hello.perSecond),
    hello_p99_ms: r.hello.p99Ms,
    checkout_per_s: round(r.checkout.perSecond),
    checkout_p99_ms: r.checkout.p99Ms,
    list_per_s: round(r.list.perSecond),
    list_p99_ms: r.list.p99Ms,
    ratio_checkout: round(r.checkout.perSecond / r.hello.perSecond, 4),
    ratio_list: round(r.list.perSecond / r.hello.perSecond, 4),
    errors: r.hello.errors + r.checkout.errors + r.list.errors,
    cpu_percent: { hello: r.hello.cpu, checkout: r.checkout.cpu, list: r.list.cpu },
    pg_connections: { checkout: r.checkout.pgWaits, list: r.list.pgWaits },
  }))
  const med = (key: Exclude<keyof (typeof runs)[number], 'cpu_percent' | 'pg_connections'>) =>
    round(median(runs.map((r) => r[key])), key.startsWith('ratio') ? 4 : 1)
  const errorCodes: Record<string, number> = {}
  for (const r of results)
    for (const [phase, res] of Object.entries(r))
      addCounts(
        errorCodes,
        Object.fromEntries(Object.entries(res.errorCodes).map(([code, n]) => [`${phase} ${code}`, n])),
      )
  return {
    runs,
    hello_per_s: med('hello_per_s'),
    checkout_per_s: med('checkout_per_s'),
    checkout_p99_ms: med('checkout_p99_ms'),
    list_per_s: med('list_per_s'),
    list_p99_ms: med('list_p99_ms'),
    ratio_checkout: med('ratio_checkout'),
    ratio_list: med('ratio_list'),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    error_codes: errorCodes,
  }
}

async function run(argv: string[], root: string) {
  const o = parseOptions(argv)
  const engine = o.pglite ? 'pglite' : 'postgres'
  const started = Date.now()
  const say = (msg: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`)
  let db: BenchDatabase | undefined
  let server: ServerUnderTest | undefined
  const cleanUp = async () => {
    await server?.stop()
    await db?.remove()
    if (db) say('cleaned up: server stopped, database dropped, temp folder removed')
  }
  // Ctrl-C must not leave the server running or the database behind.
  const interrupted = () => {
    say('interrupted')
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    db = await createBenchDatabase(engine)
    say(`database: ${engine} ${db.databaseUrl ?? db.dataDir}`)

    const core = await openCore(db)
    let shop: SeededShop
    try {
      shop = await seedShop(core, { shoppers: o.shoppers, products: PRODUCTS, stock: STOCK })
    } finally {
      await core.close()
    }
    say(`seeded shop ${shop.shopSlug}: ${PRODUCTS} products, ${shop.tokens.length} shoppers signed in`)

    server = await startServerProcess(root, db)
    say(`server ready at ${server.origin} (child process, LOG_LEVEL=warn, worker off)`)
    say(
      `phases: hello, checkout, list × ${o.runs} rounds, ${o.seconds} s each, ${o.connections} connections, ${o.warmup} s warm-up`,
    )

    const dbUrl = db.databaseUrl
    let answered201 = 0
    let unanswered = 0
    const results = await runInterleaved(
      phases(shop),
      {
        origin: server.origin,
        serverGroup: server.pid,
        databaseUrl: dbUrl,
        settle: () => (dbUrl ? waitUntilIdle(dbUrl) : sleep(2000)),
        runs: o.runs,
        seconds: o.seconds,
        warmupSeconds: o.warmup,
        connections: o.connections,
      },
      (phase, r) => {
        if (phase.key !== 'checkout') return
        answered201 += r.ok
        unanswered += r.unanswered
      },
    )
    const log = server.output()
    await server.stop()
    say('server stopped')

    const v = await verify(db, shop, answered201, unanswered)
    say(
      `verify: ${v.orders} orders; ${answered201} answered 201, ${unanswered} unanswered (timed out or cut off at a phase end); ` +
        `stock reserved ${v.reserved} of ${v.onHand}, ${v.activeReservations} reservations, ` +
        `${v.placedEvents} placed events, ${v.expiryJobs} expiry jobs → ${v.ok ? 'consistent, no oversell' : 'PROBLEMS'}`,
    )
    for (const p of v.problems) console.error(`  ✗ ${p}`)

    const summary = summarise(results)
    const out = {
      engine,
      ...summary,
      verify: {
        orders: v.orders,
        answered_201: v.answered201,
        unanswered: v.unanswered,
        stock_on_hand: v.onHand,
        stock_reserved: v.reserved,
        active_reservations: v.activeReservations,
        placed_events: v.placedEvents,
        expiry_jobs: v.expiryJobs,
        ok: v.ok,
        problems: v.problems,
      },
      settings: {
        runs: o.runs,
        seconds: o.seconds,
        warmup_s: o.warmup,
        connections: o.connections,
        shoppers: o.shoppers,
        products: PRODUCTS,
      },
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? '',
        node: process.version,
        database:
          engine === 'postgres' ? `PostgreSQL ${v.serverVersion}` : `PGlite (Postgres ${v.serverVersion})`,
      },
      command: `npm run bench -- checkout${argv.length ? ` ${argv.join(' ')}` : ''}`,
      at: new Date().toISOString(),
    }
    const dir = join(root, 'bench-results')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, engine === 'pglite' ? 'checkout-pglite.json' : 'checkout.json')
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
    say(
      `medians: hello ${summary.hello_per_s}/s, checkout ${summary.checkout_per_s}/s (p99 ${summary.checkout_p99_ms} ms, ` +
        `${summary.ratio_checkout} of hello), list ${summary.list_per_s}/s (p99 ${summary.list_p99_ms} ms, ` +
        `${summary.ratio_list} of hello), errors ${summary.errors}`,
    )
    if (log.trim() && summary.errors) console.log(`server's last lines:\n${log}`)
    say(`wrote ${file}`)
    if (!v.ok) process.exitCode = 1
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await cleanUp()
  }
}

export const checkout: Benchmark = {
  name: 'checkout',
  summary: 'buy-now checkout and product listing against the trivial route, through a real server process',
  run,
}
