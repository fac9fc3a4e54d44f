import type { Core } from '../../core.js'
import type { SandboxSms } from '../../modules/identity/index.js'
import type { SandboxProvider } from '../../modules/payments/index.js'
import type { Ctx } from '../../platform/context.js'

const DAY = 86_400_000

/** A published product's first SKU and its price, by title. */
async function skuOf(core: Core, ctx: Ctx, title: string) {
  const row = await core.db
    .selectFrom('products')
    .innerJoin('skus', 'skus.product_id', 'products.id')
    .select(['skus.id', 'skus.price_fen'])
    .where('products.tenant_id', '=', ctx.tenantId)
    .where('products.title', '=', title)
    .where('products.status', '=', 'published')
    .orderBy('skus.position')
    .executeTakeFirst()
  return row ? { skuId: row.id, priceFen: row.price_fen } : undefined
}

/** Whether the shop already has rows in this table: each part of the demo is made once. */
async function made(
  core: Core,
  ctx: Ctx,
  table: 'group_deals' | 'bargain_offers' | 'draw_campaigns' | 'flash_campaigns',
) {
  const row = await core.db
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .limit(1)
    .executeTakeFirst()
  return !!row
}

/** Rounds a share of a price down to whole jiao, so demo prices read like real ones. */
const share = (fen: number, pct: number) => Math.max(10, Math.floor((fen * pct) / 1000) * 10)

/**
 * Group-buy deals on some of the demo products, and one group a demo shopper has opened and paid
 * for, so the product page has a group to join. Made once: a shop that has deals is left alone.
 */
export async function seedGroupBuys(core: Core, ctx: Ctx, titles: string[], openerPhone: string) {
  if (await made(core, ctx, 'group_deals')) return
  const now = core.clock.now().getTime()
  const window = {
    startsAt: new Date(now - DAY).toISOString(),
    endsAt: new Date(now + 365 * DAY).toISOString(),
  }
  const [first, second, third, fourth] = await Promise.all(titles.slice(0, 4).map((t) => skuOf(core, ctx, t)))
  let standardId: string | undefined
  if (first) {
    const d = await core.groupBuy.createDeal(ctx, {
      type: 'standard',
      skuId: first.skuId,
      title: '2人拼团 好友一起更划算',
      groupSize: 2,
      groupPriceFen: share(first.priceFen, 80),
      openerDiscountFen: 100,
      timeLimitMinutes: 24 * 60,
      perPersonLimit: 3,
      ...window,
    })
    standardId = d.id
  }
  if (second)
    await core.groupBuy.createDeal(ctx, {
      type: 'ladder',
      skuId: second.skuId,
      title: '超级团 人越多越便宜',
      groupSize: 10,
      ladderSteps: [
        { size: 2, priceFen: share(second.priceFen, 90) },
        { size: 5, priceFen: share(second.priceFen, 80) },
        { size: 10, priceFen: share(second.priceFen, 70) },
      ],
      timeLimitMinutes: 48 * 60,
      perPersonLimit: 2,
      autoFillThresholdBp: 8_000,
      ...window,
    })
  if (third)
    await core.groupBuy.createDeal(ctx, {
      type: 'lucky_draw',
      skuId: third.skuId,
      title: '一元抽奖团 5人成团抽1人',
      groupSize: 5,
      groupPriceFen: 100,
      luckyDrawWinners: 1,
      timeLimitMinutes: 24 * 60,
      perPersonLimit: 1,
      ...window,
    })
  if (fourth)
    await core.groupBuy.createDeal(ctx, {
      type: 'standard',
      skuId: fourth.skuId,
      title: '新人专享 3人团',
      groupSize: 3,
      groupPriceFen: share(fourth.priceFen, 50),
      newCustomersOnly: true,
      timeLimitMinutes: 24 * 60,
      perPersonLimit: 1,
      ...window,
    })
  // One open group to join: a demo shopper opened it and paid in the sandbox (when there is one).
  if (!standardId || !core.config.sandbox) return
  await core.identity.requestCode(ctx.tenantId, openerPhone)
  const code = (core.sms as SandboxSms).lastCode(ctx.tenantId, openerPhone)
  if (!code) return
  const { shopper } = await core.identity.loginShopper(ctx.tenantId, openerPhone, code)
  const { order } = await core.groupBuy.open(ctx, shopper.id, standardId, { fulfillment: 'pickup' })
  const payment = await core.payments.pay(ctx, shopper.id, order.id, 'sandbox')
  await (core.payments.provider('sandbox') as SandboxProvider).confirm(payment.outTradeNo)
  // The server is not listening yet, so rather than wait for the notification, ask the provider.
  await core.payments.reconcileOrder(ctx.tenantId, order.id)
}

/** A bargain offer on a demo product, made once. */
export async function seedBargains(core: Core, ctx: Ctx, title: string) {
  const sku = await skuOf(core, ctx, title)
  if (!sku || (await made(core, ctx, 'bargain_offers'))) return
  const now = core.clock.now().getTime()
  await core.bargain.createOffer(ctx, {
    skuId: sku.skuId,
    floorPriceFen: share(sku.priceFen, 30),
    helpersNeeded: 5,
    timeLimitMinutes: 24 * 60,
    startsAt: new Date(now - DAY).toISOString(),
    endsAt: new Date(now + 365 * DAY).toISOString(),
    perShopperLimit: 1,
    payWithinMinutes: 30,
    buyAtCurrentPrice: true,
    helperDailyLimit: 5,
    deviceDailyLimit: 10,
  })
}

/** A lucky draw with a product, points and a coupon in its pool, running, made once. */
export async function seedLuckyDraw(core: Core, ctx: Ctx, title: string) {
  const sku = await skuOf(core, ctx, title)
  if (!sku || (await made(core, ctx, 'draw_campaigns'))) return
  const now = core.clock.now().getTime()
  const c = await core.luckyDraw.create(ctx, {
    title: '幸运九宫格 每天3次',
    description: '分享给好友可多得抽奖机会；好友首次打开、首单成交还能再加次数。',
    startsAt: new Date(now - DAY),
    endsAt: new Date(now + 365 * DAY),
    dailyChances: 3,
    shareDailyCap: 3,
    inviteVisitChances: 1,
    inviteOrderChances: 2,
    inviteDailyCap: 5,
    noPrizeBp: 6_000,
    prizes: [
      { kind: 'product', name: '热销好物 1 件', skuId: sku.skuId, stock: 5, probabilityBp: 200 },
      {
        kind: 'coupon',
        name: '满99减20券',
        amount: 2_000,
        reference: 'demo-coupon-20',
        stock: 200,
        probabilityBp: 1_800,
      },
      { kind: 'points', name: '50 积分', amount: 50, stock: 1_000, probabilityBp: 2_000 },
    ],
  })
  await core.luckyDraw.act(ctx, c.id, 'publish')
}

/**
 * A flash sale with a slot running now (for a week, the longest a slot may last) and one starting
 * tomorrow, on a few demo products, scheduled so their stock is carved. Made once.
 */
export async function seedFlashSale(core: Core, ctx: Ctx, titles: string[]) {
  if (await made(core, ctx, 'flash_campaigns')) return
  const skus = (await Promise.all(titles.map((t) => skuOf(core, ctx, t)))).filter((s) => !!s)
  if (!skus.length) return
  const now = core.clock.now().getTime()
  const HOUR = 3_600_000
  const line = (s: { skuId: string; priceFen: number }, stock: number) => ({
    skuId: s.skuId,
    flashPriceFen: share(s.priceFen, 60),
    stock,
    perPersonLimit: 2,
  })
  const c = await core.flashSale.create(ctx, {
    title: '限时秒杀 整点开抢',
    slots: [
      {
        startsAt: new Date(now - HOUR),
        endsAt: new Date(now + 7 * 24 * HOUR - HOUR),
        skus: skus.slice(0, 3).map((s) => line(s, 10)),
      },
      {
        startsAt: new Date(now + 7 * 24 * HOUR),
        endsAt: new Date(now + 8 * 24 * HOUR),
        skus: skus.slice(1).map((s) => line(s, 5)),
      },
    ],
  })
  await core.flashSale.schedule(ctx, c.id)
}
