import { sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { invalid, notFound } from '../../platform/errors.js'
import { scoped } from '../../platform/tenancy.js'
import {
  type Binding,
  type BindingEvent,
  bindReasonText,
  decideBinding,
  type KeepReason,
  MAX_CHAIN,
  wouldCycle,
} from './domain/binding.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>

/** Refusals worth a history row: someone else's touch that did not move the customer, and why. */
const RECORDED_KEEPS = new Set<KeepReason>(['locked', 'first_touch', 'permanent', 'would_cycle'])

/**
 * Referral bindings. A touch (a share opened by a signed-in shopper, or a paid order attributed to
 * a share) by an active promoter binds the customer by the program's rule (`decideBinding`). All
 * binding changes in a shop take one advisory lock, so two concurrent binds can never close a cycle
 * between them: each sees the other's committed result when it walks the chain.
 */
export function createBindingsService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  /** The uplines above `shopperId` (as people), until the chain ends, loops or reaches `stopAt`. */
  async function chain(ctx: Reader, shopperId: string, stopAt: string) {
    const up = new Map<string, string>()
    let at = shopperId
    for (let i = 0; i <= MAX_CHAIN; i++) {
      const b = await scoped(ctx)
        .selectFrom('referral_bindings')
        .select('promoter_shopper_id')
        .where('customer_id', '=', at)
        .executeTakeFirst()
      if (!b) break
      up.set(at, b.promoter_shopper_id)
      if (b.promoter_shopper_id === stopAt || up.has(b.promoter_shopper_id)) break
      at = b.promoter_shopper_id
    }
    return up
  }

  /**
   * A touch by the shopper `sharerId` on `customerId`. Only an active promoter binds; the decision,
   * and any refusal worth showing, is written to the customer's binding history.
   */
  async function touch(
    ctx: Ctx,
    customerId: string,
    sharerId: string,
    kind: BindingEvent['kind'],
    ref: { shareToken?: string | null; orderId?: string | null },
  ) {
    const { program: prog } = await core.distribution.programs.program(ctx)
    return tx(ctx, async (t) => {
      const promoter = await core.distribution.programs.activePromoter(t, sharerId)
      if (!promoter) return { action: 'keep' as const, reason: 'not_a_promoter' }
      await sql`select pg_advisory_xact_lock(hashtext(${`distribution.bindings:${t.tenantId}`}))`.execute(
        t.db,
      )
      const row = await scoped(t)
        .selectFrom('referral_bindings')
        .selectAll()
        .where('customer_id', '=', customerId)
        .forUpdate()
        .executeTakeFirst()
      const current: Binding | null = row
        ? {
            promoterId: row.promoter_shopper_id,
            boundAt: row.bound_at,
            lockedUntil: row.locked_until,
            permanent: row.permanent,
            reason: row.reason,
          }
        : null
      const now = core.clock.now()
      const up = await chain(t, sharerId, customerId)
      const decision = decideBinding(
        customerId,
        current,
        { kind, promoterId: sharerId, at: now },
        prog.binding,
        (id) => up.get(id),
      )
      const history = (action: 'bind' | 'rebind' | 'keep', reason: string) =>
        scoped(t)
          .insertInto('binding_history', {
            customer_id: customerId,
            action,
            from_promoter_id: row?.promoter_id ?? null,
            to_promoter_id: promoter.id,
            reason,
            share_token: ref.shareToken ?? null,
            order_id: ref.orderId ?? null,
            ...actorColumns(t.actor),
            at: now,
          })
          .execute()
      if (decision.action === 'keep') {
        if (RECORDED_KEEPS.has(decision.reason)) await history('keep', decision.reason)
        return decision
      }
      const b = decision.binding
      const values = {
        promoter_id: promoter.id,
        promoter_shopper_id: sharerId,
        reason: b.reason,
        bound_at: b.boundAt,
        locked_until: b.lockedUntil,
        permanent: b.permanent,
        share_token: ref.shareToken ?? null,
        order_id: ref.orderId ?? null,
        updated_at: now,
      }
      if (row)
        await scoped(t)
          .updateTable('referral_bindings')
          .set(values)
          .where('customer_id', '=', customerId)
          .execute()
      else
        await scoped(t)
          .insertInto('referral_bindings', { customer_id: customerId, ...values })
          .execute()
      await history(decision.action, b.reason)
      await core.events.publish(
        t.db,
        t.tenantId,
        `distribution.binding.${decision.action === 'bind' ? 'bound' : 'moved'}`,
        {
          customerId,
          promoterId: promoter.id,
          fromPromoterId: row?.promoter_id ?? null,
          reason: b.reason,
        },
      )
      return decision
    })
  }

  /**
   * An operator moves a customer to another active promoter (or binds an unbound one), whatever the
   * lock or permanence, with a note; audited. A move that would make someone their own upline is
   * still refused.
   */
  async function moveByOperator(ctx: Ctx, customerId: string, promoterId: string, note: string) {
    return tx(ctx, async (t) => {
      const p = await scoped(t)
        .selectFrom('promoters')
        .select(['id', 'shopper_id'])
        .where('id', '=', promoterId)
        .executeTakeFirst()
      if (!p) throw notFound('promoter', 'promoterId')
      if (!(await core.distribution.programs.activePromoter(t, p.shopper_id)))
        throw invalid(
          'promoterId',
          'only an active promoter can take customers',
          '只能绑定到状态正常的推广员',
        )
      const customer = await scoped(t)
        .selectFrom('shoppers')
        .select('id')
        .where('id', '=', customerId)
        .executeTakeFirst()
      if (!customer) throw notFound('shopper', 'id')
      await sql`select pg_advisory_xact_lock(hashtext(${`distribution.bindings:${t.tenantId}`}))`.execute(
        t.db,
      )
      const row = await scoped(t)
        .selectFrom('referral_bindings')
        .selectAll()
        .where('customer_id', '=', customerId)
        .forUpdate()
        .executeTakeFirst()
      const up = await chain(t, p.shopper_id, customerId)
      if (wouldCycle(customerId, p.shopper_id, (id) => up.get(id)))
        throw invalid(
          'promoterId',
          'this would make the customer their own upline',
          '这样绑定会让顾客成为自己的上级',
        )
      const now = core.clock.now()
      const values = {
        promoter_id: p.id,
        promoter_shopper_id: p.shopper_id,
        reason: 'operator' as const,
        bound_at: now,
        locked_until: null,
        permanent: row?.permanent ?? false,
        share_token: null,
        order_id: null,
        updated_at: now,
      }
      if (row)
        await scoped(t)
          .updateTable('referral_bindings')
          .set(values)
          .where('customer_id', '=', customerId)
          .execute()
      else
        await scoped(t)
          .insertInto('referral_bindings', { customer_id: customerId, ...values })
          .execute()
      await scoped(t)
        .insertInto('binding_history', {
          customer_id: customerId,
          action: row ? 'rebind' : 'bind',
          from_promoter_id: row?.promoter_id ?? null,
          to_promoter_id: p.id,
          reason: 'operator',
          share_token: null,
          order_id: null,
          ...actorColumns(t.actor),
          at: now,
        })
        .execute()
      await audit(t, core.clock, 'distribution.binding.move', 'shopper', customerId, {
        from: row?.promoter_id ?? null,
        to: p.id,
        note,
      })
      await core.events.publish(t.db, t.tenantId, `distribution.binding.${row ? 'moved' : 'bound'}`, {
        customerId,
        promoterId: p.id,
        fromPromoterId: row?.promoter_id ?? null,
        reason: 'operator',
      })
      return bindingOf(t, customerId)
    })
  }

  /** A signed-in shopper opened a share: a click by its sharer. */
  async function shareOpened(ctx: Ctx, p: { token: string; sharerId: string; visitorId: string | null }) {
    if (!p.visitorId) return
    await touch(ctx, p.visitorId, p.sharerId, 'click', { shareToken: p.token })
  }

  /** A paid order with a line attributed to a share: a paid-order touch by the share's sharer. */
  async function orderPaid(ctx: Ctx, orderId: string) {
    const line = await scoped(ctx)
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .select(['order_lines.share_token', 'orders.shopper_id'])
      .where('order_lines.order_id', '=', orderId)
      .where('order_lines.share_token', 'is not', null)
      .orderBy('order_lines.id')
      .executeTakeFirst()
    if (!line?.share_token) return
    const share = await core.sharing.find(ctx, line.share_token)
    if (!share) return
    await touch(ctx, line.shopper_id, share.sharerId, 'paid_order', { shareToken: line.share_token, orderId })
  }

  /** Who the customer is bound to and why, for the customer profile and the order. */
  async function bindingOf(ctx: Reader & { lang?: Ctx['lang'] }, customerId: string) {
    const b = await scoped(ctx)
      .selectFrom('referral_bindings')
      .innerJoin('shoppers', 'shoppers.id', 'referral_bindings.promoter_shopper_id')
      .selectAll('referral_bindings')
      .select(['shoppers.nickname'])
      .where('referral_bindings.customer_id', '=', customerId)
      .executeTakeFirst()
    if (!b) return null
    const text = bindReasonText(b.reason)
    return {
      promoterId: b.promoter_id,
      promoterShopperId: b.promoter_shopper_id,
      promoterNickname: b.nickname,
      reason: b.reason,
      reasonText: ctx.lang === 'en' ? text.en : text.zh,
      boundAt: b.bound_at,
      lockedUntil: b.locked_until,
      permanent: b.permanent,
      shareToken: b.share_token,
      orderId: b.order_id,
    }
  }

  /** A customer's binding history, oldest first. */
  async function historyOf(ctx: Reader, customerId: string) {
    const rows = await scoped(ctx)
      .selectFrom('binding_history')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute()
    return rows.map((h) => ({
      action: h.action,
      fromPromoterId: h.from_promoter_id,
      toPromoterId: h.to_promoter_id,
      reason: h.reason,
      shareToken: h.share_token,
      orderId: h.order_id,
      at: h.at,
    }))
  }

  return { touch, moveByOperator, shareOpened, orderPaid, bindingOf, historyOf }
}
