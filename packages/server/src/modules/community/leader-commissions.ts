import { type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { daysFrom } from '../../platform/clock.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { accounts, type Posting } from '../ledger/domain/accounts.js'
import type { CommunityTables } from './community.tables.js'
import { leaderCommissionFen } from './domain/campaign.js'
import { type LeaderCommissionEvent, leaderCommissionMachine } from './domain/campaign-state.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>
type CommissionRow = Selectable<CommunityTables['community_leader_commissions']>

export const SETTLE_JOB = 'community.commission.settle'

/** The leader's accounts: commission waiting out pickup and the return window, and settled. */
export const leaderAccounts = {
  frozen: (leaderId: string): Posting['account'] => ({
    code: `leader:${leaderId}:frozen`,
    kind: 'liability',
  }),
  available: (leaderId: string): Posting['account'] => ({
    code: `leader:${leaderId}:available`,
    kind: 'liability',
  }),
}

/**
 * Leader commission on campaign orders: frozen when the order is paid, settled once it was picked
 * up and the campaign's return window has passed, clawed back in proportion to refunds (from
 * available money too, once settled), voided when never earned. Every step is a ledger transfer
 * with its own key between the shop's commission expense and the leader's two accounts.
 *
 * Distribution's commission rows are keyed to promoters and their plan (levels, compliance
 * guard, fraud review); a leader is neither, so this keeps one row per order with the same
 * lifecycle and the same expense account, and its own leader accounts in the ledger.
 */
export function createLeaderCommissions(core: Core) {
  const lock = (t: TCtx, orderId: string) =>
    scoped(t)
      .selectFrom('community_leader_commissions')
      .selectAll()
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst()

  async function history(
    t: TCtx,
    c: Pick<CommissionRow, 'id'>,
    from: CommissionRow['status'] | null,
    to: CommissionRow['status'],
    event: LeaderCommissionEvent | 'accrue' | 'clawback',
    amountFen: number,
    reason?: string,
  ) {
    if (from && from !== to) leaderCommissionMachine.next(from, event as LeaderCommissionEvent)
    await scoped(t)
      .insertInto('community_leader_commission_history', {
        commission_id: c.id,
        from_status: from,
        to_status: to,
        event,
        amount_fen: amountFen,
        reason: reason ?? null,
        ...actorColumns(t.actor),
        at: core.clock.now(),
      })
      .execute()
  }

  /** The order's lines with the leader's rate on each: the SKU's own, else the campaign's. */
  const ratedLines = (t: Reader, orderId: string, campaignId: string) =>
    scoped(t)
      .selectFrom('order_lines')
      .innerJoin('community_campaign_skus', (j) =>
        j
          .onRef('community_campaign_skus.sku_id', '=', 'order_lines.sku_id')
          .on('community_campaign_skus.campaign_id', '=', campaignId),
      )
      .innerJoin('community_campaigns', 'community_campaigns.id', 'community_campaign_skus.campaign_id')
      .select([
        'order_lines.amount_fen',
        'order_lines.refunded_fen',
        sql<number>`coalesce(community_campaign_skus.commission_bp, community_campaigns.commission_bp)`.as(
          'bp',
        ),
      ])
      .where('order_lines.order_id', '=', orderId)
      .execute()

  /** Moves `amount` of a leader's commission back to the shop, from frozen or settled money. */
  async function clawback(t: TCtx, c: CommissionRow, amount: number, key: string, reason: string) {
    if (amount <= 0) return
    await scoped(t)
      .updateTable('community_leader_commissions')
      .set((eb) => ({ clawed_fen: eb('clawed_fen', '+', amount), updated_at: core.clock.now() }))
      .where('id', '=', c.id)
      .execute()
    await history(t, c, c.status, c.status, 'clawback', amount, reason)
    const from = c.status === 'settled' ? leaderAccounts.available : leaderAccounts.frozen
    await core.ledger.post(t, {
      kind: 'leader_commission_clawed_back',
      key,
      orderId: c.id,
      postings: [
        { account: from(c.leader_id), amountFen: amount },
        { account: accounts.commissionExpense, amountFen: -amount },
      ],
    })
  }

  /** A frozen commission that will never be earned (refunded whole, or never collected). */
  async function voidFrozen(t: TCtx, orderId: string, reason: string) {
    const c = await lock(t, orderId)
    if (c?.status !== 'frozen') return
    await clawback(
      t,
      c,
      Number(c.amount_fen) - Number(c.clawed_fen),
      `leader-commission-void:${orderId}`,
      reason,
    )
    await scoped(t)
      .updateTable('community_leader_commissions')
      .set({ status: 'voided', updated_at: core.clock.now() })
      .where('id', '=', orderId)
      .execute()
    await history(t, c, 'frozen', 'voided', 'void', 0, reason)
  }

  return {
    leaderAccounts,

    /** A campaign order was paid: the leader's commission on it, frozen. */
    async accrue(t: TCtx, order: { id: string; campaignId: string; leaderId: string }) {
      const lines = await ratedLines(t, order.id, order.campaignId)
      const base = lines.reduce((s, l) => s + Number(l.amount_fen), 0)
      const amount = leaderCommissionFen(
        lines.map((l) => ({ netFen: Number(l.amount_fen), bp: Number(l.bp) })),
      )
      if (amount <= 0) return
      const now = core.clock.now()
      await scoped(t)
        .insertInto('community_leader_commissions', {
          id: order.id,
          campaign_id: order.campaignId,
          leader_id: order.leaderId,
          base_fen: base,
          amount_fen: amount,
          status: 'frozen',
          settle_after: null,
          settled_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await history(t, { id: order.id }, null, 'frozen', 'accrue', amount)
      await core.ledger.post(t, {
        kind: 'leader_commission_frozen',
        key: `leader-commission-frozen:${order.id}`,
        orderId: order.id,
        postings: [
          { account: accounts.commissionExpense, amountFen: amount },
          { account: leaderAccounts.frozen(order.leaderId), amountFen: -amount },
        ],
      })
    },

    /** Picked up: the return window starts, and the commission settles when it ends. */
    async pickedUp(t: TCtx, orderId: string, returnWindowDays: number) {
      const settleAfter = daysFrom(core.clock.now(), returnWindowDays)
      const set = await scoped(t)
        .updateTable('community_leader_commissions')
        .set({ settle_after: settleAfter, updated_at: core.clock.now() })
        .where('id', '=', orderId)
        .where('status', '=', 'frozen')
        .executeTakeFirst()
      if (Number(set.numUpdatedRows) > 0)
        await enqueue(t.db, core.clock, {
          kind: SETTLE_JOB,
          tenantId: t.tenantId,
          payload: { orderId },
          runAt: settleAfter,
          dedupeKey: `${SETTLE_JOB}:${orderId}`,
        })
    },

    voidFrozen,

    /**
     * A refund went through: the commission gives back the share of what was refunded, worked out
     * from the lines' running refund totals (so a redelivered event moves nothing twice); a whole
     * refund voids what is still frozen.
     */
    async refunded(t: TCtx, order: { id: string; status: string; refunded_fen: number }, campaignId: string) {
      const c = await lock(t, order.id)
      if (!c || c.status === 'voided') return
      const lines = await ratedLines(t, order.id, campaignId)
      const earned = leaderCommissionFen(
        lines.map((l) => ({ netFen: Number(l.amount_fen) - Number(l.refunded_fen), bp: Number(l.bp) })),
      )
      const owed = Number(c.amount_fen) - Number(c.clawed_fen) - earned
      await clawback(t, c, owed, `leader-commission-claw:${order.id}:${Number(order.refunded_fen)}`, 'refund')
      if (order.status === 'refunded' && c.status === 'frozen')
        await voidFrozen(t, order.id, 'order refunded')
    },

    /** The return window after pickup has passed: the commission becomes the leader's. */
    async settle(t: TCtx, orderId: string) {
      const c = await lock(t, orderId)
      if (c?.status !== 'frozen' || !c.settle_after) return false
      if (new Date(c.settle_after) > core.clock.now()) return false
      const net = Number(c.amount_fen) - Number(c.clawed_fen)
      const now = core.clock.now()
      await scoped(t)
        .updateTable('community_leader_commissions')
        .set({ status: 'settled', settled_at: now, updated_at: now })
        .where('id', '=', orderId)
        .execute()
      await history(t, c, 'frozen', 'settled', 'settle', net)
      if (net > 0)
        await core.ledger.post(t, {
          kind: 'leader_commission_settled',
          key: `leader-commission-settled:${orderId}`,
          orderId,
          postings: [
            { account: leaderAccounts.frozen(c.leader_id), amountFen: net },
            { account: leaderAccounts.available(c.leader_id), amountFen: -net },
          ],
        })
      await core.events.publish(t.db, t.tenantId, 'community.commission.settled', {
        orderId,
        leaderId: c.leader_id,
        amountFen: net,
      })
      return true
    },

    /** A leader's commission: frozen (waiting for pickup and the return window) and settled, net of clawbacks. */
    async earnings(ctx: Reader, leaderId: string) {
      const rows = await scoped(ctx)
        .selectFrom('community_leader_commissions')
        .select([
          'status',
          sql<number>`sum(amount_fen - clawed_fen)`.as('net'),
          sql<number>`count(*)`.as('n'),
        ])
        .where('leader_id', '=', leaderId)
        .groupBy('status')
        .execute()
      const of = (s: string) => Number(rows.find((r) => r.status === s)?.net ?? 0)
      return {
        leaderId,
        frozenFen: of('frozen'),
        settledFen: of('settled'),
        orders: rows.reduce((a, r) => a + Number(r.n), 0),
      }
    },
  }
}
