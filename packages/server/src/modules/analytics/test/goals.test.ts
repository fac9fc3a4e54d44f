import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createShop, fileWorld } from '../../../../test/helpers.js'
import { storeRows } from '../analytics.ingest.js'

// A world of its own: the clock stands at 10:00 on Monday 23 Nov 2026 in Shanghai.
const world = await fileWorld()
const TODAY = '2026-11-23'

describe('goals', () => {
  it('sets goals, shows progress and the projection to the deadline, and removes them', async () => {
    const s = await createShop(world)
    const buyer = randomUUID()
    const row = (type: string, day: string, fen: number, ref: string) => ({
      type,
      at: new Date(`${day}T09:00:00+08:00`),
      shopper_id: buyer,
      ref,
      amount_fen: fen,
      source: type === 'order.paid' ? 'direct' : null,
      props: '{}',
      source_event: `test:goals:${ref}:${type}`,
    })
    await storeRows(world.core, world.core.db, s.shop.id, [
      row('order.paid', '2026-11-20', 9_999, 'g0'), // before the goals start
      row('order.paid', '2026-11-21', 300, 'g1'),
      row('order.paid', '2026-11-21', 300, 'g2'),
      row('order.paid', '2026-11-22', 400, 'g3'),
      row('order.refunded', '2026-11-22', 100, 'g3'),
      row('order.paid', TODAY, 500, 'g4'),
    ])
    await world.core.analytics.rollup()
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      s.asOwner({
        method: 'POST',
        url: '/api/v1/console/analytics/goals',
        payload: payload as object,
        headers,
      })

    const orders = await post({
      metric: 'orders',
      target: 10,
      startsOn: '2026-11-21',
      deadline: '2026-11-30',
      title: '双十二前十单',
    })
    expect(orders.statusCode, orders.body).toBe(201)
    // Ten shop days from 21 Nov; it is 10:00 on the 23rd: 58 of 240 hours gone, 4 orders so far.
    const elapsed = 58 / 240
    expect(orders.json()).toMatchObject({
      metric: 'orders',
      title: '双十二前十单',
      target: 10,
      startsOn: '2026-11-21',
      deadline: '2026-11-30',
      current: 4,
      progress: 0.4,
      status: 'on_track',
      daysLeft: 8,
    })
    expect(orders.json().elapsed).toBeCloseTo(elapsed, 12)
    expect(orders.json().projected).toBeCloseTo(4 / elapsed, 9) // ≈ 16.6 orders by the 30th
    expect(orders.json().expectedNow).toBeCloseTo(10 * elapsed, 9)

    const net = await post({
      metric: 'net_gmv_fen',
      target: 100_000,
      startsOn: '2026-11-21',
      deadline: '2026-12-15',
    })
    expect(net.statusCode, net.body).toBe(201)
    expect(net.json()).toMatchObject({ current: 1_400, progress: 0.014, status: 'behind', title: null })
    // 58 of 600 hours gone (to the end of 15 Dec).
    expect(net.json().projected).toBeCloseTo((1_400 * 600) / 58, 6)

    const key = { 'idempotency-key': `goal-${s.shop.id}` }
    const k = await post({ metric: 'k_factor', target: 0.5, deadline: '2026-12-31' }, key)
    expect(k.statusCode, k.body).toBe(201)
    // Today's only new buyer brought nobody in yet: K is 0, and a ratio projects as it stands.
    expect(k.json()).toMatchObject({ startsOn: TODAY, current: 0, projected: 0, status: 'behind' })
    const again = await post({ metric: 'k_factor', target: 0.5, deadline: '2026-12-31' }, key)
    expect(again.json().id).toBe(k.json().id)

    const refusals = [
      [{ metric: 'orders', target: 10, deadline: '2026-11-22' }, 'deadline', '截止日期不能早于今天'],
      [{ metric: 'orders', target: 1.5, deadline: '2026-11-30' }, 'target', '该指标的目标值须为整数'],
      [
        { metric: 'orders', target: 5, startsOn: '2026-12-02', deadline: '2026-12-01' },
        'deadline',
        '截止日期不能早于开始日期',
      ],
      [{ metric: 'orders', target: 5, deadline: '2027-12-01' }, 'deadline', '目标周期最长366天'],
      [{ metric: 'k_factor', target: 101, deadline: '2026-12-01' }, 'target', 'K 因子目标不能超过100'],
    ] as const
    for (const [body, field, zh] of refusals) {
      const r = await post(body)
      expect(r.statusCode, r.body).toBe(400)
      expect(r.json().error).toMatchObject({ code: 'validation_failed', field })
      expect(r.json().error.message).toContain(zh)
    }
    const en = await post(
      { metric: 'orders', target: 10, deadline: '2026-11-22' },
      { 'accept-language': 'en' },
    )
    expect(en.json().error.message).toContain('the deadline has passed')
    expect((await post({ metric: 'likes', target: 10, deadline: '2026-11-30' })).statusCode).toBe(400)
    expect((await post({ metric: 'orders', target: 0, deadline: '2026-11-30' })).statusCode).toBe(400)

    const list = await s.asOwner({ method: 'GET', url: '/api/v1/console/analytics/goals' })
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items.map((g: any) => [g.metric, g.current, g.status])).toEqual([
      ['orders', 4, 'on_track'],
      ['net_gmv_fen', 1_400, 'behind'],
      ['k_factor', 0, 'behind'],
    ])

    // Another shop sees none of them and cannot remove them.
    const other = await createShop(world)
    expect((await other.asOwner({ method: 'GET', url: '/api/v1/console/analytics/goals' })).json()).toEqual({
      items: [],
    })
    const theirs = await other.asOwner({
      method: 'DELETE',
      url: `/api/v1/console/analytics/goals/${net.json().id}`,
    })
    expect(theirs.statusCode).toBe(404)
    const del = await s.asOwner({ method: 'DELETE', url: `/api/v1/console/analytics/goals/${net.json().id}` })
    expect(del.statusCode, del.body).toBe(200)
    const after = await s.asOwner({ method: 'GET', url: '/api/v1/console/analytics/goals' })
    expect(after.json().items.map((g: any) => g.metric)).toEqual(['orders', 'k_factor'])
  })
})
