import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { checkLedger } from '../../ledger/ledger.service.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const DAY_MIN = 24 * 60

async function drain() {
  for (let i = 0; i < 4; i++) await world.core.worker.runDue()
}

/** A shop whose program binds on first click, approves applications at once, with `plan` over the default. */
async function setup(plan: Record<string, unknown> = {}, program: Record<string, unknown> = {}) {
  const s = await createShop(world)
  const r = await s.asOwner({
    method: 'PUT',
    url: '/api/v1/console/distribution/program',
    payload: {
      program: {
        ...defaultProgram(),
        qualifications: [{ kind: 'apply', approval: 'auto' }],
        binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false },
        ...program,
      },
      plan: { ...defaultPlan(), ...plan },
    },
  })
  expect(r.statusCode, r.body).toBe(200)
  const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [10_000], stock: 50 })
  return { s, productId, skuId: skuIds[0] }
}

async function promoter(s: Shop, sh?: Shopper) {
  const p = sh ?? (await s.shopper())
  const r = await p.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
  expect(r.json().status).toBe('active')
  return { ...p, promoterId: r.json().id as string }
}

/** `customer` opens a share of `productId` made by `sharer`, and is bound to them. */
async function bindTo(sharer: Shopper, customer: Shopper, productId: string) {
  const share = await sharer.call({
    method: 'POST',
    url: '/api/v1/store/shares',
    payload: { targetKind: 'product', targetId: productId },
  })
  const open = await customer.call({ method: 'POST', url: `/api/v1/store/shares/${share.json().token}/open` })
  expect(open.statusCode, open.body).toBe(200)
  await drain()
  // A person takes a while from opening a link to buying (an instant order is held as suspicious).
  world.clock.advanceMinutes(2)
}

async function buyAndPay(sh: Shopper, skuId: string, quantity = 1) {
  const o = await sh.call({
    method: 'POST',
    url: '/api/v1/store/orders',
    payload: { items: [{ skuId, quantity }], fulfillment: 'pickup' },
  })
  expect(o.statusCode, o.body).toBe(201)
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/pay` })
  const path = new URL(p.json().payUrl).pathname
  expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
  await drain()
  return o.json() as { id: string; lines: { id: string }[] }
}

async function complete(s: Shop, sh: Shopper, orderId: string) {
  await s.asOwner({ method: 'POST', url: `/api/v1/console/orders/${orderId}/ready-for-pickup` })
  const code = (await sh.call({ method: 'GET', url: `/api/v1/store/orders/${orderId}` })).json().pickupCode
  const r = await s.asOwner({
    method: 'POST',
    url: `/api/v1/console/orders/${orderId}/complete`,
    payload: { pickupCode: code },
  })
  expect(r.json().status).toBe('completed')
  await drain()
}

async function refund(s: Shop, orderId: string, lines?: { lineId: string; quantity: number }[]) {
  const r = await s.asOwner({
    method: 'POST',
    url: `/api/v1/console/orders/${orderId}/refund`,
    payload: { reason: '顾客要求', ...(lines ? { lines } : {}) },
  })
  expect(r.statusCode, r.body).toBe(201)
  await drain()
}

const earnings = (p: Shopper) =>
  p.call({ method: 'GET', url: '/api/v1/store/promoter/earnings' }).then((r) => r.json())
const myCommissions = (p: Shopper) =>
  p.call({ method: 'GET', url: '/api/v1/store/promoter/commissions' }).then((r) => r.json().items)

async function ledgerClean() {
  const { violations } = await checkLedger(world.core.db)
  expect(violations).toEqual([])
}

describe('the commission lifecycle', () => {
  it('freezes on payment, settles after completion and the return window, and shows in the promoter center', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const o = await buyAndPay(buyer, skuId, 2)
    expect(await earnings(p)).toEqual({
      frozenFen: 2_000,
      availableFen: 0,
      withdrawingFen: 0,
      withdrawnFen: 0,
    })
    const [c] = await myCommissions(p)
    expect(c).toMatchObject({
      level: 1,
      baseFen: 20_000,
      amountFen: 2_000,
      status: 'frozen',
      settleAfter: null,
    })
    expect(c.buyer).not.toContain(buyer.phone)
    expect(c.buyer).toMatch(/\*\*\*\*/)
    // The console order page shows who brought the order in and why the buyer is theirs.
    const ref = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}/referral` })).json()
    expect(ref).toMatchObject({
      referredBy: { promoterId: p.promoterId, newCustomer: true },
      binding: {
        promoterId: p.promoterId,
        reason: 'first_click',
        reasonText: '首次点击该推广员的分享链接绑定',
      },
      commissions: [{ amountFen: 2_000, status: 'frozen', promoterId: p.promoterId }],
    })

    // Completed: the return window (7 days by default) starts; nothing settles before it ends.
    await complete(s, buyer, o.id)
    expect((await myCommissions(p))[0].settleAfter).not.toBeNull()
    world.clock.advanceMinutes(7 * DAY_MIN - 1)
    await drain()
    expect((await earnings(p)).frozenFen).toBe(2_000)
    world.clock.advanceMinutes(2)
    await drain()
    expect(await earnings(p)).toMatchObject({ frozenFen: 0, availableFen: 2_000 })
    expect((await myCommissions(p))[0]).toMatchObject({ status: 'settled' })
    await ledgerClean()
  })

  it('nobody earns on an order from an unbound shopper, and a redelivered payment pays once', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const stranger = await s.shopper()
    await buyAndPay(stranger, skuId)
    expect(await myCommissions(p)).toEqual([])

    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const o = await buyAndPay(buyer, skuId)
    const ctx = {
      db: world.core.db,
      tenantId: s.shop.id,
      actor: { kind: 'system' as const },
      lang: 'zh-CN' as const,
    }
    expect(await world.core.distribution.commissions.accrue(ctx, o.id)).toEqual([])
    expect(await myCommissions(p)).toHaveLength(1)
    expect((await earnings(p)).frozenFen).toBe(1_000)
  })

  it('a partial refund while frozen lowers the frozen amount; a full refund voids the commission', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const o = await buyAndPay(buyer, skuId, 3)
    const full = (await buyer.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}` })).json()
    const lineId = full.lines[0].id
    await refund(s, o.id, [{ lineId, quantity: 1 }])
    expect((await earnings(p)).frozenFen).toBe(2_000)
    expect((await myCommissions(p))[0]).toMatchObject({
      status: 'frozen',
      amountFen: 3_000,
      clawedFen: 1_000,
    })
    await refund(s, o.id)
    expect((await earnings(p)).frozenFen).toBe(0)
    expect((await myCommissions(p))[0]).toMatchObject({ status: 'void', clawedFen: 3_000 })
    await ledgerClean()
  })

  it('a refund after settlement claws back the refunded share from the available balance', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const o = await buyAndPay(buyer, skuId, 2)
    await complete(s, buyer, o.id)
    world.clock.advanceMinutes(8 * DAY_MIN)
    await drain()
    expect((await earnings(p)).availableFen).toBe(2_000)
    const lineId = (await buyer.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}` })).json().lines[0]
      .id
    await refund(s, o.id, [{ lineId, quantity: 1 }])
    expect(await earnings(p)).toMatchObject({ frozenFen: 0, availableFen: 1_000 })
    expect((await myCommissions(p))[0]).toMatchObject({ status: 'clawed', clawedFen: 1_000 })
    await ledgerClean()
  })

  it('a balance clawed below zero after a withdrawal is recovered from later earnings', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const o = await buyAndPay(buyer, skuId)
    await complete(s, buyer, o.id)
    world.clock.advanceMinutes(8 * DAY_MIN)
    await drain()
    const w = await p.call({
      method: 'POST',
      url: '/api/v1/store/promoter/withdrawals',
      payload: { amountFen: 1_000 },
    })
    expect(w.statusCode, w.body).toBe(200)
    await s.asOwner({ method: 'POST', url: `/api/v1/console/withdrawals/${w.json().id}/approve` })
    await drain()
    await refund(s, o.id)
    expect(await earnings(p)).toMatchObject({ availableFen: -1_000, withdrawnFen: 1_000 })
    // The next commission pays the debt first.
    const o2 = await buyAndPay(buyer, skuId, 3)
    await complete(s, buyer, o2.id)
    world.clock.advanceMinutes(8 * DAY_MIN)
    await drain()
    expect((await earnings(p)).availableFen).toBe(2_000)
    await ledgerClean()
  })

  it('two levels: the upline of the promoter earns the second-level rate, all within 30% of the base', async () => {
    // Fixed amounts per unit can exceed 30% of a cheap line's base: they are scaled down to it.
    const { s, productId, skuId } = await setup({
      levels: 2,
      secondLevelAcknowledged: true,
      defaultRate: { kind: 'fixed', level1FenPerUnit: 2_500, level2FenPerUnit: 1_000 },
    })
    const top = await promoter(s)
    const mid = await promoter(s)
    await bindTo(top, mid, productId)
    const buyer = await s.shopper()
    await bindTo(mid, buyer, productId)
    await buyAndPay(buyer, skuId)
    // 25% + 10% of 100 yuan is 35 yuan: scaled down to the 30 yuan cap.
    const l1 = (await myCommissions(mid))[0]
    const l2 = (await myCommissions(top))[0]
    expect(l1).toMatchObject({ level: 1 })
    expect(l2).toMatchObject({ level: 2 })
    expect(l1.amountFen + l2.amountFen).toBe(3_000)
    expect(l2.amountFen).toBe(Math.floor((1_000 * 3_000) / 3_500))
    await ledgerClean()
  })
})

describe('the fraud rules on accrual', () => {
  it('an order placed seconds after the click is held, and settles only once the operator clears it', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    // Back to the moment of the click: the order follows it at once.
    world.clock.advance(-2 * 60_000)
    const o = await buyAndPay(buyer, skuId)
    const [c] = await myCommissions(p)
    expect(c).toMatchObject({ status: 'frozen', review: 'held', flags: [{ rule: 'fast_order' }] })
    await complete(s, buyer, o.id)
    world.clock.advanceMinutes(8 * DAY_MIN)
    await drain()
    expect((await myCommissions(p))[0].status).toBe('frozen')
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/commissions/${c.id}/review`,
      payload: { decision: 'clear', note: '核实为真实顾客' },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(await earnings(p)).toMatchObject({ frozenFen: 0, availableFen: 1_000 })
  })

  it('a purchase shipped to the promoter’s own phone earns nothing, and the refusal is kept with its reason', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const addr = await buyer.call({
      method: 'POST',
      url: '/api/v1/store/addresses',
      payload: { name: '王五', phone: p.phone, region: '浙江省 杭州市', detail: '文三路 1 号' },
    })
    expect(addr.statusCode, addr.body).toBeLessThan(300)
    const o = await buyer.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId, quantity: 1 }], fulfillment: 'delivery', addressId: addr.json().id },
    })
    expect(o.statusCode, o.body).toBe(201)
    const pay = await buyer.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/pay` })
    await call(world, { method: 'POST', url: `${new URL(pay.json().payUrl).pathname}/confirm` })
    await drain()
    expect(await myCommissions(p)).toEqual([])
    const refusals = await world.core.db
      .selectFrom('commission_refusals')
      .selectAll()
      .where('order_id', '=', o.json().id)
      .execute()
    expect(refusals).toMatchObject([{ promoter_id: p.promoterId, level: 1, amount_fen: 1_000 }])
    expect(refusals[0].flags.map((f) => f.rule)).toEqual(['same_phone'])
  })
})

describe('deal rates', () => {
  it('a group deal pays its own rate, or none, over the plan default', async () => {
    const { s, productId, skuId } = await setup()
    const now = world.clock.now().getTime()
    const deal = async () => {
      const r = await s.asOwner({
        method: 'POST',
        url: '/api/v1/console/deals',
        payload: {
          type: 'standard',
          skuId,
          groupSize: 2,
          groupPriceFen: 8_000,
          timeLimitMinutes: 24 * 60,
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 7 * DAY_MIN * 60_000).toISOString(),
          perPersonLimit: 5,
        },
      })
      expect(r.statusCode, r.body).toBe(201)
      return r.json().id as string
    }
    const [own, none] = [await deal(), await deal()]
    const plan = {
      ...defaultPlan(),
      dealOverrides: { [`groupbuy:${own}`]: { kind: 'rate', level1Bp: 500 }, [`groupbuy:${none}`]: 'none' },
    }
    const program = (await s.asOwner({ method: 'GET', url: '/api/v1/console/distribution/program' })).json()
    const saved = await s.asOwner({
      method: 'PUT',
      url: '/api/v1/console/distribution/program',
      payload: { program: program.program, plan },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const p = await promoter(s)
    const buyer = await s.shopper()
    const friend = await s.shopper()
    await bindTo(p, buyer, productId)
    const payGroupOrder = async (sh: Shopper, orderId: string) => {
      const pay = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
      expect(
        (await call(world, { method: 'POST', url: `${new URL(pay.json().payUrl).pathname}/confirm` }))
          .statusCode,
      ).toBe(303)
      await drain()
    }
    for (const dealId of [own, none]) {
      const opened = await buyer.call({
        method: 'POST',
        url: `/api/v1/store/deals/${dealId}/groups`,
        payload: { fulfillment: 'pickup' },
      })
      expect(opened.statusCode, opened.body).toBe(201)
      await payGroupOrder(buyer, opened.json().order.id)
      const joined = await friend.call({
        method: 'POST',
        url: `/api/v1/store/groups/${opened.json().group.id}/join`,
        payload: { fulfillment: 'pickup' },
      })
      expect(joined.statusCode, joined.body).toBe(201)
      await payGroupOrder(friend, joined.json().order.id)
    }
    // 5% of the 80 yuan group price on the first deal; nothing on the second; the friend is nobody's.
    const mine = await myCommissions(p)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ baseFen: 8_000, amountFen: 400, status: 'frozen' })
  })
})

describe('withdrawals', () => {
  async function withAvailable(fen: number, program: Record<string, unknown> = {}) {
    const { s, productId, skuId } = await setup({}, program)
    const p = await promoter(s)
    const buyer = await s.shopper()
    await bindTo(p, buyer, productId)
    const o = await buyAndPay(buyer, skuId, fen / 1_000)
    await complete(s, buyer, o.id)
    world.clock.advanceMinutes(8 * DAY_MIN)
    await drain()
    expect((await earnings(p)).availableFen).toBe(fen)
    return { s, p }
  }
  const withdraw = (p: Shopper, amountFen: number, lang?: string) =>
    p.call({
      method: 'POST',
      url: '/api/v1/store/promoter/withdrawals',
      payload: { amountFen },
      ...(lang ? { headers: { 'accept-language': lang } } : {}),
    })

  it('are refused below the minimum, above the balance, above the daily limit, and when the fee eats it', async () => {
    const { p } = await withAvailable(5_000, {
      withdrawal: { minFen: 1_000, feeFen: 200, dailyLimitFen: 3_000 },
    })
    const low = await withdraw(p, 500)
    expect(low.statusCode).toBe(409)
    expect(low.json().error).toMatchObject({ code: 'withdrawal_refused', field: 'amountFen' })
    expect(low.json().error.message).toBe('暂不能提现：单笔提现至少 10.00 元')
    const much = await withdraw(p, 6_000, 'en')
    expect(much.json().error.message).toBe('Cannot withdraw: only 50.00 yuan is available')
    expect((await withdraw(p, 2_000)).statusCode).toBe(200)
    const limit = await withdraw(p, 1_500)
    expect(limit.json().error.message).toBe('暂不能提现：今日还可提现 10.00 元')
    // The next day the limit starts again.
    world.clock.advanceMinutes(DAY_MIN)
    expect((await withdraw(p, 1_500)).statusCode).toBe(200)
    expect(await earnings(p)).toMatchObject({ availableFen: 1_500, withdrawingFen: 3_500 })
  })

  it('approved ones are paid by the provider less the fee; rejected ones return to available', async () => {
    const { s, p } = await withAvailable(5_000, {
      withdrawal: { minFen: 100, feeFen: 100, dailyLimitFen: null },
    })
    const a = (await withdraw(p, 3_000)).json()
    const b = (await withdraw(p, 2_000)).json()
    expect(a).toMatchObject({ status: 'requested', feeFen: 100, payoutFen: 2_900, provider: 'sandbox' })
    expect(await earnings(p)).toMatchObject({ availableFen: 0, withdrawingFen: 5_000 })
    const ok = await s.asOwner({ method: 'POST', url: `/api/v1/console/withdrawals/${a.id}/approve` })
    expect(ok.json().status).toBe('approved')
    await drain()
    const no = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/withdrawals/${b.id}/reject`,
      payload: { reason: '账户信息不全' },
    })
    expect(no.json()).toMatchObject({ status: 'rejected', reason: '账户信息不全' })
    expect(await earnings(p)).toEqual({
      frozenFen: 0,
      availableFen: 2_000,
      withdrawingFen: 0,
      withdrawnFen: 3_000,
    })
    const mine = (await p.call({ method: 'GET', url: '/api/v1/store/promoter/withdrawals' })).json()
    expect(mine.items.map((w: any) => w.status).sort()).toEqual(['paid', 'rejected'])
    expect(mine.settings).toEqual({ minFen: 100, feeFen: 100, dailyLimitFen: null })
    // A decided withdrawal cannot be decided again.
    const again = await s.asOwner({ method: 'POST', url: `/api/v1/console/withdrawals/${b.id}/approve` })
    expect(again.statusCode).toBe(409)
    const bal = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/accounts' })).json()
    expect(bal.find((x: any) => x.code === 'withdrawal_fees').balanceFen).toBe(-100)
    await ledgerClean()
  })

  it('a provider refusal returns the money; manual payouts are recorded by the operator', async () => {
    const { s, p } = await withAvailable(4_000)
    const w = world.core.distribution.withdrawals
    const before = w.provider
    try {
      w.useProvider({
        name: 'sandbox',
        automatic: true,
        pay: async () => ({ ok: false, reason: '收款账户异常' }),
      })
      const a = (await withdraw(p, 1_000)).json()
      await s.asOwner({ method: 'POST', url: `/api/v1/console/withdrawals/${a.id}/approve` })
      await drain()
      const list = (await s.asOwner({ method: 'GET', url: '/api/v1/console/withdrawals' })).json().items
      expect(list[0]).toMatchObject({ id: a.id, status: 'rejected', reason: '收款账户异常' })
      expect((await earnings(p)).availableFen).toBe(4_000)

      w.useProvider({ name: 'manual', automatic: false, pay: async () => ({ ok: false, reason: 'manual' }) })
      const b = (await withdraw(p, 1_000)).json()
      await s.asOwner({ method: 'POST', url: `/api/v1/console/withdrawals/${b.id}/approve` })
      await drain()
      const paid = await s.asOwner({
        method: 'POST',
        url: `/api/v1/console/withdrawals/${b.id}/paid`,
        payload: { reference: '网银流水 2026112300001' },
      })
      expect(paid.json()).toMatchObject({ status: 'paid', providerRef: '网银流水 2026112300001' })
      expect(await earnings(p)).toMatchObject({ availableFen: 3_000, withdrawnFen: 1_000 })
    } finally {
      w.useProvider(before)
    }
    await ledgerClean()
  })

  it('concurrent requests never withdraw more than is available', async () => {
    const { p } = await withAvailable(5_000, { withdrawal: { minFen: 100, feeFen: 0, dailyLimitFen: null } })
    const rs = await Promise.all(Array.from({ length: 8 }, () => withdraw(p, 1_000)))
    expect(rs.filter((r) => r.statusCode === 200)).toHaveLength(5)
    expect(rs.filter((r) => r.statusCode === 409)).toHaveLength(3)
    expect(await earnings(p)).toMatchObject({ availableFen: 0, withdrawingFen: 5_000 })
  })
})

describe('the downline', () => {
  it('lists customers bound to the promoter with what they bought, buyer masked', async () => {
    const { s, productId, skuId } = await setup()
    const p = await promoter(s)
    const a = await s.shopper()
    const b = await s.shopper()
    await bindTo(p, a, productId)
    await bindTo(p, b, productId)
    await buyAndPay(a, skuId, 2)
    const d = (await p.call({ method: 'GET', url: '/api/v1/store/promoter/downline' })).json()
    expect(d.levels).toHaveLength(1)
    expect(d.levels[0].count).toBe(2)
    const rows = d.levels[0].items
    expect(rows.map((r: any) => r.paidFen).sort()).toEqual([0, 20_000])
    expect(JSON.stringify(rows)).not.toContain(a.phone)
  })
})
