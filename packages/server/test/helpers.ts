import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import pino from 'pino'
import { afterAll, inject } from 'vitest'
import { buildApp } from '../src/app.js'
import { type Core, createCore } from '../src/core.js'
import { invariants } from '../src/invariants.js'
import type { SandboxSms } from '../src/modules/identity/index.js'
import type { PaymentProvider } from '../src/modules/payments/index.js'
import { failed, formatReport, runChecks } from '../src/platform/checks.js'
import { FakeClock } from '../src/platform/clock.js'
import { loadConfig } from '../src/platform/config.js'
import { type Database, openDatabase } from '../src/platform/db.js'

export interface TestWorld {
  core: Core
  app: FastifyInstance
  clock: FakeClock
  close(): Promise<void>
}

let shared: Promise<Database> | undefined
let dropOwn: (() => Promise<void>) | undefined

/** One database per test file: a copy of the run's migrated Postgres template, or PGlite loaded from the migrated dump. */
function database(): Promise<Database> {
  shared ??= (async () => {
    if (process.env.TEST_DB === 'postgres') {
      const template = inject('databaseName')
      const own = `${template}_${process.pid}_${Math.floor(Math.random() * 1e9)}`
      const base = new URL(inject('databaseUrl'))
      base.pathname = '/postgres'
      const admin = new pg.Client({ connectionString: base.toString() })
      await admin.connect()
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`create database ${own} template ${template}`)
          break
        } catch (err) {
          // Two files copying the template at the same moment: one waits and tries again.
          if (attempt > 20) throw err
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
        }
      }
      dropOwn = async () => {
        // Closed connections linger on the server for a moment; let them go before dropping.
        for (let i = 0; i < 50; i++) {
          const left = await admin.query('select 1 from pg_stat_activity where datname = $1', [own])
          if (!left.rows.length) break
          await new Promise((r) => setTimeout(r, 50))
        }
        await admin.query(`drop database if exists ${own} with (force)`)
        await admin.end()
      }
      const url = new URL(inject('databaseUrl'))
      url.pathname = `/${own}`
      return openDatabase({ databaseUrl: url.toString(), poolSize: 30, onPoolError: () => {} })
    }
    const tar = readFileSync(inject('pgliteTemplate'))
    return openDatabase({ loadDataDir: new Blob([tar]) })
  })()
  return shared
}

/**
 * A core and app on the file's database with a fake clock; each test makes its own shop, so tests
 * never collide. Extra payment providers, and the clock they share with the core, may be passed in.
 */
export async function createWorld(
  opts: { providers?: Record<string, PaymentProvider>; clock?: FakeClock } = {},
): Promise<TestWorld> {
  const clock = opts.clock ?? new FakeClock()
  const dataDir = mkdtempSync(join(tmpdir(), 'liebian-data-'))
  const config = {
    ...loadConfig({}),
    dataDir,
    worker: false,
    logLevel: 'silent',
    publicUrl: 'http://liebian.test',
  }
  const core = await createCore({
    config,
    clock,
    database: await database(),
    migrate: false,
    log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    providers: opts.providers,
  })
  const app = await buildApp(core)
  // Provider notifications go to this app in-process instead of over the network.
  core.fetch = async (url, init) => {
    const u = new URL(url)
    const r = await app.inject({
      method: init.method as 'POST',
      url: u.pathname + u.search,
      headers: init.headers,
      payload: init.body,
    })
    return { status: r.statusCode }
  }
  return {
    core,
    app,
    clock,
    async close() {
      await app.close()
      await core.worker.stop()
    },
  }
}

/** The test file's world: made once, closed with `liebian check`'s invariants after the file's last test. */
export async function fileWorld(): Promise<TestWorld> {
  const world = await createWorld()
  afterAll(async () => {
    await world.close()
    await closeDatabase()
  })
  return world
}

/** Proves every invariant over everything the file did, then closes its database; call from afterAll. */
export async function closeDatabase() {
  if (!shared) return
  const db = await shared
  shared = undefined
  try {
    const results = await runChecks(db.db, invariants)
    if (failed(results).length) throw new Error(`invariants violated:\n${formatReport(results)}`)
  } finally {
    await db.close()
    await dropOwn?.()
    dropOwn = undefined
  }
}

let seq = 0
export const uniqueSlug = (p = 't') =>
  `${p}-${process.pid}-${Date.now().toString(36)}-${(seq++).toString(36)}`

/** A shop with an owner signed in; returns helpers that call the API as that owner or as a shopper. */
export async function createShop(world: TestWorld, name = '测试店铺') {
  const { core } = world
  const shop = await core.shops.create({ slug: uniqueSlug(), name })
  const email = `owner-${shop.slug}@example.com`
  await core.identity.createStaff(
    { tenantId: shop.id, db: core.db, actor: { kind: 'system' }, lang: 'zh-CN' },
    { email, name: 'Owner', password: 'secret123', role: 'owner' },
  )
  const login = await call(world, {
    method: 'POST',
    url: '/api/v1/console/auth/login',
    headers: { 'x-shop': shop.slug },
    payload: { email, password: 'secret123' },
  })
  const ownerToken = login.json().token as string
  return {
    shop,
    ownerToken,
    /** Calls the API as the shop's owner. */
    asOwner: (o: InjectOptions) =>
      call(world, { ...o, headers: { authorization: `Bearer ${ownerToken}`, ...o.headers } }),
    /** Calls the storefront API anonymously in this shop. */
    asGuest: (o: InjectOptions) => call(world, { ...o, headers: { 'x-shop': shop.slug, ...o.headers } }),
    /** Signs a shopper in by phone code and returns a caller for them. */
    async shopper(phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`) {
      const sent = await call(world, {
        method: 'POST',
        url: '/api/v1/store/auth/code',
        headers: { 'x-shop': shop.slug },
        payload: { phone },
      })
      if (sent.statusCode !== 200) throw new Error(`code request failed: ${sent.body}`)
      const code = (core.sms as SandboxSms).lastCode(shop.id, phone)
      const res = await call(world, {
        method: 'POST',
        url: '/api/v1/store/auth/login',
        headers: { 'x-shop': shop.slug },
        payload: { phone, code },
      })
      const { token, shopper } = res.json()
      return {
        token,
        id: shopper.id as string,
        phone,
        call: (o: InjectOptions) =>
          call(world, { ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } }),
      }
    },
  }
}

export function call(world: TestWorld, o: InjectOptions): Promise<LightMyRequestResponse> {
  return world.app.inject({
    ...o,
    remoteAddress:
      o.remoteAddress ?? `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  })
}

/** A published product with one SKU per price, each with `stock` units. */
export async function createProduct(
  world: TestWorld,
  shopId: string,
  opts: { prices?: number[]; stock?: number; title?: string; returnable7d?: boolean } = {},
) {
  const ctx = {
    tenantId: shopId,
    db: world.core.db,
    actor: { kind: 'system' as const },
    lang: 'zh-CN' as const,
  }
  const prices = opts.prices ?? [1990]
  const p = await world.core.catalog.createProduct(ctx, {
    title: opts.title ?? '测试商品',
    images: ['/uploads/test.png'],
    specNames: ['规格'],
    returnable7d: opts.returnable7d ?? true,
    skus: prices.map((priceFen, i) => ({
      spec: { 规格: `款式${i + 1}` },
      priceFen,
      initialStock: opts.stock ?? 10,
    })),
  })
  await world.core.catalog.setShelf(ctx, p.id, 'publish')
  const full = await world.core.catalog.getStoreProduct(ctx, p.id)
  return { productId: p.id, skuIds: full.skus.map((s: { id: string }) => s.id) as string[] }
}
