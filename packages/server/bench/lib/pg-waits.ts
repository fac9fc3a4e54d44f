import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'

/** What the benchmark database's connections did during a phase. */
export interface PgActivity {
  /** Average number of busy connections in each state or wait, largest first. */
  waits: Record<string, number>
  /** Its backends and Postgres's background processes (WAL writer, checkpointer, …). */
  pids: Set<number>
}

/**
 * Samples the server's Postgres connections every 50 ms while a phase runs: the average number
 * in each state (`active`, `idle in transaction`) or wait (`Lock:transactionid` = queued behind
 * another transaction's row lock, `IO:WALSync` = flushing a commit, `Client:ClientRead` = waiting
 * for the app's next statement). Returns the stop function.
 */
export function sampleActivity(databaseUrl: string): () => Promise<PgActivity> {
  const client = new pg.Client({ connectionString: databaseUrl })
  // The connection ends with the database (dropped on Ctrl-C); queries report it, this must not.
  client.on('error', () => {})
  const totals: Record<string, number> = {}
  const pids = new Set<number>()
  let samples = 0
  let stopped = false
  const loop = (async () => {
    await client.connect()
    while (!stopped) {
      const { rows } = await client.query<{ pid: number; ours: boolean; what: string | null }>(
        `select pid, datname = current_database() as ours,
                case when state <> 'idle' then coalesce(wait_event_type || ':' || wait_event, state) end as what
           from pg_stat_activity
          where pid <> pg_backend_pid() and (datname = current_database() or backend_type <> 'client backend')`,
      )
      for (const r of rows) {
        pids.add(r.pid)
        if (r.ours && r.what) totals[r.what] = (totals[r.what] ?? 0) + 1
      }
      samples++
      await sleep(50)
    }
  })().catch(() => {}) // a sampler that loses its connection just stops sampling
  return async () => {
    stopped = true
    await loop
    await client.end().catch(() => {})
    const waits = Object.entries(totals)
      .map(([k, v]) => [k, Math.round((v / Math.max(1, samples)) * 10) / 10] as const)
      .sort((a, b) => b[1] - a[1])
    return { waits: Object.fromEntries(waits), pids }
  }
}

/**
 * Waits until none of the database's connections is busy (at most `ms`), so that requests cut
 * off at the end of one phase do not run on into the next.
 */
export async function waitUntilIdle(databaseUrl: string, ms = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  // The connection ends with the database (dropped on Ctrl-C); queries report it, this must not.
  client.on('error', () => {})
  await client.connect()
  try {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
      )
      if (Number(rows[0].n) === 0) return
      await sleep(50)
    }
  } finally {
    await client.end()
  }
}
