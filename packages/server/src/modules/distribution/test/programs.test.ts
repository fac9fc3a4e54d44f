import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const DAY_MIN = 24 * 60

async function saveProgram(s: Shop, program: Record<string, unknown>, plan: Record<string, unknown> = {}) {
  return s.asOwner({
    method: 'PUT',
    url: '/api/v1/console/distribution/program',
    payload: { program: { ...defaultProgram(), ...program }, plan: { ...defaultPlan(), ...plan } },
  })
}

async function shopWith(program: Record<string, unknown>) {
  const s = await createShop(world)
  const r = await saveProgram(s, program)
  expect(r.statusCode, r.body).toBe(200)
  return s
}

const apply = (sh: Shopper, body: Record<string, unknown> = {}) =>
  sh.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: body })
const me = (sh: Shopper) => sh.call({ method: 'GET', url: '/api/v1/store/promoter/me' }).then((r) => r.json())

/** Buys one unit and pays the way a person does: the sandbox pay page, then the provider's notification. */
async function buyAndPay(s: Shop, sh: Shopper, priceFen: number) {
  const { skuIds } = await createProduct(world, s.shop.id, { prices: [priceFen], stock: 5 })
  const o = await sh.call({
    method: 'POST',
    url: '/api/v1/store/orders',
    payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' },
  })
  expect(o.statusCode, o.body).toBe(201)
  const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/pay` })
  expect(p.statusCode, p.body).toBe(200)
  const path = new URL(p.json().payUrl).pathname
  expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
  await world.core.worker.runDue()
  await world.core.worker.runDue()
  return o.json().id as string
}

describe('the program', () => {
  it('is refused through the API when the compliance guard finds a problem, naming the field, in zh and en', async () => {
    const s = await createShop(world)
    const fee = await saveProgram(s, { entryFeeFen: 9_900 })
    expect(fee.statusCode).toBe(400)
    expect(fee.json().error).toMatchObject({ code: 'validation_failed', field: 'program.entryFeeFen' })
    expect(fee.json().error.message).toContain('成为推广员不得收取任何费用')
    const en = await s.asOwner({
      method: 'PUT',
      url: '/api/v1/console/distribution/program',
      headers: { 'accept-language': 'en' },
      payload: { program: defaultProgram(), plan: { ...defaultPlan(), networkBonus: { rateBp: 500 } } },
    })
    expect(en.statusCode).toBe(400)
    expect(en.json().error.field).toBe('plan.networkBonus')
    expect(en.json().error.message).toContain("no bonus to uplines on their network's sales")
    const levels = await saveProgram(s, {}, { levels: 3 })
    expect(levels.json().error).toMatchObject({ field: 'plan.levels' })
    expect(levels.json().error.message).toContain('佣金最多只能分两级')
    // Nothing was saved.
    const got = (await s.asOwner({ method: 'GET', url: '/api/v1/console/distribution/program' })).json()
    expect(got).toMatchObject({
      version: 0,
      program: { qualifications: [{ kind: 'apply', approval: 'manual' }] },
    })
  })

  it('saves in place with a version and an audit row; the storefront shows the rules plainly', async () => {
    const s = await createShop(world)
    const spend = { qualifications: [{ kind: 'spend', minPaidFen: 10_000, windowDays: 30 }], statusDays: 180 }
    expect((await saveProgram(s, spend)).json().version).toBe(1)
    expect((await saveProgram(s, { ...spend, statusDays: 90 })).json().version).toBe(2)
    const audits = await world.core.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('tenant_id', '=', s.shop.id)
      .where('action', '=', 'distribution.program.save')
      .execute()
    expect(audits).toHaveLength(2)
    const shown = (await s.asGuest({ method: 'GET', url: '/api/v1/store/distribution/program' })).json()
    expect(shown.rules).toContain('30 天内在本店实付满 100 元（扣除退款）自动成为推广员')
    expect(shown.rules).toContain('推广员资格有效期 90 天')
    expect(shown.rules).toContain('成为推广员不收取任何费用')
  })
})

describe('becoming a promoter', () => {
  it('by application with automatic approval: active at once', async () => {
    const s = await shopWith({ qualifications: [{ kind: 'apply', approval: 'auto' }] })
    const a = await s.shopper()
    const r = await apply(a)
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ status: 'active', source: 'apply', expiresAt: null })
    // Applying again changes nothing.
    expect((await apply(a)).json()).toMatchObject({ id: r.json().id, status: 'active' })
    const active = await world.core.distribution.programs.activePromoter(
      { db: world.core.db, tenantId: s.shop.id },
      a.id,
    )
    expect(active?.id).toBe(r.json().id)
  })

  it('by application with manual approval: applied until an operator approves, audited', async () => {
    const s = await shopWith({ qualifications: [{ kind: 'apply', approval: 'manual' }], statusDays: 180 })
    const a = await s.shopper()
    const r = await apply(a)
    expect(r.json()).toMatchObject({ status: 'applied', activatedAt: null })
    const pending = (
      await s.asOwner({ method: 'GET', url: '/api/v1/console/promoters?status=applied' })
    ).json()
    expect(pending.items.map((p: any) => p.id)).toEqual([r.json().id])
    expect(pending.items[0].phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)
    const ok = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${r.json().id}/approve`,
      payload: {},
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().status).toBe('active')
    expect(new Date(ok.json().expiresAt).getTime() - world.clock.now().getTime()).toBe(180 * DAY_MIN * 60_000)
    expect((await me(a)).history.map((h: any) => `${h.from}→${h.to}`)).toEqual([
      'null→applied',
      'applied→active',
    ])
    // Approving twice is not a move the machine allows.
    const again = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${r.json().id}/approve`,
      payload: {},
    })
    expect(again.statusCode).toBe(409)
  })

  it('by invitation from an active promoter, not from anyone else', async () => {
    const s = await shopWith({
      qualifications: [{ kind: 'apply', approval: 'manual' }, { kind: 'invitation' }],
    })
    const a = await s.shopper()
    const pa = (await apply(a)).json()
    const b = await s.shopper()
    // a is only applied: cannot invite yet.
    expect((await apply(b, { invitedBy: pa.id })).statusCode).toBe(409)
    await s.asOwner({ method: 'POST', url: `/api/v1/console/promoters/${pa.id}/approve`, payload: {} })
    const r = await apply(b, { invitedBy: pa.id })
    expect(r.json()).toMatchObject({ status: 'active', source: 'invitation', invitedBy: pa.id })
  })

  it('a shop that does not take applications says so', async () => {
    const s = await shopWith({ qualifications: [{ kind: 'spend', minPaidFen: 10_000, windowDays: 30 }] })
    const r = await apply(await s.shopper())
    expect(r.statusCode).toBe(409)
    expect(r.json().error.field).toBe('program')
  })
})

describe('qualifying by spend', () => {
  const spend = { qualifications: [{ kind: 'spend', minPaidFen: 10_000, windowDays: 30 }], statusDays: 180 }

  it('paid orders in the shop add up; at the threshold the buyer becomes a promoter', async () => {
    const s = await shopWith(spend)
    const a = await s.shopper()
    await buyAndPay(s, a, 6_000)
    expect((await me(a)).promoter).toBeNull()
    await buyAndPay(s, a, 4_000)
    expect((await me(a)).promoter).toMatchObject({ status: 'active', source: 'spend' })
  })

  it('an application waiting for review is approved by reaching the spend', async () => {
    const s = await shopWith({
      ...spend,
      qualifications: [{ kind: 'apply', approval: 'manual' }, ...spend.qualifications],
    })
    const a = await s.shopper()
    expect((await apply(a)).json().status).toBe('applied')
    await buyAndPay(s, a, 10_000)
    expect((await me(a)).promoter).toMatchObject({ status: 'active', source: 'spend' })
    expect((await me(a)).history.map((h: any) => h.event)).toEqual(['apply', 'approve'])
  })

  it('refunded money does not count', async () => {
    const s = await shopWith(spend)
    const a = await s.shopper()
    const first = await buyAndPay(s, a, 9_000)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${first}/refund`,
      payload: { reason: 'customer asked' },
    })
    expect(r.statusCode, r.body).toBe(201)
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    await buyAndPay(s, a, 5_000)
    expect((await me(a)).promoter).toBeNull()
  })

  it('orders outside the window do not count', async () => {
    const s = await shopWith({
      ...spend,
      qualifications: [{ kind: 'spend', minPaidFen: 10_000, windowDays: 7 }],
    })
    const a = await s.shopper()
    await buyAndPay(s, a, 6_000)
    world.clock.advanceMinutes(8 * DAY_MIN)
    await buyAndPay(s, a, 6_000)
    expect((await me(a)).promoter).toBeNull()
  })
})

describe('expiry and renewal', () => {
  it('an active promoter expires when the period ends, by the job', async () => {
    const s = await shopWith({ qualifications: [{ kind: 'apply', approval: 'auto' }], statusDays: 10 })
    const a = await s.shopper()
    await apply(a)
    world.clock.advanceMinutes(10 * DAY_MIN - 1)
    await world.core.worker.runDue()
    expect((await me(a)).promoter.status).toBe('active')
    world.clock.advanceMinutes(2)
    await world.core.worker.runDue()
    expect((await me(a)).promoter.status).toBe('expired')
    expect(
      await world.core.distribution.programs.activePromoter({ db: world.core.db, tenantId: s.shop.id }, a.id),
    ).toBeUndefined()
    // Applying again starts a fresh period.
    expect((await apply(a)).json().status).toBe('active')
  })

  it('spend within the period renews it; the old end passes without expiring it', async () => {
    const s = await shopWith({
      qualifications: [{ kind: 'apply', approval: 'auto' }],
      statusDays: 10,
      renewBySpendFen: 5_000,
    })
    const a = await s.shopper()
    const p = (await apply(a)).json()
    world.clock.advanceMinutes(5 * DAY_MIN)
    await buyAndPay(s, a, 5_000)
    const renewed = (await me(a)).promoter
    expect(new Date(renewed.expiresAt).getTime()).toBe(
      new Date(p.expiresAt).getTime() + 10 * DAY_MIN * 60_000,
    )
    world.clock.advanceMinutes(6 * DAY_MIN)
    await world.core.worker.runDue()
    expect((await me(a)).promoter.status).toBe('active')
    // Without more spend, the renewed period ends too.
    world.clock.advanceMinutes(10 * DAY_MIN)
    await world.core.worker.runDue()
    expect((await me(a)).promoter.status).toBe('expired')
  })
})

describe('operators', () => {
  it('suspend with a reason and reinstate, each audited', async () => {
    const s = await shopWith({ qualifications: [{ kind: 'apply', approval: 'auto' }] })
    const a = await s.shopper()
    const p = (await apply(a)).json()
    const noReason = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${p.id}/suspend`,
      payload: {},
    })
    expect(noReason.statusCode).toBe(400)
    const r = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${p.id}/suspend`,
      payload: { reason: '刷单' },
    })
    expect(r.json()).toMatchObject({ status: 'suspended', reason: '刷单' })
    expect((await apply(a)).statusCode).toBe(409)
    const back = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${p.id}/reinstate`,
      payload: {},
    })
    expect(back.json()).toMatchObject({ status: 'active', reason: null })
    const audits = await world.core.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'data'])
      .where('tenant_id', '=', s.shop.id)
      .where('entity', '=', 'promoter')
      .orderBy('at')
      .execute()
    expect(audits.map((x) => x.action)).toEqual([
      'distribution.promoter.suspend',
      'distribution.promoter.reinstate',
    ])
    expect(audits[0].data).toMatchObject({ from: 'active', to: 'suspended', reason: '刷单' })
    const h = (await me(a)).history
    expect(h.at(-2)).toMatchObject({ event: 'suspend', reason: '刷单' })
  })
})
