import { sql } from 'kysely'
import type { Core } from '../../core.js'
import type { Db } from '../../platform/db.js'
import { enqueue } from '../../platform/jobs.js'
import { ROLLUP_JOB } from './analytics.ingest.js'
import { kickSummary } from './analytics.summary.js'
import {
  type CustomerActivation,
  dailyIncrements,
  foldActivations,
  type Increments,
  type RollupEvent,
  shopDay,
} from './domain/rollup.js'

export const ROLLUP_BATCH = 20_000

const ms = (v: Date | string) => new Date(v).getTime()

/**
 * The transaction id below which every transaction that could write events here has finished:
 * the oldest transaction still open in this database (other databases of the cluster cannot
 * write our table), else the snapshot's next id. The snapshot is taken first and the open
 * transactions read after it, so one that got its id in between is either seen open or has
 * committed, and then its rows are visible to the next statement.
 */
async function finishedBelow(db: Db): Promise<number> {
  const snap = await sql<{ snap: string; own: string | null }>`
    select pg_current_snapshot()::text as snap, pg_current_xact_id_if_assigned()::text as own`.execute(db)
  const [, xmax, xip] = snap.rows[0].snap.split(':')
  const own = snap.rows[0].own
  const open = (xip ?? '').split(',').filter((x) => x && x !== own)
  if (!open.length) return Number(xmax)
  const here = await sql<{ xid: string }>`
    select backend_xid::text as xid from pg_stat_activity
    where datname = current_database() and backend_xid is not null`.execute(db)
  const mine = new Set(here.rows.map((r) => r.xid))
  let horizon = Number(xmax)
  for (const x of open) {
    const n = Number(x)
    if (mine.has(String(n % 4_294_967_296))) horizon = Math.min(horizon, n)
  }
  return horizon
}

/**
 * One step of the incremental daily rollup, in the caller's transaction. The watermark is the
 * (transaction id, event id) of the last event rolled up; only events written by transactions
 * that have finished are read (see `finishedBelow`), so an event whose transaction commits late
 * is never skipped. Counters, customers and the watermark move in one transaction:
 * a crash repeats the step, never half of it. Returns how many events it read; a full batch asks
 * for another step at once.
 */
export async function rollupStep(core: Core, db: Db, batch = ROLLUP_BATCH): Promise<number> {
  const state = await db
    .selectFrom('analytics_rollup_state')
    .select(['txid', 'last_id'])
    .where('name', '=', 'daily')
    .forUpdate()
    .executeTakeFirstOrThrow()
  const horizon = await finishedBelow(db)
  const rows = await db
    .selectFrom('analytics_events')
    .select([
      'id',
      'txid',
      'tenant_id',
      'type',
      'at',
      'shopper_id',
      'share_token',
      'sharer_id',
      'campaign',
      'source',
      'channel',
      'ref',
      'amount_fen',
      'first_visit',
    ])
    .where(sql<boolean>`(txid, id) > (${state.txid}, ${state.last_id})`)
    .where('txid', '<', horizon)
    .orderBy('txid')
    .orderBy('id')
    .limit(batch)
    .execute()
  if (!rows.length) return 0

  const events: RollupEvent[] = rows.map((r) => ({
    tenantId: r.tenant_id,
    type: r.type,
    at: ms(r.at),
    amountFen: Number(r.amount_fen),
    firstVisit: r.first_visit,
    source: r.source,
    channel: r.channel,
  }))
  const increments: Increments = dailyIncrements(events)

  // Each shopper's earliest paid order in the batch, against the activation on record.
  const firsts = new Map<string, CustomerActivation>()
  const orderCount = new Map<string, number>()
  for (const r of rows) {
    if (r.type !== 'order.paid' || !r.shopper_id || !r.ref) continue
    const key = `${r.tenant_id}|${r.shopper_id}`
    orderCount.set(key, (orderCount.get(key) ?? 0) + 1)
    const a: CustomerActivation = {
      tenantId: r.tenant_id,
      shopperId: r.shopper_id,
      at: ms(r.at),
      ref: r.ref,
      amountFen: Number(r.amount_fen),
      parentId: r.sharer_id,
      token: r.share_token,
      campaign: r.campaign,
      source: r.source ?? 'direct',
      channel: r.channel,
    }
    const had = firsts.get(key)
    if (!had || a.at < had.at || (a.at === had.at && a.ref < had.ref)) firsts.set(key, a)
  }
  if (firsts.size) {
    const byTenant = new Map<string, string[]>()
    for (const a of firsts.values())
      byTenant.set(a.tenantId, [...(byTenant.get(a.tenantId) ?? []), a.shopperId])
    const known = new Map<string, CustomerActivation>()
    for (const [tenantId, shoppers] of byTenant) {
      const existing = await db
        .selectFrom('analytics_customers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('shopper_id', 'in', shoppers)
        .execute()
      for (const c of existing)
        known.set(`${c.tenant_id}|${c.shopper_id}`, {
          tenantId: c.tenant_id,
          shopperId: c.shopper_id,
          at: ms(c.activated_at),
          ref: c.first_order,
          amountFen: Number(c.first_amount_fen),
          parentId: c.parent_id,
          token: c.share_token,
          campaign: c.campaign,
          source: c.source,
          channel: c.channel,
        })
    }
    const { changed } = foldActivations(known, [...firsts.values()], increments)
    const changedKeys = new Set(changed.map((a) => `${a.tenantId}|${a.shopperId}`))
    const upserts = [...firsts.values()].map((a) => {
      const key = `${a.tenantId}|${a.shopperId}`
      const act = changedKeys.has(key) ? a : known.get(key)!
      return {
        tenant_id: a.tenantId,
        shopper_id: a.shopperId,
        activated_at: new Date(act.at),
        first_order: act.ref,
        first_amount_fen: act.amountFen,
        parent_id: act.parentId,
        share_token: act.token,
        campaign: act.campaign,
        source: act.source,
        channel: act.channel,
        orders: orderCount.get(key)!,
      }
    })
    for (let i = 0; i < upserts.length; i += 2_000)
      await db
        .insertInto('analytics_customers')
        .values(upserts.slice(i, i + 2_000))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'shopper_id']).doUpdateSet((eb) => ({
            activated_at: eb.ref('excluded.activated_at'),
            first_order: eb.ref('excluded.first_order'),
            first_amount_fen: eb.ref('excluded.first_amount_fen'),
            parent_id: eb.ref('excluded.parent_id'),
            share_token: eb.ref('excluded.share_token'),
            campaign: eb.ref('excluded.campaign'),
            source: eb.ref('excluded.source'),
            channel: eb.ref('excluded.channel'),
            orders: sql`analytics_customers.orders + excluded.orders`,
          })),
        )
        .execute()
  }

  const values = [...increments]
    .filter(([, n]) => n !== 0)
    .map(([key, value]) => {
      const [tenant_id, day, metric, dim] = key.split('|')
      return { tenant_id, day, metric, dim, value }
    })
  for (let i = 0; i < values.length; i += 2_000)
    await db
      .insertInto('analytics_daily')
      .values(values.slice(i, i + 2_000))
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'day', 'metric', 'dim'])
          .doUpdateSet({ value: sql`analytics_daily.value + excluded.value` }),
      )
      .execute()

  // Each shop with events starts its chain of daily summaries. Asked here, where steps run one at a
  // time, not at ingestion, where concurrent writers would queue on the job's key.
  const today = shopDay(core.clock.now().getTime())
  for (const tenantId of new Set(rows.map((r) => r.tenant_id))) await kickSummary(db, core, tenantId, today)

  const last = rows[rows.length - 1]
  await db
    .updateTable('analytics_rollup_state')
    .set((eb) => ({
      txid: last.txid,
      last_id: last.id,
      events: eb('events', '+', rows.length),
      updated_at: core.clock.now(),
    }))
    .where('name', '=', 'daily')
    .execute()
  if (rows.length === batch)
    await enqueue(db, core.clock, {
      kind: ROLLUP_JOB,
      runAt: core.clock.now(),
      dedupeKey: `${ROLLUP_JOB}:after:${last.txid}:${last.id}`,
    })
  return rows.length
}

/** Whether committed events wait beyond the watermark (behind a transaction still open). */
export async function behindWatermark(db: Db) {
  const state = await db
    .selectFrom('analytics_rollup_state')
    .select(['txid', 'last_id'])
    .where('name', '=', 'daily')
    .executeTakeFirstOrThrow()
  const next = await db
    .selectFrom('analytics_events')
    .select('id')
    .where(sql<boolean>`(txid, id) > (${state.txid}, ${state.last_id})`)
    .limit(1)
    .executeTakeFirst()
  return !!next
}
