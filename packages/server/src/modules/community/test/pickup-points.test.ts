import { describe, expect, it } from 'vitest'
import { createShop, fileWorld } from '../../../../test/helpers.js'
import { destination, geodesicMetres } from '../domain/geo.js'
import { application } from './fixtures.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>

// People's Square, Shanghai.
const origin = { lat: 31.2304, lng: 121.4737 }

/** An approved leader whose pickup point is at `at`; returns the leader's and the point's ids. */
async function leaderAt(s: Shop, at: { lat: number; lng: number }, name: string) {
  const sh = await s.shopper()
  const applied = await sh.call({
    method: 'POST',
    url: '/api/v1/store/community/leader/apply',
    payload: application({ ...at, communityName: name }),
  })
  expect(applied.statusCode, applied.body).toBe(200)
  const id = applied.json().leader.id as string
  const approved = await s.asOwner({ method: 'POST', url: `/api/v1/console/community/leaders/${id}/approve` })
  return { leaderId: id, pointId: approved.json().pickupPoint.id as string }
}

const near = async (s: Shop, q: string) => {
  const res = await s.asGuest({ method: 'GET', url: `/api/v1/store/community/pickup-points?${q}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as {
    items: { id: string; name: string; distanceM: number; openNow: boolean }[]
    searched: { rounds: number; candidates: number }
  }
}

describe('nearest pickup points', async () => {
  const s = await createShop(world)
  // Laid out by bearing and exact geodesic distance from the origin.
  const layout: [string, number, number][] = [
    ['三百米', 90, 300],
    ['一公里', 0, 1_000],
    ['一公里半', 200, 1_500],
    ['五公里', 45, 5_000],
    ['九公里', 270, 9_000],
    ['三十公里', 135, 30_000],
  ]
  const points = new Map<string, string>()
  for (const [name, bearing, metres] of layout)
    points.set(name, (await leaderAt(s, destination(origin, bearing, metres), name)).pointId)
  // Far away: Beijing.
  const beijing = await leaderAt(s, { lat: 39.9042, lng: 116.4074 }, '北京')

  it('lists the open points within the radius, nearest first, with the geodesic distance to the metre', async () => {
    const r = await near(s, `lat=${origin.lat}&lng=${origin.lng}`)
    expect(r.items.map((p) => [p.name, p.distanceM])).toEqual([
      ['三百米', 300],
      ['一公里', 1_000],
      ['一公里半', 1_500],
      ['五公里', 5_000],
      ['九公里', 9_000],
    ])
    // 10 points asked for, 5 within 10 km: the search widened to the whole radius.
    expect(r.searched.rounds).toBe(3)
  })

  it('stops at `limit`, and the first box is enough when it holds them', async () => {
    const r = await near(s, `lat=${origin.lat}&lng=${origin.lng}&limit=2`)
    expect(r.items.map((p) => p.name)).toEqual(['三百米', '一公里'])
    expect(r.searched).toEqual({ rounds: 1, candidates: 3 })
  })

  it('reaches as far as radiusKm, and across China when asked', async () => {
    expect(
      (await near(s, `lat=${origin.lat}&lng=${origin.lng}&radiusKm=50`)).items.map((p) => p.name),
    ).toContain('三十公里')
    const fromBeijing = await near(s, 'lat=39.9042&lng=116.4074&radiusKm=1')
    expect(fromBeijing.items.map((p) => [p.id, p.distanceM])).toEqual([[beijing.pointId, 0]])
    const midway = await near(s, 'lat=35.5&lng=119&radiusKm=200&limit=3')
    expect(midway.items).toEqual([])
  })

  it('measures on the ellipsoid: Beijing to Shanghai is 1,065,846 m', async () => {
    const r = await s.asGuest({
      method: 'GET',
      url: `/api/v1/store/community/pickup-points/${beijing.pointId}?lat=${origin.lat}&lng=${origin.lng}`,
    })
    expect(r.json().distanceM).toBe(1_065_846)
    expect(Math.round(geodesicMetres(origin, { lat: 39.9042, lng: 116.4074 }))).toBe(1_065_846)
  })

  it('hides the points of paused leaders, and shows them again when resumed', async () => {
    const leader = await s.asOwner({
      method: 'GET',
      url: '/api/v1/console/community/leaders?q=三百米',
    })
    const id = leader.json().items[0].id
    await s.asOwner({ method: 'POST', url: `/api/v1/console/community/leaders/${id}/pause` })
    expect((await near(s, `lat=${origin.lat}&lng=${origin.lng}&limit=2`)).items.map((p) => p.name)).toEqual([
      '一公里',
      '一公里半',
    ])
    await s.asOwner({ method: 'POST', url: `/api/v1/console/community/leaders/${id}/resume` })
    expect((await near(s, `lat=${origin.lat}&lng=${origin.lng}&limit=1`)).items[0].name).toBe('三百米')
  })

  it('tells whether a point is open now by its hours (shop time)', async () => {
    // The fake clock reads 10:00 in Shanghai on a Monday; the points open 08:00–21:00 daily.
    const r = await near(s, `lat=${origin.lat}&lng=${origin.lng}&limit=1`)
    expect(r.items[0].openNow).toBe(true)
  })

  it('refuses a place off the globe and a radius too large, by field', async () => {
    const lat = await s.asGuest({ method: 'GET', url: '/api/v1/store/community/pickup-points?lat=91&lng=0' })
    expect(lat.statusCode).toBe(400)
    expect(lat.json().error.field).toBe('lat')
    const r = await s.asGuest({
      method: 'GET',
      url: '/api/v1/store/community/pickup-points?lat=31&lng=121&radiusKm=500',
    })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.field).toBe('radiusKm')
    const missing = await s.asGuest({ method: 'GET', url: '/api/v1/store/community/pickup-points?lat=31' })
    expect(missing.statusCode).toBe(400)
    const half = await s.asGuest({
      method: 'GET',
      url: `/api/v1/store/community/pickup-points/${beijing.pointId}?lat=31`,
    })
    expect(half.json().error.field).toBe('lng')
  })

  describe('the chosen pickup point', () => {
    it('is remembered, replaced by the next choice, and shows when its leader is paused', async () => {
      const sh = await s.shopper()
      const none = await sh.call({ method: 'GET', url: '/api/v1/store/community/pickup-point' })
      expect(none.json()).toEqual({ pickupPoint: null, chosenAt: null })

      const chose = await sh.call({
        method: 'PUT',
        url: '/api/v1/store/community/pickup-point',
        payload: { pickupPointId: points.get('五公里') },
      })
      expect(chose.statusCode, chose.body).toBe(200)
      expect(chose.json().pickupPoint).toMatchObject({ name: '五公里', active: true })
      await sh.call({
        method: 'PUT',
        url: '/api/v1/store/community/pickup-point',
        payload: { pickupPointId: points.get('一公里') },
      })
      const got = await sh.call({
        method: 'GET',
        url: `/api/v1/store/community/pickup-point?lat=${origin.lat}&lng=${origin.lng}`,
      })
      expect(got.json().pickupPoint).toMatchObject({
        id: points.get('一公里'),
        distanceM: 1_000,
        active: true,
      })

      const leader = (await s.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders?q=一公里' }))
        .json()
        .items.find((l: { communityName: string }) => l.communityName === '一公里')
      await s.asOwner({ method: 'POST', url: `/api/v1/console/community/leaders/${leader.id}/pause` })
      const paused = await sh.call({ method: 'GET', url: '/api/v1/store/community/pickup-point' })
      expect(paused.json().pickupPoint).toMatchObject({ id: points.get('一公里'), active: false })
      const refused = await sh.call({
        method: 'PUT',
        url: '/api/v1/store/community/pickup-point',
        payload: { pickupPointId: points.get('一公里') },
      })
      expect(refused.statusCode).toBe(404)
      expect(refused.json().error.field).toBe('pickupPointId')
      await s.asOwner({ method: 'POST', url: `/api/v1/console/community/leaders/${leader.id}/resume` })
    })

    it("is each shopper's own, and no other shop's point can be chosen", async () => {
      const a = await s.shopper()
      const b = await s.shopper()
      await a.call({
        method: 'PUT',
        url: '/api/v1/store/community/pickup-point',
        payload: { pickupPointId: points.get('三百米') },
      })
      expect(
        (await b.call({ method: 'GET', url: '/api/v1/store/community/pickup-point' })).json().pickupPoint,
      ).toBe(null)
      const other = await createShop(world)
      const elsewhere = await other.shopper()
      const res = await elsewhere.call({
        method: 'PUT',
        url: '/api/v1/store/community/pickup-point',
        payload: { pickupPointId: points.get('三百米') },
      })
      expect(res.statusCode).toBe(404)
      const anon = await s.asGuest({ method: 'GET', url: '/api/v1/store/community/pickup-point' })
      expect(anon.statusCode).toBe(401)
    })
  })
})

describe('many points', () => {
  it('gives the same answer as measuring every point (random points around Shanghai)', async () => {
    const s = await createShop(world)
    const ctx = {
      tenantId: s.shop.id,
      db: world.core.db,
      actor: { kind: 'system' as const },
      lang: 'zh-CN' as const,
    }
    let seed = 7
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const placed: { id: string; lat: number; lng: number }[] = []
    for (let i = 0; i < 40; i++) {
      const at = destination(origin, rand() * 360, 40_000 * Math.sqrt(rand()))
      placed.push({ id: (await leaderAt(s, at, `点${i}`)).pointId, ...at })
    }
    for (let k = 0; k < 15; k++) {
      const from = destination(origin, rand() * 360, 30_000 * rand())
      const radiusKm = [3, 10, 25][k % 3]
      const got = await world.core.community.nearest(ctx, from, { limit: 5, radiusKm })
      const expected = placed
        .map((p) => ({ id: p.id, m: geodesicMetres(from, p) }))
        .filter((p) => p.m <= radiusKm * 1000)
        .sort((x, y) => x.m - y.m)
        .slice(0, 5)
      expect(got.items.map((p) => p.id)).toEqual(expected.map((p) => p.id))
      expect(got.items.map((p) => p.distanceM)).toEqual(expected.map((p) => Math.round(p.m)))
    }
  })
})
