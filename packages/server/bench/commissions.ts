import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Presets, SingleBar } from 'cli-progress'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import type { Core } from '../src/core.js'
import type { DB } from '../src/database.js'
import { distributionInvariants } from '../src/modules/distribution/distribution.checks.js'
import { lineCommission } from '../src/modules/distribution/domain/commission.js'
import { defaultPlan, defaultProgram } from '../src/modules/distribution/domain/program.js'
import { ledgerInvariants } from '../src/modules/ledger/ledger.checks.js'
import { runChecks } from '../src/platform/checks.js'
import { type Ctx, systemCtx } from '../src/platform/context.js'
import { measureCpu } from './lib/cpu.js'
import { type BenchDatabase, createBenchDatabase } from './lib/database.js'
import { sampleActivity } from './lib/pg-waits.js'
import { openCore } from './lib/seed.js'
import { median, round } from './lib/stats.js'
import type { Benchmark } from './run.js'

const usage = `npm run bench -- commissions [options]

  --orders <n>      completed orders, one line each, every one with frozen commissions (default 1000000)
  --promoters <n>   active promoters (default 100000)
  --tops <n>        of them, top promoters; the others are bound under them (default 10000)
  --buyers <n>      shoppers who buy, each bound to a promoter (default 200000)
  --runs <n>        timed rounds, each on a fresh copy of the seeded database (default 3)
  --settlers <n>    settleDue calls running at once in each round (default 1)
  --keep            keep the seeded database (its name is printed) rather than dropping it;
                    with --runs 0, only seed

Postgres: the server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).`

interface Options {
  orders: number
  promoters: number
  tops: number
  buyers: number
  runs: number
  settlers: number
  keep: boolean
}

/** With --keep, 0 rounds only seeds (to look into the database by hand). */
const minRuns = (keep: boolean | undefined) => (keep ? 0 : 1)

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '1000000' },
      promoters: { type: 'string', default: '100000' },
      tops: { type: 'string', default: '10000' },
      buyers: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '3' },
      settlers: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
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
  const o = {
    orders: int('orders', 1),
    promoters: int('promoters', 2),
    tops: int('tops', 1),
    buyers: int('buyers', 1),
    runs: int('runs', minRuns(values.keep)),
    settlers: int('settlers', 1),
    keep: values.keep ?? false,
  }
  if (o.tops >= o.promoters) throw new Error(`--tops must be below --promoters\n\n${usage}`)
  return o
}

/** Unit price of the one product every order buys. */
const PRICE_FEN = 9_900
/** Orders buy 1, 2 or 3 units (order k buys 1 + k % 3). */
const QUANTITIES = [1, 2, 3]
const DAY_MS = 86_400_000

/** The plan every commission was accrued under: two levels, 10% and 5%. */
const PLAN = {
  ...defaultPlan(),
  defaultRate: { kind: 'rate' as const, level1Bp: 1_000, level2Bp: 500 },
  levels: 2,
  secondLevelAcknowledged: true,
}

interface Seeded {
  shopId: string
  slug: string
  commissions: number
  level2: number
  frozenFen: number
  counts: Record<string, number>
  /** Whether the inserts ran with foreign-key triggers off (then every key was checked in bulk). */
  foreignKeyTriggersOff: boolean
  seconds: number
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

function bar(label: string, total: number) {
  const b = new SingleBar(
    {
      format: `  ${label.padEnd(26)} [{bar}] {percentage}% {value}/{total} {eta_formatted}`,
      hideCursor: true,
      formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? fmt(v) : String(v)),
    },
    Presets.shades_classic,
  )
  b.start(total, 0)
  return b
}

/** The tables the seed writes, whose foreign keys it checks. */
const SEEDED_TABLES = [
  'shoppers',
  'promoters',
  'promoter_history',
  'referral_bindings',
  'orders',
  'order_lines',
  'referred_orders',
  'commissions',
  'commission_history',
  'ledger_accounts',
  'ledger_transfers',
  'ledger_entries',
]

/**
 * Every foreign key of the seeded tables, checked in bulk: one anti-join per constraint, as the
 * catalogue declares it (rather than a trigger per inserted row). Empty when all hold.
 */
async function foreignKeyProblems(db: Kysely<DB>, progress: SingleBar) {
  const fks = (
    await sql<{ name: string; child: string; parent: string; cols: string[]; refs: string[] }>`
      select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
             array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as cols,
             array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as refs
      from pg_constraint c
      where c.contype = 'f' and c.conrelid::regclass::text = any(${SEEDED_TABLES})
      order by 2, 1`.execute(db)
  ).rows
  progress.setTotal(fks.length)
  const problems: string[] = []
  for (const [i, fk] of fks.entries()) {
    const present = sql.join(
      fk.cols.map((c) => sql`c.${sql.ref(c)} is not null`),
      sql` and `,
    )
    const match = sql.join(
      fk.cols.map((c, k) => sql`p.${sql.ref(fk.refs[k])} = c.${sql.ref(c)}`),
      sql` and `,
    )
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(fk.child)} c
      where ${present} and not exists (select 1 from ${sql.table(fk.parent)} p where ${match})`.execute(db)
    if (Number(rows[0].n))
      problems.push(`${fk.child}.${fk.name}: ${rows[0].n} rows without their ${fk.parent}`)
    progress.update(i + 1)
  }
  progress.stop()
  return problems
}

/**
 * The network, its orders and their frozen commissions, straight in SQL: the rows `accrue` and the
 * services before it would have written for 1,000,000 paid, completed orders, made set-based in a
 * few minutes rather than one order at a time. Ids are md5 of a per-run salt and the row's number,
 * so rows find each other without lookups:
 *
 * - promoter i (shopper `s<i>`, promoter `p<i>`): top for i < tops, else bound under top i % tops;
 * - buyer j (shopper `b<j>`): bound to promoter j % promoters;
 * - order k (order `o<k>`, line `l<k>`, commissions `c1<k>`/`c2<k>`, transfer `t<k>`): bought by
 *   buyer k % buyers, 1 + k % 3 units, completed 30 days ago (so settle_after, 7 days later, has passed).
 */
async function seed(core: Core, o: Options): Promise<Seeded> {
  const started = Date.now()
  const slug = `commissions-${Date.now().toString(36)}`
  const shop = await core.shops.create({ slug, name: '佣金压测店铺' })
  const ctx: Ctx = systemCtx(shop.id, core.db)
  await core.distribution.programs.saveProgram(ctx, {
    program: {
      ...defaultProgram(),
      qualifications: [{ kind: 'apply', approval: 'auto' }],
      binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false },
    },
    plan: PLAN,
  })
  const product = await core.catalog.createProduct(ctx, {
    title: '佣金压测商品',
    images: ['/uploads/bench.png'],
    specNames: ['规格'],
    skus: [{ spec: { 规格: '标准' }, priceFen: PRICE_FEN, initialStock: 100 }],
  })
  await core.catalog.setShelf(ctx, product.id, 'publish')
  const skuId = (await core.catalog.getStoreProduct(ctx, product.id)).skus[0].id as string

  // What accrue computes for each quantity, from the real rule (not re-derived here).
  const amounts = QUANTITIES.map((q) => {
    const c = lineCommission(
      PLAN,
      { productId: product.id, quantity: q, paidFen: PRICE_FEN * q },
      { buyerId: 'buyer', level1PromoterId: 'p1', level2PromoterId: 'p2' },
    )
    const one = lineCommission(
      PLAN,
      { productId: product.id, quantity: q, paidFen: PRICE_FEN * q },
      { buyerId: 'buyer', level1PromoterId: 'p1' },
    )
    return { q, base: c.baseFen, l1: c.level1Fen, l2: c.level2Fen, only: one.level1Fen, source: c.source }
  })
  const rates = sql.raw(
    `(values ${amounts.map((a) => `(${a.q}, ${a.base}, ${a.l1}, ${a.l2}, ${a.only})`).join(', ')}) as r(q, base, l1, l2, only_l1)`,
  )
  const source = amounts[0].source

  const salt = Math.random().toString(36).slice(2, 10)
  const id = (prefix: string, n: ReturnType<typeof sql> | string) =>
    sql`md5(${`${salt}${prefix}`} || (${typeof n === 'string' ? sql.raw(n) : n})::text)::uuid`
  const t = sql`${shop.id}::uuid`
  const now = Date.now()
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS)
  const P = o.promoters
  const T = o.tops
  const B = o.buyers
  const db = core.db as Kysely<DB>
  // One connection, foreign-key triggers off while it inserts (checked in bulk afterwards, see
  // `foreignKeyProblems`); CHECK, NOT NULL and unique constraints stay on.
  const triggersOff = await db.connection().execute(async (conn) => {
    const run = (q: ReturnType<typeof sql>) => q.execute(conn)
    const off = await run(sql`set session_replication_role = replica`).then(
      () => true,
      () => false,
    )

    // The network: promoters' and buyers' shopper rows, promoters, their history, bindings.
    const network = bar('network', 5)
    await run(sql`
      insert into shoppers (id, tenant_id, phone, nickname, created_at)
      select ${id('s', 'i')}, ${t}, '138' || lpad(i::text, 8, '0'), '推广员' || i, ${at(90)}
      from generate_series(0, ${P - 1}::int) i`)
    await run(sql`
      insert into shoppers (id, tenant_id, phone, nickname, created_at)
      select ${id('b', 'j')}, ${t}, '139' || lpad(j::text, 8, '0'), '买家' || j, ${at(80)}
      from generate_series(0, ${B - 1}::int) j`)
    network.update(1)
    await run(sql`
      insert into promoters (id, tenant_id, shopper_id, status, source, applied_at, activated_at, created_at, updated_at)
      select ${id('p', 'i')}, ${t}, ${id('s', 'i')}, 'active', 'apply', ${at(70)}, ${at(70)}, ${at(70)}, ${at(70)}
      from generate_series(0, ${P - 1}::int) i`)
    network.update(2)
    await run(sql`
      insert into promoter_history (tenant_id, promoter_id, from_status, to_status, event, actor_kind, at)
      select ${t}, ${id('p', 'i')}, null, 'active', 'apply', 'shopper', ${at(70)}
      from generate_series(0, ${P - 1}::int) i`)
    network.update(3)
    // Second-tier promoters under the tops; buyers under every promoter.
    await run(sql`
      insert into referral_bindings (tenant_id, customer_id, promoter_id, promoter_shopper_id, reason, bound_at, permanent, updated_at)
      select ${t}, ${id('s', 'i')}, ${id('p', `i % ${T}`)}, ${id('s', `i % ${T}`)}, 'first_click', ${at(65)}, false, ${at(65)}
      from generate_series(${T}::int, ${P - 1}::int) i`)
    network.update(4)
    await run(sql`
      insert into referral_bindings (tenant_id, customer_id, promoter_id, promoter_shopper_id, reason, bound_at, permanent, updated_at)
      select ${t}, ${id('b', 'j')}, ${id('p', `j % ${P}`)}, ${id('s', `j % ${P}`)}, 'first_click', ${at(60)}, false, ${at(60)}
      from generate_series(0, ${B - 1}::int) j`)
    network.update(5)
    network.stop()

    // The ledger accounts accrue's transfers post to: one frozen account per promoter, the expense.
    await run(sql`
      insert into ledger_accounts (id, tenant_id, code, kind, created_at)
      select ${id('af', 'i')}, ${t}, 'promoter:' || ${id('p', 'i')} || ':frozen', 'liability', ${at(50)}::timestamptz
      from generate_series(0, ${P - 1}::int) i
      union all select ${id('ax', '0')}, ${t}, 'commission_expense', 'expense', ${at(50)}::timestamptz`)

    // Orders in chunks: each statement set-based over `chunk` orders.
    const chunk = 50_000
    const orders = bar('orders and commissions', o.orders)
    const completed = at(30)
    const settleAfter = at(23)
    for (let from = 0; from < o.orders; from += chunk) {
      const to = Math.min(o.orders, from + chunk) - 1
      // k: order; j: buyer; i: the buyer's promoter (level 1); level 2 when i is not a top (i >= T).
      const ks = sql`
        select k, k % ${B}::int as j, (k % ${B}::int) % ${P}::int as i, r.*
        from generate_series(${from}::int, ${to}::int) k
        join ${rates} on r.q = 1 + k % 3`
      const paidAt = sql`(${at(40)}::timestamptz + k * interval '1 millisecond')`
      await run(sql`
        insert into orders (id, tenant_id, order_no, shopper_id, status, fulfillment, items_fen, total_fen, paid_fen,
                            expires_at, paid_at, completed_at, pickup_code, created_at, updated_at)
        select ${id('o', 'k')}, ${t}, '2026' || lpad(k::text, 12, '0'), ${id('b', 'j')}, 'completed', 'pickup',
               base, base, base, ${paidAt} + interval '30 minutes', ${paidAt}, ${completed},
               lpad((k % 1000000)::text, 6, '0'), ${paidAt}, ${completed}
        from (${ks}) x`)
      await run(sql`
        insert into order_lines (id, tenant_id, order_id, product_id, sku_id, title, spec_label, unit_price_fen,
                                 quantity, amount_fen, returnable_7d)
        select ${id('l', 'k')}, ${t}, ${id('o', 'k')}, ${product.id}, ${skuId}, '佣金压测商品', '规格: 标准', ${PRICE_FEN},
               q, base, true
        from (${ks}) x`)
      await run(sql`
        insert into referred_orders (tenant_id, order_id, promoter_id, buyer_id, paid_fen, new_customer, paid_at)
        select ${t}, ${id('o', 'k')}, ${id('p', 'i')}, ${id('b', 'j')}, base, k < ${B}, ${paidAt}
        from (${ks}) x`)
      // Level 1 to the buyer's promoter (the whole level-1 amount when there is no level 2),
      // level 2 to that promoter's top when they have one; each with its history row.
      await run(sql`
        with c as (
          insert into commissions (id, tenant_id, order_id, order_line_id, level, promoter_id, buyer_id, base_fen,
                                   amount_fen, status, source, capped, settle_after, created_at, updated_at)
          select ${id('c1', 'k')}, ${t}, ${id('o', 'k')}, ${id('l', 'k')}, 1, ${id('p', 'i')}, ${id('b', 'j')}, base,
                 case when i >= ${T} then l1 else only_l1 end, 'frozen', ${source}::text, false, ${settleAfter}::timestamptz, ${paidAt}, ${completed}::timestamptz
          from (${ks}) x
          union all
          select ${id('c2', 'k')}, ${t}, ${id('o', 'k')}, ${id('l', 'k')}, 2, ${id('p', `i % ${T}`)}, ${id('b', 'j')}, base,
                 l2, 'frozen', ${source}::text, false, ${settleAfter}::timestamptz, ${paidAt}, ${completed}::timestamptz
          from (${ks}) x where i >= ${T} and l2 > 0
          returning id, amount_fen, created_at
        )
        insert into commission_history (tenant_id, commission_id, from_status, to_status, event, amount_fen, actor_kind, at)
        select ${t}, id, null, 'frozen', 'accrue', amount_fen, 'system', created_at from c`)
      // One transfer per order, as accrue posts it: each promoter's frozen account credited, the expense debited.
      await run(sql`
        insert into ledger_transfers (id, tenant_id, kind, key, order_id, created_at)
        select ${id('t', 'k')}, ${t}, 'commission_frozen', 'commission-frozen:' || ${id('o', 'k')}, ${id('o', 'k')}, ${paidAt}
        from generate_series(${from}::int, ${to}::int) k`)
      await run(sql`
        insert into ledger_entries (tenant_id, transfer_id, account_id, amount_fen, created_at)
        select ${t}, ${id('t', 'k')}, e.account_id, e.amount_fen, ${paidAt}
        from (${ks}) x
        cross join lateral (
          select ${id('af', 'i')} as account_id, -(case when i >= ${T} then l1 else only_l1 end) as amount_fen
          union all select ${id('af', `i % ${T}`)}, -l2 where i >= ${T} and l2 > 0
          union all select ${id('ax', '0')}, case when i >= ${T} then l1 + l2 else only_l1 end
        ) e`)
      orders.update(to + 1)
    }
    orders.stop()
    if (off) await run(sql`set session_replication_role = default`)
    return off
  })
  const fkProblems = await foreignKeyProblems(db, bar('foreign keys', 1))
  if (fkProblems.length) throw new Error(`the seed broke foreign keys:\n${fkProblems.join('\n')}`)

  const vacuum = bar('vacuum analyze', 1)
  await sql`vacuum (analyze)`.execute(db)
  await sql`checkpoint`.execute(db)
  vacuum.update(1)
  vacuum.stop()

  const totals = (
    await sql<{ n: string; l2: string; fen: string }>`
      select count(*) as n, count(*) filter (where level = 2) as l2, sum(amount_fen) as fen
      from commissions where tenant_id = ${t}`.execute(db)
  ).rows[0]
  const counts: Record<string, number> = {}
  for (const table of SEEDED_TABLES)
    counts[table] = Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n,
    )
  return {
    shopId: shop.id,
    slug,
    commissions: Number(totals.n),
    level2: Number(totals.l2),
    frozenFen: Number(totals.fen),
    counts,
    foreignKeyTriggersOff: triggersOff,
    seconds: (Date.now() - started) / 1000,
  }
}

/** The Postgres server's admin connection string and a database's URL on it. */
function onServer(databaseUrl: string) {
  const url = new URL(databaseUrl)
  const name = url.pathname.slice(1)
  const admin = async (statement: string) => {
    const server = new URL(databaseUrl)
    server.pathname = '/postgres'
    const client = new pg.Client({ connectionString: server.toString() })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  const urlOf = (db: string) => {
    const u = new URL(databaseUrl)
    u.pathname = `/${db}`
    return u.toString()
  }
  return { name, admin, urlOf }
}

/** Polls how many commission rows have been updated (the statistics collector's count) for a progress bar. */
function progress(databaseUrl: string, label: string, total: number) {
  const b = bar(label, total)
  const client = new pg.Client({ connectionString: databaseUrl })
  client.on('error', () => {})
  let stopped = false
  const loop = (async () => {
    await client.connect()
    while (!stopped) {
      const { rows } = await client.query<{ n: string }>(
        `select coalesce(sum(n_tup_upd), 0) as n from pg_stat_user_tables where relname = 'commissions'`,
      )
      b.update(Math.min(total, Number(rows[0].n)))
      await new Promise((r) => setTimeout(r, 500))
    }
  })()
  return async (done: number) => {
    stopped = true
    await loop.catch(() => {})
    await client.end().catch(() => {})
    b.update(done)
    b.stop()
  }
}

interface Verified {
  settled: number
  frozenLeft: number
  settledTwice: number
  settleHistory: number
  settleTransfers: number
  availableMismatches: number
  frozenLeftFen: number
  availableFen: number
  checks: { name: string; checked: number; violations: number }[]
  problems: string[]
}

/**
 * After a round: every commission settled once (one `settle` history row each), the ledger's
 * transfers balanced and the shop's accounts summing to zero, each promoter's frozen account at
 * zero and available account equal to what their settled commissions hold, and the commission
 * histories and frozen balances as `liebian check` sees them.
 */
async function verify(db: Kysely<DB>, s: Seeded): Promise<Verified> {
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0] as T
  const c = await one(sql<{ settled: string; frozen: string }>`
    select count(*) filter (where status = 'settled') as settled, count(*) filter (where status = 'frozen') as frozen
    from commissions`)
  const h = await one(sql<{ rows: string; twice: string }>`
    select coalesce(sum(n), 0) as rows, count(*) filter (where n > 1) as twice
    from (select commission_id, count(*) as n from commission_history where event = 'settle' group by commission_id) x`)
  const tr = await one(
    sql<{ n: string }>`select count(*) as n from ledger_transfers where kind = 'commission_settled'`,
  )
  const bal = await one(sql<{ mismatches: string; frozen_left: string; available: string }>`
    with led as (
      select split_part(a.code, ':', 2) as promoter_id, split_part(a.code, ':', 3) as bucket, -sum(e.amount_fen) as owed
      from ledger_accounts a join ledger_entries e on e.account_id = a.id
      where a.code like 'promoter:%' group by a.code
    ), own as (
      select promoter_id::text as promoter_id, sum(amount_fen - clawed_fen) as owed
      from commissions where status = 'settled' group by promoter_id
    ), av as (select * from led where bucket = 'available')
    select (select count(*) from av full join own on own.promoter_id = av.promoter_id
             where coalesce(av.owed, 0) <> coalesce(own.owed, 0)) as mismatches,
           (select coalesce(sum(abs(owed)), 0) from led where bucket = 'frozen') as frozen_left,
           (select coalesce(sum(owed), 0) from av) as available`)
  const wanted = new Set([
    'ledger.transfer_balances',
    'ledger.accounts_sum_to_zero',
    'distribution.commission_history',
    'distribution.commission_cap',
    'distribution.frozen_matches_ledger',
  ])
  const results = await runChecks(
    db,
    [...ledgerInvariants, ...distributionInvariants].filter((i) => wanted.has(i.name)),
  )
  const v: Verified = {
    settled: Number(c.settled),
    frozenLeft: Number(c.frozen),
    settledTwice: Number(h.twice),
    settleHistory: Number(h.rows),
    settleTransfers: Number(tr.n),
    availableMismatches: Number(bal.mismatches),
    frozenLeftFen: Number(bal.frozen_left),
    availableFen: Number(bal.available),
    checks: results.map((r) => ({ name: r.name, checked: r.checked, violations: r.count })),
    problems: [],
  }
  if (v.settled !== s.commissions) v.problems.push(`${v.settled} of ${s.commissions} commissions settled`)
  if (v.frozenLeft) v.problems.push(`${v.frozenLeft} commissions still frozen`)
  if (v.settledTwice) v.problems.push(`${v.settledTwice} commissions with more than one settle row`)
  if (v.settleHistory !== s.commissions) v.problems.push(`${v.settleHistory} settle history rows`)
  if (v.availableMismatches)
    v.problems.push(`${v.availableMismatches} promoters whose available balance ≠ their settled commissions`)
  if (v.frozenLeftFen) v.problems.push(`${v.frozenLeftFen} fen left in frozen accounts`)
  if (v.availableFen !== s.frozenFen)
    v.problems.push(`${v.availableFen} fen available, ${s.frozenFen} fen were frozen`)
  for (const r of results)
    if (r.count) v.problems.push(`${r.name}: ${r.count} violations, e.g. ${r.violations[0]?.detail}`)
  return v
}

interface NetworkCheck {
  promoters: number
  problems: string[]
  totals: Record<string, number>
}

/** The network figures against what the seed made: every promoter, every order at level 1, etc. */
function checkNetwork(
  stats: Awaited<ReturnType<Core['distribution']['commissions']['networkStats']>>,
  o: Options,
  s: Seeded,
): NetworkCheck {
  const sum = (f: (x: (typeof stats)[number]) => number) => stats.reduce((a, x) => a + f(x), 0)
  const totals = {
    level1_customers: sum((x) => x.level1.customers),
    level2_customers: sum((x) => x.level2.customers),
    level1_orders: sum((x) => x.level1.orders),
    level2_orders: sum((x) => x.level2.orders),
    level1_gmv_fen: sum((x) => x.level1.gmvFen),
    commission_fen: sum((x) => x.level1.commissionFen + x.level2.commissionFen),
  }
  const problems: string[] = []
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${what}: ${got}, expected ${want}`)
  }
  expect('promoters', stats.length, o.promoters)
  // Level 1: every binding (second-tier promoters under tops, buyers under everyone); level 2:
  // buyers under second-tier promoters. Every order is a level-1 order of its buyer's promoter.
  expect('level-1 customers', totals.level1_customers, o.promoters - o.tops + o.buyers)
  expect('level-1 orders', totals.level1_orders, o.orders)
  expect('level-2 orders', totals.level2_orders, s.level2)
  expect('commission', totals.commission_fen, s.frozenFen)
  return { promoters: stats.length, problems, totals }
}

async function run(argv: string[], root: string) {
  const o = parseOptions(argv)
  const started = Date.now()
  const say = (msg: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`)
  let db: BenchDatabase | undefined
  let copy: string | undefined
  let server: ReturnType<typeof onServer> | undefined
  let seeded = false
  const cleanUp = async () => {
    if (copy) await server?.admin(`drop database if exists ${copy} with (force)`)
    copy = undefined
    if (o.keep && db && seeded) say(`kept the seeded database: ${db.databaseUrl}`)
    else await db?.remove()
    if (db) say(`cleaned up: ${o.keep ? 'round copies' : 'databases'} dropped`)
  }
  const interrupted = () => {
    say('interrupted')
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    db = await createBenchDatabase('postgres')
    server = onServer(db.databaseUrl!)
    say(`database: postgres ${db.databaseUrl}`)
    let s: Seeded
    {
      const core = await openCore(db)
      try {
        say(
          `seeding ${fmt(o.promoters)} promoters (${fmt(o.tops)} tops), ${fmt(o.buyers)} buyers, ${fmt(o.orders)} orders`,
        )
        s = await seed(core, o)
        seeded = true
      } finally {
        await core.close()
      }
    }
    say(
      `seeded shop ${s.slug} in ${s.seconds.toFixed(0)} s: ${fmt(s.commissions)} frozen commissions (${fmt(s.level2)} at level 2), ${fmt(s.frozenFen)} fen; ` +
        Object.entries(s.counts)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(', '),
    )

    const rounds: Record<string, unknown>[] = []
    const problems: string[] = []
    let version = ''
    for (let r = 1; r <= o.runs; r++) {
      copy = `${server.name}_r${r}`
      const copied = Date.now()
      await server.admin(`create database ${copy} template ${server.name} strategy file_copy`)
      const url = server.urlOf(copy)
      say(`round ${r}/${o.runs}: fresh copy ${copy} (${((Date.now() - copied) / 1000).toFixed(0)} s)`)
      const core = await openCore({ ...db, databaseUrl: url })
      try {
        const ctx = systemCtx(s.shopId, core.db)
        version ||= (await sql<{ v: string }>`show server_version`.execute(core.db)).rows[0].v

        const cpu = measureCpu(-1)
        const activity = sampleActivity(url)
        const done = progress(url, `settle ×${o.settlers}`, s.commissions)
        const t0 = performance.now()
        const each = await Promise.all(
          Array.from({ length: o.settlers }, () => core.distribution.commissions.settleDue(ctx)),
        )
        const settleS = (performance.now() - t0) / 1000
        const settled = each.reduce((a, b) => a + b, 0)
        await done(settled)
        const pgSettle = await activity()
        const cpuSettle = cpu(pgSettle.pids)

        const cpu2 = measureCpu(-1)
        const activity2 = sampleActivity(url)
        const t1 = performance.now()
        const stats = await core.distribution.commissions.networkStats(ctx)
        const networkS = (performance.now() - t1) / 1000
        const pgNetwork = await activity2()
        const cpuNetwork = cpu2(pgNetwork.pids)
        const net = checkNetwork(stats, o, s)

        say(
          `round ${r}: settle ${settleS.toFixed(1)} s (${fmt(settled)} commissions, ${fmt(settled / settleS)}/s; ` +
            `cpu% node ${cpuSettle?.loadGenerator} postgres ${cpuSettle?.postgres} other ${cpuSettle?.other} idle ${cpuSettle?.idle}); ` +
            `network stats ${networkS.toFixed(2)} s (${fmt(stats.length)} promoters; cpu% node ${cpuNetwork?.loadGenerator} postgres ${cpuNetwork?.postgres} other ${cpuNetwork?.other})`,
        )
        const v = await verify(core.db as Kysely<DB>, s)
        const roundProblems = [...v.problems, ...net.problems]
        say(
          `round ${r} verify: ${fmt(v.settled)} settled, ${v.settledTwice} twice, ${fmt(v.settleTransfers)} settle transfers, ` +
            `${fmt(v.availableFen)} fen available, frozen left ${v.frozenLeftFen}; ${v.checks.length} invariants → ${roundProblems.length ? 'PROBLEMS' : 'consistent'}`,
        )
        for (const p of roundProblems) console.error(`  ✗ ${p}`)
        problems.push(...roundProblems.map((p) => `round ${r}: ${p}`))
        rounds.push({
          settle_s: round(settleS, 2),
          network_stats_s: round(networkS, 3),
          settled,
          settled_per_s: round(settled / settleS),
          settle_transfers: v.settleTransfers,
          cpu_percent: { settle: cpuSettle, network_stats: cpuNetwork },
          pg_connections: { settle: pgSettle.waits, network_stats: pgNetwork.waits },
          network_totals: net.totals,
          verify: { ...v, ok: roundProblems.length === 0 },
        })
      } finally {
        await core.close()
        await server.admin(`drop database if exists ${copy} with (force)`)
        copy = undefined
      }
    }

    if (!rounds.length) return
    const med = (key: string) => median(rounds.map((x) => x[key] as number))
    const out = {
      engine: 'postgres',
      orders: o.orders,
      settle_s: round(med('settle_s'), 2),
      network_stats_s: round(med('network_stats_s'), 3),
      commissions: s.commissions,
      level2_commissions: s.level2,
      promoters: o.promoters,
      targets: { settle_s: 60, network_stats_s: 5 },
      runs: rounds,
      seed: {
        seconds: round(s.seconds),
        rows: s.counts,
        frozen_fen: s.frozenFen,
        foreign_key_triggers_off: s.foreignKeyTriggersOff,
      },
      settings: { ...o },
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? '',
        node: process.version,
        database: `PostgreSQL ${version}`,
      },
      ok: problems.length === 0,
      problems,
      command: `npm run bench -- commissions${argv.length ? ` ${argv.join(' ')}` : ''}`,
      at: new Date().toISOString(),
    }
    const dir = join(root, 'bench-results')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'commissions.json')
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
    say(
      `medians over ${o.runs} rounds: settle ${out.settle_s} s (target ≤ 60), network stats ${out.network_stats_s} s (target ≤ 5)`,
    )
    say(`wrote ${file}`)
    if (problems.length) process.exitCode = 1
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await cleanUp()
  }
}

export const commissions: Benchmark = {
  name: 'commissions',
  summary:
    'settles 1,000,000 orders of frozen commissions over a 100,000-promoter network, then every promoter’s network figures',
  run,
}
