import { sql, type Transaction } from 'kysely'
import type { Core } from '../core.js'
import type { DB } from '../database.js'
import type { Clock } from './clock.js'
import type { Db } from './db.js'
import { newId } from './ids.js'

/** Runs inside the transaction that also marks the job done: its writes and the job's end commit together. */
export type JobHandler = (job: {
  tenantId: string | null
  payload: any
  trx: Transaction<DB>
  core: Core
  attempt: number
}) => Promise<void>

const OUTSIDE = Symbol('outside transaction')

/**
 * For jobs that talk to the outside world (HTTP to a provider): no transaction is held while they
 * wait, and `trx` is the plain connection pool. They must be idempotent, as a crash after their
 * effect but before `done` runs them again.
 */
export function outsideTransaction(
  fn: (job: { tenantId: string | null; payload: any; db: Db; core: Core; attempt: number }) => Promise<void>,
): JobHandler {
  const h = (async (job: any) => fn({ ...job, db: job.trx })) as JobHandler & { [OUTSIDE]?: true }
  h[OUTSIDE] = true
  return h
}

export interface EnqueueInput {
  kind: string
  tenantId?: string | null
  payload?: Record<string, unknown>
  runAt: Date
  /** A second enqueue with the same key is a no-op. */
  dedupeKey?: string
  maxAttempts?: number
}

/** Writes a job row; call it inside the transaction whose commit should make the job real. */
export async function enqueue(db: Db, clock: Clock, job: EnqueueInput) {
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      tenant_id: job.tenantId ?? null,
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      run_at: job.runAt,
      dedupe_key: job.dedupeKey ?? null,
      max_attempts: job.maxAttempts ?? 10,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute()
}

const LEASE_MS = 5 * 60_000
const backoffMs = (attempt: number) => Math.min(60 * 60_000, 2 ** attempt * 5_000)

/**
 * Due-time rows and the worker that runs them. A job is claimed with a lease (FOR UPDATE SKIP
 * LOCKED, so several instances share the work); a crash leaves the lease to expire and the job to
 * run again, and its handler's writes commit only with the job's own `done`.
 */
export class JobWorker {
  private timer?: NodeJS.Timeout
  private running?: Promise<number>
  private stopped = false

  constructor(
    private readonly core: Core,
    private readonly handlers: Record<string, JobHandler>,
  ) {}

  /** Runs every job due now (by the core clock); returns how many ran. */
  async runDue(batch = 20): Promise<number> {
    let total = 0
    for (;;) {
      const n = await this.runBatch(batch)
      total += n
      if (n === 0 || this.stopped) return total
    }
  }

  private async runBatch(batch: number) {
    const { db, clock, log } = this.core
    const now = clock.now()
    const claimed = await sql<{
      id: string
      kind: string
      tenant_id: string | null
      payload: any
      attempts: number
      max_attempts: number
    }>`
      update jobs set locked_until = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
      where id in (
        select id from jobs
        where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until <= ${now})
        order by run_at limit ${batch}
        for update skip locked)
      returning id, kind, tenant_id, payload, attempts, max_attempts`.execute(db)
    for (const job of claimed.rows) {
      const handler = this.handlers[job.kind]
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
        if ((handler as any)[OUTSIDE]) {
          await handler({
            tenantId: job.tenant_id,
            payload: job.payload,
            trx: db as any,
            core: this.core,
            attempt: job.attempts,
          })
          await db
            .updateTable('jobs')
            .set({ status: 'done', finished_at: this.core.clock.now(), locked_until: null })
            .where('id', '=', job.id)
            .execute()
          continue
        }
        await db.transaction().execute(async (trx) => {
          await handler({
            tenantId: job.tenant_id,
            payload: job.payload,
            trx,
            core: this.core,
            attempt: job.attempts,
          })
          await trx
            .updateTable('jobs')
            .set({ status: 'done', finished_at: this.core.clock.now(), locked_until: null })
            .where('id', '=', job.id)
            .execute()
        })
      } catch (err) {
        const failed = job.attempts >= job.max_attempts
        log.warn(
          { err, job: job.id, kind: job.kind, attempt: job.attempts },
          failed ? 'job failed for good' : 'job failed, will retry',
        )
        await db
          .updateTable('jobs')
          .set({
            status: failed ? 'failed' : 'pending',
            locked_until: null,
            last_error: String((err as Error)?.stack ?? err).slice(0, 2000),
            run_at: new Date(this.core.clock.now().getTime() + backoffMs(job.attempts)),
          })
          .where('id', '=', job.id)
          .execute()
      }
    }
    return claimed.rows.length
  }

  /** Polls in the background; `poke()` runs it soon after a commit that enqueued work. */
  start(intervalMs = 1000) {
    this.stopped = false
    const tick = () => {
      if (this.stopped) return
      this.running = this.runDue().catch((err) => {
        this.core.log.error({ err }, 'job worker tick failed')
        return 0
      })
      this.running.finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs)
      })
    }
    this.timer = setTimeout(tick, 10)
  }

  poke() {
    if (this.stopped || !this.timer) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.start()
    }, 5)
  }

  async stop() {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }
}
