import { describe, expect, it } from 'vitest'
import { fileWorld, uniqueSlug } from '../../../test/helpers.js'
import type { Core } from '../../core.js'
import { EventBus, type Subscriber } from '../events.js'
import { enqueue, JobWorker } from '../jobs.js'

const world = await fileWorld()
const tenantId = (await world.core.shops.create({ slug: uniqueSlug('jobs'), name: 'jobs' })).id

/** A worker with its own handlers on the test world's database and clock. */
const workerWith = (handlers: ConstructorParameters<typeof JobWorker>[1]) =>
  new JobWorker(world.core as Core, handlers)

describe('jobs', () => {
  it('run when due by the clock, not before', async () => {
    const ran: string[] = []
    const kind = `t.due.${uniqueSlug()}`
    const w = workerWith({ [kind]: async ({ payload }) => void ran.push(payload.n) })
    await enqueue(world.core.db, world.clock, {
      kind,
      payload: { n: 'a' },
      runAt: new Date(world.clock.now().getTime() + 60_000),
    })
    await w.runDue()
    expect(ran).toEqual([])
    world.clock.advance(60_000)
    await w.runDue()
    expect(ran).toEqual(['a'])
    await w.runDue()
    expect(ran).toEqual(['a'])
  })

  it('a failing job is retried with backoff and its writes roll back each time', async () => {
    const kind = `t.fail.${uniqueSlug()}`
    let attempts = 0
    const w = workerWith({
      [kind]: async ({ trx }) => {
        attempts++
        await trx
          .insertInto('audit_log')
          .values({
            tenant_id: tenantId,
            actor_kind: 'system',
            action: kind,
            entity: 'test',
            data: '{}',
            at: world.clock.now(),
          })
          .execute()
        if (attempts < 3) throw new Error('not yet')
      },
    })
    await enqueue(world.core.db, world.clock, { kind, runAt: world.clock.now() })
    await w.runDue()
    expect(attempts).toBe(1)
    await w.runDue()
    expect(attempts).toBe(1)
    world.clock.advance(10_001)
    await w.runDue()
    world.clock.advance(20_001)
    await w.runDue()
    expect(attempts).toBe(3)
    const rows = await world.core.db.selectFrom('audit_log').select('id').where('action', '=', kind).execute()
    expect(rows).toHaveLength(1)
    const job = await world.core.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow()
    expect(job).toMatchObject({ status: 'done', attempts: 3 })
  })

  it('several workers at once run each job exactly once', async () => {
    const kind = `t.many.${uniqueSlug()}`
    const seen = new Map<number, number>()
    const handler = async ({ payload }: { payload: { i: number } }) => {
      await new Promise((r) => setTimeout(r, 1))
      seen.set(payload.i, (seen.get(payload.i) ?? 0) + 1)
    }
    for (let i = 0; i < 60; i++)
      await enqueue(world.core.db, world.clock, { kind, payload: { i }, runAt: world.clock.now() })
    const workers = [
      workerWith({ [kind]: handler }),
      workerWith({ [kind]: handler }),
      workerWith({ [kind]: handler }),
    ]
    await Promise.all(workers.map((w) => w.runDue(5)))
    expect(seen.size).toBe(60)
    expect([...seen.values()].every((n) => n === 1)).toBe(true)
  })

  it('a job whose worker died (lease held, never finished) runs again once the lease expires', async () => {
    const kind = `t.crash.${uniqueSlug()}`
    let runs = 0
    await enqueue(world.core.db, world.clock, { kind, runAt: world.clock.now() })
    // Simulate a crash: claim the job the way a worker does, then never finish it.
    await world.core.db
      .updateTable('jobs')
      .set({ locked_until: new Date(world.clock.now().getTime() + 5 * 60_000), attempts: 1 })
      .where('kind', '=', kind)
      .execute()
    const w = workerWith({ [kind]: async () => void runs++ })
    await w.runDue()
    expect(runs).toBe(0)
    world.clock.advance(5 * 60_000 + 1)
    await w.runDue()
    expect(runs).toBe(1)
  })

  it('the same dedupe key enqueues once', async () => {
    const kind = `t.dedupe.${uniqueSlug()}`
    for (let i = 0; i < 3; i++)
      await enqueue(world.core.db, world.clock, { kind, runAt: world.clock.now(), dedupeKey: `${kind}:1` })
    const n = await world.core.db.selectFrom('jobs').select('id').where('kind', '=', kind).execute()
    expect(n).toHaveLength(1)
  })
})

describe('outbox events', () => {
  it('are delivered after commit to each subscriber, never from a rolled-back transaction, and retried on failure', async () => {
    const type = `test.thing.${uniqueSlug()}`
    const got: { sub: string; id: number }[] = []
    let flaky = 0
    const subs: Subscriber[] = [
      { name: `a-${type}`, events: [type], handle: async (e) => void got.push({ sub: 'a', id: e.id }) },
      {
        name: `b-${type}`,
        events: [type],
        handle: async (e) => {
          if (flaky++ === 0) throw new Error('first delivery fails')
          got.push({ sub: 'b', id: e.id })
        },
      },
    ]
    const bus = new EventBus(world.clock, subs)
    const w = workerWith(bus.jobHandlers(subs))
    await world.core.db
      .transaction()
      .execute(async (trx) => {
        await bus.publish(trx, tenantId, type, { n: 1 })
        throw new Error('roll back')
      })
      .catch(() => {})
    const committed = await world.core.db
      .transaction()
      .execute((trx) => bus.publish(trx, tenantId, type, { n: 2 }))
    await w.runDue()
    expect(got).toEqual([{ sub: 'a', id: committed.id }])
    world.clock.advance(10_001)
    await w.runDue()
    expect(got).toEqual([
      { sub: 'a', id: committed.id },
      { sub: 'b', id: committed.id },
    ])
    const rows = await world.core.db
      .selectFrom('outbox_events')
      .select(['payload'])
      .where('type', '=', type)
      .execute()
    expect(rows.map((r) => r.payload)).toEqual([{ n: 2 }])
  })
})
