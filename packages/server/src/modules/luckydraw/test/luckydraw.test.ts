import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

// The fake clock starts at 2026-11-23T02:00Z, 10:00 in Shanghai.
const window = { startsAt: '2026-11-22T16:00:00.000Z', endsAt: '2026-11-30T16:00:00.000Z' }

function campaign(over: Record<string, unknown> = {}) {
  return {
    title: '感恩节大转盘',
    ...window,
    dailyChances: 1,
    shareDailyCap: 2,
    inviteVisitChances: 1,
    inviteOrderChances: 3,
    inviteDailyCap: 4,
    noPrizeBp: 7000,
    prizes: [
      { kind: 'points', name: '100 积分', amount: 100, stock: 1000, probabilityBp: 2000 },
      { kind: 'coupon', name: '5 元券', amount: 500, reference: 'tpl-5', stock: 100, probabilityBp: 1000 },
    ],
    ...over,
  }
}

async function published(s: Shop, body: Record<string, unknown>) {
  const made = await s.asOwner({ method: 'POST', url: '/api/v1/console/luckydraw/campaigns', payload: body })
  expect(made.statusCode, made.body).toBe(201)
  const id = made.json().id as string
  const pub = await s.asOwner({ method: 'POST', url: `/api/v1/console/luckydraw/campaigns/${id}/publish` })
  expect(pub.statusCode, pub.body).toBe(200)
  return id
}

const draw = (sh: Shopper, id: string) =>
  sh.call({ method: 'POST', url: `/api/v1/store/luckydraw/campaigns/${id}/draw` })
const page = async (sh: Shopper, id: string) =>
  (await sh.call({ method: 'GET', url: `/api/v1/store/luckydraw/campaigns/${id}` })).json()

describe('operator sets up a draw', () => {
  it('refuses a pool that does not sum to 10000 bp, naming the field; creates, publishes and audits', async () => {
    const s = await createShop(world)
    const bad = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/luckydraw/campaigns',
      payload: campaign({ noPrizeBp: 6000 }),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'noPrizeBp' })
    expect(bad.json().error.message).toBe('输入有误：奖品合计 30%，含「谢谢参与」合计 90%，须正好为 100%')
    const badEn = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/luckydraw/campaigns',
      headers: { 'accept-language': 'en' },
      payload: campaign({ noPrizeBp: 6000 }),
    })
    expect(badEn.json().error.message).toContain('9000')

    const noSku = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/luckydraw/campaigns',
      payload: campaign({
        prizes: [
          {
            kind: 'product',
            name: '杯子',
            skuId: '00000000-0000-4000-8000-000000000009',
            stock: 1,
            probabilityBp: 3000,
          },
        ],
      }),
    })
    expect(noSku.statusCode).toBe(404)
    expect(noSku.json().error.field).toBe('prizes.0.skuId')

    const extra = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/luckydraw/campaigns',
      payload: { ...campaign(), hack: 1 },
    })
    expect(extra.statusCode).toBe(400)

    const id = await published(s, campaign())
    const got = (await s.asOwner({ method: 'GET', url: `/api/v1/console/luckydraw/campaigns/${id}` })).json()
    expect(got).toMatchObject({ status: 'active', noPrizeBp: 7000, figures: { draws: 0, winners: 0 } })
    expect(got.prizes.map((p: any) => [p.position, p.name, p.stockLeft])).toEqual([
      [0, '100 积分', 1000],
      [1, '5 元券', 100],
    ])
    const log = await world.core.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('at')
      .execute()
    expect(log.map((l) => l.action)).toEqual(['luckydraw.campaign.create', 'luckydraw.campaign.publish'])

    // Another shop's staff cannot see it.
    const other = await createShop(world)
    const peek = await other.asOwner({ method: 'GET', url: `/api/v1/console/luckydraw/campaigns/${id}` })
    expect(peek.statusCode).toBe(404)
  })

  it('edits keep prize ids; stock cannot go below what was won; a won prize cannot be removed', async () => {
    const s = await createShop(world)
    const id = await published(
      s,
      campaign({
        noPrizeBp: 0,
        dailyChances: 2,
        prizes: [{ kind: 'points', name: '10 积分', amount: 10, stock: 5, probabilityBp: 10_000 }],
      }),
    )
    const a = await s.shopper()
    expect((await draw(a, id)).json().prizeId).toBeTruthy()
    expect((await draw(a, id)).json().prizeId).toBeTruthy()
    const got = (await s.asOwner({ method: 'GET', url: `/api/v1/console/luckydraw/campaigns/${id}` })).json()
    const prize = got.prizes[0]
    expect(prize.awarded).toBe(2)
    const put = (prizes: unknown[], noPrizeBp = 0) =>
      s.asOwner({
        method: 'PUT',
        url: `/api/v1/console/luckydraw/campaigns/${id}`,
        payload: campaign({ dailyChances: 2, noPrizeBp, prizes }),
      })
    const below = await put([{ ...pick(prize), stock: 1 }])
    expect(below.statusCode).toBe(400)
    expect(below.json().error).toMatchObject({
      field: 'prizes.0.stock',
      message: '输入有误：第 1 个奖品已抽中 2 个，库存不能低于此数',
    })
    const removed = await put(
      [{ kind: 'coupon', name: '券', amount: 100, stock: 1, probabilityBp: 5000 }],
      5000,
    )
    expect(removed.statusCode).toBe(400)
    expect(removed.json().error).toMatchObject({
      field: 'prizes',
      message: '输入有误：奖品「10 积分」已有人抽中，不能删除；可把库存改为已抽中数',
    })
    const ok = await put(
      [
        { ...pick(prize), stock: 2, probabilityBp: 5000 },
        { kind: 'coupon', name: '券', amount: 100, stock: 1, probabilityBp: 1000 },
      ],
      4000,
    )
    expect(ok.statusCode, ok.body).toBe(200)
    expect(
      ok.json().prizes.map((p: any) => [p.id === prize.id, p.stockLeft, p.currentProbabilityBp]),
    ).toEqual([
      [true, 0, 0],
      [false, 1, 1000],
    ])
    // The odds shown are the odds used: the exhausted prize's share went to no prize.
    expect(ok.json().currentNoPrizeBp).toBe(9000)
  })
})

const pick = (p: any) => ({
  id: p.id,
  kind: p.kind,
  name: p.name,
  amount: p.amount,
  stock: p.stock,
  probabilityBp: p.probabilityBp,
})

describe('drawing', () => {
  it('uses one chance per draw, shows what is left, refuses at zero, and gives new chances the next Shanghai day', async () => {
    const s = await createShop(world)
    const id = await published(s, campaign({ dailyChances: 2 }))
    const a = await s.shopper()
    const before = await page(a, id)
    expect(before.chances).toMatchObject({ granted: 2, used: 0, remaining: 2, day: '2026-11-23' })
    expect(before.odds.noPrizeBp).toBe(7000)
    expect(before.odds.prizes.map((p: any) => [p.probabilityBp, p.inStock])).toEqual([
      [2000, true],
      [1000, true],
    ])
    const d1 = await draw(a, id)
    expect(d1.statusCode, d1.body).toBe(200)
    expect(d1.json().remaining).toBe(1)
    expect((await draw(a, id)).json().remaining).toBe(0)
    const none = await draw(a, id)
    expect(none.statusCode).toBe(409)
    expect(none.json().error.code).toBe('no_chances_left')

    // 15:59 UTC is still the same day in Shanghai; 16:00 is the next.
    world.clock.advance(Date.parse('2026-11-23T15:59:00Z') - world.clock.now().getTime())
    expect((await draw(a, id)).statusCode).toBe(409)
    world.clock.advanceMinutes(1)
    const next = await page(a, id)
    expect(next.chances).toMatchObject({ day: '2026-11-24', remaining: 2 })
    expect((await draw(a, id)).statusCode).toBe(200)

    const events = await world.core.db
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('tenant_id', '=', s.shop.id)
      .where('type', '=', 'luckydraw.draw.drawn')
      .execute()
    expect(events).toHaveLength(3)
    const p = typeof events[0].payload === 'string' ? JSON.parse(events[0].payload) : events[0].payload
    expect(p).toMatchObject({ campaignId: id, shopperId: a.id })
    expect('prizeId' in p).toBe(true)
  })

  it('200 parallel draws at a prize with stock 5 and probability 100%: exactly 5 winners', async () => {
    const s = await createShop(world)
    const id = await published(
      s,
      campaign({
        dailyChances: 10,
        noPrizeBp: 0,
        prizes: [{ kind: 'coupon', name: '免单券', amount: 9900, stock: 5, probabilityBp: 10_000 }],
      }),
    )
    const shoppers: Shopper[] = []
    for (let i = 0; i < 20; i++) shoppers.push(await s.shopper(`136${String(i).padStart(8, '0')}`))
    const results = await Promise.all(
      shoppers.flatMap((sh) => Array.from({ length: 10 }, () => draw(sh, id))),
    )
    expect(results.map((r) => r.statusCode).filter((c) => c !== 200)).toEqual([])
    const won = results.filter((r) => r.json().prizeId !== null)
    expect(won).toHaveLength(5)
    const got = (await s.asOwner({ method: 'GET', url: `/api/v1/console/luckydraw/campaigns/${id}` })).json()
    expect(got.prizes[0]).toMatchObject({ awarded: 5, stockLeft: 0, currentProbabilityBp: 0 })
    expect(got.figures).toMatchObject({ draws: 200, wins: 5 })
    const shown = await page(shoppers[0], id)
    expect(shown.odds).toMatchObject({ noPrizeBp: 10_000, prizes: [{ inStock: false, probabilityBp: 0 }] })
  })

  it('parallel draws by one shopper with 3 chances: exactly 3 draws', async () => {
    const s = await createShop(world)
    const id = await published(s, campaign({ dailyChances: 3 }))
    const a = await s.shopper()
    const results = await Promise.all(Array.from({ length: 12 }, () => draw(a, id)))
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(3)
    const refused = results.filter((r) => r.statusCode !== 200)
    expect(refused).toHaveLength(9)
    for (const r of refused) expect(r.json().error.code).toBe('no_chances_left')
    expect((await page(a, id)).chances).toMatchObject({ granted: 3, used: 3, remaining: 0 })
  })

  it('a replayed draw (same Idempotency-Key) draws once', async () => {
    const s = await createShop(world)
    const id = await published(s, campaign({ dailyChances: 3 }))
    const a = await s.shopper()
    const once = () =>
      a.call({
        method: 'POST',
        url: `/api/v1/store/luckydraw/campaigns/${id}/draw`,
        headers: { 'idempotency-key': 'draw-1' },
      })
    const [r1, r2] = [await once(), await once()]
    expect(r2.json().drawId).toBe(r1.json().drawId)
    expect((await page(a, id)).chances.used).toBe(1)
  })

  it('paused, not started and ended campaigns refuse draws; the window end ends the campaign', async () => {
    const s = await createShop(world)
    const endsAt = new Date(world.clock.now().getTime() + 86_400_000).toISOString()
    const id = await published(s, campaign({ dailyChances: 5, endsAt }))
    const a = await s.shopper()
    await s.asOwner({ method: 'POST', url: `/api/v1/console/luckydraw/campaigns/${id}/pause` })
    expect((await draw(a, id)).json().error.code).toBe('deal_not_active')
    const again = await s.asOwner({ method: 'POST', url: `/api/v1/console/luckydraw/campaigns/${id}/pause` })
    expect(again.json().error.code).toBe('invalid_transition')
    await s.asOwner({ method: 'POST', url: `/api/v1/console/luckydraw/campaigns/${id}/resume` })
    expect((await draw(a, id)).statusCode).toBe(200)

    const later = await published(
      s,
      campaign({ startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2026-12-02T00:00:00.000Z' }),
    )
    expect((await draw(a, later)).json().error.code).toBe('not_started')

    const draft = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/luckydraw/campaigns',
      payload: campaign(),
    })
    expect((await draw(a, draft.json().id)).statusCode).toBe(404)

    world.clock.advance(Date.parse(endsAt) - world.clock.now().getTime())
    expect((await draw(a, id)).json().error.code).toBe('ended')
    await world.core.worker.runDue()
    const ended = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/luckydraw/campaigns/${id}` })
    ).json()
    expect(ended.status).toBe('ended')
    const history = await world.core.db
      .selectFrom('draw_campaign_history')
      .select(['from_status', 'to_status', 'actor_kind'])
      .where('campaign_id', '=', id)
      .orderBy('id')
      .execute()
    expect(history.map((h) => `${h.from_status ?? '∅'}→${h.to_status}`)).toEqual([
      '∅→draft',
      'draft→active',
      'active→paused',
      'paused→active',
      'active→ended',
    ])
    expect(history.at(-1)?.actor_kind).toBe('system')
  })
})

describe('chances earned by sharing', () => {
  it('sharing earns one chance per share up to the daily cap; a friend’s first visit earns the sharer more', async () => {
    const s = await createShop(world)
    const id = await published(s, campaign({ dailyChances: 1, shareDailyCap: 2, inviteVisitChances: 2 }))
    const a = await s.shopper()
    const share = () =>
      a.call({
        method: 'POST',
        url: `/api/v1/store/luckydraw/campaigns/${id}/share`,
        payload: { channel: 'wechat_chat' },
      })
    const first = (await share()).json()
    expect(first).toMatchObject({ earned: 1, chances: { granted: 2, shareEarned: 1 } })
    expect(first.path).toBe(`/s/${first.token}`)
    expect((await share()).json()).toMatchObject({ earned: 1, token: first.token })
    expect((await share()).json()).toMatchObject({ earned: 0, chances: { granted: 3, shareEarned: 2 } })

    // A friend opens the link: the sharer gets the invite chances once.
    const b = await s.shopper()
    const open = (who: Shopper) =>
      who.call({ method: 'POST', url: `/api/v1/store/shares/${first.token}/open` })
    expect((await open(b)).json().firstVisit).toBe(true)
    await world.core.worker.runDue()
    expect((await page(a, id)).chances).toMatchObject({ granted: 5, inviteEarned: 2 })
    await open(b)
    await open(a)
    await world.core.worker.runDue()
    expect((await page(a, id)).chances.granted).toBe(5)

    const earned = await world.core.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('tenant_id', '=', s.shop.id)
      .where('type', '=', 'luckydraw.chance.earned')
      .execute()
    expect(
      earned.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).reason),
    ).toEqual(['share', 'share', 'invite_visit'])
  })

  it('parallel shares cannot pass the daily cap', async () => {
    const s = await createShop(world)
    const id = await published(s, campaign({ shareDailyCap: 3 }))
    const a = await s.shopper()
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        a.call({ method: 'POST', url: `/api/v1/store/luckydraw/campaigns/${id}/share`, payload: {} }),
      ),
    )
    expect(results.map((r) => r.statusCode).every((c) => c === 200)).toBe(true)
    expect(results.reduce((n, r) => n + r.json().earned, 0)).toBe(3)
    expect((await page(a, id)).chances).toMatchObject({ granted: 4, shareEarned: 3 })
  })

  it('a friend’s first paid order through the draw share earns the sharer chances, once', async () => {
    const s = await createShop(world)
    const id = await published(s, campaign({ inviteOrderChances: 3, inviteDailyCap: 10 }))
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [990], stock: 10 })
    const a = await s.shopper()
    const token = (
      await a.call({ method: 'POST', url: `/api/v1/store/luckydraw/campaigns/${id}/share`, payload: {} })
    ).json().token
    const b = await s.shopper()
    const buyAndPay = async () => {
      const placed = await b.call({
        method: 'POST',
        url: '/api/v1/store/orders',
        payload: {
          items: [{ skuId: skuIds[0], quantity: 1 }],
          fulfillment: 'pickup',
          attribution: { shareToken: token },
        },
      })
      expect(placed.statusCode, placed.body).toBe(201)
      const p = await b.call({ method: 'POST', url: `/api/v1/store/orders/${placed.json().id}/pay` })
      const path = new URL(p.json().payUrl).pathname
      await call(world, { method: 'POST', url: `${path}/confirm` })
      await world.core.worker.runDue()
      await world.core.worker.runDue()
    }
    const before = (await page(a, id)).chances.granted
    await buyAndPay()
    expect((await page(a, id)).chances).toMatchObject({ granted: before + 3, inviteEarned: 3 })
    await buyAndPay()
    expect((await page(a, id)).chances.granted).toBe(before + 3)
  })
})

describe('prizes won', () => {
  it('a product prize is claimed with an address, shipped by the operator, and listed and exported as a winner', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [5900], stock: 10 })
    const id = await published(
      s,
      campaign({
        noPrizeBp: 0,
        prizes: [{ kind: 'product', name: '保温杯', skuId: skuIds[0], stock: 3, probabilityBp: 10_000 }],
      }),
    )
    const a = await s.shopper()
    const won = (await draw(a, id)).json()
    expect(won).toMatchObject({ position: 0, prize: { name: '保温杯', kind: 'product' } })
    const mine = (await a.call({ method: 'GET', url: '/api/v1/store/luckydraw/prizes' })).json()
    expect(mine).toMatchObject([{ id: won.awardId, status: 'pending', campaignTitle: '感恩节大转盘' }])

    const addr = await a.call({
      method: 'POST',
      url: '/api/v1/store/addresses',
      payload: { name: '李四', phone: '13800138000', region: '上海市 浦东新区', detail: '世纪大道 1 号' },
    })
    const b = await s.shopper()
    const theirs = await b.call({
      method: 'POST',
      url: `/api/v1/store/luckydraw/prizes/${won.awardId}/claim`,
      payload: { addressId: addr.json().id },
    })
    expect(theirs.statusCode).toBe(404)
    const claimed = await a.call({
      method: 'POST',
      url: `/api/v1/store/luckydraw/prizes/${won.awardId}/claim`,
      payload: { addressId: addr.json().id },
    })
    expect(claimed.json()).toMatchObject({ status: 'claimed', address: { name: '李四' } })

    const winners = (
      await s.asOwner({ method: 'GET', url: `/api/v1/console/luckydraw/campaigns/${id}/winners` })
    ).json()
    expect(winners.items).toMatchObject([{ shopperPhone: a.phone, name: '保温杯', status: 'claimed' }])
    const csv = await s.asOwner({
      method: 'GET',
      url: `/api/v1/console/luckydraw/campaigns/${id}/winners.csv`,
    })
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('"保温杯","product"')
    expect(csv.body).toContain('"李四"')

    const shipped = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/luckydraw/awards/${won.awardId}/fulfil`,
    })
    expect(shipped.json().status).toBe('fulfilled')
    const twice = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/luckydraw/awards/${won.awardId}/fulfil`,
    })
    expect(twice.json().error.code).toBe('invalid_transition')
  })
})

describe('invariants', () => {
  it('catch a draw past the chances granted, a status set outside its machine, and an award without its draw', async () => {
    const { luckyDrawInvariants } = await import('../luckydraw.checks.js')
    const { runChecks } = await import('../../../platform/checks.js')
    const s = await createShop(world)
    const id = await published(
      s,
      campaign({
        noPrizeBp: 0,
        prizes: [{ kind: 'points', name: '1 积分', amount: 1, stock: 9, probabilityBp: 10_000 }],
      }),
    )
    const a = await s.shopper()
    const won = (await draw(a, id)).json()
    const clean = await runChecks(world.core.db, luckyDrawInvariants)
    expect(clean.filter((r) => r.count)).toEqual([])
    const rollback = new Error('rollback')
    await world.core.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('draws')
          .values({
            id: '00000000-0000-4000-8000-00000000d001',
            tenant_id: s.shop.id,
            campaign_id: id,
            shopper_id: a.id,
            day: '2026-11-24',
            prize_id: won.prizeId,
            roll: 1,
            at: world.clock.now(),
          })
          .execute()
        await trx.updateTable('draw_campaigns').set({ status: 'paused' }).where('id', '=', id).execute()
        const broken = await runChecks(trx, luckyDrawInvariants)
        expect(Object.fromEntries(broken.filter((r) => r.count).map((r) => [r.name, r.count]))).toEqual({
          'luckydraw.prize_stock': 1,
          'luckydraw.chances': 1,
          'luckydraw.award_per_win': 1,
          'luckydraw.campaign_history': 1,
        })
        throw rollback
      })
      .catch((e) => {
        if (e !== rollback) throw e
      })
  })
})
