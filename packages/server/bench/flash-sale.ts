import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import type { Core } from '../src/core.js'
import { invariants } from '../src/invariants.js'
import { failed, formatReport, runChecks } from '../src/platform/checks.js'
import type { Ctx } from '../src/platform/context.js'
import { openDatabase } from '../src/platform/db.js'
import { type BenchDatabase, createBenchDatabase } from './lib/database.js'
import { waitUntilIdle } from './lib/pg-waits.js'
import { type Phase, runInterleaved } from './lib/phases.js'
import { openCore } from './lib/seed.js'
import { type ServerUnderTest, startServerProcess } from './lib/server.js'
import { median, round } from './lib/stats.js'
import type { Benchmark } from './run.js'

const usage = `npm run bench -- flash-sale [options]

  --runs <n>          measured rounds of hello and purchase (default 3)
  --seconds <n>       length of each measured phase (default 10)
  --warmup <n>        warm-up seconds per phase before the first round (default 2)
  --connections <n>   concurrent keep-alive connections (default 100; the crowd phase uses 4×)
  --crowd <n>         crowd phase: shoppers arriving at once (default 5000)
  --crowd-requests <n> crowd phase: requests they fire, some several each (default 20000)
  --crowd-stock <n>   crowd phase: units in the slot (default 1000)

Postgres: the server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).`

interface Options {
  runs: number
  seconds: number
  warmup: number
  connections: number
  crowd: number
  crowdRequests: number
  crowdStock: number
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '100' },
      crowd: { type: 'string', default: '5000' },
      'crowd-requests': { type: 'string', default: '20000' },
      'crowd-stock': { type: 'string', default: '1000' },
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
    runs: int('runs', 1),
    seconds: int('seconds', 1),
    warmup: int('warmup', 0),
    connections: int('connections', 1),
    crowd: int('crowd', 1),
    crowdRequests: int('crowd-requests', 1),
    crowdStock: int('crowd-stock', 1),
  }
}

/** Per-person limit in the crowd phase (the throughput phase sells one unit to each fresh shopper). */
const CROWD_LIMIT = 2
/** Fresh shoppers per second of throughput phase the seed provides for: far above what this machine sells. */
const SHOPPERS_PER_SECOND = 12_000

interface Seeded {
  shopId: string
  shopSlug: string
  /** Throughput phase: a slot whose stock outlasts the run; every request is a fresh shopper. */
  hot: { slotId: string; skuId: string; stock: number }
  /** Crowd phase: many more buyers than stock, limit 2. */
  crowd: { slotId: string; skuId: string; stock: number }
  hotTokens: string[]
  crowdTokens: string[]
}

/**
 * Shoppers and their sessions straight in SQL (hundreds of thousands: one sign-in each through
 * the SMS flow would take longer than the benchmark). The rows are what a sign-in writes.
 */
async function seedShoppers(core: Core, tenantId: string, prefix: string, n: number) {
  const secret = Math.random().toString(36).slice(2)
  const now = new Date()
  const expires = new Date(now.getTime() + 86_400_000)
  for (let from = 0; from < n; from += 50_000) {
    const to = Math.min(n, from + 50_000) - 1
    await sql`
      with s as (
        insert into shoppers (id, tenant_id, phone, nickname, created_at)
        select gen_random_uuid(), ${tenantId}, ${prefix} || lpad(i::text, 7, '0'), '压测' || i, ${now}
        from generate_series(${from}::int, ${to}::int) i
        returning id, phone
      )
      insert into sessions (id, tenant_id, token_hash, subject_kind, subject_id, created_at, expires_at)
      select gen_random_uuid(), ${tenantId},
             encode(sha256(convert_to('fs-' || s.phone || '-' || ${secret}, 'UTF8')), 'hex'), 'shopper', s.id, ${now}, ${expires}
      from s`.execute(core.db)
  }
  return Array.from({ length: n }, (_, i) => `fs-${prefix}${String(i).padStart(7, '0')}-${secret}`)
}

async function seed(core: Core, o: Options, hotShoppers: number): Promise<Seeded> {
  const slug = `flash-${Date.now().toString(36)}`
  const shop = await core.shops.create({ slug, name: '秒杀压测店铺' })
  const ctx: Ctx = { tenantId: shop.id, db: core.db, actor: { kind: 'system' }, lang: 'zh-CN' }
  const product = async (title: string, stock: number) => {
    const p = await core.catalog.createProduct(ctx, {
      title,
      images: ['/uploads/bench.png'],
      specNames: ['规格'],
      skus: [{ spec: { 规格: '标准' }, priceFen: 1990, initialStock: stock }],
    })
    await core.catalog.setShelf(ctx, p.id, 'publish')
    return (await core.catalog.getStoreProduct(ctx, p.id)).skus[0].id as string
  }
  const hotStock = hotShoppers
  const hotSku = await product('秒杀爆款', hotStock + 100)
  const crowdSku = await product('秒杀限量款', o.crowdStock + 100)
  const now = Date.now()
  const campaign = await core.flashSale.create(ctx, {
    title: '压测秒杀',
    slots: [
      {
        startsAt: new Date(now - 60_000),
        endsAt: new Date(now + 6 * 3_600_000),
        skus: [
          { skuId: hotSku, flashPriceFen: 990, stock: hotStock, perPersonLimit: 1 },
          { skuId: crowdSku, flashPriceFen: 990, stock: o.crowdStock, perPersonLimit: CROWD_LIMIT },
        ],
      },
    ],
  })
  await core.flashSale.schedule(ctx, campaign.id)
  const slotId = campaign.slots[0].id
  const hotTokens = await seedShoppers(core, shop.id, '150', hotShoppers)
  const crowdTokens = await seedShoppers(core, shop.id, '151', o.crowd)
  return {
    shopId: shop.id,
    shopSlug: slug,
    hot: { slotId, skuId: hotSku, stock: hotStock },
    crowd: { slotId, skuId: crowdSku, stock: o.crowdStock },
    hotTokens,
    crowdTokens,
  }
}

const purchaseRequest = (slotId: string, skuId: string, quantity = 1) => ({
  method: 'POST' as const,
  path: '/api/v1/store/flash-sales/purchases',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ slotId, skuId, quantity }),
})

interface CrowdResult {
  requests: number
  seconds: number
  byStatus: Record<string, number>
  p50Ms: number
  p99Ms: number
}

/** Everyone at once: `requests` requests from the crowd's shoppers (some several times), as fast as the connections allow. */
async function crowdPhase(
  origin: string,
  s: Seeded,
  requests: number,
  connections: number,
): Promise<CrowdResult> {
  const byStatus: Record<string, number> = {}
  let n = 0
  const started = Date.now()
  const r = await autocannon({
    url: origin,
    connections,
    amount: requests,
    timeout: 30,
    requests: [
      {
        ...purchaseRequest(s.crowd.slotId, s.crowd.skuId),
        setupRequest: (req) => {
          const i = n++
          // Shoppers repeat: every fourth request is a shopper seen before; some ask for 2 or 3 (past the limit).
          const who =
            i % 4 === 3 ? (i * 7919) % Math.min(i + 1, s.crowdTokens.length) : i % s.crowdTokens.length
          const quantity = i % 10 === 1 ? 2 : i % 50 === 7 ? 3 : 1
          return {
            ...req,
            body: JSON.stringify({ slotId: s.crowd.slotId, skuId: s.crowd.skuId, quantity }),
            headers: { ...req.headers, authorization: `Bearer ${s.crowdTokens[who]}` },
          }
        },
        onResponse: (status, body) => {
          let code = ''
          if (status >= 300)
            try {
              code = ` ${JSON.parse(body)?.error?.code ?? '-'}`
            } catch {
              code = ' -'
            }
          const key = `${status}${code}`
          byStatus[key] = (byStatus[key] ?? 0) + 1
        },
      },
    ],
  })
  if (r.timeouts) byStatus.timeout = r.timeouts
  if (r.errors - r.timeouts) byStatus.socket = r.errors - r.timeouts
  return {
    requests,
    seconds: (Date.now() - started) / 1000,
    byStatus,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
  }
}

/** What the database says after the run: units against stock and limits, counted from the orders themselves. */
async function verify(db: BenchDatabase, s: Seeded, hot201: number, hotUnanswered: number) {
  const database = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, poolSize: 2 })
  try {
    const k = database.db
    const units = async (skuId: string) =>
      sql<{ shopper_id: string; units: number; orders: number }>`
        select o.shopper_id, sum(l.quantity)::int as units, count(*)::int as orders
        from orders o join order_lines l on l.order_id = o.id
        where o.tenant_id = ${s.shopId} and o.kind = 'flash' and l.sku_id = ${skuId}
          and o.status not in ('cancelled') group by o.shopper_id`
        .execute(k)
        .then((r) => r.rows.map((x) => ({ ...x, units: Number(x.units), orders: Number(x.orders) })))
    const crowd = await units(s.crowd.skuId)
    const crowdUnits = crowd.reduce((n, r) => n + r.units, 0)
    const beyondStock = Math.max(0, crowdUnits - s.crowd.stock)
    const beyondLimit = crowd.reduce((n, r) => n + Math.max(0, r.units - CROWD_LIMIT), 0)
    const hot = await units(s.hot.skuId)
    const hotOrders = hot.reduce((n, r) => n + r.orders, 0)
    const hotBeyondLimit = hot.reduce((n, r) => n + Math.max(0, r.units - 1), 0)
    const count = async (type: string) =>
      Number(
        (
          await sql<{
            n: number
          }>`select count(*)::int as n from outbox_events where tenant_id = ${s.shopId} and type = ${type}`.execute(
            k,
          )
        ).rows[0].n,
      )
    const placedEvents = await count('orders.order.placed')
    const purchaseEvents = await count('flashsale.purchase.created')
    const jobs = Number(
      (
        await sql<{
          n: number
        }>`select count(*)::int as n from jobs where tenant_id = ${s.shopId} and kind = 'orders.expire'`.execute(
          k,
        )
      ).rows[0].n,
    )
    const checks = await runChecks(k, invariants)
    const version = await sql<{ server_version: string }>`show server_version`.execute(k)
    const allOrders = hotOrders + crowd.reduce((n, r) => n + r.orders, 0)
    const problems: string[] = []
    if (beyondStock) problems.push(`crowd: ${crowdUnits} units ordered of ${s.crowd.stock}`)
    if (beyondLimit) problems.push(`crowd: ${beyondLimit} units past the per-person limit`)
    if (hotBeyondLimit) problems.push(`throughput: ${hotBeyondLimit} units past the per-person limit`)
    if (hotOrders < hot201 || hotOrders > hot201 + hotUnanswered)
      problems.push(`throughput: ${hotOrders} orders, ${hot201} answered 201, ${hotUnanswered} unanswered`)
    if (placedEvents !== allOrders) problems.push(`${placedEvents} placed events for ${allOrders} orders`)
    if (purchaseEvents !== allOrders)
      problems.push(`${purchaseEvents} purchase events for ${allOrders} orders`)
    if (jobs !== allOrders) problems.push(`${jobs} expiry jobs for ${allOrders} orders`)
    if (failed(checks).length) problems.push(`liebian check:\n${formatReport(failed(checks))}`)
    return {
      oversold: beyondStock + beyondLimit + hotBeyondLimit,
      crowdUnits,
      crowdBuyers: crowd.length,
      beyondStock,
      beyondLimit,
      hotOrders,
      placedEvents,
      purchaseEvents,
      expiryJobs: jobs,
      invariantsChecked: checks.length,
      problems,
      serverVersion: version.rows[0]?.server_version ?? '',
    }
  } finally {
    await database.close()
  }
}

async function run(argv: string[], root: string) {
  const o = parseOptions(argv)
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
  const interrupted = () => {
    say('interrupted')
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    db = await createBenchDatabase('postgres')
    say(`database: postgres ${db.databaseUrl}`)
    const hotShoppers = SHOPPERS_PER_SECOND * o.seconds * o.runs + SHOPPERS_PER_SECOND * o.warmup
    const core = await openCore(db)
    let s: Seeded
    try {
      s = await seed(core, o, hotShoppers)
    } finally {
      await core.close()
    }
    say(
      `seeded shop ${s.shopSlug}: one live slot; throughput SKU ${s.hot.stock} units, limit 1, ${s.hotTokens.length} fresh shoppers; crowd SKU ${s.crowd.stock} units, limit ${CROWD_LIMIT}, ${s.crowdTokens.length} shoppers`,
    )

    // One load generator on one address: lift the per-IP limit (the per-shopper one stays).
    process.env.FLASH_SALE_IP_LIMIT = '1000000000'
    server = await startServerProcess(root, db)
    say(`server ready at ${server.origin} (child process, LOG_LEVEL=warn, worker off)`)

    let next = 0
    const phases: Phase[] = [
      { key: 'hello', request: { method: 'GET', path: '/health' } },
      {
        key: 'purchase',
        request: purchaseRequest(s.hot.slotId, s.hot.skuId),
        // Every request a shopper who has not bought yet: each answer is a new order.
        varyHeaders: () => ({ authorization: `Bearer ${s.hotTokens[next++ % s.hotTokens.length]}` }),
      },
    ]
    const dbUrl = db.databaseUrl!
    let hot201 = 0
    let hotUnanswered = 0
    say(`throughput: hello, purchase × ${o.runs} rounds, ${o.seconds} s each, ${o.connections} connections`)
    const results = await runInterleaved(
      phases,
      {
        origin: server.origin,
        serverGroup: server.pid,
        databaseUrl: dbUrl,
        settle: () => waitUntilIdle(dbUrl),
        runs: o.runs,
        seconds: o.seconds,
        warmupSeconds: o.warmup,
        connections: o.connections,
      },
      (phase, r) => {
        if (phase.key !== 'purchase') return
        hot201 += r.ok
        hotUnanswered += r.unanswered
      },
    )
    if (next > s.hotTokens.length) throw new Error('ran out of fresh shoppers: raise SHOPPERS_PER_SECOND')

    say(
      `crowd: ${o.crowdRequests} requests from ${o.crowd} shoppers at ${s.crowd.stock} units, ${o.connections * 4} connections`,
    )
    const crowd = await crowdPhase(server.origin, s, o.crowdRequests, o.connections * 4)
    say(
      `crowd: ${crowd.seconds.toFixed(1)} s, p99 ${crowd.p99Ms} ms, ${Object.entries(crowd.byStatus)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}`,
    )
    await waitUntilIdle(dbUrl)
    const log = server.output()
    await server.stop()
    say('server stopped')

    const v = await verify(db, s, hot201, hotUnanswered)
    say(
      `verify: crowd ${v.crowdUnits} units to ${v.crowdBuyers} shoppers of ${s.crowd.stock} (beyond stock ${v.beyondStock}, beyond limits ${v.beyondLimit}); ` +
        `throughput ${v.hotOrders} orders; ${v.invariantsChecked} invariants → ${v.problems.length ? 'PROBLEMS' : 'consistent'}`,
    )
    for (const p of v.problems) console.error(`  ✗ ${p}`)

    const runs = results.map((r) => ({
      hello_per_s: round(r.hello.perSecond),
      hello_p99_ms: r.hello.p99Ms,
      ok_per_s: round(r.purchase.perSecond),
      p99_ms: r.purchase.p99Ms,
      ratio: round(r.purchase.perSecond / r.hello.perSecond, 4),
      errors: r.purchase.errors,
      error_codes: r.purchase.errorCodes,
      cpu_percent: { hello: r.hello.cpu, purchase: r.purchase.cpu },
      pg_connections: r.purchase.pgWaits,
    }))
    const med = (key: 'hello_per_s' | 'ok_per_s' | 'p99_ms' | 'ratio') =>
      round(median(runs.map((r) => r[key])), key === 'ratio' ? 4 : 1)
    const out = {
      engine: 'postgres',
      ok_per_s: med('ok_per_s'),
      p99_ms: med('p99_ms'),
      oversold: v.oversold,
      hello_per_s: med('hello_per_s'),
      ratio: med('ratio'),
      runs,
      crowd: {
        requests: crowd.requests,
        shoppers: o.crowd,
        stock: s.crowd.stock,
        per_person_limit: CROWD_LIMIT,
        seconds: round(crowd.seconds, 1),
        p50_ms: crowd.p50Ms,
        p99_ms: crowd.p99Ms,
        by_status: crowd.byStatus,
        units_ordered: v.crowdUnits,
        buyers: v.crowdBuyers,
        beyond_stock: v.beyondStock,
        beyond_limits: v.beyondLimit,
      },
      verify: {
        throughput_orders: v.hotOrders,
        answered_201: hot201,
        unanswered: hotUnanswered,
        placed_events: v.placedEvents,
        purchase_events: v.purchaseEvents,
        expiry_jobs: v.expiryJobs,
        invariants: v.invariantsChecked,
        ok: v.problems.length === 0,
        problems: v.problems,
      },
      settings: {
        runs: o.runs,
        seconds: o.seconds,
        warmup_s: o.warmup,
        connections: o.connections,
        crowd_connections: o.connections * 4,
      },
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? '',
        node: process.version,
        database: `PostgreSQL ${v.serverVersion}`,
      },
      command: `npm run bench -- flash-sale${argv.length ? ` ${argv.join(' ')}` : ''}`,
      at: new Date().toISOString(),
    }
    const dir = join(root, 'bench-results')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'flash-sale.json')
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
    say(
      `medians: hello ${out.hello_per_s}/s, purchases ${out.ok_per_s}/s (p99 ${out.p99_ms} ms), ratio ${out.ratio}; oversold ${out.oversold}`,
    )
    if (log.trim() && (runs.some((r) => r.errors) || v.problems.length))
      console.log(`server's last lines:\n${log}`)
    say(`wrote ${file}`)
    if (v.problems.length) process.exitCode = 1
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await cleanUp()
  }
}

export const flashSale: Benchmark = {
  name: 'flash-sale',
  summary:
    'flash-sale purchases through a real server: throughput against the trivial route, then a crowd at limited stock',
  run,
}
