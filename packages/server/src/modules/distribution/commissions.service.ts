import { type Insertable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { notFound } from '../../platform/errors.js'
import { encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { maskPhone } from '../identity/index.js'
import { accounts, type Posting } from '../ledger/domain/accounts.js'
import type { CommissionFlag, CommissionReview } from './commissions.tables.js'
import { clawbackFen, type Earners, lineBases, lineCommission, refundedBase } from './domain/commission.js'
import {
  type CommissionEvent,
  type CommissionStatus,
  commissionMachine,
  DEFAULT_RETURN_WINDOW_DAYS,
  settleAt,
} from './domain/lifecycle.js'
import type { CommissionPlan } from './domain/program.js'
import type { PromoterStatus } from './domain/promoter-state.js'

type TCtx = Ctx & { db: Transaction<DB> }
type CommissionInsert = Omit<Insertable<DB['commissions']>, 'tenant_id'>
type Reader = Pick<Ctx, 'db' | 'tenantId'>

export const SETTLE_JOB = 'distribution.commissions.settle'
/** Commissions settled per statement: large enough for bulk settlement, small enough to keep locks short. */
const SETTLE_BATCH = 5_000
/**
 * A batch's transfer has up to two entries per promoter, sent by the ledger in one statement of
 * five parameters an entry (65,535 at most): 6,000 promoters stay within it.
 */
const MAX_SETTLE_BATCH = 6_000
/** Promoter id ranges settled side by side on Postgres (the database's cores, not the app's). */
const SETTLE_LANES = 2

interface Move {
  commissionId: string
  from: CommissionStatus | null
  to: CommissionStatus
  event: CommissionEvent
  amountFen: number
  reason?: string | null
}

/**
 * Commissions: frozen when a referred order is paid, settled once the order is completed and its
 * return window has passed, clawed back in proportion to any refund (also after settlement). Every
 * step is a ledger transfer with a key of its own, and a commission is one row per order line per
 * level, so retries and redeliveries can never pay twice.
 */
export function createCommissionsService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  async function record(t: TCtx, moves: Move[]) {
    if (!moves.length) return
    const now = core.clock.now()
    for (const m of moves) if (m.from) commissionMachine.next(m.from, m.event)
    await scoped(t)
      .insertInto(
        'commission_history',
        moves.map((m) => ({
          commission_id: m.commissionId,
          from_status: m.from,
          to_status: m.to,
          event: m.event,
          amount_fen: m.amountFen,
          ...actorColumns(t.actor),
          reason: m.reason ?? null,
          at: now,
        })),
      )
      .execute()
  }

  /**
   * Entries moving each promoter's sum between their `account` and one shared counter account:
   * `sign` 1 credits the promoters (the shop owes more), -1 debits them.
   */
  function perPromoter(
    amounts: { promoterId: string; fen: number }[],
    account: (id: string) => Posting['account'],
    against: Posting['account'],
    sign: 1 | -1,
  ): Posting[] {
    const out: Posting[] = []
    let total = 0
    for (const [id, fen] of promoterSums(amounts)) {
      out.push({ account: account(id), amountFen: -sign * fen })
      total += fen
    }
    if (total !== 0) out.push({ account: against, amountFen: sign * total })
    return out
  }

  /** Who earns on the buyer's purchases right now: their promoter and, for two-level plans, theirs. */
  async function earnersOf(t: Reader, buyerId: string, plan: CommissionPlan) {
    const active = (shopperId: string) => core.distribution.programs.activePromoter(t, shopperId)
    const uplineOf = async (shopperId: string) => {
      const b = await scoped(t)
        .selectFrom('referral_bindings')
        .select('promoter_shopper_id')
        .where('customer_id', '=', shopperId)
        .executeTakeFirst()
      return b ? active(b.promoter_shopper_id) : undefined
    }
    const self = plan.earnOnOwnPurchases ? await active(buyerId) : undefined
    const level1 = self ?? (await uplineOf(buyerId))
    const level2 = level1 && plan.levels === 2 ? await uplineOf(level1.shopper_id) : undefined
    return { level1, level2 }
  }

  /**
   * A paid order: its commissions, frozen. The order counts as referred when someone earns on it
   * or would (the buyer is bound to an active promoter), so leaderboards see it either way.
   */
  async function accrue(ctx: Ctx, orderId: string) {
    const { plan, program } = await core.distribution.programs.program(ctx)
    return tx(ctx, async (t) => {
      const order = await scoped(t)
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', orderId)
        .executeTakeFirst()
      if (!order?.paid_at || ['cancelled', 'refunded', 'pending_payment'].includes(order.status)) return []
      if (order.kind === 'membership') return [] // membership fees never pay commission
      const { level1, level2 } = await earnersOf(t, order.shopper_id, plan)
      if (!level1) return []
      const lines = await scoped(t)
        .selectFrom('order_lines')
        .leftJoin('products', 'products.id', 'order_lines.product_id')
        .select([
          'order_lines.id',
          'order_lines.product_id',
          'order_lines.quantity',
          'order_lines.amount_fen',
          'products.category_id',
        ])
        .where('order_lines.order_id', '=', orderId)
        .orderBy('order_lines.id')
        .execute()
      const now = core.clock.now()
      const earlier = await scoped(t)
        .selectFrom('orders')
        .select('id')
        .where('shopper_id', '=', order.shopper_id)
        .where('id', '<>', orderId)
        .where('paid_at', '<', order.paid_at)
        .limit(1)
        .executeTakeFirst()
      const bases = lineBases(
        lines.map((l) => l.amount_fen),
        order.discount_fen,
      )
      const inserted = await scoped(t)
        .insertInto('referred_orders', {
          order_id: orderId,
          promoter_id: level1.id,
          buyer_id: order.shopper_id,
          paid_fen: bases.reduce((a, b) => a + b, 0),
          new_customer: !earlier,
          paid_at: order.paid_at,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'order_id']).doNothing())
        .returning('order_id')
        .executeTakeFirst()
      if (!inserted) return [] // already accrued

      const dealKey = await core.orders.dealKey(t, order)
      const earners: Earners = {
        buyerId: order.shopper_id,
        level1PromoterId: level1.shopper_id,
        level2PromoterId: level2?.shopper_id ?? null,
      }
      const settleAfter = order.completed_at
        ? settleAt(order.completed_at, program.returnWindowDays ?? DEFAULT_RETURN_WINDOW_DAYS)
        : null
      let rows: CommissionInsert[] = lines.flatMap((l, i) => {
        const c = lineCommission(
          plan,
          {
            productId: l.product_id,
            categoryId: l.category_id,
            quantity: l.quantity,
            paidFen: bases[i],
            dealKey,
          },
          earners,
        )
        const row = (level: 1 | 2, promoterId: string, amount: number): CommissionInsert => ({
          id: newId(),
          order_id: orderId,
          order_line_id: l.id,
          level,
          promoter_id: promoterId,
          buyer_id: order.shopper_id,
          base_fen: c.baseFen,
          amount_fen: amount,
          status: 'frozen' as const,
          source: c.source,
          capped: c.capped,
          settle_after: settleAfter,
          review: 'none',
          flags: '[]',
          created_at: now,
          updated_at: now,
        })
        return [
          ...(c.level1Fen > 0 ? [row(1, level1.id, c.level1Fen)] : []),
          ...(c.level2Fen > 0 && level2 ? [row(2, level2.id, c.level2Fen)] : []),
        ]
      })
      if (!rows.length) return []
      // The fraud rules, once per earning promoter: blocked earns nothing (the refusal is kept with
      // its reasons); held is created but waits for the operator before it can settle.
      const earning = [...new Map(rows.map((r) => [r.promoter_id, r.level])).entries()]
      const refused: { promoterId: string; level: 1 | 2; flags: CommissionFlag[] }[] = []
      for (const [promoterId, level] of earning) {
        const who = level === 1 ? level1 : level2!
        const { block, hold } = await core.distribution.fraud.assess(t, {
          orderId,
          buyerId: order.shopper_id,
          promoterId,
          promoterShopperId: who.shopper_id,
        })
        if (block.length) refused.push({ promoterId, level, flags: block })
        else if (hold.length)
          for (const r of rows)
            if (r.promoter_id === promoterId)
              Object.assign(r, { review: 'held' as const, flags: JSON.stringify(hold) })
      }
      if (refused.length) {
        await scoped(t)
          .insertInto(
            'commission_refusals',
            refused.map((x) => ({
              order_id: orderId,
              promoter_id: x.promoterId,
              level: x.level,
              amount_fen: rows
                .filter((r) => r.promoter_id === x.promoterId)
                .reduce((a, r) => a + r.amount_fen, 0),
              flags: JSON.stringify(x.flags),
              at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['tenant_id', 'order_id', 'promoter_id']).doNothing())
          .execute()
        await core.events.publish(t.db, t.tenantId, 'distribution.commission.refused', {
          orderId,
          promoterIds: refused.map((x) => x.promoterId),
        })
        const out = new Set(refused.map((x) => x.promoterId))
        rows = rows.filter((r) => !out.has(r.promoter_id))
        if (!rows.length) return []
      }
      await scoped(t).insertInto('commissions', rows).execute()
      await record(
        t,
        rows.map((r) => ({
          commissionId: r.id,
          from: null,
          to: 'frozen',
          event: 'accrue',
          amountFen: r.amount_fen,
        })),
      )
      await core.ledger.post(t, {
        kind: 'commission_frozen',
        key: `commission-frozen:${orderId}`,
        orderId,
        postings: perPromoter(
          rows.map((r) => ({ promoterId: r.promoter_id, fen: r.amount_fen })),
          accounts.promoterFrozen,
          accounts.commissionExpense,
          1,
        ),
      })
      if (settleAfter) await scheduleSettle(t, orderId, settleAfter)
      await core.events.publish(t.db, t.tenantId, 'distribution.commission.frozen', {
        orderId,
        commissionIds: rows.map((r) => r.id),
      })
      return rows.map((r) => r.id)
    })
  }

  async function scheduleSettle(t: TCtx, orderId: string, at: Date) {
    await enqueue(t.db, core.clock, {
      kind: SETTLE_JOB,
      tenantId: t.tenantId,
      payload: { orderId },
      runAt: at,
      dedupeKey: `${SETTLE_JOB}:${orderId}:${at.getTime()}`,
    })
  }

  /** The order is completed: its return window starts, and its commissions settle when it ends. */
  async function orderCompleted(ctx: Ctx, orderId: string) {
    const { program } = await core.distribution.programs.program(ctx)
    await tx(ctx, async (t) => {
      const order = await scoped(t)
        .selectFrom('orders')
        .select(['completed_at'])
        .where('id', '=', orderId)
        .executeTakeFirst()
      if (!order?.completed_at) return
      const at = settleAt(order.completed_at, program.returnWindowDays ?? DEFAULT_RETURN_WINDOW_DAYS)
      const set = await scoped(t)
        .updateTable('commissions')
        .set({ settle_after: at, updated_at: core.clock.now() })
        .where('order_id', '=', orderId)
        .where('status', '=', 'frozen')
        .executeTakeFirst()
      if (Number(set.numUpdatedRows) > 0) await scheduleSettle(t, orderId, at)
    })
  }

  /**
   * Settles every commission that is due (order completed, return window passed, not held for
   * review), in batches. A batch is one transaction of two steps: one statement locks up to
   * `batch` due rows still frozen (skipping rows another run holds), marks them settled, writes
   * their history rows and returns each promoter's net sum; then one ledger transfer moves those
   * sums from frozen to available. Batches walk the promoters in id order, so a promoter's
   * commissions settle together and each transfer has two entries per promoter of the batch,
   * not per commission. Concurrent runs and retries never settle a commission twice: a row is
   * only taken while frozen and under its lock.
   *
   * Without an order, and outside a transaction, the promoters are split into `lanes` id ranges
   * settled side by side (each lane its own transactions), to use more than one database core.
   */
  async function settleDue(ctx: Ctx, only: { orderId?: string; batch?: number; lanes?: number } = {}) {
    const size = Math.max(1, Math.min(only.batch ?? SETTLE_BATCH, MAX_SETTLE_BATCH))
    const lanes =
      only.orderId || ctx.db.isTransaction || core.engine !== 'postgres'
        ? 1
        : Math.max(1, Math.min(only.lanes ?? SETTLE_LANES, 16))
    const ranges = Array.from({ length: lanes }, (_, i) => [uuidAt(i / lanes), uuidAt((i + 1) / lanes)])
    const settled = await Promise.all(
      ranges.map(([from, to], i) => settleRange(ctx, only.orderId, size, from, i === lanes - 1 ? null : to)),
    )
    return settled.reduce((a, b) => a + b, 0)
  }

  /** Settles the due commissions of promoters with ids in [from, to) (to null: no end), batch by batch. */
  async function settleRange(
    ctx: Ctx,
    orderId: string | undefined,
    size: number,
    from: string,
    to: string | null,
  ) {
    commissionMachine.next('frozen', 'settle') // the one move every row below makes
    const actor = actorColumns(ctx.actor)
    let settled = 0
    let cursor = from
    for (;;) {
      const batch = await tx(ctx, async (t) => {
        const now = core.clock.now()
        const tenant = t.tenantId
        // Lock, settle and record in one statement; each promoter's sum comes back.
        const sums = await sql<{ promoter_id: string; fen: string | number; n: string | number }>`
          with pick as (
            select id from commissions
            where tenant_id = ${tenant} and status = 'frozen' and settle_after <= ${now}
              and review in ('none', 'cleared') and promoter_id >= ${cursor}
              ${to ? sql`and promoter_id < ${to}` : sql``}
              ${orderId ? sql`and order_id = ${orderId}` : sql``}
            order by promoter_id
            limit ${size}
            for update skip locked
          ), done as (
            update commissions c set status = 'settled', settled_at = ${now}, updated_at = ${now}
            from pick where c.id = pick.id and c.tenant_id = ${tenant} and c.status = 'frozen'
            returning c.id, c.promoter_id, c.amount_fen - c.clawed_fen as net
          ), history as (
            insert into commission_history
              (tenant_id, commission_id, from_status, to_status, event, amount_fen, actor_kind, actor_id, reason, at)
            select ${tenant}, id, 'frozen', 'settled', 'settle', net, ${actor.actor_kind}, ${actor.actor_id}, null, ${now}
            from done
          )
          select promoter_id, sum(net) as fen, count(*) as n from done group by promoter_id order by promoter_id`.execute(
          t.db,
        )
        const rows = sums.rows.map((r) => ({ promoterId: r.promoter_id, fen: Number(r.fen), n: Number(r.n) }))
        const count = rows.reduce((a, r) => a + r.n, 0)
        if (!count) return { count, last: cursor }
        const postings = rows
          .filter((r) => r.fen !== 0)
          .flatMap((r) => [
            { account: accounts.promoterFrozen(r.promoterId), amountFen: r.fen },
            { account: accounts.promoterAvailable(r.promoterId), amountFen: -r.fen },
          ])
        if (postings.length)
          await core.ledger.post(t, {
            kind: 'commission_settled',
            key: `commission-settled:${newId()}`,
            orderId: orderId ?? null,
            memo: `${count} commissions`,
            postings,
          })
        await core.events.publish(t.db, t.tenantId, 'distribution.commissions.settled', {
          count,
          orderId: orderId ?? null,
        })
        return { count, last: rows[rows.length - 1].promoterId }
      })
      settled += batch.count
      // Fewer than a full batch: nothing due is left in the range (but rows other runs hold).
      if (batch.count < size) return settled
      // The last promoter may have more: the next batch starts with them.
      cursor = batch.last
    }
  }

  /**
   * A refund went through: each commission on a refunded line gives back the refunded share of
   * its base — from frozen while it waits, from available once settled (going below zero if it
   * must: the promoter owes it back from future earnings). Worked out from the line's running
   * refund total, so a redelivered event moves nothing twice.
   */
  async function refunded(ctx: Ctx, afterSalesId: string) {
    return tx(ctx, async (t) => {
      const a = await scoped(t)
        .selectFrom('after_sales')
        .select(['order_id', 'lines'])
        .where('id', '=', afterSalesId)
        .executeTakeFirst()
      if (!a) return []
      const lineIds = a.lines.map((l) => l.lineId)
      if (!lineIds.length) return []
      const rows = await scoped(t)
        .selectFrom('commissions')
        .innerJoin('order_lines', 'order_lines.id', 'commissions.order_line_id')
        .selectAll('commissions')
        .select(['order_lines.amount_fen as line_fen', 'order_lines.refunded_fen as line_refunded_fen'])
        .where('commissions.order_line_id', 'in', lineIds)
        .where('commissions.status', 'in', ['frozen', 'settled', 'clawed'])
        .orderBy('commissions.id')
        .forUpdate()
        .execute()
      const moves: Move[] = []
      const claws: { promoterId: string; fen: number; settled: boolean; id: string }[] = []
      const now = core.clock.now()
      for (const c of rows) {
        const target = refundedBase(c.base_fen, c.line_fen, c.line_refunded_fen)
        if (target <= c.refunded_base_fen) continue
        const fen = clawbackFen(c.amount_fen, c.base_fen, c.refunded_base_fen, target - c.refunded_base_fen)
        const whole = target === c.base_fen
        const event: CommissionEvent = c.status === 'frozen' ? (whole ? 'void' : 'reduce') : 'claw_back'
        const to = commissionMachine.next(c.status, event)
        await scoped(t)
          .updateTable('commissions')
          .set({ refunded_base_fen: target, clawed_fen: c.clawed_fen + fen, status: to, updated_at: now })
          .where('id', '=', c.id)
          .execute()
        moves.push({ commissionId: c.id, from: c.status, to, event, amountFen: fen, reason: 'refund' })
        if (fen > 0) claws.push({ promoterId: c.promoter_id, fen, settled: c.status !== 'frozen', id: c.id })
      }
      await record(t, moves)
      const postings = [
        ...perPromoter(
          claws.filter((c) => !c.settled),
          accounts.promoterFrozen,
          accounts.commissionExpense,
          -1,
        ),
        ...perPromoter(
          claws.filter((c) => c.settled),
          accounts.promoterAvailable,
          accounts.commissionExpense,
          -1,
        ),
      ]
      if (postings.length)
        await core.ledger.post(t, {
          kind: 'commission_clawed_back',
          key: `commission-clawback:${afterSalesId}`,
          orderId: a.order_id,
          postings: mergeAgainst(postings),
        })
      const lineRefunds = await scoped(t)
        .selectFrom('order_lines')
        .select(sql<number>`coalesce(sum(refunded_fen), 0)::bigint`.as('r'))
        .where('order_id', '=', a.order_id)
        .executeTakeFirstOrThrow()
      await scoped(t)
        .updateTable('referred_orders')
        .set((eb) => ({ refunded_fen: sql`least(${Number(lineRefunds.r)}, ${eb.ref('paid_fen')})` }))
        .where('order_id', '=', a.order_id)
        .execute()
      if (moves.length)
        await core.events.publish(t.db, t.tenantId, 'distribution.commission.clawed_back', {
          orderId: a.order_id,
          afterSalesId,
          settledCommissionIds: claws.filter((c) => c.settled).map((c) => c.id),
        })
      return moves
    })
  }

  /** Confirmed fraud: the commission is voided (or, if it had settled, clawed back whole). */
  async function voidForFraud(ctx: Ctx, commissionId: string, note?: string | null) {
    return tx(ctx, async (t) => {
      const c = await scoped(t)
        .selectFrom('commissions')
        .selectAll()
        .where('id', '=', commissionId)
        .forUpdate()
        .executeTakeFirst()
      if (!c) throw notFound('commission', 'id')
      const now = core.clock.now()
      const review: CommissionReview = 'confirmed'
      const left = c.amount_fen - c.clawed_fen
      if (c.status === 'void' || left === 0) {
        await scoped(t)
          .updateTable('commissions')
          .set({ review, updated_at: now })
          .where('id', '=', c.id)
          .execute()
        return { ...c, review }
      }
      const event: CommissionEvent = c.status === 'frozen' ? 'void' : 'claw_back'
      const to = commissionMachine.next(c.status, event)
      await scoped(t)
        .updateTable('commissions')
        .set({ status: to, review, clawed_fen: c.amount_fen, updated_at: now })
        .where('id', '=', c.id)
        .execute()
      await record(t, [
        { commissionId: c.id, from: c.status, to, event, amountFen: left, reason: note ?? 'fraud' },
      ])
      const from = c.status === 'frozen' ? accounts.promoterFrozen : accounts.promoterAvailable
      await core.ledger.post(t, {
        kind: 'commission_voided',
        key: `commission-fraud:${c.id}`,
        orderId: c.order_id,
        memo: note ?? undefined,
        postings: [
          { account: from(c.promoter_id), amountFen: left },
          { account: accounts.commissionExpense, amountFen: -left },
        ],
      })
      return { ...c, status: to, review, clawed_fen: c.amount_fen }
    })
  }

  /** A held commission cleared by the operator settles like any other: now, if it is already due. */
  async function release(ctx: Ctx, commissionId: string) {
    const c = await tx(ctx, async (t) => {
      const row = await scoped(t)
        .selectFrom('commissions')
        .select(['id', 'order_id', 'review'])
        .where('id', '=', commissionId)
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw notFound('commission', 'id')
      await scoped(t)
        .updateTable('commissions')
        .set({ review: 'cleared', updated_at: core.clock.now() })
        .where('id', '=', commissionId)
        .execute()
      return row
    })
    await settleDue(ctx, { orderId: c.order_id })
  }

  /** Marks commissions held for review, with the reasons. */
  async function hold(ctx: Ctx, commissionIds: string[], flags: CommissionFlag[]) {
    if (!commissionIds.length) return
    await scoped(ctx)
      .updateTable('commissions')
      .set({ review: 'held', flags: JSON.stringify(flags), updated_at: core.clock.now() })
      .where('id', 'in', commissionIds)
      .execute()
  }

  /** A promoter's money: frozen, available, being withdrawn (ledger balances) and paid out so far. */
  async function earnings(ctx: Reader, promoterId: string) {
    const codes = {
      frozen: accounts.promoterFrozen(promoterId).code,
      available: accounts.promoterAvailable(promoterId).code,
      withdrawing: accounts.promoterWithdrawing(promoterId).code,
    }
    const rows = await scoped(ctx)
      .selectFrom('ledger_accounts')
      .innerJoin('ledger_entries', 'ledger_entries.account_id', 'ledger_accounts.id')
      .select([
        'ledger_accounts.code',
        sql<number>`coalesce(sum(ledger_entries.amount_fen), 0)::bigint`.as('b'),
      ])
      .where('ledger_accounts.code', 'in', Object.values(codes))
      .groupBy('ledger_accounts.code')
      .execute()
    // Liabilities carry credit (negative) balances: what the shop owes the promoter.
    const owed = (code: string) => 0 - Number(rows.find((r) => r.code === code)?.b ?? 0) || 0
    const paid = await scoped(ctx)
      .selectFrom('withdrawals')
      .select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('s'))
      .where('promoter_id', '=', promoterId)
      .where('status', '=', 'paid')
      .executeTakeFirstOrThrow()
    return {
      frozenFen: owed(codes.frozen),
      availableFen: owed(codes.available),
      withdrawingFen: owed(codes.withdrawing),
      withdrawnFen: Number(paid.s),
    }
  }

  function commissionsQuery(ctx: Reader) {
    return scoped(ctx)
      .selectFrom('commissions')
      .innerJoin('orders', 'orders.id', 'commissions.order_id')
      .innerJoin('order_lines', 'order_lines.id', 'commissions.order_line_id')
      .innerJoin('shoppers as buyer', 'buyer.id', 'commissions.buyer_id')
      .selectAll('commissions')
      .select([
        'orders.order_no',
        'order_lines.title',
        'buyer.nickname as buyer_nickname',
        'buyer.phone as buyer_phone',
      ])
  }

  type CommissionRow = Awaited<ReturnType<ReturnType<typeof commissionsQuery>['execute']>>[number]
  const view = (c: CommissionRow) => ({
    id: c.id,
    orderId: c.order_id,
    orderNo: c.order_no,
    title: c.title,
    buyer: maskBuyer(c.buyer_nickname, c.buyer_phone),
    level: c.level,
    baseFen: c.base_fen,
    amountFen: c.amount_fen,
    clawedFen: c.clawed_fen,
    status: c.status,
    review: c.review,
    flags: c.flags,
    settleAfter: c.settle_after,
    settledAt: c.settled_at,
    createdAt: c.created_at,
  })

  interface ListQuery {
    orderId?: string
    status?: CommissionStatus
    review?: CommissionReview
    promoterId?: string
    limit?: number
    /** Keyset paging, newest first: only commissions before this `(created_at, id)`. */
    after?: { at: Date; id: string }
  }

  async function list(ctx: Reader, q: ListQuery) {
    const limit = Math.min(q.limit ?? 50, 100)
    let query = commissionsQuery(ctx)
      .leftJoin('promoters', 'promoters.id', 'commissions.promoter_id')
      .leftJoin('shoppers as promoter', 'promoter.id', 'promoters.shopper_id')
      .select(['promoter.nickname as promoter_nickname'])
      .orderBy('commissions.created_at', 'desc')
      .orderBy('commissions.id', 'desc')
      .limit(limit)
    if (q.orderId) query = query.where('commissions.order_id', '=', q.orderId)
    if (q.status) query = query.where('commissions.status', '=', q.status)
    if (q.review) query = query.where('commissions.review', '=', q.review)
    if (q.promoterId) query = query.where('commissions.promoter_id', '=', q.promoterId)
    const after = q.after
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('commissions.created_at', '<', after.at),
          eb.and([eb('commissions.created_at', '=', after.at), eb('commissions.id', '<', after.id)]),
        ]),
      )
    const rows = await query.execute()
    const items = rows.map((r) => ({
      ...view(r),
      promoterId: r.promoter_id,
      promoterName: r.promoter_nickname,
    }))
    const last = rows.at(-1)
    return {
      items,
      nextCursor: last && rows.length === limit ? encodeCursor(last.created_at, last.id) : null,
    }
  }

  /** Who brought an order in, who the buyer is bound to now and why, and the order's commissions. */
  async function referralOf(ctx: Reader & { lang?: Ctx['lang'] }, orderId: string) {
    const order = await scoped(ctx)
      .selectFrom('orders')
      .select(['shopper_id'])
      .where('id', '=', orderId)
      .executeTakeFirst()
    if (!order) throw notFound('order', 'id')
    const referred = await scoped(ctx)
      .selectFrom('referred_orders')
      .innerJoin('promoters', 'promoters.id', 'referred_orders.promoter_id')
      .innerJoin('shoppers', 'shoppers.id', 'promoters.shopper_id')
      .select(['referred_orders.promoter_id', 'shoppers.nickname', 'referred_orders.new_customer'])
      .where('referred_orders.order_id', '=', orderId)
      .executeTakeFirst()
    return {
      referredBy: referred
        ? {
            promoterId: referred.promoter_id,
            promoterName: referred.nickname,
            newCustomer: referred.new_customer,
          }
        : null,
      binding: await core.distribution.bindings.bindingOf(ctx, order.shopper_id),
      commissions: (await list(ctx, { orderId, limit: 100 })).items,
    }
  }

  /**
   * A promoter's downline: the customers bound to them (level 1) and, for two-level programs, the
   * customers bound to those (level 2), with what each bought through the promoter.
   */
  async function downline(ctx: Reader & { lang?: Ctx['lang'] }, promoterId: string, limit = 100) {
    const { plan } = await core.distribution.programs.program(ctx)
    const p = await scoped(ctx)
      .selectFrom('promoters')
      .select('shopper_id')
      .where('id', '=', promoterId)
      .executeTakeFirst()
    if (!p) throw notFound('promoter', 'id')
    const level = async (uplines: string[]) => {
      if (!uplines.length) return { count: 0, items: [], ids: [] as string[] }
      const base = scoped(ctx)
        .selectFrom('referral_bindings')
        .where('referral_bindings.promoter_shopper_id', 'in', uplines)
      const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const ids = await base.select('customer_id').execute()
      const rows = await base
        .innerJoin('shoppers', 'shoppers.id', 'referral_bindings.customer_id')
        .leftJoin('referred_orders', (j) =>
          j
            .onRef('referred_orders.buyer_id', '=', 'referral_bindings.customer_id')
            .onRef('referred_orders.tenant_id', '=', 'referral_bindings.tenant_id'),
        )
        .select([
          'referral_bindings.customer_id',
          'referral_bindings.bound_at',
          'referral_bindings.reason',
          'shoppers.nickname',
          'shoppers.phone',
          (eb) => eb.fn.count<number>('referred_orders.order_id').as('orders'),
          sql<number>`coalesce(sum(referred_orders.paid_fen - referred_orders.refunded_fen), 0)::bigint`.as(
            'paid_fen',
          ),
        ])
        .groupBy([
          'referral_bindings.customer_id',
          'referral_bindings.bound_at',
          'referral_bindings.reason',
          'shoppers.nickname',
          'shoppers.phone',
        ])
        .orderBy('referral_bindings.bound_at', 'desc')
        .limit(limit)
        .execute()
      return {
        count: Number(count.n),
        ids: ids.map((r) => r.customer_id),
        items: rows.map((r) => ({
          customer: maskBuyer(r.nickname, r.phone),
          boundAt: r.bound_at,
          reason: r.reason,
          orders: Number(r.orders),
          paidFen: Number(r.paid_fen),
        })),
      }
    }
    const one = await level([p.shopper_id])
    const levels: { level: 1 | 2; count: number; items: typeof one.items }[] = [
      { level: 1, count: one.count, items: one.items },
    ]
    if (plan.levels === 2) {
      const two = await level(one.ids)
      levels.push({ level: 2, count: two.count, items: two.items })
    }
    return { levels }
  }

  /**
   * Every promoter's network figures at once, for leaderboards and reports: per level, how many
   * customers (as `downline` counts them: bound to the promoter, and for two-level programs bound
   * to those), their orders and GMV net of refunds (their referred orders, as `downline` sums
   * them), and the commission the promoter earned at that level (amount less clawbacks, frozen or
   * settled). A handful of aggregates over the shop's tables, whatever the number of promoters.
   */
  async function networkStats(ctx: Reader): Promise<NetworkStats[]> {
    const { plan } = await core.distribution.programs.program(ctx)
    const t = ctx.tenantId
    const two = plan.levels === 2
    type Row = {
      promoter_id: string
      status: string
      c1: string | number | null
      o1: string | number | null
      g1: string | number | null
      e1: string | number | null
      c2: string | number | null
      o2: string | number | null
      g2: string | number | null
      e2: string | number | null
    }
    // Level 1 per upline from the bindings and each customer's referred orders; level 2 sums
    // the level-1 figures of the upline's own customers; earnings per promoter and level.
    const query = sql<Row>`
      with buys as (
        select buyer_id, count(*) as orders, sum(paid_fen - refunded_fen) as gmv
        from referred_orders where tenant_id = ${t} group by buyer_id
      ), one as (
        select b.promoter_shopper_id as upline, count(*) as customers,
               coalesce(sum(buys.orders), 0) as orders, coalesce(sum(buys.gmv), 0) as gmv
        from referral_bindings b left join buys on buys.buyer_id = b.customer_id
        where b.tenant_id = ${t}
        group by b.promoter_shopper_id
      ), two as (
        select b.promoter_shopper_id as upline, sum(one.customers) as customers,
               sum(one.orders) as orders, sum(one.gmv) as gmv
        from referral_bindings b join one on one.upline = b.customer_id
        where b.tenant_id = ${t} and ${two}
        group by b.promoter_shopper_id
      ), earned as (
        select promoter_id,
               sum(amount_fen - clawed_fen) filter (where level = 1) as l1,
               sum(amount_fen - clawed_fen) filter (where level = 2) as l2
        from commissions where tenant_id = ${t} group by promoter_id
      )
      select p.id as promoter_id, p.status,
             one.customers as c1, one.orders as o1, one.gmv as g1, earned.l1 as e1,
             two.customers as c2, two.orders as o2, two.gmv as g2, earned.l2 as e2
      from promoters p
      left join one on one.upline = p.shopper_id
      left join two on two.upline = p.shopper_id
      left join earned on earned.promoter_id = p.id
      where p.tenant_id = ${t}
      order by p.id`
    const rows = await inTransaction(ctx.db, async (trx) => {
      // A few large hash aggregates: JIT compiling them costs more than it saves (seconds at
      // 100,000 promoters), and the default work_mem would spill them to disk.
      await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx)
      return query.execute(trx)
    })
    const n = (v: string | number | null) => Number(v ?? 0)
    return rows.rows.map((r) => ({
      promoterId: r.promoter_id,
      status: r.status as NetworkStats['status'],
      level1: { customers: n(r.c1), orders: n(r.o1), gmvFen: n(r.g1), commissionFen: n(r.e1) },
      level2: { customers: n(r.c2), orders: n(r.o2), gmvFen: n(r.g2), commissionFen: n(r.e2) },
    }))
  }

  return {
    accrue,
    orderCompleted,
    settleDue,
    refunded,
    voidForFraud,
    release,
    hold,
    earnings,
    list,
    referralOf,
    downline,
    networkStats,
  }
}

export type CommissionsService = ReturnType<typeof createCommissionsService>

/** One level of a promoter's network: its customers, what they bought, what the promoter earned on it. */
export interface NetworkLevel {
  customers: number
  orders: number
  /** Referred orders' goods paid less refunds. */
  gmvFen: number
  /** The promoter's commissions at this level, less clawbacks. */
  commissionFen: number
}

/** A promoter's network figures (level 2 is all zeros for one-level programs). */
export interface NetworkStats {
  promoterId: string
  status: PromoterStatus
  level1: NetworkLevel
  level2: NetworkLevel
}

/** A buyer as a promoter may see them: nickname's first character and a masked phone. */
export function maskBuyer(nickname: string | null, phone: string | null) {
  const name = nickname ? `${[...nickname][0]}**` : ''
  return [name, phone ? maskPhone(phone) : ''].filter(Boolean).join(' ') || '***'
}

/** The uuid at fraction `f` of the id space (0 → all zeros), to split promoters into ranges by id. */
function uuidAt(f: number) {
  const hex = Math.min(0xffffffff, Math.floor(f * 0x100000000))
    .toString(16)
    .padStart(8, '0')
  return `${hex}-0000-0000-0000-000000000000`
}

/** Each promoter's total, in first-seen order, leaving out zeros. */
function promoterSums(amounts: { promoterId: string; fen: number }[]): [string, number][] {
  const by = new Map<string, number>()
  for (const a of amounts) by.set(a.promoterId, (by.get(a.promoterId) ?? 0) + a.fen)
  return [...by].filter(([, fen]) => fen !== 0)
}

/** Merges the entries of several `perPromoter` groups that share a counter account into one. */
function mergeAgainst(postings: Posting[]): Posting[] {
  const by = new Map<string, Posting>()
  for (const p of postings) {
    const had = by.get(p.account.code)
    by.set(p.account.code, had ? { account: p.account, amountFen: had.amountFen + p.amountFen } : p)
  }
  return [...by.values()].filter((p) => p.amountFen !== 0)
}
