import type { Core } from '../core.js'
import type { ProductInput } from '../modules/catalog/index.js'
import { type Ctx, systemCtx } from '../platform/context.js'
import { AppError } from '../platform/errors.js'
import { renderCategoryIcon, renderProductCard } from './demo/card.js'
import { seedCampaign, seedLeaders } from './demo/community.js'
import { asStaff, seedCoupons } from './demo/coupons.js'
import { type DemoProduct, demoCatalog } from './demo/data.js'
import { seedBargains, seedFlashSale, seedGroupBuys, seedLuckyDraw } from './demo/deals.js'

export interface DemoInfo {
  shopSlug: string
  /** The owner's sign-in for the console. */
  staff: { email: string; password: string }
  /** Phones that can sign in to the storefront with the sandbox SMS code. */
  shopperPhones: string[]
}

export interface SeedOptions {
  onProgress?: (done: number, total: number, label: string) => void
  /** Another slug than `demo`, so tests can seed beside a real demo shop. */
  slug?: string
}

const PASSWORD = 'liebian123'
const OWNER = { email: 'owner@demo.liebian.dev', name: '林店长', role: 'owner' as const }
const OPERATOR = { email: 'operator@demo.liebian.dev', name: '周运营', role: 'operator' as const }
const SHOPPER_PHONES = ['13800138000', '13900139000', '13700137000', '13600136000']

/** Stock between 20 and 500 that is the same on every run, so demos and screenshots repeat. */
function stockFor(key: string) {
  let h = 2166136261
  for (const ch of key) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619)
  return 20 + ((h >>> 0) % 481)
}

/**
 * Fills the demo shop: staff, categories with icons, products with generated pictures, SKUs and
 * stock, most of them on sale. Each part is looked up by its name before it is made, so running
 * it again adds nothing, and a run that was cut short is completed.
 */
export async function seedDemo(core: Core, opts: SeedOptions = {}): Promise<DemoInfo> {
  const slug = opts.slug ?? 'demo'
  const products = demoCatalog.flatMap((c) => c.products.map((p) => ({ category: c, product: p })))
  const total = 10 + demoCatalog.length + products.length
  let done = 0
  const step = (label: string) => opts.onProgress?.(++done, total, label)

  const shop = await ensureShop(core, slug)
  step(`shop ${slug}`)
  const ctx = systemCtx(shop.id, core.db)

  const staff = new Set((await core.identity.listStaff(ctx)).map((s) => s.email))
  for (const who of [OWNER, OPERATOR]) {
    if (!staff.has(who.email)) {
      try {
        await core.identity.createStaff(ctx, { ...who, password: PASSWORD })
      } catch (err) {
        // Another seeding run made the same account a moment ago.
        if (!(err instanceof AppError && err.code === 'already_exists')) throw err
      }
    }
    step(`staff ${who.email}`)
  }

  const categories = new Map((await core.catalog.listCategories(ctx)).map((c) => [c.name, c.id]))
  for (const [i, c] of demoCatalog.entries()) {
    if (!categories.has(c.name)) {
      const icon = await core.catalog.storeImage(ctx, renderCategoryIcon(c.shape))
      const made = await core.catalog.createCategory(ctx, { name: c.name, iconUrl: icon.url, sort: i + 1 })
      categories.set(c.name, made.id)
    }
    step(`category ${c.name}`)
  }

  const titles = await existingTitles(core, ctx)
  for (const [i, { category, product }] of products.entries()) {
    if (!titles.has(product.title)) {
      const images = []
      for (const [v, tag] of [category.name, product.subtitle].entries()) {
        const png = renderProductCard({ title: product.name, tag, shape: category.shape, variant: i + v })
        images.push((await core.catalog.storeImage(ctx, png)).url)
      }
      const made = await core.catalog.createProduct(
        ctx,
        productInput(product, categories.get(category.name)!, images),
      )
      if (!product.draft) await core.catalog.setShelf(ctx, made.id, 'publish')
    }
    step(product.name)
  }

  const onSale = products.filter((p) => !p.product.draft).map((p) => p.product.title)
  // Spread over the catalogue, so the deals show in more than one category.
  const picks = [0, 7, 14, 21].map((i) => onSale[i % onSale.length])
  await seedGroupBuys(core, ctx, picks, SHOPPER_PHONES[0])
  step('group-buy deals')
  await seedBargains(core, ctx, onSale[3 % onSale.length])
  step('bargain offer')
  await seedLuckyDraw(core, ctx, onSale[11 % onSale.length])
  step('lucky draw')
  await seedFlashSale(
    core,
    ctx,
    [2, 9, 16, 23].map((i) => onSale[i % onSale.length]),
  )
  step('flash sale')
  const operator = await asStaff(core, ctx, OPERATOR.email)
  await seedCoupons(core, operator)
  step('coupons')
  await seedLeaders(core, ctx, operator)
  step('community leaders')
  await seedCampaign(core, operator)
  step('community campaign')

  return { shopSlug: slug, staff: { email: OWNER.email, password: PASSWORD }, shopperPhones: SHOPPER_PHONES }
}

async function ensureShop(core: Core, slug: string) {
  const found = await core.shops.bySlug(slug)
  if (found) return found
  try {
    return await core.shops.create({
      slug,
      name: '裂变优选',
      settings: {
        announcement: '裂变优选 Liebian Select：产地好货，分享给好友一起拼更划算',
        servicePhone: '400-820-8820',
        pickupAddress: '上海市徐汇区漕溪北路88号 裂变优选自提点',
      },
    })
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'already_exists')) throw err
    return core.shops.get({ db: core.db, tenantId: await tenantIdOf(core, slug) })
  }
}

async function tenantIdOf(core: Core, slug: string) {
  const row = await core.db
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return row.id
}

async function existingTitles(core: Core, ctx: Ctx) {
  const titles = new Set<string>()
  let cursor: string | undefined
  do {
    const page = await core.catalog.listProducts(ctx, { limit: 100, cursor })
    for (const p of page.items) titles.add(p.title)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return titles
}

function productInput(p: DemoProduct, categoryId: string, images: string[]): ProductInput {
  return {
    title: p.title,
    subtitle: p.subtitle,
    description: p.description,
    categoryId,
    images,
    specNames: p.specNames,
    returnable7d: p.returnable7d ?? true,
    skus: p.skus.map(([values, priceFen, listPriceFen], i) => ({
      spec: Object.fromEntries(p.specNames.map((n, k) => [n, values[k]])),
      priceFen,
      listPriceFen: listPriceFen ?? null,
      initialStock: stockFor(`${p.title}#${i}`),
    })),
  }
}
