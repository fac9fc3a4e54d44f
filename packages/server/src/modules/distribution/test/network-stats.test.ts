import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { systemCtx } from '../../../platform/context.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

async function drain() {
  for (let i = 0; i < 4; i++) await world.core.worker.runDue()
}

/** A shop binding on first click, approving promoters at once, paying 10% (and 5% on level 2 when `levels` is 2). */
async function setup(levels: 1 | 2) {
  const s = await createShop(world)
  const r = await s.asOwner({
    method: 'PUT',
    url: '/api/v1/console/distribution/program',
    payload: {
      program: {
        ...defaultProgram(),
        qualifications: [{ kind: 'apply', approval: 'auto' }],
        binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false },
      },
      plan: {
        ...defaultPlan(),
        defaultRate: { kind: 'rate', level1Bp: 1_000, level2Bp: levels === 2 ? 500 : 0 },
        levels,
        secondLevelAcknowledged: levels === 2,
      },
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

async function bindTo(sharer: Shopper, customer: Shopper, productId: string) {
  const share = await sharer.call({
    method: 'POST',
    url: '/api/v1/store/shares',
    payload: { targetKind: 'product', targetId: productId },
  })
  const open = await customer.call({ method: 'POST', url: `/api/v1/store/shares/${share.json().token}/open` })
  expect(open.statusCode, open.body).toBe(200)
  await drain()
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

const stats = async (s: Shop) => {
  const all = await world.core.distribution.commissions.networkStats(systemCtx(s.shop.id, world.core.db))
  return new Map(all.map((x) => [x.promoterId, x]))
}

describe('network figures for every promoter', () => {
  it('count customers, orders, GMV net of refunds and commission per level, as the downline does', async () => {
    const { s, productId, skuId } = await setup(2)
    // top ← mid ← a, c;  top ← b;  lonely has nobody.
    const top = await promoter(s)
    const mid = await promoter(s)
    const lonely = await promoter(s)
    await bindTo(top, mid, productId)
    const a = await s.shopper()
    const b = await s.shopper()
    const c = await s.shopper()
    await bindTo(mid, a, productId)
    await bindTo(mid, c, productId)
    await bindTo(top, b, productId)
    const oa = await buyAndPay(a, skuId, 2) // 200 yuan: mid 10% = 20, top 5% = 10
    await buyAndPay(b, skuId) // 100 yuan: top 10% = 10
    // Half of a's order comes back: half the GMV and half of both commissions with it.
    const full = (await a.call({ method: 'GET', url: `/api/v1/store/orders/${oa.id}` })).json()
    const refund = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${oa.id}/refund`,
      payload: { reason: '顾客要求', lines: [{ lineId: full.lines[0].id, quantity: 1 }] },
    })
    expect(refund.statusCode, refund.body).toBe(201)
    await drain()

    const all = await stats(s)
    expect(all.size).toBe(3)
    expect(all.get(top.promoterId)).toEqual({
      promoterId: top.promoterId,
      status: 'active',
      level1: { customers: 2, orders: 1, gmvFen: 10_000, commissionFen: 1_000 },
      level2: { customers: 2, orders: 1, gmvFen: 10_000, commissionFen: 500 },
    })
    expect(all.get(mid.promoterId)).toMatchObject({
      level1: { customers: 2, orders: 1, gmvFen: 10_000, commissionFen: 1_000 },
      level2: { customers: 0, orders: 0, gmvFen: 0, commissionFen: 0 },
    })
    expect(all.get(lonely.promoterId)).toMatchObject({
      level1: { customers: 0, orders: 0, gmvFen: 0, commissionFen: 0 },
      level2: { customers: 0, orders: 0, gmvFen: 0, commissionFen: 0 },
    })

    // The same figures as each promoter's own downline page.
    const ctx = systemCtx(s.shop.id, world.core.db)
    for (const p of [top, mid, lonely]) {
      const d = await world.core.distribution.commissions.downline(ctx, p.promoterId)
      const st = all.get(p.promoterId)!
      for (const level of d.levels) {
        const mine = level.level === 1 ? st.level1 : st.level2
        expect(mine.customers).toBe(level.count)
        expect(mine.orders).toBe(level.items.reduce((n, i) => n + i.orders, 0))
        expect(mine.gmvFen).toBe(level.items.reduce((n, i) => n + i.paidFen, 0))
      }
    }
  })

  it('leave level 2 empty for a one-level program, and only count the shop’s own promoters', async () => {
    const { s, productId, skuId } = await setup(1)
    const top = await promoter(s)
    const mid = await promoter(s)
    await bindTo(top, mid, productId)
    const a = await s.shopper()
    await bindTo(mid, a, productId)
    await buyAndPay(a, skuId)
    const other = await setup(2)
    await promoter(other.s)

    const all = await stats(s)
    expect(all.size).toBe(2)
    expect(all.get(top.promoterId)).toMatchObject({
      level1: { customers: 1, orders: 0, gmvFen: 0, commissionFen: 0 },
      level2: { customers: 0, orders: 0, gmvFen: 0, commissionFen: 0 },
    })
    expect(all.get(mid.promoterId)).toMatchObject({
      level1: { customers: 1, orders: 1, gmvFen: 10_000, commissionFen: 1_000 },
    })
  })
})
