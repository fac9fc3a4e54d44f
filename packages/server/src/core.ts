import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { type AnalyticsService, createAnalyticsService } from './modules/analytics/index.js'
import { type BargainService, createBargainService } from './modules/bargain/index.js'
import { type CatalogService, createCatalogService } from './modules/catalog/index.js'
import { type CommunityService, createCommunityService } from './modules/community/index.js'
import { type CouponsService, createCouponsService } from './modules/coupons/index.js'
import { createDistributionService, type DistributionService } from './modules/distribution/index.js'
import { createFlashSaleService, type FlashSaleService } from './modules/flashsale/index.js'
import { createGroupBuyService, type GroupBuyService } from './modules/groupbuy/index.js'
import {
  createIdentityService,
  type IdentityService,
  SandboxSms,
  type SmsProvider,
} from './modules/identity/index.js'
import { createInventoryService, type InventoryService } from './modules/inventory/index.js'
import { createLedgerService, type LedgerService } from './modules/ledger/index.js'
import { createLuckyDrawService, type LuckyDrawService } from './modules/luckydraw/index.js'
import {
  type AfterSalesService,
  createAfterSalesService,
  createOrdersService,
  type OrdersService,
} from './modules/orders/index.js'
import {
  createPaymentsService,
  type PaymentProvider,
  type PaymentsService,
  SandboxProvider,
} from './modules/payments/index.js'
import { AlipayProvider } from './modules/payments/providers/alipay.js'
import { WechatPayProvider } from './modules/payments/providers/wechatpay.js'
import { createSharingService, type SharingService } from './modules/sharing/index.js'
import { createShopsService, type ShopsService } from './modules/shops/index.js'
import { allMigrations, modules } from './modules.js'
import { type Clock, SandboxClock, systemClock } from './platform/clock.js'
import type { Config } from './platform/config.js'
import { type Database, openDatabase } from './platform/db.js'
import { EventBus } from './platform/events.js'
import { JobWorker } from './platform/jobs.js'
import { migrateToLatest } from './platform/migrate.js'
import { LocalDiskStorage, type Storage } from './platform/storage.js'

/**
 * The running application without its HTTP face: configuration, database, clock, providers and
 * one service per module. Services reach each other through it, so modules can call one another
 * without import cycles.
 */
export interface Core {
  config: Config
  db: Database['db']
  engine: Database['engine']
  clock: Clock
  log: Logger
  events: EventBus
  worker: JobWorker
  storage: Storage
  sms: SmsProvider
  shops: ShopsService
  identity: IdentityService
  catalog: CatalogService
  inventory: InventoryService
  orders: OrdersService
  afterSales: AfterSalesService
  payments: PaymentsService
  ledger: LedgerService
  sharing: SharingService
  flashSale: FlashSaleService
  groupBuy: GroupBuyService
  bargain: BargainService
  luckyDraw: LuckyDrawService
  distribution: DistributionService
  analytics: AnalyticsService
  community: CommunityService
  coupons: CouponsService
  /** Outgoing HTTP (provider notifications, webhooks); tests route it into the app. */
  fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ) => Promise<{ status: number }>
  close(): Promise<void>
}

export interface CoreOptions {
  config: Config
  clock?: Clock
  log?: Logger
  database?: Database
  sms?: SmsProvider
  storage?: Storage
  migrate?: boolean
  /** Extra payment providers by name (e.g. a configured WeChat Pay adapter). */
  providers?: Record<string, PaymentProvider>
}

/** The WeChat Pay provider, when its merchant settings are configured. */
function wechatPay(config: Config, clock: Clock): Record<string, PaymentProvider> {
  const w = config.wechatPay
  if (!w) return {}
  const platformCertificates = Object.fromEntries(
    w.platformCertificates.split(',').map((pair) => {
      const [serial, path] = pair.split('=')
      return [serial.trim(), readFileSync(path.trim(), 'utf8')]
    }),
  )
  return {
    wechatpay: new WechatPayProvider({
      appId: w.appId,
      mchId: w.mchId,
      mchSerialNo: w.mchSerialNo,
      mchPrivateKeyPem: readFileSync(w.mchPrivateKeyPath, 'utf8'),
      apiV3Key: w.apiV3Key,
      platformCertificates,
      clock,
    }),
  }
}

/** The Alipay provider, when its app settings are configured. */
function alipay(config: Config, clock: Clock): Record<string, PaymentProvider> {
  const a = config.alipay
  if (!a) return {}
  return {
    alipay: new AlipayProvider({
      appId: a.appId,
      sellerId: a.sellerId,
      appPrivateKeyPem: readFileSync(a.appPrivateKeyPath, 'utf8'),
      alipayPublicKeyPem: readFileSync(a.alipayPublicKeyPath, 'utf8'),
      gateway: a.gateway,
      clock,
    }),
  }
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const { config } = opts
  const log = opts.log ?? pino({ level: config.logLevel })
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onPoolError: (err) => log.warn({ err }, 'idle database connection lost'),
    }))
  if (opts.migrate !== false) await migrateToLatest(database.db, allMigrations())
  const clock = opts.clock ?? (config.sandbox ? new SandboxClock() : systemClock)
  const subscribers = modules.flatMap((m) => m.subscribers ?? [])
  const core = {
    config,
    db: database.db,
    engine: database.engine,
    clock,
    log,
    events: new EventBus(clock, subscribers),
    storage: opts.storage ?? new LocalDiskStorage(join(config.dataDir, 'uploads')),
    sms: opts.sms ?? new SandboxSms(log),
    fetch: (url: string, init: any) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }),
  } as unknown as Core
  core.shops = createShopsService(core)
  core.identity = createIdentityService(core)
  core.catalog = createCatalogService(core)
  core.inventory = createInventoryService(core)
  core.orders = createOrdersService(core)
  core.afterSales = createAfterSalesService(core)
  core.ledger = createLedgerService(core)
  const providers: Record<string, PaymentProvider> = {
    ...(config.sandbox ? { sandbox: new SandboxProvider(core) } : {}),
    ...wechatPay(config, clock),
    ...alipay(config, clock),
    ...(opts.providers ?? {}),
  }
  core.payments = createPaymentsService(core, providers)
  core.sharing = createSharingService(core)
  core.flashSale = createFlashSaleService(core)
  core.groupBuy = createGroupBuyService(core)
  core.bargain = createBargainService(core)
  core.luckyDraw = createLuckyDrawService(core)
  core.distribution = createDistributionService(core)
  core.analytics = createAnalyticsService(core)
  core.community = createCommunityService(core)
  core.coupons = createCouponsService(core)
  const handlers = Object.assign(
    {},
    core.events.jobHandlers(subscribers),
    ...modules.map((m) => m.jobs ?? {}),
  )
  core.worker = new JobWorker(core, handlers)
  core.events.onPublish = () => core.worker.poke()
  core.close = async () => {
    await core.worker.stop()
    await database.close()
  }
  return core
}
