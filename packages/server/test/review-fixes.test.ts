import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { checkLedger } from '../src/modules/ledger/index.js'
import { call, createProduct, createShop, fileWorld } from './helpers.js'

const world = await fileWorld()
type Shopper = Awaited<ReturnType<Awaited<ReturnType<typeof createShop>>['shopper']>>

const buy = (a: Shopper, skuId: string, fulfillment: 'pickup' | 'delivery' = 'pickup', addressId?: string) =>
  a
    .call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId, quantity: 1 }], fulfillment, addressId },
    })
    .then((r) => r.json())
async function pay(a: Shopper, orderId: string) {
  const p = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })).json()
  await call(world, { method: 'POST', url: `${new URL(p.payUrl).pathname}/confirm` })
  await world.core.worker.runDue()
  return p
}
const sandbox = () => world.core.payments.provider('sandbox') as any

describe('the sandbox is off unless asked for', () => {
  it('without it there is no cashier and no way to read SMS codes', async () => {
    const app = await buildApp({ ...world.core, config: { ...world.core.config, sandbox: false } })
    try {
      const s = await createShop(world)
      const cashier = await app.inject({ method: 'POST', url: '/sandbox/pay/P123/confirm' })
      expect(cashier.statusCode).toBe(404)
      await app.inject({
        method: 'POST',
        url: '/api/v1/store/auth/code',
        headers: { 'x-shop': s.shop.slug },
        payload: { phone: '13100131000' },
      })
      const code = await app.inject({
        method: 'GET',
        url: '/api/v1/store/auth/sandbox-code?phone=13100131000',
        headers: { 'x-shop': s.shop.slug },
      })
      expect(code.statusCode).toBe(404)
    } finally {
      await app.close()
    }
  })
})

describe('refunds the provider refuses', () => {
  it('go back to the operator, who can approve again once the provider takes it', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [2500] })
    const a = await s.shopper()
    const o = await buy(a, skuIds[0])
    await pay(a, o.id)
    const real = sandbox().refund
    sandbox().refund = async () => ({ status: 'failed' })
    try {
      const r = await s.asOwner({
        method: 'POST',
        url: `/api/v1/console/orders/${o.id}/refund`,
        payload: { reason: '质量问题' },
      })
      expect(r.statusCode).toBe(201)
      await world.core.worker.runDue()
      const list = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
      expect(list.refunds).toMatchObject([{ status: 'failed' }])
      expect(list.afterSales).toMatchObject([{ status: 'requested' }])
      expect(list.status).toBe('paid')
    } finally {
      sandbox().refund = real
    }
    const asId = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
      .afterSales[0].id
    expect(
      (await s.asOwner({ method: 'POST', url: `/api/v1/console/after-sales/${asId}/approve` })).statusCode,
    ).toBe(200)
    await world.core.worker.runDue()
    const done = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(done.status).toBe('refunded')
    expect(done.refunds.map((r: any) => r.status)).toEqual(['failed', 'succeeded'])
    const moves = await world.core.db
      .selectFrom('payment_history')
      .innerJoin('refunds', 'refunds.id', 'payment_history.refund_id')
      .select(['payment_history.to_status'])
      .where('refunds.order_id', '=', o.id)
      .orderBy('payment_history.id')
      .execute()
    expect(moves.map((m) => m.to_status)).toEqual(['pending', 'failed', 'pending', 'succeeded'])
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })
})

describe('restocking', () => {
  it('a refund-only request approved after the goods shipped does not put them back on the shelf', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 4 })
    const a = await s.shopper()
    const addr = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/addresses',
        payload: { name: '王五', phone: '13300133000', region: '北京市', detail: '长安街 1 号' },
      })
    ).json()
    const o = await buy(a, skuIds[0], 'delivery', addr.id)
    await pay(a, o.id)
    const req = (
      await a.call({
        method: 'POST',
        url: `/api/v1/store/orders/${o.id}/after-sales`,
        payload: { type: 'refund_only', reason: '不想要了' },
      })
    ).json()
    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/ship`,
      payload: { carrier: '顺丰', trackingNo: 'SF1' },
    })
    await s.asOwner({ method: 'POST', url: `/api/v1/console/after-sales/${req.id}/approve` })
    await world.core.worker.runDue()
    expect(
      await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuIds[0]),
    ).toMatchObject({ onHand: 3 })
  })
})

describe('the unpaid timeout when the provider cannot be asked', () => {
  it('still cancels the order and releases its stock', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { stock: 2 })
    const a = await s.shopper()
    const o = await buy(a, skuIds[0])
    await a.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/pay` })
    const real = sandbox().queryPayment
    sandbox().queryPayment = async () => {
      throw new Error('provider unreachable')
    }
    try {
      world.clock.advanceMinutes(16)
      await world.core.worker.runDue()
    } finally {
      sandbox().queryPayment = real
    }
    expect((await a.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}` })).json().status).toBe(
      'cancelled',
    )
    expect(
      await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuIds[0]),
    ).toMatchObject({ reserved: 0 })
  })
})

describe('what staff see', () => {
  it('merchant staff cannot read the shop’s orders, and nobody in the console sees a pickup code', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id)
    const a = await s.shopper()
    const o = await buy(a, skuIds[0])
    await pay(a, o.id)
    await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/staff',
      payload: { email: 'm@example.com', name: 'M', password: 'merchant1', role: 'merchant_staff' },
    })
    const token = (
      await call(world, {
        method: 'POST',
        url: '/api/v1/console/auth/login',
        headers: { 'x-shop': s.shop.slug },
        payload: { email: 'm@example.com', password: 'merchant1' },
      })
    ).json().token
    for (const url of [
      '/api/v1/console/orders',
      `/api/v1/console/orders/${o.id}`,
      '/api/v1/console/dashboard',
      '/api/v1/console/inventory',
      '/api/v1/console/after-sales',
    ]) {
      expect(
        (await call(world, { method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).statusCode,
        url,
      ).toBe(403)
    }
    expect((await a.call({ method: 'GET', url: `/api/v1/store/orders/${o.id}` })).json().pickupCode).toMatch(
      /^\d{6}$/,
    )
    expect(
      (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json().pickupCode,
    ).toBeNull()
    expect(
      (await s.asOwner({ method: 'GET', url: '/api/v1/console/orders' })).json().items[0].pickupCode,
    ).toBeNull()
  })
})

describe('a second payment for a paid order', () => {
  it('is refunded on its own, and an operator refund takes the payment that paid the order', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1800] })
    const a = await s.shopper()
    const o = await buy(a, skuIds[0])
    const p1 = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/pay` })).json()
    // The shopper opens the payment again elsewhere: a second payment for the same order.
    await world.core.db
      .updateTable('payments')
      .set({ pay_url: null })
      .where('id', '=', p1.paymentId)
      .execute()
    world.clock.advance(1000)
    const p2 = (await a.call({ method: 'POST', url: `/api/v1/store/orders/${o.id}/pay` })).json()
    expect(p2.paymentId).not.toBe(p1.paymentId)
    await sandbox().confirm(p2.outTradeNo)
    await world.core.worker.runDue()
    world.clock.advance(-500)
    await sandbox().confirm(p1.outTradeNo)
    world.clock.advance(500)
    await world.core.worker.runDue()
    const mid = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(mid.status).toBe('paid')
    expect(mid.refunds).toMatchObject([{ amountFen: 1800, status: 'succeeded' }])
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.id}/refund`,
      payload: { reason: '取消' },
    })
    expect(r.statusCode).toBe(201)
    await world.core.worker.runDue()
    expect((await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json().status).toBe(
      'refunded',
    )
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })
})

describe('free orders', () => {
  it('an order that totals zero is refused, not left unpayable', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [0] })
    const a = await s.shopper()
    const r = await a.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' },
    })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.field).toBe('items')
  })
})

describe('SMS codes', () => {
  it('parallel requests for one phone send one code', async () => {
    const s = await createShop(world)
    const rs = await Promise.all(
      Array.from({ length: 8 }, () =>
        s.asGuest({ method: 'POST', url: '/api/v1/store/auth/code', payload: { phone: '13200132000' } }),
      ),
    )
    expect(rs.filter((r) => r.statusCode === 200)).toHaveLength(1)
    expect(rs.filter((r) => r.statusCode === 429)).toHaveLength(7)
  })
})
