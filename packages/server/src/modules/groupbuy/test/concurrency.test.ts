import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import type { SandboxSms } from '../../identity/index.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>

/** Many shoppers, signed in through the identity service (the HTTP sign-in is tested elsewhere). */
async function crowd(s: Shop, n: number, prefix: string) {
  const out: { id: string; call: (o: InjectOptions) => ReturnType<typeof call> }[] = []
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, async (_, j) => {
        const phone = `${prefix}${String(i + j).padStart(11 - prefix.length, '0')}`
        await world.core.identity.requestCode(s.shop.id, phone)
        const code = (world.core.sms as SandboxSms).lastCode(s.shop.id, phone)!
        const { token, shopper } = await world.core.identity.loginShopper(s.shop.id, phone, code)
        return {
          id: shopper.id as string,
          call: (o: InjectOptions) =>
            call(world, { ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } }),
        }
      }),
    )
    out.push(...batch)
  }
  return out
}

async function fiveSeatDeal(s: Shop, skuId: string) {
  const now = world.clock.now().getTime()
  const r = await s.asOwner({
    method: 'POST',
    url: '/api/v1/console/deals',
    payload: {
      type: 'standard',
      skuId,
      groupSize: 5,
      groupPriceFen: 500,
      timeLimitMinutes: 60,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      perPersonLimit: 1,
    },
  })
  expect(r.statusCode, r.body).toBe(201)
  return r.json().id as string
}

const sandbox = () => world.core.payments.provider('sandbox') as any

describe('a crowd joining one group', () => {
  it('300 shoppers join a 5-person group at once: exactly 5 paid members, the rest told the group is full', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000], stock: 400 })
    const dealId = await fiveSeatDeal(s, skuIds[0])
    const [opener, ...joiners] = await crowd(s, 301, '150')
    const opened = await opener.call({
      method: 'POST',
      url: `/api/v1/store/deals/${dealId}/groups`,
      payload: { fulfillment: 'pickup' },
    })
    const pay = async (sh: (typeof joiners)[number], orderId: string) => {
      const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
      expect(p.statusCode, p.body).toBe(200)
      await sandbox().confirm(p.json().outTradeNo)
    }
    await pay(opener, opened.json().order.id)
    await world.core.worker.runDue()
    const groupId = opened.json().group.id

    const results = await Promise.all(
      joiners.map((sh) =>
        sh.call({
          method: 'POST',
          url: `/api/v1/store/groups/${groupId}/join`,
          payload: { fulfillment: 'pickup' },
        }),
      ),
    )
    const seated = results.filter((r) => r.statusCode === 201)
    expect(seated).toHaveLength(4)
    const refused = results.filter((r) => r.statusCode !== 201)
    expect(refused).toHaveLength(296)
    for (const r of refused)
      expect(r.json().error).toMatchObject({ code: 'group_full', message: expect.any(String) })

    // The four pay at once; the last payment fills the group.
    await Promise.all(
      results.map((r, i) => (r.statusCode === 201 ? pay(joiners[i], r.json().order.id) : undefined)),
    )
    await world.core.worker.runDue()
    await world.core.worker.runDue()
    const g = (await s.asOwner({ method: 'GET', url: `/api/v1/console/groups/${groupId}` })).json()
    expect(g).toMatchObject({ status: 'succeeded', paidSeats: 5, heldSeats: 0 })
    expect(g.seats.filter((x: any) => x.status === 'paid')).toHaveLength(5)
    const orders = await world.core.db
      .selectFrom('orders')
      .select(['status'])
      .where('tenant_id', '=', s.shop.id)
      .where('kind', '=', 'group')
      .execute()
    expect(orders.map((o) => o.status).sort()).toEqual(['paid', 'paid', 'paid', 'paid', 'paid'])
    const level = await world.core.inventory.level({ db: world.core.db, tenantId: s.shop.id }, skuIds[0])
    expect(level).toMatchObject({ onHand: 395, reserved: 0 })
  })

  it('joins and payments racing the expiry: every charge ends seated or refunded', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1_000], stock: 100 })
    const dealId = await fiveSeatDeal(s, skuIds[0])
    const [opener, ...joiners] = await crowd(s, 41, '151')
    const opened = await opener.call({
      method: 'POST',
      url: `/api/v1/store/deals/${dealId}/groups`,
      payload: { fulfillment: 'pickup' },
    })
    const op = await opener.call({
      method: 'POST',
      url: `/api/v1/store/orders/${opened.json().order.id}/pay`,
    })
    await sandbox().confirm(op.json().outTradeNo)
    await world.core.worker.runDue()
    const groupId = opened.json().group.id

    // Each joiner joins and, if seated, asks to pay; then the group's time runs out while the
    // provider confirms every payment, before or after the expiry job.
    const seated = (
      await Promise.all(
        joiners.map(async (sh) => {
          const r = await sh.call({
            method: 'POST',
            url: `/api/v1/store/groups/${groupId}/join`,
            payload: { fulfillment: 'pickup' },
          })
          if (r.statusCode !== 201) return undefined
          const p = await sh.call({ method: 'POST', url: `/api/v1/store/orders/${r.json().order.id}/pay` })
          return p.json().outTradeNo as string
        }),
      )
    ).filter((x): x is string => !!x)
    expect(seated).toHaveLength(4)
    await sandbox().confirm(seated[0])
    await sandbox().confirm(seated[1])
    world.clock.advanceMinutes(61)
    await Promise.all([
      world.core.worker.runDue(),
      sandbox().confirm(seated[2]),
      sandbox().confirm(seated[3]),
    ])
    for (let i = 0; i < 4; i++) await world.core.worker.runDue()

    const g = (await s.asOwner({ method: 'GET', url: `/api/v1/console/groups/${groupId}` })).json()
    expect(['failed', 'succeeded']).toContain(g.status)
    // Whatever the interleaving: no captured payment is left without a seat or a refund.
    const rows = await world.core.db
      .selectFrom('payments')
      .innerJoin('orders', 'orders.id', 'payments.order_id')
      .leftJoin('refunds', 'refunds.payment_id', 'payments.id')
      .select(['orders.status', 'payments.status as paid', 'refunds.status as refund'])
      .where('orders.tenant_id', '=', s.shop.id)
      .where('payments.status', '=', 'succeeded')
      .execute()
    for (const r of rows) {
      if (g.status === 'succeeded' && r.status === 'paid') continue
      expect(r.refund).toBe('succeeded')
    }
  })
})
