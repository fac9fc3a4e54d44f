import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createShop, fileWorld } from '../../../../test/helpers.js'
import { storeRows } from '../analytics.ingest.js'
import { dailySummary, SUMMARY_EVENT, SUMMARY_JOB } from '../analytics.summary.js'

// A world of its own: the clock stands at 10:00 on Monday 23 Nov 2026 in Shanghai, and moves on.
const world = await fileWorld()
const TODAY = '2026-11-23'
const DAY = 86_400_000

const summaries = (tenantId: string) =>
  world.core.db
    .selectFrom('outbox_events')
    .select(['payload', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('type', '=', SUMMARY_EVENT)
    .orderBy('id')
    .execute()

describe('the daily summary', () => {
  it('writes yesterday’s figures as an outbox event once a day per shop, from the first event on', async () => {
    const s = await createShop(world)
    const quiet = await createShop(world)
    const [a, b] = [randomUUID(), randomUUID()]
    const at = (time: string) => new Date(`${TODAY}T${time}:00+08:00`)
    await storeRows(world.core, world.core.db, s.shop.id, [
      {
        type: 'order.paid',
        at: at('08:00'),
        shopper_id: a,
        ref: 's1',
        amount_fen: 2_500,
        source: 'direct',
        props: '{}',
        source_event: 'test:summary:1',
      },
      {
        type: 'order.paid',
        at: at('09:00'),
        shopper_id: b,
        ref: 's2',
        amount_fen: 1_500,
        source: 'group',
        props: '{}',
        source_event: 'test:summary:2',
      },
      {
        type: 'order.refunded',
        at: at('09:30'),
        shopper_id: b,
        ref: 's2',
        amount_fen: 500,
        props: '{}',
        source_event: 'test:summary:3',
      },
      { type: 'group.opened', at: at('08:50'), ref: 'g1', props: '{}', source_event: 'test:summary:4' },
      { type: 'group.succeeded', at: at('09:00'), ref: 'g1', props: '{}', source_event: 'test:summary:5' },
    ])
    // An order late in the evening, after the rest was rolled up, still counts for the day.
    await world.core.worker.runDue()
    world.clock.advance(13 * 3_600_000) // 23:00
    await storeRows(world.core, world.core.db, s.shop.id, [
      {
        type: 'order.paid',
        at: world.clock.now(),
        shopper_id: a,
        ref: 's3',
        amount_fen: 1_000,
        source: 'direct',
        props: '{}',
        source_event: 'test:summary:6',
      },
    ])
    await world.core.worker.runDue()
    expect(await summaries(s.shop.id)).toEqual([])

    world.clock.advance(70 * 60_000) // 00:10 on the 24th
    await world.core.worker.runDue()
    const first = await summaries(s.shop.id)
    expect(first).toHaveLength(1)
    expect(first[0].payload).toMatchObject({
      day: TODAY,
      from: '2026-11-22T16:00:00.000Z',
      to: '2026-11-23T16:00:00.000Z',
      orders: 3,
      gmvFen: 5_000,
      netGmvFen: 4_500,
      averageOrderFen: 1_667,
      refunds: 1,
      refundFen: 500,
      newCustomers: 2,
      returningOrders: 1,
      groups: { opened: 1, succeeded: 1, failed: 0, successRate: 1 },
      commissionFen: 0,
      commissionShareOfGmv: 0,
      bySource: [
        { source: 'direct', orders: 2, gmvFen: 3_500 },
        { source: 'group', orders: 1, gmvFen: 1_500 },
      ],
    })
    expect(await summaries(quiet.shop.id)).toEqual([])

    // Run again (a retry, a second worker): the day is summarised once.
    await world.core.db.transaction().execute((trx) => dailySummary(world.core, trx, s.shop.id, TODAY))
    await world.core.worker.runDue()
    expect(await summaries(s.shop.id)).toHaveLength(1)

    // The next day is summarised the morning after, with nothing sold.
    world.clock.advance(DAY)
    await world.core.worker.runDue()
    const both = await summaries(s.shop.id)
    expect(both.map((e: any) => [e.payload.day, e.payload.orders, e.payload.gmvFen])).toEqual([
      [TODAY, 3, 5_000],
      ['2026-11-24', 0, 0],
    ])
    const pending = await world.core.db
      .selectFrom('jobs')
      .select(['run_at', 'payload'])
      .where('tenant_id', '=', s.shop.id)
      .where('kind', '=', SUMMARY_JOB)
      .where('status', '=', 'pending')
      .execute()
    expect(pending.map((j: any) => [j.payload.day, new Date(j.run_at).toISOString()])).toEqual([
      ['2026-11-25', '2026-11-25T16:10:00.000Z'],
    ])
  })
})
