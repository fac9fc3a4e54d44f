import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { runChecks } from '../../../platform/checks.js'
import { checkLedger } from '../../ledger/ledger.service.js'
import { distributionInvariants } from '../distribution.checks.js'
import { mulDivFloor, refundedBase } from '../domain/commission.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()
const DAY_MIN = 24 * 60

async function drain() {
  for (let i = 0; i < 4; i++) await world.core.worker.runDue()
}

const rate = fc.oneof(
  fc
    .integer({ min: 0, max: 3_000 })
    .chain((l1) =>
      fc.integer({ min: 0, max: 3_000 - l1 }).map((l2) => ({ kind: 'rate', level1Bp: l1, level2Bp: l2 })),
    ),
  fc.record({
    kind: fc.constant('fixed'),
    level1FenPerUnit: fc.integer({ min: 0, max: 5_000 }),
    level2FenPerUnit: fc.integer({ min: 0, max: 3_000 }),
  }),
)

const scenario = fc.record({
  levels: fc.constantFrom(1, 2),
  rate,
  lines: fc.array(
    fc.record({ priceFen: fc.integer({ min: 1, max: 20_000 }), quantity: fc.integer({ min: 1, max: 4 }) }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  settleFirst: fc.boolean(),
  refunds: fc.array(fc.record({ line: fc.nat(), quantity: fc.integer({ min: 1, max: 4 }) }), {
    maxLength: 3,
  }),
})

/** A one-level plan carries no second-level rate (the guard refuses one). */
function oneLevel(r: Record<string, unknown>) {
  const { level2Bp: _, level2FenPerUnit: __, ...rest } = r
  return rest
}

describe('commissions over random plans, orders and refunds', () => {
  it('stay within 30% of each line on two levels, give back exactly the refunded share, and keep the books balanced', async () => {
    let paidSome = 0
    let clawedSome = 0
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const s = await createShop(world)
        const saved = await s.asOwner({
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
              levels: sc.levels,
              secondLevelAcknowledged: sc.levels === 2,
              defaultRate: sc.levels === 2 ? sc.rate : oneLevel(sc.rate),
            },
          },
        })
        expect(saved.statusCode, saved.body).toBe(200)
        const { productId, skuIds } = await createProduct(world, s.shop.id, {
          prices: sc.lines.map((l) => l.priceFen),
          stock: 10,
        })
        const [top, mid, buyer] = [await s.shopper(), await s.shopper(), await s.shopper()]
        for (const p of [top, mid])
          await p.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
        for (const [sharer, customer] of [
          [top, mid],
          [mid, buyer],
        ]) {
          const share = await sharer.call({
            method: 'POST',
            url: '/api/v1/store/shares',
            payload: { targetKind: 'product', targetId: productId },
          })
          await customer.call({ method: 'POST', url: `/api/v1/store/shares/${share.json().token}/open` })
          await drain()
          world.clock.advanceMinutes(2)
        }
        const o = await buyer.call({
          method: 'POST',
          url: '/api/v1/store/orders',
          payload: {
            items: sc.lines.map((l, i) => ({ skuId: skuIds[i], quantity: l.quantity })),
            fulfillment: 'pickup',
          },
        })
        expect(o.statusCode, o.body).toBe(201)
        const orderId = o.json().id as string
        const pay = await buyer.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
        await call(world, { method: 'POST', url: `${new URL(pay.json().payUrl).pathname}/confirm` })
        await drain()
        const view = async () =>
          (await buyer.call({ method: 'GET', url: `/api/v1/store/orders/${orderId}` })).json()

        if (sc.settleFirst) {
          await s.asOwner({ method: 'POST', url: `/api/v1/console/orders/${orderId}/ready-for-pickup` })
          await s.asOwner({
            method: 'POST',
            url: `/api/v1/console/orders/${orderId}/complete`,
            payload: { pickupCode: (await view()).pickupCode },
          })
          await drain()
          world.clock.advanceMinutes(8 * DAY_MIN)
          await drain()
        }
        for (const r of sc.refunds) {
          const lines = (await view()).lines
          const line = lines[r.line % lines.length]
          const left = line.quantity - line.refundedQuantity
          if (left <= 0) continue
          const res = await s.asOwner({
            method: 'POST',
            url: `/api/v1/console/orders/${orderId}/refund`,
            payload: {
              reason: 'property',
              lines: [{ lineId: line.id, quantity: Math.min(r.quantity, left) }],
            },
          })
          expect(res.statusCode, res.body).toBe(201)
          await drain()
        }

        const rows = await world.core.db
          .selectFrom('commissions')
          .innerJoin('order_lines', 'order_lines.id', 'commissions.order_line_id')
          .select([
            'commissions.order_line_id',
            'commissions.level',
            'commissions.base_fen',
            'commissions.amount_fen',
            'commissions.clawed_fen',
            'commissions.refunded_base_fen',
            'order_lines.amount_fen as line_fen',
            'order_lines.refunded_fen as line_refunded_fen',
          ])
          .where('commissions.order_id', '=', orderId)
          .execute()
        if (rows.length) paidSome++
        if (rows.some((c) => c.clawed_fen > 0)) clawedSome++
        const perLine = new Map<string, number>()
        for (const c of rows) {
          expect([1, 2]).toContain(c.level)
          perLine.set(c.order_line_id, (perLine.get(c.order_line_id) ?? 0) + c.amount_fen)
          const refunded = refundedBase(c.base_fen, c.line_fen, c.line_refunded_fen)
          expect(c.refunded_base_fen).toBe(refunded)
          expect(c.clawed_fen).toBe(mulDivFloor(c.amount_fen, refunded, c.base_fen))
        }
        for (const c of rows)
          expect(perLine.get(c.order_line_id)).toBeLessThanOrEqual(mulDivFloor(c.base_fen, 3, 10))
        if (sc.levels === 1) expect(rows.every((c) => c.level === 1)).toBe(true)
      }),
      { numRuns: 12 },
    )
    // The runs must have exercised something: commissions paid, and some clawed back.
    expect(paidSome).toBeGreaterThan(3)
    expect(clawedSome).toBeGreaterThan(0)
    expect((await checkLedger(world.core.db)).violations).toEqual([])
    const results = await runChecks(world.core.db, distributionInvariants)
    expect(results.flatMap((r) => r.violations)).toEqual([])
  }, 240_000)
})
