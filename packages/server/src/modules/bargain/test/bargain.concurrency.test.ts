import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createProduct, createShop, fileWorld } from '../../../../test/helpers.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const hours = (h: number) => new Date(world.clock.now().getTime() + h * 3_600_000).toISOString()

async function setup(offer: Record<string, unknown>) {
  const s = await createShop(world)
  const { skuIds } = await createProduct(world, s.shop.id, { prices: [9900], stock: 50 })
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/bargain/offers',
    payload: {
      skuId: skuIds[0],
      floorPriceFen: 100,
      timeLimitMinutes: 24 * 60,
      startsAt: hours(-1),
      endsAt: hours(48),
      ...offer,
    },
  })
  expect(r.statusCode, r.body).toBe(201)
  return { s, offer: r.json() }
}

async function shoppers(s: Shop, n: number, prefix: string) {
  const out: Shopper[] = []
  for (let i = 0; i < n; i++)
    out.push(await s.shopper(`${prefix}${String(i).padStart(8 - prefix.length + 3, '0')}`))
  return out
}

const help = (sh: Shopper, id: string, key: string) =>
  sh.call({ method: 'POST', url: `/api/v1/store/bargains/${id}/help`, headers: { 'x-device-key': key } })

describe('a crowd of helpers', () => {
  it('50 parallel helps on a bargain needing 10: exactly 10 cut, the price lands on the floor and never below', async () => {
    const { s, offer } = await setup({ helpersNeeded: 10 })
    const me = await s.shopper()
    const b = (
      await me.call({ method: 'POST', url: `/api/v1/store/bargain/offers/${offer.id}/start` })
    ).json()
    const crowd = await shoppers(s, 50, '136')

    // Watch the bargain row while the crowd arrives.
    let watching = true
    const seen: { current_price_fen: number; helpers_count: number }[] = []
    const watcher = (async () => {
      while (watching) {
        const r = await sql<{
          current_price_fen: number
          helpers_count: number
        }>`select current_price_fen, helpers_count from bargains where id = ${b.id}`.execute(world.core.db)
        seen.push(r.rows[0])
        await new Promise((res) => setTimeout(res, 2))
      }
    })()
    const results = await Promise.all(crowd.map((f, i) => help(f, b.id, `crowd-device-${process.pid}-${i}`)))
    watching = false
    await watcher

    const ok = results.filter((r) => r.statusCode === 200)
    expect(ok).toHaveLength(10)
    const refused = results.filter((r) => r.statusCode !== 200)
    expect(refused).toHaveLength(40)
    for (const r of refused) expect(r.json().error.code).toBe('ended')
    const cuts = ok.map((r) => r.json().cutFen as number)
    for (const c of cuts) expect(c).toBeGreaterThanOrEqual(1)
    expect(cuts.reduce((a, c) => a + c, 0)).toBe(9900 - 100)
    for (const row of seen) {
      expect(Number(row.current_price_fen)).toBeGreaterThanOrEqual(100)
      expect(Number(row.helpers_count)).toBeLessThanOrEqual(10)
    }

    const final = (await me.call({ method: 'GET', url: `/api/v1/store/bargains/${b.id}` })).json()
    expect(final).toMatchObject({ status: 'reached', currentPriceFen: 100, helpersCount: 10 })
    expect(final.helpers).toHaveLength(10)
    const reached = await world.core.db
      .selectFrom('outbox_events')
      .select('id')
      .where('type', '=', 'bargain.bargain.reached')
      .where(sql`payload->>'bargainId'`, '=', b.id)
      .execute()
    expect(reached).toHaveLength(1)
  })

  it('one helper firing at ten bargains at once gets only their daily limit; one device likewise', async () => {
    const { s, offer } = await setup({ helpersNeeded: 5, helperDailyLimit: 3, deviceDailyLimit: 4 })
    const starters = await shoppers(s, 10, '137')
    const ids: string[] = []
    for (const st of starters)
      ids.push(
        (await st.call({ method: 'POST', url: `/api/v1/store/bargain/offers/${offer.id}/start` })).json().id,
      )

    const [eager] = await shoppers(s, 1, '138')
    const burst = await Promise.all(ids.map((id, i) => help(eager, id, `eager-${process.pid}-${i}`)))
    expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(3)
    for (const r of burst.filter((x) => x.statusCode !== 200))
      expect(r.json().error.code).toBe('rate_limited')

    const farm = await shoppers(s, 10, '139')
    const phone = `farm-phone-${process.pid}`
    const fromOnePhone = await Promise.all(farm.map((f, i) => help(f, ids[i], phone)))
    expect(fromOnePhone.filter((r) => r.statusCode === 200)).toHaveLength(4)
  })
})
