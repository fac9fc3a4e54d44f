import type { Transaction } from 'kysely'
import type { Core } from '../core.js'
import type { DB } from '../database.js'
import type { Clock } from './clock.js'
import type { Db } from './db.js'
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
