import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import type { Core } from '../src/core.js'
import { invariants } from '../src/invariants.js'
import { geodesicMetres, type LatLng } from '../src/modules/community/index.js'
import { failed, formatReport, runChecks } from '../src/platform/checks.js'
import type { Ctx } from '../src/platform/context.js'
import { type BenchDatabase, createBenchDatabase } from './lib/database.js'
import { openCore } from './lib/seed.js'
import { type ServerUnderTest, startServerProcess } from './lib/server.js'
import { round } from './lib/stats.js'
import type { Benchmark } from './run.js'

const usage = `npm run bench -- pickup-points [options]

  --points <n>     pickup points of active leaders (default 100000)
  --lookups <n>    measured nearest lookups, each way (default 2000)
  --warmup <n>     lookups before measuring, not counted (default 200)
  --limit <n>      points asked for per lookup (default 10)
  --radius <km>    radius of each lookup (default 10)
  --verify <n>     lookups checked against measuring every point (default 300)
  --no-http        only the in-process lookups, no server
  --pglite         embedded PGlite in a temp folder instead of Postgres

Postgres: the server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).`

interface Options {
  points: number
  lookups: number
  warmup: number
  limit: number
  radiusKm: number
  verify: number
  http: boolean
  pglite: boolean
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      points: { type: 'string', default: '100000' },
      lookups: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      limit: { type: 'string', default: '10' },
      radius: { type: 'string', default: '10' },
      verify: { type: 'string', default: '300' },
      'no-http': { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  const num = (
    name: 'points' | 'lookups' | 'warmup' | 'limit' | 'radius' | 'verify',
    min: number,
    max: number,
  ) => {
    const n = Number(values[name])
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} must be a number from ${min} to ${max}\n\n${usage}`)
    return n
  }
  return {
    points: Math.floor(num('points', 1, 5_000_000)),
    lookups: Math.floor(num('lookups', 1, 1_000_000)),
    warmup: Math.floor(num('warmup', 0, 100_000)),
    limit: Math.floor(num('limit', 1, 50)),
    radiusKm: num('radius', 0.1, 200),
    verify: Math.floor(num('verify', 0, 100_000)),
    http: !values['no-http'],
    pglite: values.pglite,
  }
}

/** A small seeded generator, so every run lays out the same points and lookups. */
function generator(seed: number) {
  let s = seed >>> 0
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
  return { next, normal }
}

/** City centres, weighted roughly by population: most pickup points, and most lookups, are in cities. */
const CITIES: [string, number, number, number][] = [
  ['上海', 31.2304, 121.4737, 10],
  ['北京', 39.9042, 116.4074, 9],
  ['深圳', 22.5431, 114.0579, 7],
  ['广州', 23.1291, 113.2644, 7],
  ['重庆', 29.563, 106.5516, 6],
  ['成都', 30.5728, 104.0668, 6],
  ['天津', 39.3434, 117.3616, 5],
  ['武汉', 30.5928, 114.3055, 5],
  ['西安', 34.3416, 108.9398, 5],
  ['杭州', 30.2741, 120.1551, 5],
  ['南京', 32.0603, 118.7969, 4],
  ['郑州', 34.7466, 113.6254, 4],
  ['长沙', 28.2282, 112.9388, 4],
  ['沈阳', 41.8057, 123.4315, 3],
  ['青岛', 36.0671, 120.3826, 3],
  ['济南', 36.6512, 117.1201, 3],
  ['哈尔滨', 45.8038, 126.535, 3],
  ['昆明', 25.0389, 102.7183, 3],
  ['合肥', 31.8206, 117.2272, 3],
  ['福州', 26.0745, 119.2965, 2],
  ['厦门', 24.4798, 118.0894, 2],
  ['南宁', 22.817, 108.3665, 2],
  ['贵阳', 26.647, 106.6302, 2],
  ['兰州', 36.0611, 103.8343, 1],
  ['乌鲁木齐', 43.8256, 87.6168, 1],
  ['拉萨', 29.65, 91.1, 1],
  ['海口', 20.044, 110.1999, 1],
  ['呼和浩特', 40.8424, 111.749, 1],
]
const CITY_WEIGHT = CITIES.reduce((n, c) => n + c[3], 0)
/** Mainland China's bounding box, for the points and lookups that are anywhere. */
const CHINA = { minLat: 18.2, maxLat: 53.5, minLng: 73.5, maxLng: 134.8 }

/** 80% of places near a city centre (normal, σ ≈ 12 km), 20% anywhere in China's bounding box. */
export function places(n: number, seed: number): LatLng[] {
  const g = generator(seed)
  const out: LatLng[] = []
  for (let i = 0; i < n; i++) {
    if (g.next() < 0.2) {
      out.push({
        lat: CHINA.minLat + g.next() * (CHINA.maxLat - CHINA.minLat),
        lng: CHINA.minLng + g.next() * (CHINA.maxLng - CHINA.minLng),
      })
      continue
    }
    const pick = g.next() * CITY_WEIGHT
    let upTo = 0
    const city =
      CITIES.find((c) => {
        upTo += c[3]
        return pick < upTo
      }) ?? CITIES[0]
    const lat = city[1] + g.normal() * 0.11
    out.push({ lat, lng: city[2] + (g.normal() * 0.11) / Math.cos((lat * Math.PI) / 180) })
  }
  return out
}

/** Active leaders with their history and pickup points, straight in SQL: what applying and approving write. */
export async function seed(core: Core, tenantId: string, points: LatLng[]) {
  const now = new Date()
  const hours = JSON.stringify([{ days: [1, 2, 3, 4, 5, 6, 7], opens: '08:00', closes: '21:00' }])
  const CHUNK = 20_000
  for (let from = 0; from < points.length; from += CHUNK) {
    const part = points.slice(from, from + CHUNK)
    const lats = part.map((p) => p.lat)
    const lngs = part.map((p) => p.lng)
    await sql`
      with src as (
        select i, lat, lng, gen_random_uuid() as shopper_id, gen_random_uuid() as leader_id
        from unnest(${lats}::float8[], ${lngs}::float8[]) with ordinality as u(lat, lng, i)
      ), s as (
        insert into shoppers (id, tenant_id, phone, nickname, created_at)
        select shopper_id, ${tenantId}::uuid, '138' || lpad((${from}::int + i)::text, 8, '0'), '团长' || (${from}::int + i), ${now}::timestamptz
        from src
      ), l as (
        insert into community_leaders (id, tenant_id, shopper_id, name, phone, community_name, address, lat, lng,
                                       hours, status, applied_at, reviewed_at, created_at, updated_at)
        select leader_id, ${tenantId}::uuid, shopper_id, '团长' || (${from}::int + i), '138' || lpad((${from}::int + i)::text, 8, '0'),
               '小区 ' || (${from}::int + i), '压测地址 ' || (${from}::int + i), lat, lng, ${hours}::jsonb, 'active',
               ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
        from src
      ), h as (
        insert into community_leader_history (tenant_id, leader_id, from_status, to_status, event, actor_kind, at)
        select ${tenantId}::uuid, leader_id, null, 'applied', 'apply', 'shopper', ${now}::timestamptz from src
        union all
        select ${tenantId}::uuid, leader_id, 'applied', 'active', 'approve', 'staff', ${now}::timestamptz from src
      )
      insert into pickup_points (id, tenant_id, leader_id, name, address, lat, lng, hours, active, created_at, updated_at)
      select gen_random_uuid(), ${tenantId}::uuid, leader_id, '小区 ' || (${from}::int + i), '压测地址 ' || (${from}::int + i),
             lat, lng, ${hours}::jsonb, true, ${now}::timestamptz, ${now}::timestamptz
      from src`.execute(core.db)
  }
  // What autovacuum does to a table at rest: statistics, and the visibility map index-only scans need.
  await sql`vacuum analyze pickup_points`.execute(core.db)
  await sql`analyze shoppers, community_leaders, community_leader_history`.execute(core.db)
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b)
  return {
    n: s.length,
    p50Ms: round(percentile(s, 50), 2),
    p95Ms: round(percentile(s, 95), 2),
    p99Ms: round(percentile(s, 99), 2),
    maxMs: round(s[s.length - 1] ?? Number.NaN, 2),
    meanMs: round(s.reduce((a, b) => a + b, 0) / (s.length || 1), 2),
  }
}

/** The nearest `limit` within `radiusKm` by measuring every point: what the lookup must agree with. */
function bruteForce(all: LatLng[], from: LatLng, limit: number, radiusKm: number) {
  return all
    .map((p, i) => ({ i, m: geodesicMetres(from, p) }))
    .filter((x) => x.m <= radiusKm * 1000)
    .sort((a, b) => a.m - b.m)
    .slice(0, limit)
    .map((x) => Math.round(x.m))
}

async function run(argv: string[], root: string) {
  const o = parseOptions(argv)
  const started = Date.now()
  const say = (msg: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`)
  let db: BenchDatabase | undefined
  let server: ServerUnderTest | undefined
  let core: Core | undefined
  const cleanUp = async () => {
    await server?.stop()
    await core?.close()
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
    db = await createBenchDatabase(o.pglite ? 'pglite' : 'postgres')
    say(`database: ${db.engine} ${db.databaseUrl ?? db.dataDir}`)
    core = await openCore(db)
    const shop = await core.shops.create({
      slug: `pickup-${Date.now().toString(36)}`,
      name: '自提点压测店铺',
    })
    const ctx: Ctx = { tenantId: shop.id, db: core.db, actor: { kind: 'system' }, lang: 'zh-CN' }
    const all = places(o.points, 20261123)
    let t = Date.now()
    await seed(core, shop.id, all)
    const seedSeconds = round((Date.now() - t) / 1000, 1)
    say(`seeded ${o.points.toLocaleString('en')} active leaders and pickup points in ${seedSeconds} s`)

    // Where shoppers stand: the same mix of cities and anywhere, another draw.
    const origins = places(o.warmup + o.lookups, 7)
    const lookup = (from: LatLng) =>
      core!.community.nearest(ctx, from, { limit: o.limit, radiusKm: o.radiusKm })

    // Correctness first: the lookup agrees with measuring all points.
    t = Date.now()
    let mismatches = 0
    for (const from of origins.slice(0, o.verify)) {
      const got = (await lookup(from)).items.map((p) => p.distanceM)
      const want = bruteForce(all, from, o.limit, o.radiusKm)
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches++
    }
    say(
      `verified ${o.verify} lookups against all ${o.points.toLocaleString('en')} points: ${mismatches} mismatches (${round((Date.now() - t) / 1000, 1)} s)`,
    )

    // The plan Postgres chooses for one box read.
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select id, lat, lng from pickup_points
      where tenant_id = ${shop.id} and active and lat_band in (624, 625, 626)
        and lng >= 121.4 and lng <= 121.5 and lat >= 31.2 and lat <= 31.3`.execute(core.db)
    const planText = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
    const usesIndex = planText.includes('pickup_points_near')

    for (const from of origins.slice(0, o.warmup)) await lookup(from)
    const inProcess: number[] = []
    let rounds = 0
    let candidates = 0
    let found = 0
    for (const from of origins.slice(o.warmup)) {
      const t0 = performance.now()
      const r = await lookup(from)
      inProcess.push(performance.now() - t0)
      rounds += r.searched.rounds
      candidates += r.searched.candidates
      found += r.items.length
    }
    const service = summary(inProcess)
    say(
      `in process: p50 ${service.p50Ms} ms, p95 ${service.p95Ms} ms, p99 ${service.p99Ms} ms (${o.lookups} lookups)`,
    )
    await core.close()
    core = undefined

    let http: ReturnType<typeof summary> | null = null
    let httpErrors = 0
    if (o.http) {
      server = await startServerProcess(root, db)
      const get = async (from: LatLng) => {
        const res = await fetch(
          `${server!.origin}/api/v1/store/community/pickup-points?lat=${from.lat}&lng=${from.lng}&limit=${o.limit}&radiusKm=${o.radiusKm}`,
          { headers: { 'x-shop': shop.slug } },
        )
        await res.arrayBuffer()
        if (res.status !== 200) httpErrors++
      }
      for (const from of origins.slice(0, o.warmup)) await get(from)
      const overHttp: number[] = []
      for (const from of origins.slice(o.warmup)) {
        const t0 = performance.now()
        await get(from)
        overHttp.push(performance.now() - t0)
      }
      http = summary(overHttp)
      say(`over HTTP: p50 ${http.p50Ms} ms, p95 ${http.p95Ms} ms, p99 ${http.p99Ms} ms, ${httpErrors} errors`)
      await server.stop()
      server = undefined
    }

    core = await openCore(db)
    const checks = await runChecks(core.db, invariants)
    const version = await sql<{ v: string }>`select version() as v`.execute(core.db)
    const problems: string[] = []
    if (mismatches) problems.push(`${mismatches} lookups disagree with measuring every point`)
    if (httpErrors) problems.push(`${httpErrors} HTTP lookups did not answer 200`)
    if (failed(checks).length) problems.push(`liebian check:\n${formatReport(failed(checks))}`)

    const result = {
      benchmark: 'pickup-points',
      at: new Date().toISOString(),
      engine: db.engine,
      serverVersion: version.rows[0]?.v ?? '',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '' },
      options: o,
      seedSeconds,
      lookup: {
        inProcess: service,
        http,
        meanRounds: round(rounds / o.lookups, 2),
        meanCandidates: round(candidates / o.lookups, 1),
        meanFound: round(found / o.lookups, 2),
      },
      target: { p95Ms: 20, met: service.p95Ms <= 20 && (!http || http.p95Ms <= 20) },
      verify: { lookups: o.verify, mismatches },
      plan: { usesIndex, text: planText },
      invariantsChecked: checks.length,
      problems,
    }
    const dir = join(root, 'bench-results')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, db.engine === 'pglite' ? 'pickup-points-pglite.json' : 'pickup-points.json')
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
    console.log(
      [
        '',
        `pickup points: ${o.points.toLocaleString('en')} on ${db.engine}; ${o.lookups} lookups, limit ${o.limit}, radius ${o.radiusKm} km`,
        `  in process  p50 ${service.p50Ms} ms  p95 ${service.p95Ms} ms  p99 ${service.p99Ms} ms  max ${service.maxMs} ms`,
        http
          ? `  over HTTP   p50 ${http.p50Ms} ms  p95 ${http.p95Ms} ms  p99 ${http.p99Ms} ms  max ${http.maxMs} ms`
          : '',
        `  per lookup: ${result.lookup.meanRounds} box reads, ${result.lookup.meanCandidates} points measured, ${result.lookup.meanFound} found`,
        `  index used: ${usesIndex ? 'yes (pickup_points_near)' : 'NO'}; target p95 ≤ 20 ms: ${result.target.met ? 'met' : 'NOT met'}`,
        `  written to ${file}`,
      ]
        .filter(Boolean)
        .join('\n'),
    )
    if (problems.length) throw new Error(`the run is not valid:\n${problems.join('\n')}`)
  } finally {
    await cleanUp()
  }
}

export const pickupPoints: Benchmark = {
  name: 'pickup-points',
  summary: 'nearest pickup point lookups over 100,000 points (p50/p95, in process and over HTTP)',
  run,
}
