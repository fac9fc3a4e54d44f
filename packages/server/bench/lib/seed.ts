import pino from 'pino'
import { type Core, createCore } from '../../src/core.js'
import type { SandboxSms } from '../../src/modules/identity/index.js'
import { loadConfig } from '../../src/platform/config.js'
import type { Ctx } from '../../src/platform/context.js'
import type { BenchDatabase } from './database.js'

/** Opens the benchmark database in this process through the real core (migrating it first). */
export function openCore(db: BenchDatabase): Promise<Core> {
  const config = {
    ...loadConfig({}),
    databaseUrl: db.databaseUrl,
    dataDir: db.dataDir,
    worker: false,
    logLevel: 'warn',
  }
  return createCore({ config, log: pino({ level: 'warn' }) })
}

export interface SeededShop {
  shopId: string
  shopSlug: string
  /** The SKU every checkout buys. */
  skuId: string
  stock: number
  /** One bearer token per shopper. */
  tokens: string[]
}

/**
 * A shop with `products` published products (the first one, with `stock` units, is the one to
 * buy) and `shoppers` shoppers signed in by phone code, as the storefront does it.
 */
export async function seedShop(
  core: Core,
  opts: { shoppers: number; products: number; stock: number },
): Promise<SeededShop> {
  const slug = `bench-${Date.now().toString(36)}`
  const shop = await core.shops.create({ slug, name: '压测店铺' })
  const ctx: Ctx = { tenantId: shop.id, db: core.db, actor: { kind: 'system' }, lang: 'zh-CN' }

  let skuId = ''
  for (let i = 0; i < opts.products; i++) {
    const product = await core.catalog.createProduct(ctx, {
      title: i === 0 ? '压测爆款' : `压测商品 ${i + 1}`,
      images: ['/uploads/bench.png'],
      specNames: ['规格'],
      skus: [{ spec: { 规格: '标准' }, priceFen: 990 + i, initialStock: i === 0 ? opts.stock : 100 }],
    })
    await core.catalog.setShelf(ctx, product.id, 'publish')
    if (i === 0) skuId = (await core.catalog.getStoreProduct(ctx, product.id)).skus[0].id
  }

  const sms = core.sms as SandboxSms
  const tokens: string[] = []
  for (let i = 0; i < opts.shoppers; i++) {
    const phone = `139${String(i).padStart(8, '0')}`
    await core.identity.requestCode(shop.id, phone)
    const code = sms.lastCode(shop.id, phone)
    if (!code) throw new Error(`no code was sent to ${phone}`)
    const session = await core.identity.loginShopper(shop.id, phone, code)
    tokens.push(session.token)
  }
  return { shopId: shop.id, shopSlug: slug, skuId, stock: opts.stock, tokens }
}
