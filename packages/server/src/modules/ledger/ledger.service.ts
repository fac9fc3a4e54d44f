import { sql } from 'kysely'
import type { Core } from '../../core.js'
import { runChecks } from '../../platform/checks.js'
import type { Ctx } from '../../platform/context.js'
import type { Db } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { assertBalanced, type Posting } from './domain/accounts.js'
import { ledgerInvariants } from './ledger.checks.js'

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
  const results = await runChecks(db, ledgerInvariants)
  const checked = (name: string) => results.find((r) => r.name === name)?.checked ?? 0
  return {
    transfers: checked('ledger.transfer_balances'),
    orders: checked('ledger.order_postings_match_payments'),
    violations: results.flatMap((r) =>
      r.violations.map((v) => ({
        check: r.name.replace(/^ledger\./, ''),
        tenantId: v.tenantId ?? undefined,
        ref: v.ref ?? undefined,
        detail: v.detail,
      })),
    ),
  }
}
