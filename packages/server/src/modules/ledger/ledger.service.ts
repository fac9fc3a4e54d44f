import { sql } from 'kysely'
import type { Core } from '../../core.js'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { assertBalanced, type Posting } from './domain/accounts.js'

export interface TransferInput {
  kind: string
  /** Idempotency: a second post with the same key is a no-op. */
  key: string
  orderId?: string | null
  memo?: string
  postings: Posting[]
}

/** Double-entry ledger: every money movement is one balanced transfer; balances are sums of entries. */
export function createLedgerService(core: Core) {
  return {
    /** Posts a balanced transfer in the caller's transaction; returns false if `key` was already posted. */
    async post(ctx: Pick<Ctx, 'db' | 'tenantId'>, t: TransferInput): Promise<boolean> {
      assertBalanced(t.postings)
      const now = core.clock.now()
      const s = scoped(ctx)
      const transfer = await s
        .insertInto('ledger_transfers', {
          id: newId(),
          kind: t.kind,
          key: t.key,
          order_id: t.orderId ?? null,
          memo: t.memo ?? null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!transfer) return false
      const codes = [...new Map(t.postings.map((p) => [p.account.code, p.account])).values()]
      const accts = await s
        .insertInto(
          'ledger_accounts',
          codes.map((a) => ({ id: newId(), code: a.code, kind: a.kind, created_at: now })),
        )
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'code']).doUpdateSet({ code: (eb) => eb.ref('excluded.code') }),
        )
        .returning(['id', 'code'])
        .execute()
      const idOf = new Map(accts.map((a) => [a.code, a.id]))
      await s
        .insertInto(
          'ledger_entries',
          t.postings.map((p) => ({
            transfer_id: transfer.id,
            account_id: idOf.get(p.account.code)!,
            amount_fen: p.amountFen,
            created_at: now,
          })),
        )
        .execute()
      return true
    },

    async balances(ctx: Pick<Ctx, 'db' | 'tenantId'>) {
      const rows = await scoped(ctx)
        .selectFrom('ledger_accounts')
        .leftJoin('ledger_entries', 'ledger_entries.account_id', 'ledger_accounts.id')
        .select([
          'ledger_accounts.code',
          'ledger_accounts.kind',
          sql<number>`coalesce(sum(ledger_entries.amount_fen), 0)::bigint`.as('balance_fen'),
        ])
        .groupBy(['ledger_accounts.code', 'ledger_accounts.kind'])
        .orderBy('ledger_accounts.code')
        .execute()
      return rows.map((r) => ({ code: r.code, kind: r.kind, balanceFen: Number(r.balance_fen) }))
    },

    async transfers(ctx: Pick<Ctx, 'db' | 'tenantId'>, filter: { orderId?: string; limit?: number }) {
      let q = scoped(ctx)
        .selectFrom('ledger_transfers')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(filter.limit ?? 100)
      if (filter.orderId) q = q.where('order_id', '=', filter.orderId)
      const transfers = await q.execute()
      const entries = transfers.length
        ? await ctx.db
            .selectFrom('ledger_entries')
            .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
            .select(['ledger_entries.transfer_id', 'ledger_accounts.code', 'ledger_entries.amount_fen'])
            .where(
              'ledger_entries.transfer_id',
              'in',
              transfers.map((t) => t.id),
            )
            .orderBy('ledger_entries.id')
            .execute()
        : []
      return transfers.map((t) => ({
        id: t.id,
        kind: t.kind,
        orderId: t.order_id,
        memo: t.memo,
        createdAt: t.created_at,
        entries: entries
          .filter((e) => e.transfer_id === t.id)
          .map((e) => ({ account: e.code, amountFen: e.amount_fen })),
      }))
    },
  }
}

export type LedgerService = ReturnType<typeof createLedgerService>

export interface LedgerViolation {
  check: string
  tenantId?: string
  ref?: string
  detail: string
}

/**
 * Proves the books, across every shop: each transfer balances, each shop's accounts sum to zero,
 * and each order's provider cash postings equal what its payments captured minus what was refunded.
 */
export async function checkLedger(
  db: Db,
): Promise<{ transfers: number; orders: number; violations: LedgerViolation[] }> {
  const violations: LedgerViolation[] = []
  const unbalanced = await sql<{ tenant_id: string; transfer_id: string; total: number }>`
    select t.tenant_id, t.id as transfer_id, coalesce(sum(e.amount_fen), 0)::bigint as total
    from ledger_transfers t left join ledger_entries e on e.transfer_id = t.id
    group by t.tenant_id, t.id
    having coalesce(sum(e.amount_fen), 0) <> 0 or count(e.id) < 2`.execute(db)
  for (const r of unbalanced.rows)
    violations.push({
      check: 'transfer_balances',
      tenantId: r.tenant_id,
      ref: r.transfer_id,
      detail: `entries sum to ${r.total}`,
    })

  const tenants = await sql<{ tenant_id: string; total: number }>`
    select tenant_id, sum(amount_fen)::bigint as total from ledger_entries group by tenant_id having sum(amount_fen) <> 0`.execute(
    db,
  )
  for (const r of tenants.rows)
    violations.push({
      check: 'accounts_sum_to_zero',
      tenantId: r.tenant_id,
      detail: `all accounts sum to ${r.total}`,
    })

  const orders = await sql<{
    tenant_id: string
    order_id: string
    captured: number
    refunded: number
    posted: number
    paid_fen: number
    refunded_fen: number
  }>`
    with pay as (
      select order_id, sum(amount_fen)::bigint as captured from payments where status = 'succeeded' group by order_id
    ), ref as (
      select order_id, sum(amount_fen)::bigint as refunded from refunds where status = 'succeeded' group by order_id
    ), led as (
      select t.order_id, sum(e.amount_fen)::bigint as posted
      from ledger_transfers t
      join ledger_entries e on e.transfer_id = t.id
      join ledger_accounts a on a.id = e.account_id
      where a.code like 'cash:%' and t.order_id is not null
      group by t.order_id
    )
    select o.tenant_id, o.id as order_id, coalesce(pay.captured, 0)::bigint as captured, coalesce(ref.refunded, 0)::bigint as refunded,
           coalesce(led.posted, 0)::bigint as posted, o.paid_fen, o.refunded_fen
    from orders o
    left join pay on pay.order_id = o.id
    left join ref on ref.order_id = o.id
    left join led on led.order_id = o.id
    where pay.captured is not null or led.posted is not null or o.paid_fen <> 0`.execute(db)
  for (const r of orders.rows) {
    const net = Number(r.captured) - Number(r.refunded)
    if (Number(r.posted) !== net)
      violations.push({
        check: 'order_postings_match_payments',
        tenantId: r.tenant_id,
        ref: r.order_id,
        detail: `cash postings ${r.posted} ≠ captured ${r.captured} − refunded ${r.refunded}`,
      })
  }
  const transfers = await sql<{ n: number }>`select count(*)::bigint as n from ledger_transfers`.execute(db)
  return { transfers: Number(transfers.rows[0].n), orders: orders.rows.length, violations }
}
