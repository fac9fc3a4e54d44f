import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const DAY_MIN = 24 * 60

async function setup(binding: Record<string, unknown>) {
  const s = await createShop(world)
  const r = await s.asOwner({
    method: 'PUT',
    url: '/api/v1/console/distribution/program',
    payload: {
      program: {
        ...defaultProgram(),
        qualifications: [{ kind: 'apply', approval: 'auto' }],
        binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false, ...binding },
      },
      plan: defaultPlan(),
    },
  })
  expect(r.statusCode, r.body).toBe(200)
  const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [5_000], stock: 20 })
  return { s, productId, skuId: skuIds[0] }
}

async function promoter(s: Shop) {
  const sh = await s.shopper()
  const r = await sh.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
  expect(r.json().status).toBe('active')
  return { ...sh, promoterId: r.json().id as string }
}

async function shareOf(sh: Shopper, productId: string) {
  const r = await sh.call({
    method: 'POST',
    url: '/api/v1/store/shares',
    payload: { targetKind: 'product', targetId: productId },
  })
  expect(r.statusCode, r.body).toBeLessThan(300)
  return r.json().token as string
}

async function open(sh: Shopper, token: string) {
  const r = await sh.call({ method: 'POST', url: `/api/v1/store/shares/${token}/open` })
  expect(r.statusCode, r.body).toBe(200)
  await world.core.worker.runDue()
}

const bindingOf = (s: Shop, customerId: string) =>
  world.core.distribution.bindings.bindingOf({ db: world.core.db, tenantId: s.shop.id }, customerId)
const historyOf = (s: Shop, customerId: string) =>
  world.core.distribution.bindings.historyOf({ db: world.core.db, tenantId: s.shop.id }, customerId)

describe('binding on click', () => {
  it('first touch: the first promoter keeps the customer', async () => {
    const { s, productId } = await setup({ touch: 'first' })
    const p = await promoter(s)
    const q = await promoter(s)
    const c = await s.shopper()
    await open(c, await shareOf(p, productId))
    expect(await bindingOf(s, c.id)).toMatchObject({
      promoterId: p.promoterId,
      reason: 'first_click',
      reasonText: '首次点击该推广员的分享链接绑定',
      lockedUntil: null,
    })
    await open(c, await shareOf(q, productId))
    expect((await bindingOf(s, c.id))?.promoterId).toBe(p.promoterId)
    expect((await historyOf(s, c.id)).map((h) => [h.action, h.reason])).toEqual([
      ['bind', 'first_click'],
      ['keep', 'first_touch'],
    ])
    // The console shows it on the customer, with the reason in plain words.
    const shown = await s.asOwner({ method: 'GET', url: `/api/v1/console/customers/${c.id}/binding` })
    expect(shown.statusCode, shown.body).toBe(200)
    expect(shown.json().binding).toMatchObject({
      promoterId: p.promoterId,
      reasonText: '首次点击该推广员的分享链接绑定',
    })
    expect(shown.json().history).toHaveLength(2)
  })

  it('last touch: the newest promoter takes the customer once the lock period is over', async () => {
    const { s, productId } = await setup({ touch: 'last', lockDays: 3 })
    const p = await promoter(s)
    const q = await promoter(s)
    const c = await s.shopper()
    await open(c, await shareOf(p, productId))
    const first = await bindingOf(s, c.id)
    expect(new Date(first!.lockedUntil!).getTime() - world.clock.now().getTime()).toBe(3 * DAY_MIN * 60_000)
    const qToken = await shareOf(q, productId)
    world.clock.advanceMinutes(2 * DAY_MIN)
    await open(c, qToken)
    expect((await bindingOf(s, c.id))?.promoterId).toBe(p.promoterId)
    world.clock.advanceMinutes(DAY_MIN + 1)
    await open(c, qToken)
    expect(await bindingOf(s, c.id)).toMatchObject({ promoterId: q.promoterId, reason: 'last_click' })
    expect((await historyOf(s, c.id)).map((h) => [h.action, h.reason])).toEqual([
      ['bind', 'first_click'],
      ['keep', 'locked'],
      ['rebind', 'last_click'],
    ])
  })

  it('only an active promoter binds: a plain shopper’s share or a suspended promoter’s does not', async () => {
    const { s, productId } = await setup({})
    const plain = await s.shopper()
    const c = await s.shopper()
    await open(c, await shareOf(plain, productId))
    expect(await bindingOf(s, c.id)).toBeNull()
    const p = await promoter(s)
    const token = await shareOf(p, productId)
    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${p.promoterId}/suspend`,
      payload: { reason: 'review' },
    })
    await open(c, token)
    expect(await bindingOf(s, c.id)).toBeNull()
  })

  it('never forms a cycle: nobody becomes their own upline, however long the chain', async () => {
    const { s, productId } = await setup({ touch: 'last' })
    const p = await promoter(s)
    const q = await promoter(s)
    const r = await promoter(s)
    // q under p, r under q.
    await open(q, await shareOf(p, productId))
    await open(r, await shareOf(q, productId))
    expect((await bindingOf(s, r.id))?.promoterShopperId).toBe(q.id)
    // p opening q's or r's share would make p their own upline.
    await open(p, await shareOf(q, productId))
    await open(p, await shareOf(r, productId))
    expect(await bindingOf(s, p.id)).toBeNull()
    expect((await historyOf(s, p.id)).map((h) => [h.action, h.reason])).toEqual([
      ['keep', 'would_cycle'],
      ['keep', 'would_cycle'],
    ])
    // Opening one's own share is not a visit and binds nobody.
    await open(p, await shareOf(p, productId))
    expect(await bindingOf(s, p.id)).toBeNull()
  })
})

describe('binding on the first paid order', () => {
  it('a click does not bind; a paid order through the share does', async () => {
    const { s, productId, skuId } = await setup({ bindOn: 'first_paid_order' })
    const p = await promoter(s)
    const c = await s.shopper()
    const token = await shareOf(p, productId)
    await open(c, token)
    expect(await bindingOf(s, c.id)).toBeNull()
    const o = await c.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId, quantity: 1 }], fulfillment: 'pickup', attribution: { shareToken: token } },
    })
    expect(o.statusCode, o.body).toBe(201)
    const pay = await c.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/pay` })
    const path = new URL(pay.json().payUrl).pathname
    expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    expect(await bindingOf(s, c.id)).toMatchObject({
      promoterId: p.promoterId,
      reason: 'first_paid_order',
      orderId: o.json().id,
      shareToken: token,
    })
  })
})

describe('concurrent touches', () => {
  it('promoters taking each other as customers at once: in each pair one binds, the other is refused as a cycle', async () => {
    const { s } = await setup({ touch: 'last' })
    const pairs = await Promise.all(
      Array.from({ length: 8 }, async () => [await promoter(s), await promoter(s)] as const),
    )
    const ctx = {
      db: world.core.db,
      tenantId: s.shop.id,
      actor: { kind: 'system' as const },
      lang: 'zh-CN' as const,
    }
    const { touch } = world.core.distribution.bindings
    const results = await Promise.all(
      pairs.flatMap(([p, q]) => [touch(ctx, p.id, q.id, 'click', {}), touch(ctx, q.id, p.id, 'click', {})]),
    )
    for (let i = 0; i < pairs.length; i++) {
      const pair = results.slice(2 * i, 2 * i + 2).map((r) => ('reason' in r ? r.reason : r.action))
      expect(pair.sort()).toEqual(['bind', 'would_cycle'])
    }
  })
})

describe('operator moves', () => {
  it('move a locked customer with a note and an audit row, and refuse a cycle or an inactive promoter', async () => {
    const { s, productId } = await setup({ touch: 'first', lockDays: 30, permanent: true })
    const p = await promoter(s)
    const q = await promoter(s)
    const c = await s.shopper()
    await open(c, await shareOf(p, productId))
    const move = (customerId: string, promoterId: string, lang = 'zh-CN') =>
      s.asOwner({
        method: 'PUT',
        url: `/api/v1/console/customers/${customerId}/binding`,
        headers: { 'accept-language': lang },
        payload: { promoterId, reason: '顾客申请更换专属导购' },
      })
    const r = await move(c.id, q.promoterId)
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ promoterId: q.promoterId, reason: 'operator', permanent: true })
    expect((await historyOf(s, c.id)).map((h) => [h.action, h.reason])).toEqual([
      ['bind', 'first_click'],
      ['rebind', 'operator'],
    ])
    const log = await world.core.db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', s.shop.id)
      .where('action', '=', 'distribution.binding.move')
      .execute()
    expect(log).toHaveLength(1)

    // q is now c's upline... and c cannot become q's: c is not a promoter; make them one and try.
    const cp = await c.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
    await open(q, await shareOf(p, productId))
    const cycle = await move(q.id, cp.json().id, 'en')
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json().error).toMatchObject({ field: 'promoterId' })
    expect(cycle.json().error.message).toContain('their own upline')

    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${p.promoterId}/suspend`,
      payload: { reason: '违规' },
    })
    const inactive = await move(c.id, p.promoterId)
    expect(inactive.statusCode).toBe(400)
    expect(inactive.json().error.message).toContain('只能绑定到状态正常的推广员')
  })
})
