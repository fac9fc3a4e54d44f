import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { systemCtx } from '../../../platform/context.js'
import { checkLedger } from '../../ledger/ledger.service.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

async function drain() {
  for (let i = 0; i < 4; i++) await world.core.worker.runDue()
}

async function setup() {
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
        defaultRate: { kind: 'rate', level1Bp: 1_000, level2Bp: 500 },
        levels: 2,
        secondLevelAcknowledged: true,
      },
    },
  })
  expect(r.statusCode, r.body).toBe(200)
  const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [10_000], stock: 50 })
  return { s, productId, skuId: skuIds[0] }
}

async function promoter(s: Shop) {
  const p = await s.shopper()
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
  world.clock.advanceMinutes(5) // an order seconds after the click would be held for review
}

/** Buys, pays and picks up: the order is completed and its return window starts. */
async function buyToCompletion(s: Shop, sh: Shopper, skuId: string, quantity = 1) {
  const o = await sh.call({
    method: 'POST',
    url: '/api/v1/store/orders',
    payload: { items: [{ skuId, quantity }], fulfillment: 'pickup' },
  })
  expect(o.statusCode, o.body).toBe(201)
  const id = o.json().id as string
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${id}/pay` })
  expect(
    (await call(world, { method: 'POST', url: `${new URL(p.json().payUrl).pathname}/confirm` })).statusCode,
  ).toBe(303)
  await drain()
  await s.asOwner({ method: 'POST', url: `/api/v1/console/orders/${id}/ready-for-pickup` })
  const code = (await sh.call({ method: 'GET', url: `/api/v1/store/orders/${id}` })).json().pickupCode
  const done = await s.asOwner({
    method: 'POST',
    url: `/api/v1/console/orders/${id}/complete`,
    payload: { pickupCode: code },
  })
  expect(done.json().status).toBe('completed')
  await drain()
  return id
}

describe('bulk settlement', () => {
  it('settles every due, unheld commission exactly once, also with runs racing in small batches and lanes', async () => {
    const { s, productId, skuId } = await setup()
    const top = await promoter(s)
    const mid1 = await promoter(s)
    const mid2 = await promoter(s)
    await bindTo(top, mid1, productId)
    await bindTo(top, mid2, productId)
    const [a, b, c] = [await s.shopper(), await s.shopper(), await s.shopper()]
    await bindTo(mid1, a, productId)
    await bindTo(mid2, b, productId)
    await bindTo(top, c, productId)
    // mid1: 10 + 20; mid2: 30; top: 5 + 10 + 15 on level 2 and 10 on level 1 (the held one).
    await buyToCompletion(s, a, skuId, 1)
    await buyToCompletion(s, a, skuId, 2)
    await buyToCompletion(s, b, skuId, 3)
    const held = await buyToCompletion(s, c, skuId, 1)
    const ctx = systemCtx(s.shop.id, world.core.db)
    const [heldRow] = (await world.core.distribution.commissions.list(ctx, { orderId: held })).items
    await world.core.distribution.commissions.hold(
      ctx,
      [heldRow.id],
      [{ rule: 'test', en: 'test', zh: '测试' }],
    )

    // The return window passes; the per-order jobs are left waiting so the bulk runs do the work.
    world.clock.advanceMinutes(8 * 24 * 60)
    const runs = await Promise.all([
      world.core.distribution.commissions.settleDue(ctx, { batch: 1 }),
      world.core.distribution.commissions.settleDue(ctx, { batch: 2, lanes: 3 }),
      world.core.distribution.commissions.settleDue(ctx, { lanes: 2 }),
    ])
    expect(runs.reduce((a, b) => a + b, 0)).toBe(6)
    await drain() // the jobs find nothing left to do
    expect(await world.core.distribution.commissions.settleDue(ctx)).toBe(0)

    // Ledger balances (a zero balance may come back as -0: compared as numbers).
    const money = async (id: string) => {
      const e = await world.core.distribution.commissions.earnings(ctx, id)
      return [e.frozenFen + 0, e.availableFen + 0]
    }
    expect(await money(mid1.promoterId)).toEqual([0, 3_000])
    expect(await money(mid2.promoterId)).toEqual([0, 3_000])
    expect(await money(top.promoterId)).toEqual([1_000, 3_000])
    const { items } = await world.core.distribution.commissions.list(ctx, { limit: 100 })
    expect(items.filter((i) => i.status === 'settled')).toHaveLength(6)
    expect(items.find((i) => i.id === heldRow.id)).toMatchObject({ status: 'frozen', review: 'held' })
    const history = await world.core.db
      .selectFrom('commission_history')
      .select(['commission_id', 'event', 'amount_fen'])
      .where('tenant_id', '=', s.shop.id)
      .where('event', '=', 'settle')
      .execute()
    expect(history).toHaveLength(6)
    expect(new Set(history.map((h) => h.commission_id)).size).toBe(6)
    const { violations } = await checkLedger(world.core.db)
    expect(violations).toEqual([])
  })
})
