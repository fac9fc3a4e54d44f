import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { checkLedger } from '../../ledger/ledger.service.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>
type Promoter = Shopper & { promoterId: string }

const DAY_MIN = 24 * 60

async function drain() {
  for (let i = 0; i < 6; i++) await world.core.worker.runDue()
}

/** A shop that binds on first click and approves promoters at once, with `fraud` thresholds if given. */
async function setup(fraud?: Record<string, number>) {
  const s = await createShop(world)
  const r = await s.asOwner({
    method: 'PUT',
    url: '/api/v1/console/distribution/program',
    payload: {
      program: {
        ...defaultProgram(),
        qualifications: [{ kind: 'apply', approval: 'auto' }],
        binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false },
        ...(fraud ? { fraud } : {}),
      },
      plan: defaultPlan(),
    },
  })
  expect(r.statusCode, r.body).toBe(200)
  const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [10_000], stock: 100 })
  return { s, productId, skuId: skuIds[0] }
}

async function promoter(s: Shop): Promise<Promoter> {
  const p = await s.shopper()
  const r = await p.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
  expect(r.json().status).toBe('active')
  return { ...p, promoterId: r.json().id as string }
}

async function shareOf(p: Shopper, productId: string) {
  const r = await p.call({
    method: 'POST',
    url: '/api/v1/store/shares',
    payload: { targetKind: 'product', targetId: productId },
  })
  expect(r.statusCode, r.body).toBeLessThan(300)
  return r.json().token as string
}

/** Where a request comes from: its address and the storefront's device key; who pays at the cashier. */
interface From {
  ip: string
  device?: string
  payer?: string
}
const headers = (f: From) => (f.device ? { 'x-device-key': f.device } : {})

/** The customer opens the promoter's link (and is bound), then `seconds` later orders from `from` and pays. */
async function clickAndBuy(c: Shopper, token: string, skuId: string, from: From, seconds = 60) {
  const open = await c.call({
    method: 'POST',
    url: `/api/v1/store/shares/${token}/open`,
    remoteAddress: from.ip,
    headers: headers(from),
  })
  expect(open.statusCode, open.body).toBe(200)
  await drain()
  world.clock.advance(seconds * 1000)
  return buy(c, skuId, from, token)
}

async function buy(c: Shopper, skuId: string, from: From, token?: string, addressId?: string) {
  const o = await c.call({
    method: 'POST',
    url: '/api/v1/store/orders',
    remoteAddress: from.ip,
    headers: { 'user-agent': 'Mozilla/5.0 test', ...headers(from) },
    payload: {
      items: [{ skuId, quantity: 1 }],
      ...(addressId ? { fulfillment: 'delivery', addressId } : { fulfillment: 'pickup' }),
      ...(token ? { attribution: { shareToken: token } } : {}),
    },
  })
  expect(o.statusCode, o.body).toBe(201)
  const pay = await c.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/pay` })
  const path = new URL(pay.json().payUrl).pathname
  // The sandbox cashier's form names the payer, as real providers report theirs.
  const paid = await call(world, {
    method: 'POST',
    url: `${path}/confirm`,
    ...(from.payer
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `payer=${encodeURIComponent(from.payer)}`,
        }
      : {}),
  })
  expect(paid.statusCode).toBe(303)
  await drain()
  return o.json().id as string
}

const ctxOf = (s: Shop) => ({
  tenantId: s.shop.id,
  db: world.core.db,
  actor: { kind: 'system' as const },
  lang: 'zh-CN' as const,
})

/** The rules' verdict on `orderId` for promoter `p`, as rule names. */
async function assess(s: Shop, orderId: string, buyer: Shopper, p: Promoter) {
  const v = await world.core.distribution.fraud.assess(ctxOf(s), {
    orderId,
    buyerId: buyer.id,
    promoterId: p.promoterId,
    promoterShopperId: p.id,
  })
  return { block: v.block.map((f) => f.rule), hold: v.hold.map((f) => f.rule), flags: v }
}

/** Shoppers made now and two days old by the time they buy (so they are not new accounts). */
async function oldShoppers(s: Shop, n: number) {
  const out: Shopper[] = []
  for (let i = 0; i < n; i++) out.push(await s.shopper())
  world.clock.advanceMinutes(2 * DAY_MIN)
  return out
}

const none = { block: [], hold: [] }

describe('where an order was placed from', () => {
  it('is recorded with the order: address, its range, device key and browser', async () => {
    const { s, skuId } = await setup()
    const c = await s.shopper()
    const orderId = await buy(c, skuId, { ip: '203.0.113.44', device: 'dev-signals-0001' })
    const row = await world.core.db
      .selectFrom('order_signals')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      tenant_id: s.shop.id,
      shopper_id: c.id,
      ip: '203.0.113.44',
      ip_range: '203.0.113.0/24',
      device_key: 'dev-signals-0001',
      user_agent: 'Mozilla/5.0 test',
    })
  })
})

describe('exact self-referral is blocked', () => {
  it('the promoter’s own account (the plan does not pay on own purchases)', async () => {
    const { s, skuId } = await setup()
    const p = await promoter(s)
    const orderId = await buy(p, skuId, { ip: '192.0.2.10' })
    const v = await assess(s, orderId, p, p)
    expect(v.block).toEqual(['self_account'])
    expect(v.flags.block[0].zh).toBe('买家就是推广员本人（同一账号），自己下单不算推广')
  })

  it('the promoter’s device, and an order shipped to the promoter’s phone', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    // The promoter's own order on their phone's storefront.
    await buy(p, skuId, { ip: '192.0.2.20', device: 'promoter-phone-7f3a' })
    const [c, d] = await oldShoppers(s, 2)
    const onTheirDevice = await clickAndBuy(c, token, skuId, {
      ip: '192.0.2.21',
      device: 'promoter-phone-7f3a',
    })
    const v = await assess(s, onTheirDevice, c, p)
    expect(v).toMatchObject({ block: ['same_device'], hold: [] })
    expect(v.flags.block[0].en).toBe(
      'the order was placed on device …7f3a, which the promoter places their own orders on',
    )

    const addr = await d.call({
      method: 'POST',
      url: '/api/v1/store/addresses',
      payload: { name: '收货人', phone: p.phone, region: '上海市 浦东新区', detail: '世纪大道 1 号' },
    })
    expect(addr.statusCode, addr.body).toBeLessThan(300)
    const open = await d.call({ method: 'POST', url: `/api/v1/store/shares/${token}/open` })
    expect(open.statusCode).toBe(200)
    await drain()
    world.clock.advance(60_000)
    const shipped = await buy(d, skuId, { ip: '192.0.2.22' }, token, addr.json().id)
    const w = await assess(s, shipped, d, p)
    expect(w.block).toEqual(['same_phone'])
    expect(w.flags.block[0].zh).toBe(
      `订单使用的手机号 ${p.phone.slice(0, 3)}****${p.phone.slice(-4)} 是推广员本人的手机号`,
    )
  })
})

describe('the same payment account', () => {
  it('an order paid from the account the promoter pays their own orders from is blocked', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    await buy(p, skuId, { ip: '192.0.2.30', payer: 'wx-openid-promoter-9c2e' })
    const [c, d] = await oldShoppers(s, 2)
    const theirs = await clickAndBuy(c, token, skuId, { ip: '192.0.2.31', payer: 'wx-openid-promoter-9c2e' })
    const payment = await world.core.db
      .selectFrom('payments')
      .select('payer_account')
      .where('order_id', '=', theirs)
      .executeTakeFirstOrThrow()
    expect(payment.payer_account).toBe('wx-openid-promoter-9c2e')
    const v = await assess(s, theirs, c, p)
    expect(v).toMatchObject({ block: ['same_payment_account'], hold: [] })
    expect(v.flags.block[0].zh).toBe('订单的付款账户（尾号 9c2e）与推广员本人下单的付款账户相同')
    const own = await clickAndBuy(d, token, skuId, { ip: '192.0.2.32', payer: 'wx-openid-customer-11aa' })
    expect(await assess(s, own, d, p)).toMatchObject(none)
  })
})

describe('more than 3 referred buyers from one IP address', () => {
  it('holds the 4th buyer, not the 3rd', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const buyers = await oldShoppers(s, 4)
    const verdicts = []
    for (const [i, c] of buyers.entries()) {
      const orderId = await clickAndBuy(c, token, skuId, { ip: '198.51.100.77' }, 60 + 13 * i)
      verdicts.push(await assess(s, orderId, c, p))
    }
    expect(verdicts.slice(0, 3).map((v) => v.hold)).toEqual([[], [], []])
    expect(verdicts[3]).toMatchObject({ block: [], hold: ['ip_buyers'] })
    expect(verdicts[3].flags.hold[0].en).toBe(
      '4 different buyers referred by this promoter ordered from IP 198.51.100.77 within 30 days (more than 3)',
    )
  })

  it('follows the shop’s threshold, and refuses one out of range naming the field', async () => {
    const { s, productId, skuId } = await setup({ maxBuyersPerIp: 1 })
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const [a, b] = await oldShoppers(s, 2)
    const first = await clickAndBuy(a, token, skuId, { ip: '198.51.100.88' })
    expect(await assess(s, first, a, p)).toMatchObject(none)
    const second = await clickAndBuy(b, token, skuId, { ip: '198.51.100.88' }, 75)
    expect((await assess(s, second, b, p)).hold).toEqual(['ip_buyers'])

    const saved = await s.asOwner({ method: 'GET', url: '/api/v1/console/distribution/program' })
    expect(saved.json().program.fraud).toEqual({ maxBuyersPerIp: 1 })
    const bad = await s.asOwner({
      method: 'PUT',
      url: '/api/v1/console/distribution/program',
      payload: {
        plan: saved.json().plan,
        program: { ...saved.json().program, fraud: { maxBuyersPerIp: 0 } },
      },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({ code: 'validation_failed' })
    expect(bad.json().error.field).toContain('maxBuyersPerIp')
  })
})

describe('more than 5 new referrals in an hour', () => {
  it('holds the 6th new customer within the hour, not the 5th', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const buyers = await oldShoppers(s, 6)
    const holds = []
    for (const [i, c] of buyers.entries()) {
      const orderId = await clickAndBuy(c, token, skuId, { ip: `172.20.${i}.9` }, 45 + 11 * i)
      holds.push((await assess(s, orderId, c, p)).hold)
    }
    expect(holds).toEqual([[], [], [], [], [], ['referral_burst']])
  })
})

describe('many new accounts from one device buying through one promoter', () => {
  it('holds the 3rd new account on one device within 24 hours, not the 2nd', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const holds = []
    for (let i = 0; i < 3; i++) {
      const c = await s.shopper() // registered just now
      const orderId = await clickAndBuy(
        c,
        token,
        skuId,
        { ip: `172.21.${i}.9`, device: 'farm-device-0042' },
        50 + 9 * i,
      )
      holds.push((await assess(s, orderId, c, p)).hold)
    }
    expect(holds).toEqual([[], [], ['new_accounts_device']])
  })

  it('holds the 3rd new account from one /24 range', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const holds = []
    for (let i = 0; i < 3; i++) {
      const c = await s.shopper()
      const orderId = await clickAndBuy(c, token, skuId, { ip: `100.64.7.${10 + i}` }, 50 + 9 * i)
      holds.push((await assess(s, orderId, c, p)).hold)
    }
    expect(holds).toEqual([[], [], ['new_accounts_ip_range']])
  })
})

describe('abnormal click-to-order', () => {
  it('an order 9 seconds after the first click is held; 10 seconds is not', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const [a, b] = await oldShoppers(s, 2)
    expect(
      (await assess(s, await clickAndBuy(a, token, skuId, { ip: '172.22.1.1' }, 10), a, p)).hold,
    ).toEqual([])
    const fast = await assess(s, await clickAndBuy(b, token, skuId, { ip: '172.22.2.1' }, 9), b, p)
    expect(fast.hold).toEqual(['fast_order'])
    expect(fast.flags.hold[0].zh).toBe('买家首次打开推广链接后 9 秒就下单（少于 10 秒）')
  })

  it('a click by a visitor not signed in counts, through the device key the order is placed with', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const [c] = await oldShoppers(s, 1)
    const open = await call(world, {
      method: 'POST',
      url: `/api/v1/store/shares/${token}/open`,
      headers: { 'x-shop': s.shop.slug, 'x-visitor-key': 'visitor-key-4242' },
    })
    expect(open.statusCode).toBe(200)
    world.clock.advance(3_000)
    const orderId = await buy(c, skuId, { ip: '172.22.3.1', device: 'visitor-key-4242' }, token)
    expect((await assess(s, orderId, c, p)).hold).toEqual(['fast_order'])
  })

  it('5 orders in a row, each the same time after the first click, are held; 4 are not', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const buyers = await oldShoppers(s, 5)
    const holds = []
    for (const [i, c] of buyers.entries()) {
      world.clock.advanceMinutes(7)
      const orderId = await clickAndBuy(c, token, skuId, { ip: `172.23.${i}.5` }, 42)
      holds.push((await assess(s, orderId, c, p)).hold)
    }
    expect(holds).toEqual([[], [], [], [], ['regular_intervals']])
  })
})

/** A commission of `p` on a fresh order, held for review with the rules' flags (as the commission engine does). */
async function heldCommission(s: Shop, p: Promoter, token: string, skuId: string, ip: string) {
  const c = (await oldShoppers(s, 1))[0]
  const orderId = await clickAndBuy(c, token, skuId, { ip }, 5)
  const v = await world.core.distribution.fraud.assess(ctxOf(s), {
    orderId,
    buyerId: c.id,
    promoterId: p.promoterId,
    promoterShopperId: p.id,
  })
  expect(v.hold.map((f) => f.rule)).toEqual(['fast_order'])
  const row = await world.core.db
    .selectFrom('commissions')
    .select(['id'])
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow()
  await world.core.distribution.commissions.hold(ctxOf(s), [row.id], v.hold)
  return { id: row.id, orderId, buyer: c }
}

const review = (s: Shop, id: string, payload: Record<string, unknown>) =>
  s.asOwner({ method: 'POST', url: `/api/v1/console/commissions/${id}/review`, payload })

const earnings = (p: Shopper) =>
  p.call({ method: 'GET', url: '/api/v1/store/promoter/earnings' }).then((r) => r.json())

describe('the operator’s review', () => {
  it('clear: the held commission settles like any other', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const held = await heldCommission(s, p, token, skuId, '172.24.1.1')
    const listed = await s.asOwner({ method: 'GET', url: '/api/v1/console/commissions?review=held' })
    expect(listed.json().items.map((c: { id: string }) => c.id)).toEqual([held.id])
    expect(listed.json().items[0].flags[0]).toMatchObject({ rule: 'fast_order' })

    // Completed and past the return window, it still waits while held.
    await s.asOwner({ method: 'POST', url: `/api/v1/console/orders/${held.orderId}/ready-for-pickup` })
    const code = (
      await held.buyer.call({ method: 'GET', url: `/api/v1/store/orders/${held.orderId}` })
    ).json().pickupCode
    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${held.orderId}/complete`,
      payload: { pickupCode: code },
    })
    await drain()
    world.clock.advanceMinutes(8 * DAY_MIN)
    await drain()
    expect(await earnings(p)).toMatchObject({ frozenFen: 1_000, availableFen: 0 })

    const r = await review(s, held.id, { decision: 'clear', note: '老顾客，下单快' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ review: 'cleared', status: 'settled', promoterSuspended: false })
    expect(await earnings(p)).toMatchObject({ frozenFen: 0, availableFen: 1_000 })
    // Only a held commission can be cleared.
    const again = await review(s, held.id, { decision: 'clear' })
    expect(again.statusCode).toBe(409)
    const audit = await world.core.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', held.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'distribution.commission.clear', actor_kind: 'staff' })
    expect(audit.data).toMatchObject({ from: 'held', to: 'cleared', note: '老顾客，下单快' })
  })

  it('confirm: voided through the ledger; the 3rd order confirmed suspends the promoter', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const held = []
    for (let i = 0; i < 3; i++) held.push(await heldCommission(s, p, token, skuId, `172.25.${i}.1`))
    expect(await earnings(p)).toMatchObject({ frozenFen: 3_000 })

    const first = await review(s, held[0].id, { decision: 'confirm', note: '刷单' })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ review: 'confirmed', status: 'void', promoterSuspended: false })
    expect(await earnings(p)).toMatchObject({ frozenFen: 2_000 })
    expect((await review(s, held[0].id, { decision: 'confirm' })).statusCode).toBe(409)
    expect((await review(s, held[1].id, { decision: 'confirm' })).json().promoterSuspended).toBe(false)
    const third = await review(s, held[2].id, { decision: 'confirm' })
    expect(third.json()).toMatchObject({ review: 'confirmed', promoterSuspended: true })
    const left = await world.core.distribution.commissions.earnings(ctxOf(s), p.promoterId)
    expect([left.frozenFen + 0, left.availableFen + 0]).toEqual([0, 0])

    const me = (await p.call({ method: 'GET', url: '/api/v1/store/promoter/me' })).json()
    expect(me.promoter.status).toBe('suspended')
    expect(me.promoter.reason).toContain('3 笔订单的佣金经核实为作弊')
    const audits = await world.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', s.shop.id)
      .where('action', 'in', ['distribution.commission.confirm', 'distribution.promoter.suspend'])
      .execute()
    expect(audits.map((a) => a.action).sort()).toEqual([
      'distribution.commission.confirm',
      'distribution.commission.confirm',
      'distribution.commission.confirm',
      'distribution.promoter.suspend',
    ])
    const { violations } = await checkLedger(world.core.db)
    expect(violations).toEqual([])
  })

  it('is for staff only, and names an unknown commission', async () => {
    const { s } = await setup()
    const c = await s.shopper()
    const asShopper = await c.call({
      method: 'POST',
      url: '/api/v1/console/commissions/00000000-0000-4000-8000-000000000000/review',
      payload: { decision: 'clear' },
    })
    expect(asShopper.statusCode).toBe(401)
    const missing = await review(s, '00000000-0000-4000-8000-000000000000', { decision: 'confirm' })
    expect(missing.statusCode).toBe(404)
  })
})

describe('refunded right after settlement', () => {
  async function settled(days: number) {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    const [c] = await oldShoppers(s, 1)
    const orderId = await clickAndBuy(c, token, skuId, { ip: '172.26.1.1' })
    await s.asOwner({ method: 'POST', url: `/api/v1/console/orders/${orderId}/ready-for-pickup` })
    const code = (await c.call({ method: 'GET', url: `/api/v1/store/orders/${orderId}` })).json().pickupCode
    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${orderId}/complete`,
      payload: { pickupCode: code },
    })
    await drain()
    world.clock.advanceMinutes(7 * DAY_MIN + 1)
    await drain()
    expect(await earnings(p)).toMatchObject({ availableFen: 1_000 })
    world.clock.advanceMinutes(days * DAY_MIN)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${orderId}/refund`,
      payload: { reason: '顾客要求' },
    })
    expect(r.statusCode, r.body).toBe(201)
    await drain()
    return (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/commissions?promoterId=${p.promoterId}` })
    ).json().items[0]
  }

  it('2 days after settlement: flagged and held for review', async () => {
    const c = await settled(2)
    expect(c).toMatchObject({ status: 'clawed', review: 'held' })
    expect(c.flags).toEqual([
      {
        rule: 'refund_after_settlement',
        en: 'the order was refunded 2 days after its commission settled (within 3 days)',
        zh: '佣金结算后 2 天订单即退款（3 天以内）',
      },
    ])
  })

  it('4 days after: clawed back, not flagged', async () => {
    const c = await settled(4)
    expect(c).toMatchObject({ status: 'clawed', review: 'none', flags: [] })
  })
})
