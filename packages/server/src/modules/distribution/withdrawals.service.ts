import { sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { accounts } from '../ledger/domain/accounts.js'
import { dayIn } from '../luckydraw/domain/day.js'
import { payoutFen, type WithdrawalEvent, withdrawalMachine, withdrawalProblems } from './domain/lifecycle.js'
import { withdrawalSettings } from './domain/program.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>
type WithdrawalRow = Awaited<ReturnType<typeof loadRow>>

export const PAYOUT_JOB = 'distribution.withdrawal.payout'

/** Pays promoters. `pay` must be idempotent per withdrawal id: a retried job asks again. */
export interface PayoutProvider {
  name: string
  /** False when payouts are confirmed by hand (the operator transfers and records the reference). */
  automatic: boolean
  pay(p: {
    tenantId: string
    withdrawalId: string
    promoterId: string
    amountFen: number
  }): Promise<{ ok: true; ref: string } | { ok: false; reason: string }>
}

/** Pays at once and always succeeds: for the embedded demo and tests, never where money is real. */
export const sandboxPayouts: PayoutProvider = {
  name: 'sandbox',
  automatic: true,
  pay: async (p) => ({ ok: true, ref: `sandbox-${p.withdrawalId}` }),
}

/** The operator transfers the money outside Liebian and records the transfer's reference. */
export const manualPayouts: PayoutProvider = {
  name: 'manual',
  automatic: false,
  pay: async () => ({ ok: false, reason: 'manual payouts are recorded by the operator' }),
}

async function loadRow(t: Reader, id: string, lock = false) {
  let q = scoped(t).selectFrom('withdrawals').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  const w = await q.executeTakeFirst()
  if (!w) throw notFound('withdrawal', 'id')
  return w
}

/**
 * Withdrawals: a promoter asks for part of their available balance (held in `withdrawing` at
 * once, so it cannot be asked for twice), an operator approves or rejects, and the payout provider
 * pays. Rejected or refused by the provider, the amount returns to available. The fee stays with
 * the shop; the promoter receives the amount less the fee.
 */
export function createWithdrawalsService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))
  let provider: PayoutProvider = core.config.sandbox ? sandboxPayouts : manualPayouts

  async function move(
    t: TCtx,
    w: WithdrawalRow,
    event: WithdrawalEvent,
    set: Partial<Record<'reason' | 'reviewed_at' | 'reviewed_by' | 'paid_at' | 'provider_ref', unknown>> = {},
    reason?: string | null,
  ) {
    const to = withdrawalMachine.next(w.status, event)
    const now = core.clock.now()
    await scoped(t)
      .updateTable('withdrawals')
      .set({ ...(set as object), status: to, updated_at: now })
      .where('id', '=', w.id)
      .execute()
    await scoped(t)
      .insertInto('withdrawal_history', {
        withdrawal_id: w.id,
        from_status: w.status,
        to_status: to,
        event,
        ...actorColumns(t.actor),
        reason: reason ?? null,
        at: now,
      })
      .execute()
    await core.events.publish(t.db, t.tenantId, `distribution.withdrawal.${to}`, {
      withdrawalId: w.id,
      promoterId: w.promoter_id,
    })
    return { ...w, ...(set as object), status: to }
  }

  /** Returns a withdrawal's amount from `withdrawing` to available. */
  const giveBack = (t: TCtx, w: WithdrawalRow) =>
    core.ledger.post(t, {
      kind: 'withdrawal_returned',
      key: `withdrawal-returned:${w.id}`,
      postings: [
        { account: accounts.promoterWithdrawing(w.promoter_id), amountFen: w.amount_fen },
        { account: accounts.promoterAvailable(w.promoter_id), amountFen: -w.amount_fen },
      ],
    })

  async function settings(ctx: Reader) {
    return withdrawalSettings((await core.distribution.programs.program(ctx)).program)
  }

  /** A promoter asks to withdraw; refused (409 `withdrawal_refused`) with the first problem in plain words. */
  async function request(ctx: Ctx, shopperId: string, amountFen: number) {
    const terms = await settings(ctx)
    return tx(ctx, async (t) => {
      const p = await scoped(t)
        .selectFrom('promoters')
        .select(['id', 'status'])
        .where('shopper_id', '=', shopperId)
        .forUpdate()
        .executeTakeFirst()
      if (!p) throw notFound('promoter')
      if (p.status === 'suspended')
        throw new AppError(
          'withdrawal_refused',
          { detail: 'your promoter status is suspended', detail_zh: '推广员资格已暂停' },
          'amountFen',
        )
      const now = core.clock.now()
      const { availableFen } = await core.distribution.commissions.earnings(t, p.id)
      const today = await scoped(t)
        .selectFrom('withdrawals')
        .select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('s'))
        .where('promoter_id', '=', p.id)
        .where('status', '<>', 'rejected')
        .where('requested_at', '>=', new Date(`${dayIn(now)}T00:00:00+08:00`))
        .executeTakeFirstOrThrow()
      const [problem] = withdrawalProblems(
        amountFen,
        availableFen,
        terms.minFen,
        terms.feeFen,
        terms.dailyLimitFen,
        Number(today.s),
      )
      if (problem)
        throw new AppError('withdrawal_refused', { detail: problem.en, detail_zh: problem.zh }, problem.field)
      const w = {
        id: newId(),
        promoter_id: p.id,
        amount_fen: amountFen,
        fee_fen: terms.feeFen,
        status: 'requested' as const,
        provider: provider.name,
        requested_at: now,
        updated_at: now,
      }
      await scoped(t).insertInto('withdrawals', w).execute()
      await scoped(t)
        .insertInto('withdrawal_history', {
          withdrawal_id: w.id,
          from_status: null,
          to_status: 'requested',
          event: 'request',
          ...actorColumns(t.actor),
          reason: null,
          at: now,
        })
        .execute()
      await core.ledger.post(t, {
        kind: 'withdrawal_requested',
        key: `withdrawal-requested:${w.id}`,
        postings: [
          { account: accounts.promoterAvailable(p.id), amountFen: amountFen },
          { account: accounts.promoterWithdrawing(p.id), amountFen: -amountFen },
        ],
      })
      await core.events.publish(t.db, t.tenantId, 'distribution.withdrawal.requested', {
        withdrawalId: w.id,
        promoterId: p.id,
      })
      return view(await loadRow(t, w.id))
    })
  }

  /** The operator approves; an automatic provider is asked to pay by a job right after. */
  async function approve(ctx: Ctx, id: string) {
    return tx(ctx, async (t) => {
      const w = await loadRow(t, id, true)
      const now = core.clock.now()
      const done = await move(t, w, 'approve', {
        reviewed_at: now,
        reviewed_by: actorColumns(t.actor).actor_id,
      })
      await audit(t, core.clock, 'distribution.withdrawal.approve', 'withdrawal', id, {
        amountFen: w.amount_fen,
      })
      if (provider.automatic)
        await enqueue(t.db, core.clock, {
          kind: PAYOUT_JOB,
          tenantId: t.tenantId,
          payload: { withdrawalId: id },
          runAt: now,
          dedupeKey: `${PAYOUT_JOB}:${id}`,
        })
      return view(done as WithdrawalRow)
    })
  }

  /** The operator rejects, with a reason the promoter sees; the amount returns to available. */
  async function reject(ctx: Ctx, id: string, reason: string) {
    return tx(ctx, async (t) => {
      const w = await loadRow(t, id, true)
      const now = core.clock.now()
      const done = await move(
        t,
        w,
        'reject',
        { reason, reviewed_at: now, reviewed_by: actorColumns(t.actor).actor_id },
        reason,
      )
      await giveBack(t, w)
      await audit(t, core.clock, 'distribution.withdrawal.reject', 'withdrawal', id, { reason })
      return view(done as WithdrawalRow)
    })
  }

  /** Paid: the money leaves the shop's provider account, the fee stays with the shop. */
  async function markPaid(t: TCtx, w: WithdrawalRow, ref: string) {
    const done = await move(t, w, 'pay', { paid_at: core.clock.now(), provider_ref: ref })
    const out = payoutFen(w.amount_fen, w.fee_fen)
    await core.ledger.post(t, {
      kind: 'withdrawal_paid',
      key: `withdrawal-paid:${w.id}`,
      postings: [
        { account: accounts.promoterWithdrawing(w.promoter_id), amountFen: w.amount_fen },
        { account: accounts.providerCash(w.provider), amountFen: -out },
        ...(w.fee_fen > 0 ? [{ account: accounts.withdrawalFees, amountFen: -w.fee_fen }] : []),
      ],
    })
    return done as WithdrawalRow
  }

  /** The payout job: asks the provider to pay an approved withdrawal; a refusal returns the money. */
  async function payout(ctx: Ctx, id: string) {
    const w = await loadRow(ctx, id)
    if (w.status !== 'approved') return
    const result = await provider.pay({
      tenantId: ctx.tenantId,
      withdrawalId: id,
      promoterId: w.promoter_id,
      amountFen: payoutFen(w.amount_fen, w.fee_fen),
    })
    await tx(ctx, async (t) => {
      const locked = await loadRow(t, id, true)
      if (locked.status !== 'approved') return
      if (result.ok) return markPaid(t, locked, result.ref)
      await move(t, locked, 'payout_fail', { reason: result.reason }, result.reason)
      await giveBack(t, locked)
    })
  }

  /** A manual payout: the operator transferred the money and records the transfer's reference. */
  async function recordPaid(ctx: Ctx, id: string, reference: string) {
    return tx(ctx, async (t) => {
      const w = await loadRow(t, id, true)
      const done = await markPaid(t, w, reference)
      await audit(t, core.clock, 'distribution.withdrawal.paid', 'withdrawal', id, { reference })
      return view(done)
    })
  }

  const view = (w: WithdrawalRow) => ({
    id: w.id,
    promoterId: w.promoter_id,
    amountFen: w.amount_fen,
    feeFen: w.fee_fen,
    payoutFen: payoutFen(w.amount_fen, w.fee_fen),
    status: w.status,
    provider: w.provider,
    providerRef: w.provider_ref,
    reason: w.reason,
    requestedAt: w.requested_at,
    reviewedAt: w.reviewed_at,
    paidAt: w.paid_at,
  })

  async function list(
    ctx: Reader,
    q: { promoterId?: string; status?: WithdrawalRow['status']; limit?: number },
  ) {
    let query = scoped(ctx)
      .selectFrom('withdrawals')
      .innerJoin('promoters', 'promoters.id', 'withdrawals.promoter_id')
      .innerJoin('shoppers', 'shoppers.id', 'promoters.shopper_id')
      .selectAll('withdrawals')
      .select(['shoppers.nickname'])
      .orderBy('withdrawals.requested_at', 'desc')
      .orderBy('withdrawals.id', 'desc')
      .limit(Math.min(q.limit ?? 50, 200))
    if (q.promoterId) query = query.where('withdrawals.promoter_id', '=', q.promoterId)
    if (q.status) query = query.where('withdrawals.status', '=', q.status)
    const rows = await query.execute()
    return rows.map((r) => ({ ...view(r), promoterName: r.nickname }))
  }

  return {
    request,
    approve,
    reject,
    payout,
    recordPaid,
    list,
    settings,
    /** Which provider pays (sandbox with the embedded database, manual otherwise); tests swap it. */
    useProvider(p: PayoutProvider) {
      provider = p
    },
    get provider() {
      return provider
    },
  }
}

export type WithdrawalsService = ReturnType<typeof createWithdrawalsService>
