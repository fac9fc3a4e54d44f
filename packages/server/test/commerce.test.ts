import { describe, expect, it } from 'vitest'
import { checkLedger } from '../src/modules/ledger/index.js'
import { signSandbox } from '../src/modules/payments/index.js'
import { call, createProduct, createShop, fileWorld } from './helpers.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

async function buy(
  shopper: Shopper,
  skuId: string,
  quantity = 1,
  fulfillment: 'pickup' | 'delivery' = 'pickup',
) {
  return shopper.call({
    method: 'POST',
    url: '/api/v1/store/orders',
    payload: { items: [{ skuId, quantity }], fulfillment },
  })
}

/** Pays an order the way a person does: open the pay URL, press pay, let the provider notify. */
async function pay(shopper: Shopper, orderId: string) {
  const p = await shopper.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode).toBe(200)
  const path = new URL(p.json().payUrl).pathname
  const page = await call(world, { method: 'GET', url: path })
  expect(page.body).toContain('确认支付')
  const confirm = await call(world, { method: 'POST', url: `${path}/confirm` })
  expect(confirm.statusCode).toBe(303)
  await world.core.worker.runDue()
  return p.json()
}

const order = (shopper: Shopper, id: string) =>
  shopper.call({ method: 'GET', url: `/api/v1/store/orders/${id}` }).then((r) => r.json())
const level = (shop: Shop, skuId: string) =>
  world.core.inventory.level({ db: world.core.db, tenantId: shop.shop.id }, skuId)

describe('buying', () => {
  it('buy now → sandbox pay → paid; stock sold and ledger booked', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1990], stock: 5 })
    const a = await s.shopper()
    const placed = await buy(a, skuIds[0], 2)
    expect(placed.statusCode).toBe(201)
    const o = placed.json()
    expect(o).toMatchObject({ status: 'pending_payment', totalFen: 3980, itemsFen: 3980 })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 5, reserved: 2, available: 3 })

    await pay(a, o.id)
    const paid = await order(a, o.id)
    expect(paid.status).toBe('paid')
    expect(paid.paidFen).toBe(3980)
    expect(paid.pickupCode).toMatch(/^\d{6}$/)
    expect(paid.history.map((h: any) => h.to)).toEqual(['pending_payment', 'paid'])
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 3, reserved: 0, available: 3 })
    const moves = await world.core.db
      .selectFrom('payment_history')
      .innerJoin('payments', 'payments.id', 'payment_history.payment_id')
      .select(['payment_history.from_status', 'payment_history.to_status', 'payment_history.event'])
      .where('payments.order_id', '=', o.id)
      .orderBy('payment_history.id')
      .execute()
    expect(moves).toEqual([
      { from_status: null, to_status: 'pending', event: 'create' },
      { from_status: 'pending', to_status: 'succeeded', event: 'succeed' },
    ])

    const accounts = await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/accounts' })
    expect(accounts.json()).toEqual(
      expect.arrayContaining([
        { code: 'cash:sandbox', kind: 'asset', balanceFen: 3980 },
        { code: 'sales', kind: 'revenue', balanceFen: -3980 },
      ]),
    )
  })

  it('checks out a cart with delivery to a saved address and empties those cart lines', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1000, 2500], stock: 5 })
    const a = await s.shopper()
    await a.call({
      method: 'POST',
      url: '/api/v1/store/cart/items',
      payload: { skuId: skuIds[0], quantity: 1 },
    })
    const cart = await a.call({
      method: 'POST',
      url: '/api/v1/store/cart/items',
      payload: { skuId: skuIds[1], quantity: 2 },
    })
    expect(cart.json().totalFen).toBe(6000)
    const addr = await a.call({
      method: 'POST',
      url: '/api/v1/store/addresses',
      payload: { name: '张三', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 1 号' },
    })
    const noAddr = await a.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { cartItemIds: cart.json().items.map((i: any) => i.id), fulfillment: 'delivery' },
    })
    expect(noAddr.statusCode).toBe(400)
    expect(noAddr.json().error).toMatchObject({
      field: 'addressId',
      message: '输入有误：快递配送请选择收货地址',
    })
    const placed = await a.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: {
        cartItemIds: cart.json().items.map((i: any) => i.id),
        fulfillment: 'delivery',
        addressId: addr.json().id,
        attribution: { channel: 'wechat_moments', shareToken: 'abc123' },
      },
    })
    expect(placed.statusCode).toBe(201)
    expect(placed.json().address.region).toBe('浙江省 杭州市 西湖区')
    expect(placed.json().lines[0].attribution).toMatchObject({
      channel: 'wechat_moments',
      shareToken: 'abc123',
    })
    expect((await a.call({ method: 'GET', url: '/api/v1/store/cart' })).json().items).toEqual([])
  })

  it('a draft or unknown SKU cannot be bought, and nothing is written', async () => {
    const s = await createShop(world)
    const a = await s.shopper()
    const r = await buy(a, '00000000-0000-4000-8000-000000000000')
    expect(r.statusCode).toBe(404)
    expect(r.json().error.field).toBe('items.0.skuId')
    const list = await a.call({ method: 'GET', url: '/api/v1/store/orders' })
    expect(list.json().items).toEqual([])
  })

  it('rejects malformed orders with a code and a field', async () => {
    const s = await createShop(world)
    const a = await s.shopper()
    const cases = [
      { payload: {}, field: 'fulfillment' },
      { payload: { items: [{ skuId: 'nope', quantity: 1 }], fulfillment: 'pickup' }, field: 'items.0.skuId' },
      {
        payload: {
          items: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 0 }],
          fulfillment: 'pickup',
        },
        field: 'items.0.quantity',
      },
      { payload: { items: [], fulfillment: 'pickup' }, field: 'items' },
      {
        payload: {
          items: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
          fulfillment: 'teleport',
        },
        field: 'fulfillment',
      },
    ]
    for (const c of cases) {
      const r = await a.call({ method: 'POST', url: '/api/v1/store/orders', payload: c.payload })
      expect(r.statusCode, JSON.stringify(c)).toBe(400)
      expect(r.json().error.code).toBe('validation_failed')
      expect(r.json().error.field).toBe(c.field)
    }
  })

  it('an Idempotency-Key replay returns the first order; another body with it is a 409', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 5 })
    const a = await s.shopper()
    const body = { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' }
    const h = { 'idempotency-key': 'checkout-1' }
    const first = await a.call({ method: 'POST', url: '/api/v1/store/orders', headers: h, payload: body })
    const again = await Promise.all(
      Array.from({ length: 5 }, () =>
        a.call({ method: 'POST', url: '/api/v1/store/orders', headers: h, payload: body }),
      ),
    )
    for (const r of again) {
      expect(r.statusCode).toBe(201)
      expect(r.json().id).toBe(first.json().id)
    }
    const other = await a.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      headers: h,
      payload: { ...body, note: 'x' },
    })
    expect(other.statusCode).toBe(409)
    expect(other.json().error.code).toBe('idempotency_mismatch')
    expect((await level(s, skuIds[0])).reserved).toBe(1)
    const long = await a.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      headers: { 'idempotency-key': 'k'.repeat(201) },
      payload: body,
    })
    expect(long.json().error).toMatchObject({
      field: 'Idempotency-Key',
      message: '输入有误：幂等键（Idempotency-Key）须为 1 到 200 个字符',
    })
  })
})

describe('the unpaid timeout', () => {
  it('cancels unpaid orders when the clock passes their due time and releases their stock', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 3 })
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0], 3)).json()
    expect((await buy(a, skuIds[0], 1)).json().error.code).toBe('sold_out')
    world.clock.advanceMinutes(14)
    await world.core.worker.runDue()
    expect((await order(a, o.id)).status).toBe('pending_payment')
    world.clock.advanceMinutes(2)
    await world.core.worker.runDue()
    const after = await order(a, o.id)
    expect(after.status).toBe('cancelled')
    expect(after.history.at(-1)).toMatchObject({ event: 'expire', reason: 'unpaid timeout' })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 3, reserved: 0 })
  })

  it('a payment that arrives after the timeout is honoured while stock lasts, refunded when it is gone', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 1, prices: [5000] })
    const a = await s.shopper()
    const b = await s.shopper()
    const late = (await buy(a, skuIds[0])).json()
    const p = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${late.id}/pay` })).json()
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    // The expiry job asked the provider first; nothing was paid, so the order was cancelled.
    expect((await order(a, late.id)).status).toBe('cancelled')
    await call(world, { method: 'POST', url: `${new URL(p.payUrl).pathname}/confirm` })
    await world.core.worker.runDue()
    expect((await order(a, late.id)).status).toBe('paid')

    // Second time: someone else buys the last unit in between, so the late payment is refunded.
    await world.core.inventory.receive({ db: world.core.db, tenantId: s.shop.id }, skuIds[0], 1)
    const lost = (await buy(a, skuIds[0])).json()
    const p2 = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${lost.id}/pay` })).json()
    world.clock.advanceMinutes(16)
    await world.core.worker.runDue()
    const winner = (await buy(b, skuIds[0])).json()
    await pay(b, winner.id)
    await call(world, { method: 'POST', url: `${new URL(p2.payUrl).pathname}/confirm` })
    await world.core.worker.runDue()
    const lostAfter = await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${lost.id}` })
    expect(lostAfter.json().status).toBe('cancelled')
    expect(lostAfter.json().payments[0].status).toBe('succeeded')
    expect(lostAfter.json().refunds).toMatchObject([{ amountFen: 5000, status: 'succeeded' }])
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })
})

describe('payment notifications', () => {
  it('replayed 10 times and out of order they capture once; a forged one is rejected and logged', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 5, prices: [1234] })
    const a = await s.shopper()
    const o1 = (await buy(a, skuIds[0])).json()
    const o2 = (await buy(a, skuIds[0])).json()
    const p1 = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${o1.id}/pay` })).json()
    const p2 = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${o2.id}/pay` })).json()
    const sandbox = world.core.payments.provider('sandbox') as any
    await sandbox.confirm(p1.outTradeNo)
    await sandbox.confirm(p2.outTradeNo)
    const n1 = await sandbox.notification(p1.outTradeNo)
    const n2 = await sandbox.notification(p2.outTradeNo)
    const send = (n: any) =>
      call(world, {
        method: 'POST',
        url: '/api/v1/payments/notify/sandbox',
        headers: n.headers,
        payload: n.body,
      })
    // Out of order (order 2 first), then ten concurrent replays of each.
    expect((await send(n2)).statusCode).toBe(200)
    const replays = await Promise.all([
      ...Array.from({ length: 10 }, () => send(n1)),
      ...Array.from({ length: 10 }, () => send(n2)),
    ])
    expect(replays.every((r) => r.statusCode === 200)).toBe(true)

    const forgedBody = n1.body.replace('"amount_fen":1234', '"amount_fen":1')
    expect(forgedBody).not.toBe(n1.body)
    const forged = await call(world, {
      method: 'POST',
      url: '/api/v1/payments/notify/sandbox',
      headers: n1.headers,
      payload: forgedBody,
    })
    expect(forged.statusCode).toBe(400)
    expect(forged.json()).toMatchObject({ code: 'FAIL' })
    // Correctly signed but the wrong amount: refused as a mismatch, not applied.
    const ts = String(Math.floor(world.clock.now().getTime() / 1000))
    const wrongAmount = JSON.stringify({ ...JSON.parse(n1.body), amount_fen: 2 })
    const mismatch = await call(world, {
      method: 'POST',
      url: '/api/v1/payments/notify/sandbox',
      headers: {
        'content-type': 'application/json',
        'x-sandbox-timestamp': ts,
        'x-sandbox-nonce': 'n',
        'x-sandbox-signature': signSandbox(world.core.config.sandboxSecret, ts, 'n', wrongAmount),
      },
      payload: wrongAmount,
    })
    expect(mismatch.statusCode).toBe(400)
    await world.core.worker.runDue()

    for (const o of [o1, o2]) {
      const d = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
      expect(d.status).toBe('paid')
      expect(d.history.filter((h: any) => h.to === 'paid')).toHaveLength(1)
    }
    const transfers = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/transfers' })).json()
    expect(transfers.filter((t: any) => t.kind === 'payment.captured')).toHaveLength(2)
    const log = await world.core.db
      .selectFrom('payment_notifications')
      .select(['outcome', 'ref'])
      .where('ref', '=', p1.outTradeNo)
      .execute()
    expect(log.filter((l) => l.outcome === 'applied')).toHaveLength(1)
    expect(log.filter((l) => l.outcome === 'duplicate').length).toBeGreaterThanOrEqual(9)
    const rejected = await world.core.db
      .selectFrom('payment_notifications')
      .select(['outcome'])
      .where('body', '=', forgedBody)
      .execute()
    expect(rejected).toEqual([{ outcome: 'rejected' }])
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })

  it('a notification the shop fails to take is retried by the provider until it is', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 5 })
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0])).json()
    const p = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/pay` })).json()
    const real = world.core.fetch
    let calls = 0
    world.core.fetch = async (url, init) => {
      if (!init.body.includes(p.outTradeNo)) return real(url, init)
      calls++
      return calls <= 2 ? { status: 503 } : real(url, init)
    }
    try {
      await call(world, { method: 'POST', url: `${new URL(p.payUrl).pathname}/confirm` })
      await world.core.worker.runDue()
      expect((await order(a, o.id)).status).toBe('pending_payment')
      world.clock.advance(11_000)
      await world.core.worker.runDue()
      world.clock.advance(21_000)
      await world.core.worker.runDue()
      expect(calls).toBe(3)
      expect((await order(a, o.id)).status).toBe('paid')
    } finally {
      world.core.fetch = real
    }
  })
})

describe('refunds and after-sales', () => {
  it('an operator refunds a whole order: money back through the provider, stock back, ledger nets to zero', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 5, prices: [2000] })
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0], 2)).json()
    await pay(a, o.id)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: '缺货' },
    })
    expect(r.statusCode).toBe(201)
    await world.core.worker.runDue()
    const d = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(d.status).toBe('refunded')
    expect(d.refundedFen).toBe(4000)
    expect(d.refunds).toMatchObject([{ amountFen: 4000, status: 'succeeded' }])
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 5, reserved: 0 })
    const bal = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/accounts' })).json()
    expect(bal.find((b: any) => b.code === 'cash:sandbox').balanceFen).toBe(0)
    // Nothing left to refund.
    const again = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: 'again' },
    })
    expect(again.statusCode).toBe(409)
  })

  it('partial refunds by line add up exactly and the last one closes the order', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 9, prices: [1000] })
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0], 3)).json()
    await pay(a, o.id)
    const lineId = o.lines[0].id
    for (let i = 0; i < 3; i++) {
      const r = await s.asOwner({
        method: 'POST',
        url: `/api/v1/console/orders/${o.id}/refund`,
        payload: { reason: 'part', lines: [{ lineId, quantity: 1 }] },
      })
      expect(r.statusCode).toBe(201)
      await world.core.worker.runDue()
    }
    const d = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(d.refunds.map((r: any) => r.amountFen)).toEqual([1000, 1000, 1000])
    expect(d.status).toBe('refunded')
    const over = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: 'x', lines: [{ lineId, quantity: 1 }] },
    })
    expect(over.statusCode).toBe(409)
  })

  it('a shopper asks for a 7-day no-reason return; the operator approves; a non-returnable product is refused', async () => {
    const s = await createShop(world)
    const ok = await createProduct(world, s.shop.id, { stock: 5, prices: [3000] })
    const no = await createProduct(world, s.shop.id, {
      stock: 5,
      prices: [800],
      returnable7d: false,
      title: '生鲜',
    })
    const a = await s.shopper()
    const addr = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/addresses',
        payload: { name: '李四', phone: '13900139000', region: '上海市', detail: '人民路 2 号' },
      })
    ).json()
    const o = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/orders',
        payload: {
          items: [
            { skuId: ok.skuIds[0], quantity: 1 },
            { skuId: no.skuIds[0], quantity: 1 },
          ],
          fulfillment: 'delivery',
          addressId: addr.id,
        },
      })
    ).json()
    await pay(a, o.id)
    const shipped = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/ship`,
      payload: { carrier: '顺丰', trackingNo: 'SF123' },
    })
    expect(shipped.json().status).toBe('shipped')
    await a.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/confirm-receipt` })
    const lineOk = o.lines.find((l: any) => l.skuId === ok.skuIds[0]).id
    const lineNo = o.lines.find((l: any) => l.skuId === no.skuIds[0]).id
    const refused = await a.call({
      method: 'POST',
      url: `/api/v1/store/orders/${o.id}/after-sales`,
      payload: {
        type: 'return_refund',
        reason: '不想要了',
        noReasonReturn: true,
        lines: [{ lineId: lineNo, quantity: 1 }],
      },
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('return_not_allowed')
    const req = await a.call({
      method: 'POST',
      url: `/api/v1/store/orders/${o.id}/after-sales`,
      payload: {
        type: 'return_refund',
        reason: '不想要了',
        noReasonReturn: true,
        lines: [{ lineId: lineOk, quantity: 1 }],
      },
    })
    expect(req.statusCode).toBe(201)
    expect(req.json()).toMatchObject({ status: 'requested', amountFen: 3000 })
    const list = await s.asOwner({ method: 'GET', url: '/api/v1/console/after-sales?status=requested' })
    expect(list.json().map((x: any) => x.id)).toContain(req.json().id)
    const approved = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/after-sales/${req.json().id}/approve`,
    })
    expect(approved.statusCode).toBe(200)
    await world.core.worker.runDue()
    const d = await order(a, o.id)
    expect(d.status).toBe('completed')
    expect(d.refundedFen).toBe(3000)
    expect(d.afterSales[0].status).toBe('refunded')
    expect(await level(s, ok.skuIds[0])).toMatchObject({ onHand: 5 })

    // After the return window, no-reason returns are refused.
    world.clock.advance(8 * 86_400_000)
    const tooLate = await a.call({
      method: 'POST',
      url: `/api/v1/store/orders/${o.id}/after-sales`,
      payload: { type: 'return_refund', reason: 'x', noReasonReturn: true },
    })
    expect(tooLate.statusCode).toBe(409)
  })

  it('pickup orders complete only with the right pickup code', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0])).json()
    await pay(a, o.id)
    await s.asOwner({ method: 'POST', url: `/api/v1/console/orders/${o.id}/ready-for-pickup` })
    const code = (await order(a, o.id)).pickupCode
    const wrong = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/complete`,
      payload: { pickupCode: code === '000000' ? '111111' : '000000' },
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error).toMatchObject({ field: 'pickupCode', message: '输入有误：提货码不正确' })
    const right = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/complete`,
      payload: { pickupCode: code },
    })
    expect(right.json().status).toBe('completed')
  })
})

describe('stock count corrections', () => {
  it('cannot take stock below what unpaid orders hold, and says so in Chinese', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 2 })
    expect((await buy(await s.shopper(), skuIds[0])).statusCode).toBe(201)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/inventory/${skuIds[0]}/adjust`,
      payload: { delta: -2, note: '盘点' },
    })
    expect(r.statusCode).toBe(400)
    expect(r.json().error).toMatchObject({
      field: 'delta',
      message: '输入有误：调整后的库存不能少于待支付订单占用的数量',
    })
    expect(await level(s, skuIds[0])).toMatchObject({ onHand: 2 })
  })
})

describe('tenancy and ownership', () => {
  it('another shop’s staff and another shopper can neither see nor change an order', async () => {
    const s = await createShop(world)
    const other = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const b = await s.shopper()
    const o = (await buy(a, skuIds[0])).json()
    await pay(a, o.id)
    const consoleRoutes = [
      ['GET', `/api/v1/console/orders/${o.id}`],
      ['POST', `/api/v1/console/orders/${o.id}/ship`, { carrier: 'x', trackingNo: 'y' }],
      ['POST', `/api/v1/console/orders/${o.id}/ready-for-pickup`],
      ['POST', `/api/v1/console/orders/${o.id}/complete`, {}],
      ['POST', `/api/v1/console/orders/${o.id}/refund`, { reason: 'x' }],
      ['POST', `/api/v1/console/inventory/${skuIds[0]}/adjust`, { delta: 5, note: 'x' }],
      ['GET', `/api/v1/console/inventory/${skuIds[0]}/movements`],
    ] as const
    for (const [method, url, payload] of consoleRoutes) {
      const r = await other.asOwner({ method, url, payload })
      expect(r.statusCode, `${method} ${url}`).toBe(404)
      const anon = await call(world, { method, url, payload, headers: { 'x-shop': s.shop.slug } })
      expect(anon.statusCode, `anonymous ${method} ${url}`).toBe(401)
      const asShopper = await a.call({ method, url, payload })
      expect(asShopper.statusCode, `shopper ${method} ${url}`).toBe(401)
    }
    const storeRoutes = [
      ['GET', `/api/v1/store/orders/${o.id}`],
      ['POST', `/api/v1/store/orders/${o.id}/pay`],
      ['POST', `/api/v1/store/orders/${o.id}/cancel`],
      ['POST', `/api/v1/store/orders/${o.id}/confirm-receipt`],
      ['POST', `/api/v1/store/orders/${o.id}/after-sales`, { type: 'refund_only', reason: 'x' }],
    ] as const
    for (const [method, url, payload] of storeRoutes) {
      const r = await b.call({ method, url, payload })
      expect(r.statusCode, `${method} ${url}`).toBe(404)
    }
    expect((await b.call({ method: 'GET', url: '/api/v1/store/orders' })).json().items).toEqual([])

    // After-sales, staff, cart lines and addresses: also only their owners'.
    const req = (
      await a.call({
        method: 'POST',
        url: `/api/v1/store/orders/${o.id}/after-sales`,
        payload: { type: 'refund_only', reason: '不要了' },
      })
    ).json()
    for (const [method, url, payload] of [
      ['POST', `/api/v1/console/after-sales/${req.id}/approve`, {}],
      ['POST', `/api/v1/console/after-sales/${req.id}/reject`, { reason: 'x' }],
      [
        'PATCH',
        `/api/v1/console/staff/${(await s.asOwner({ method: 'GET', url: '/api/v1/console/auth/me' })).json().id}`,
        { name: 'hijack' },
      ],
    ] as const) {
      expect((await other.asOwner({ method, url, payload })).statusCode, `${method} ${url}`).toBe(404)
    }
    const cart = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/cart/items',
        payload: { skuId: skuIds[0], quantity: 1 },
      })
    ).json()
    const addr = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/addresses',
        payload: { name: '赵六', phone: '13500135000', region: '广州市', detail: '天河路 3 号' },
      })
    ).json()
    for (const [method, url, payload] of [
      ['PATCH', `/api/v1/store/cart/items/${cart.items[0].id}`, { quantity: 5 }],
      ['DELETE', `/api/v1/store/cart/items/${cart.items[0].id}`, undefined],
      ['DELETE', `/api/v1/store/addresses/${addr.id}`, undefined],
    ] as const) {
      expect((await b.call({ method, url, payload })).statusCode, `${method} ${url}`).toBe(404)
    }
    const bAddr = await b.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'delivery', addressId: addr.id },
    })
    expect(bAddr.statusCode).toBe(404)
    expect((await a.call({ method: 'GET', url: '/api/v1/store/cart' })).json().items[0].quantity).toBe(1)
    expect(
      (await s.asOwner({ method: 'GET', url: '/api/v1/console/after-sales?status=requested' }))
        .json()
        .map((x: any) => x.id),
    ).toContain(req.id)
    expect((await other.asOwner({ method: 'GET', url: '/api/v1/console/orders' })).json().items).toEqual([])
    expect((await order(a, o.id)).status).toBe('paid')
  })
})

describe('the books', () => {
  it('ledger check passes over everything this file did', async () => {
    const r = await checkLedger(world.core.db)
    expect(r.violations).toEqual([])
    expect(r.transfers).toBeGreaterThan(0)
  })
})

describe('the sandbox cashier', () => {
  it('takes the browser form post of its pay button and sends the shopper back', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0])).json()
    const p = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/pay` })).json()
    const r = await call(world, {
      method: 'POST',
      url: `${new URL(p.payUrl).pathname}/confirm`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    })
    expect(r.statusCode).toBe(303)
    expect(r.headers.location).toBe(`http://liebian.test/orders/${o.id}?paid=1`)
    await world.core.worker.runDue()
    expect((await order(a, o.id)).status).toBe('paid')
  })
})

describe('shop settings', () => {
  it('an operator’s settings reach the storefront and the checkout (pickup address, unpaid timeout)', async () => {
    const s = await createShop(world)
    const r = await s.asOwner({
      method: 'PATCH',
      url: '/api/v1/console/shop',
      payload: { settings: { pickupAddress: '杭州市西湖区文三路 1 号自提点', unpaidTimeoutMinutes: 30 } },
    })
    expect(r.statusCode).toBe(200)
    expect((await s.asGuest({ method: 'GET', url: '/api/v1/store/shop' })).json()).toMatchObject({
      pickupAddress: '杭州市西湖区文三路 1 号自提点',
    })
    const { skuIds } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const o = (await buy(a, skuIds[0])).json()
    expect(new Date(o.expiresAt).getTime() - new Date(o.createdAt).getTime()).toBe(30 * 60_000)
    const audit = (await s.asOwner({ method: 'GET', url: '/api/v1/console/audit' })).json()
    expect(audit[0]).toMatchObject({ action: 'shop.update', entity: 'shop' })
  })
})
