import type { Transaction } from 'kysely'
import type { Core } from '../core.js'
import type { DB } from '../database.js'
import type { Clock } from './clock.js'
import type { Db } from './db.js'
import { newId } from './ids.js'
import { enqueue, type JobHandler } from './jobs.js'

/** A consumer of outbox events; it runs in its own job, so one slow or failing consumer holds up no other. */
export interface Subscriber {
  /** Stable name: it keys the delivery jobs. */
  name: string
  events: string[]
  handle(event: DomainEvent, trx: Transaction<DB>, core: Core): Promise<void>
}

export interface DomainEvent {
  id: number
  tenantId: string
  type: string
  payload: Record<string, any>
  createdAt: string
}

/**
 * The outbox. `publish` writes the event in the caller's transaction, together with one delivery
 * job per subscriber: delivered at least once, after commit, retried on failure. Consumers must be
 * idempotent (they get the event id). The rows also form the stream a relay can forward to NATS.
 */
export class EventBus {
  private readonly byType = new Map<string, Subscriber[]>()
  /** Called after a commit that published, so the worker can deliver without waiting for its tick. */
  onPublish?: () => void

  constructor(
    private readonly clock: Clock,
    subscribers: Subscriber[],
  ) {
    for (const s of subscribers)
      for (const t of s.events) this.byType.set(t, [...(this.byType.get(t) ?? []), s])
  }

  async publish(db: Db, tenantId: string, type: string, payload: Record<string, unknown>) {
    const now = this.clock.now()
    const row = await db
      .insertInto('outbox_events')
      .values({ tenant_id: tenantId, type, payload: JSON.stringify(payload), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    const event = { id: row.id, tenantId, type, payload, createdAt: now.toISOString() }
    for (const s of this.byType.get(type) ?? []) {
      await enqueue(db, this.clock, {
        kind: `event:${s.name}`,
        tenantId,
        payload: event as any,
        runAt: now,
        dedupeKey: `event:${s.name}:${row.id}`,
      })
    }
    this.onPublish?.()
    return event
  }

  /** Whether any subscriber listens to `type` (a bulk writer may then write the outbox rows itself). */
  subscribed(type: string) {
    return (this.byType.get(type)?.length ?? 0) > 0
  }

  /** `publish` for many events in one multi-row insert (bulk writers such as flash-sale batches). */
  async publishMany(db: Db, tenantId: string, events: { type: string; payload: Record<string, unknown> }[]) {
    if (!events.length) return
    const now = this.clock.now()
    const rows = await db
      .insertInto('outbox_events')
      .values(
        events.map((e) => ({
          tenant_id: tenantId,
          type: e.type,
          payload: JSON.stringify(e.payload),
          created_at: now,
        })),
      )
      .returning('id')
      .execute()
    const jobs = rows.flatMap((row, i) =>
      (this.byType.get(events[i].type) ?? []).map((s) => ({
        id: newId(),
        tenant_id: tenantId,
        kind: `event:${s.name}`,
        payload: JSON.stringify({
          id: row.id,
          tenantId,
          type: events[i].type,
          payload: events[i].payload,
          createdAt: now.toISOString(),
        }),
        run_at: now,
        dedupe_key: `event:${s.name}:${row.id}`,
        max_attempts: 10,
        created_at: now,
      })),
    )
    if (jobs.length)
      await db
        .insertInto('jobs')
        .values(jobs)
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute()
    this.onPublish?.()
  }

  /** Job handlers that deliver events to each subscriber. */
  jobHandlers(subscribers: Subscriber[]): Record<string, JobHandler> {
    return Object.fromEntries(
      subscribers.map((s) => [
        `event:${s.name}`,
        ({ payload, trx, core }) => s.handle(payload as DomainEvent, trx, core),
      ]),
    )
  }
}
