import type { Core } from '../../core.js'
import type { OpeningHours } from '../../modules/community/index.js'
import type { Ctx } from '../../platform/context.js'

const DAY = 86_400_000
const SHANGHAI_OFFSET = 8 * 3_600_000

const WEEKDAYS = [1, 2, 3, 4, 5]
const WEEKEND = [6, 7]

/** Shoppers who run a pickup point in their building; the phone is what a rerun finds them by. */
const LEADERS: {
  phone: string
  name: string
  communityName: string
  address: string
  lat: number
  lng: number
  hours: OpeningHours
  hoursNote: string
}[] = [
  {
    phone: '18621010001',
    name: '王秀英',
    communityName: '古北一号',
    address: '上海市长宁区红宝石路500弄 古北一号3号门 物业服务中心旁',
    lat: 31.1968,
    lng: 121.4032,
    hours: [
      { days: WEEKDAYS, opens: '08:00', closes: '20:00' },
      { days: WEEKEND, opens: '09:00', closes: '21:00' },
    ],
    hoursNote: '到了在门口打电话，团长下楼送货',
  },
  {
    phone: '18621010002',
    name: '陈建国',
    communityName: '联洋花园',
    address: '上海市浦东新区芳甸路199弄 联洋花园南门 便民服务站',
    lat: 31.2251,
    lng: 121.5547,
    hours: [
      { days: [...WEEKDAYS, ...WEEKEND], opens: '09:00', closes: '12:00' },
      { days: [...WEEKDAYS, ...WEEKEND], opens: '15:00', closes: '21:00' },
    ],
    hoursNote: '午休 12:00–15:00，冷链商品请当天取走',
  },
  {
    phone: '18621010003',
    name: '李红梅',
    communityName: '康健新村',
    address: '上海市徐汇区桂林西街88号 康健新村西门 红梅便利店',
    lat: 31.1607,
    lng: 121.4186,
    hours: [{ days: [...WEEKDAYS, ...WEEKEND], opens: '07:30', closes: '22:00' }],
    hoursNote: '便利店内收银台取货，出示提货码',
  },
]

const CAMPAIGN_TITLE = '明日鲜果 明晚截单 后天自提'

/** Fruit from the demo catalogue: the campaign price as a share of the shop price, and the supplier. */
const CAMPAIGN_SKUS = [
  { title: '烟台红富士苹果 当季现摘 脆甜多汁', pct: 85, supplier: '烟台栖霞果园合作社', unit: '箱' },
  { title: '海南贵妃芒果 树上熟 香甜软糯', pct: 80, supplier: '三亚贵妃芒产地仓', unit: '箱' },
  { title: '云南阳光玫瑰青提 无籽脆甜 玫瑰香', pct: 85, supplier: '云南宾川葡萄基地', unit: '串' },
  { title: '赣南脐橙 果园直发 新鲜橙子', pct: 80, supplier: '赣州信丰脐橙合作社', unit: '箱' },
]

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

/** A day in shop time as YYYY-MM-DD, `days` after the shop-time day of `at`. */
const shopDate = (at: number, days: number) =>
  new Date(at + SHANGHAI_OFFSET + days * DAY).toISOString().slice(0, 10)

/**
 * Community leaders with pickup points around Shanghai: each applies as a shopper and the operator
 * approves, as in the storefront and console. A leader already applied is approved; one already
 * approved (or paused, or rejected by someone) is left alone.
 */
export async function seedLeaders(core: Core, ctx: Ctx, operator: Ctx) {
  const { ids } = await core.identity.ensureShoppers(
    ctx,
    LEADERS.map((l) => l.phone),
  )
  for (const { phone, ...application } of LEADERS) {
    const shopperId = ids.get(phone)!
    let { leader } = await core.community.mine(ctx, shopperId)
    if (!leader) {
      const shopper: Ctx = { ...ctx, actor: { kind: 'shopper', id: shopperId } }
      leader = (await core.community.apply(shopper, shopperId, { ...application, phone })).leader
    }
    if (leader?.status === 'applied') {
      await core.community.review(operator, leader.id, 'approve')
    }
  }
}

/**
 * One open pre-order campaign on demo fruit: orders close tomorrow at 20:00 Shanghai time and are
 * picked up the day after. Found by its title; a draft left by a cut-short run is opened.
 */
export async function seedCampaign(core: Core, ctx: Ctx) {
  const campaigns = core.community.campaigns
  let found: { id: string; status: string } | undefined
  let cursor: string | undefined
  do {
    const page = await campaigns.list(ctx, { limit: 100, cursor })
    found = page.items.find((c) => c.title === CAMPAIGN_TITLE)
    cursor = found ? undefined : (page.nextCursor ?? undefined)
  } while (cursor)
  if (!found) {
    const lines = []
    for (const s of CAMPAIGN_SKUS) {
      const sku = await skuOf(core, ctx, s.title)
      if (!sku) continue
      const priceFen = Math.max(10, Math.floor((sku.priceFen * s.pct) / 1000) * 10)
      lines.push({
        skuId: sku.skuId,
        priceFen,
        perPersonLimit: 5,
        totalCap: 200,
        supplier: s.supplier,
        unit: s.unit,
        costFen: Math.floor((priceFen * 60) / 100),
      })
    }
    if (!lines.length) return
    const now = core.clock.now().getTime()
    found = await campaigns.create(ctx, {
      title: CAMPAIGN_TITLE,
      cutoffAt: new Date(`${shopDate(now, 1)}T20:00:00+08:00`).toISOString(),
      pickupDate: shopDate(now, 2),
      commissionBp: 1_000,
      uncollectedDays: 3,
      uncollectedRule: 'refund',
      returnWindowDays: 2,
      skus: lines,
    })
  }
  if (found.status === 'draft') await campaigns.open(ctx, found.id)
}
