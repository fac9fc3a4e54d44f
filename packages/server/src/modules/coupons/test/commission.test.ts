import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { checkLedger } from '../../ledger/index.js'

/** Commissions on an order bought with a coupon are on what the buyer paid per line, not the list price. */
const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const hours = (h: number) => new Date(world.clock.now().getTime() + h * 3_600_000).toISOString()

async function drain() {
  for (let i = 0; i < 4; i++) await world.core.worker.runDue()
}

/** A shop whose promoter program approves applications at once and binds on the first click. */
async function shopWithProgram() {
  const s = await createShop(world)
  const current = (await s.asOwner({ method: 'GET', url: '/api/v1/console/distribution/program' })).json()
  const r = await s.asOwner({
    method: 'PUT',
    url: '/api/v1/console/distribution/program',
    payload: {
      program: {
        ...current.program,
        qualifications: [{ kind: 'apply', approval: 'auto' }],
        binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false },
      },
      plan: current.plan,
    },
  })
  expect(r.statusCode, r.body).toBe(200)
  return s
}

async function bindTo(s: Shop, buyer: Shopper, productId: string) {
  const p = await s.shopper()
  const applied = await p.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
  expect(applied.json().status).toBe('active')
  const share = await p.call({
    method: 'POST',
    url: '/api/v1/store/shares',
    payload: { targetKind: 'product', targetId: productId },
  })
  const open = await buyer.call({ method: 'POST', url: `/api/v1/store/shares/${share.json().token}/open` })
  expect(open.statusCode, open.body).toBe(200)
  await drain()
  // A person takes a while from opening a link to buying (an instant order is held as suspicious).
  world.clock.advanceMinutes(2)
  return p
}

describe('commission on a coupon order', () => {
  it('each line earns on its share of what was paid, and the refund claws back exactly that', async () => {
    const s = await shopWithProgram()
    const { productId, skuIds } = await createProduct(world, s.shop.id, {
      prices: [15_000, 5_000],
      stock: 10,
    })
    const buyer = await s.shopper()
    const promoter = await bindTo(s, buyer, productId)
    const tpl = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/coupons/templates',
      payload: {
        name: '立减40',
        kind: 'fixed',
        amountFen: 4_000,
        scope: 'all',
        scopeIds: [],
        validity: 'after_claim',
        validDays: 7,
        claimStartsAt: hours(-1),
        claimEndsAt: hours(24),
        perPersonLimit: 1,
        totalLimit: null,
        claimable: true,
      },
    })
    const coupon = (
      await buyer.call({ method: 'POST', url: `/api/v1/store/coupons/centre/${tpl.json().id}/claim` })
    ).json()
    const o = await buyer.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: {
        items: [
          { skuId: skuIds[0], quantity: 1 },
          { skuId: skuIds[1], quantity: 1 },
        ],
        couponIds: [coupon.id],
        fulfillment: 'pickup',
      },
    })
    expect(o.statusCode, o.body).toBe(201)
    const order = o.json()
    expect(order.totalFen).toBe(16_000)
    const paid = new Map<string, number>(order.lines.map((l: any) => [l.id, l.amountFen]))
    expect([...paid.values()].sort((a, b) => a - b)).toEqual([4_000, 12_000])
    const pay = await buyer.call({ method: 'POST', url: `/api/v1/store/orders/${order.id}/pay` })
    const path = new URL(pay.json().payUrl).pathname
    expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
    await drain()

    const commissions = (
      await promoter.call({ method: 'GET', url: '/api/v1/store/promoter/commissions' })
    ).json().items
    expect(commissions.length).toBeGreaterThan(0)
    const bases = commissions.map((c: any) => c.baseFen).sort((a: number, b: number) => a - b)
    expect(bases).toEqual([4_000, 12_000])

    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${order.id}/refund`,
      payload: { reason: '顾客要求' },
    })
    await drain()
    const after = (await promoter.call({ method: 'GET', url: '/api/v1/store/promoter/earnings' })).json()
    expect(after).toMatchObject({ frozenFen: 0, availableFen: 0 })
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })
})
