import type { Selectable, Transaction } from 'kysely'
import { sql } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { maskPhone } from '../identity/index.js'
import { complianceProblems } from './domain/compliance.js'
import { type CommissionPlan, defaultPlan, defaultProgram, type PromoterProgram } from './domain/program.js'
import {
  type PromoterEvent,
  type PromoterSource,
  type PromoterStatus,
  promoterMachine,
} from './domain/promoter-state.js'
import { programRules } from './domain/rules-text.js'
import type { ProgramsTables } from './programs.tables.js'

type TCtx = Ctx & { db: Transaction<DB> }
type PromoterRow = Selectable<ProgramsTables['promoters']>
type Reader = Pick<Ctx, 'db' | 'tenantId'>

const DAY_MS = 24 * 60 * 60 * 1000
/** Orders of this kind are membership fees: they never count towards qualifying (a paid membership is not a purchase of goods). */
const MEMBERSHIP_KIND = 'membership'
/** The top-level fields of a plan, to name a problem's field as the request body has it. */
const PLAN_FIELDS = new Set(Object.keys(defaultPlan()).concat(['payOnMembershipFees', 'networkBonus']))
export const EXPIRE_JOB = 'distribution.promoter.expire'
/** Rows per statement in bulk writes (Postgres takes at most 65,535 parameters). */
const BULK = 1000

const conflict = (field: string, en: string, zh: string) =>
  new AppError('conflict', { detail: en, detail_zh: zh }, field)

/**
 * Promoter programs and promoters. A promoter's row is the lock every change to it takes; each
 * status change goes through the promoter machine and leaves a history row and an outbox event.
 */
export function createProgramsService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  // Program ------------------------------------------------------------------------------
  async function program(ctx: Reader) {
    const row = await scoped(ctx).selectFrom('promoter_programs').selectAll().executeTakeFirst()
    return {
      program: row?.program ?? defaultProgram(),
      plan: row?.plan ?? defaultPlan(),
      version: row?.version ?? 0,
      updatedAt: row?.updated_at ?? null,
    }
  }

  /** Saves the program and plan in place (version + 1, audited); refused with the first problem the guard finds. */
  async function saveProgram(ctx: Ctx, input: { program: PromoterProgram; plan: CommissionPlan }) {
    const problems = complianceProblems(input.program, input.plan)
    if (problems.length) {
      const p = problems[0]
      throw invalid(`${PLAN_FIELDS.has(p.field.split('.')[0]) ? 'plan' : 'program'}.${p.field}`, p.en, p.zh)
    }
    return tx(ctx, async (t) => {
      const now = core.clock.now()
      const before = await scoped(t)
        .selectFrom('promoter_programs')
        .selectAll()
        .forUpdate()
        .executeTakeFirst()
      const version = (before?.version ?? 0) + 1
      const values = {
        program: JSON.stringify(input.program),
        plan: JSON.stringify(input.plan),
        version,
        updated_at: now,
      }
      if (before) await scoped(t).updateTable('promoter_programs').set(values).execute()
      else await scoped(t).insertInto('promoter_programs', values).execute()
      await audit(t, core.clock, 'distribution.program.save', 'promoter_program', t.tenantId, {
        version,
        before: before ? { program: before.program, plan: before.plan } : null,
        after: input,
      })
      await core.events.publish(t.db, t.tenantId, 'distribution.program.saved', { version })
      return { ...input, version, updatedAt: now }
    })
  }

  /** The program as the storefront shows it: its terms and the rules in plain sentences. */
  async function storeProgram(ctx: Ctx) {
    const p = await program(ctx)
    return {
      qualifications: p.program.qualifications.map((q) => q.kind),
      statusDays: p.program.statusDays,
      renewBySpendFen: p.program.renewBySpendFen ?? null,
      levels: p.plan.levels,
      rules: programRules(p.program, p.plan, ctx.lang),
    }
  }

  // Promoters: reads ---------------------------------------------------------------------
  async function lockByShopper(t: TCtx, shopperId: string) {
    return scoped(t)
      .selectFrom('promoters')
      .selectAll()
      .where('shopper_id', '=', shopperId)
      .forUpdate()
      .executeTakeFirst()
  }

  async function lock(t: TCtx, id: string) {
    const p = await scoped(t)
      .selectFrom('promoters')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!p) throw notFound('promoter', 'id')
    return p
  }

  const isActive = (p: PromoterRow | undefined, now: Date) =>
    !!p && p.status === 'active' && (p.expires_at === null || p.expires_at > now)

  /** The shopper's promoter record if they are an active promoter right now, for other modules. */
  async function activePromoter(ctx: Reader, shopperId: string) {
    const p = await scoped(ctx)
      .selectFrom('promoters')
      .selectAll()
      .where('shopper_id', '=', shopperId)
      .executeTakeFirst()
    return isActive(p, core.clock.now()) ? p : undefined
  }

  const view = (p: PromoterRow, who?: { nickname: string; phone: string }) => ({
    id: p.id,
    shopperId: p.shopper_id,
    nickname: who?.nickname ?? null,
    phoneMasked: who ? maskPhone(who.phone) : null,
    status: p.status,
    source: p.source,
    reason: p.reason,
    invitedBy: p.invited_by,
    appliedAt: p.applied_at,
    activatedAt: p.activated_at,
    expiresAt: p.expires_at,
  })

  async function list(ctx: Reader, q: { status?: PromoterStatus; limit?: number }) {
    let query = scoped(ctx)
      .selectFrom('promoters')
      .innerJoin('shoppers', 'shoppers.id', 'promoters.shopper_id')
      .selectAll('promoters')
      .select(['shoppers.nickname', 'shoppers.phone'])
      .orderBy('promoters.applied_at', 'desc')
      .orderBy('promoters.id', 'desc')
      .limit(q.limit ?? 100)
    if (q.status) query = query.where('promoters.status', '=', q.status)
    const rows = await query.execute()
    return rows.map((r) => view(r, r))
  }

  /** The shopper's own promoter record with its history, or null when they never became one. */
  async function me(ctx: Reader, shopperId: string) {
    const p = await scoped(ctx)
      .selectFrom('promoters')
      .selectAll()
      .where('shopper_id', '=', shopperId)
      .executeTakeFirst()
    if (!p) return { promoter: null, history: [] }
    const history = await scoped(ctx)
      .selectFrom('promoter_history')
      .selectAll()
      .where('promoter_id', '=', p.id)
      .orderBy('id')
      .execute()
    return {
      promoter: view(p),
      history: history.map((h) => ({
        from: h.from_status,
        to: h.to_status,
        event: h.event,
        reason: h.reason,
        at: h.at,
      })),
    }
  }

  // Promoters: writes --------------------------------------------------------------------
  async function history(
    t: TCtx,
    id: string,
    from: PromoterStatus | null,
    to: PromoterStatus,
    event: string,
    reason?: string | null,
  ) {
    await scoped(t)
      .insertInto('promoter_history', {
        promoter_id: id,
        from_status: from,
        to_status: to,
        event,
        ...actorColumns(t.actor),
        reason: reason ?? null,
        at: core.clock.now(),
      })
      .execute()
    await core.events.publish(
      t.db,
      t.tenantId,
      `distribution.promoter.${event === 'renew' ? 'renewed' : to}`,
      {
        promoterId: id,
        from,
        to,
        event,
      },
    )
  }

  /** When a status begun (or renewed) at `from` ends, by the program; null = never. */
  const endOfPeriod = (p: PromoterProgram, from: Date) =>
    p.statusDays === null ? null : new Date(from.getTime() + p.statusDays * DAY_MS)

  async function scheduleExpiry(t: TCtx, id: string, expiresAt: Date | null) {
    if (!expiresAt) return
    await enqueue(t.db, core.clock, {
      kind: EXPIRE_JOB,
      tenantId: t.tenantId,
      payload: { promoterId: id },
      runAt: expiresAt,
      dedupeKey: `${EXPIRE_JOB}:${id}:${expiresAt.getTime()}`,
    })
  }

  async function move(
    t: TCtx,
    p: PromoterRow,
    event: PromoterEvent,
    opts: { reason?: string | null; set?: Partial<Record<keyof PromoterRow, unknown>> } = {},
  ) {
    const to = promoterMachine.next(p.status, event)
    await scoped(t)
      .updateTable('promoters')
      .set({ ...(opts.set ?? {}), status: to, updated_at: core.clock.now() } as never)
      .where('id', '=', p.id)
      .execute()
    await history(t, p.id, p.status, to, event, opts.reason)
    return { ...p, ...(opts.set as object), status: to } as PromoterRow
  }

  /** Makes `p` active now for a fresh period (approval, requalification, reinstatement past its end). */
  async function activate(
    t: TCtx,
    prog: PromoterProgram,
    p: PromoterRow,
    event: PromoterEvent,
    set: Record<string, unknown> = {},
  ) {
    const now = core.clock.now()
    const expiresAt = endOfPeriod(prog, now)
    const moved = await move(t, p, event, {
      reason: null,
      set: { ...set, activated_at: now, expires_at: expiresAt, reason: null },
    })
    await scheduleExpiry(t, p.id, expiresAt)
    return moved
  }

  /** A new promoter record, applied or straight active. */
  async function create(
    t: TCtx,
    prog: PromoterProgram,
    shopperId: string,
    status: 'applied' | 'active',
    source: PromoterSource,
    invitedBy: string | null,
  ) {
    const now = core.clock.now()
    const id = newId()
    const expiresAt = status === 'active' ? endOfPeriod(prog, now) : null
    const inserted = await scoped(t)
      .insertInto('promoters', {
        id,
        shopper_id: shopperId,
        status,
        source,
        reason: null,
        invited_by: invitedBy,
        applied_at: now,
        activated_at: status === 'active' ? now : null,
        expires_at: expiresAt,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'shopper_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
    // Someone else made the record in the meantime: theirs stands.
    if (!inserted) return (await lockByShopper(t, shopperId))!
    await history(t, id, null, status, source === 'apply' ? 'apply' : source === 'spend' ? 'qualify' : source)
    await scheduleExpiry(t, id, expiresAt)
    return (await lock(t, id))!
  }

  /**
   * A shopper applies. With an `invitedBy` promoter who is active (and a program that accepts
   * invitations) they become active at once; otherwise the program's application rule decides:
   * automatic approval makes them active, manual leaves them `applied` for an operator.
   */
  async function apply(ctx: Ctx, shopperId: string, input: { invitedBy?: string } = {}) {
    const { program: prog } = await program(ctx)
    return tx(ctx, async (t) => {
      let inviter: PromoterRow | undefined
      if (input.invitedBy) {
        if (!prog.qualifications.some((q) => q.kind === 'invitation'))
          throw conflict(
            'invitedBy',
            'this shop does not take promoters by invitation',
            '本店不支持邀请成为推广员',
          )
        inviter = await scoped(t)
          .selectFrom('promoters')
          .selectAll()
          .where('id', '=', input.invitedBy)
          .executeTakeFirst()
        if (!inviter || !isActive(inviter, core.clock.now()) || inviter.shopper_id === shopperId)
          throw conflict(
            'invitedBy',
            'the invitation is not from an active promoter',
            '邀请人不是有效的推广员',
          )
      }
      const rule = prog.qualifications.find((q) => q.kind === 'apply')
      if (!inviter && !rule)
        throw conflict(
          'program',
          'this shop does not take applications; see the rules for how to become a promoter',
          '本店暂不接受申请，请查看成为推广员的条件',
        )
      const auto = !!inviter || (rule?.kind === 'apply' && rule.approval === 'auto')
      const source: PromoterSource = inviter ? 'invitation' : 'apply'
      const existing = await lockByShopper(t, shopperId)
      if (!existing)
        return view(
          await create(t, prog, shopperId, auto ? 'active' : 'applied', source, inviter?.id ?? null),
        )
      if (existing.status === 'suspended')
        throw conflict('status', 'your promoter status is suspended', '你的推广员资格已被暂停')
      if (existing.status !== 'expired') return view(existing)
      const set = { source, invited_by: inviter?.id ?? existing.invited_by, applied_at: core.clock.now() }
      return view(
        auto
          ? await activate(t, prog, existing, 'requalify', set)
          : await move(t, existing, 'reapply', { set }),
      )
    })
  }

  /** Operator actions on a promoter, each audited in the same transaction. */
  async function review(ctx: Ctx, id: string, action: 'approve' | 'suspend' | 'reinstate', reason?: string) {
    const { program: prog } = await program(ctx)
    return tx(ctx, async (t) => {
      const p = await lock(t, id)
      let moved: PromoterRow
      if (action === 'suspend')
        moved = await move(t, p, 'suspend', { reason, set: { reason: reason ?? null } })
      else if (action === 'approve') moved = await activate(t, prog, p, 'approve')
      else {
        // Reinstated within its period it keeps its end; past it, a fresh period starts.
        const now = core.clock.now()
        moved =
          p.expires_at && p.expires_at <= now
            ? await activate(t, prog, p, 'reinstate')
            : await move(t, p, 'reinstate', {
                reason,
                set: { reason: null, activated_at: p.activated_at ?? now },
              })
      }
      await audit(t, core.clock, `distribution.promoter.${action}`, 'promoter', id, {
        from: p.status,
        to: moved.status,
        ...(reason ? { reason } : {}),
      })
      return view(moved)
    })
  }

  /**
   * The staff list makes these shoppers active promoters with source `staff` and no end date, for as
   * long as they stay on the list. Shoppers with no record get one, in bulk (record, history row and
   * event each, as `create` makes them); the others move through the machine one by one: an
   * application approved, an expired record requalified, an active one moved onto the staff terms
   * (a renewal without end) and, for those in `reinstate`, a suspended one reinstated (the staff
   * list's own removal, undone by listing them again). Nothing changes for someone already there.
   * Runs in the caller's transaction; returns each shopper's promoter id and the event, if any.
   */
  async function enlistStaff(
    ctx: Ctx,
    shopperIds: readonly string[],
    opts: { reinstate?: ReadonlySet<string> } = {},
  ) {
    return tx(ctx, async (t) => {
      const now = core.clock.now()
      const out = new Map<string, { promoterId: string; event: PromoterEvent | 'staff' | null }>()
      for (let i = 0; i < shopperIds.length; i += BULK) {
        const fresh = await scoped(t)
          .insertInto(
            'promoters',
            shopperIds.slice(i, i + BULK).map((shopperId) => ({
              id: newId(),
              shopper_id: shopperId,
              status: 'active' as const,
              source: 'staff' as const,
              reason: null,
              invited_by: null,
              applied_at: now,
              activated_at: now,
              expires_at: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['tenant_id', 'shopper_id']).doNothing())
          .returning(['id', 'shopper_id'])
          .execute()
        if (!fresh.length) continue
        await scoped(t)
          .insertInto(
            'promoter_history',
            fresh.map((p) => ({
              promoter_id: p.id,
              from_status: null,
              to_status: 'active' as const,
              event: 'staff',
              ...actorColumns(t.actor),
              reason: null,
              at: now,
            })),
          )
          .execute()
        await core.events.publishMany(
          t.db,
          t.tenantId,
          fresh.map((p) => ({
            type: 'distribution.promoter.active',
            payload: { promoterId: p.id, from: null, to: 'active', event: 'staff' },
          })),
        )
        for (const p of fresh) out.set(p.shopper_id, { promoterId: p.id, event: 'staff' })
      }
      const known = shopperIds.filter((id) => !out.has(id))
      const existing = known.length
        ? await scoped(t)
            .selectFrom('promoters')
            .selectAll()
            .where('shopper_id', 'in', known)
            .orderBy('id')
            .forUpdate()
            .execute()
        : []
      for (const p of existing) {
        let event: PromoterEvent | null = null
        if (p.status === 'applied') event = 'approve'
        else if (p.status === 'expired') event = 'requalify'
        else if (p.status === 'active' && (p.source !== 'staff' || p.expires_at !== null)) event = 'renew'
        else if (p.status === 'suspended') {
          if (!opts.reinstate?.has(p.shopper_id))
            throw conflict('status', 'this promoter is suspended', '该推广员的资格已被暂停')
          event = 'reinstate'
        }
        if (event)
          await move(t, p, event, {
            set: {
              source: 'staff',
              expires_at: null,
              reason: null,
              activated_at: event === 'approve' || event === 'requalify' ? now : (p.activated_at ?? now),
            },
          })
        out.set(p.shopper_id, { promoterId: p.id, event })
      }
      return out
    })
  }

  /** The expiry job: an active promoter whose period has ended expires (renewals moved the end). */
  async function expire(ctx: Ctx, id: string) {
    return tx(ctx, async (t) => {
      const p = await lock(t, id)
      if (p.status !== 'active' || !p.expires_at || p.expires_at > core.clock.now()) return
      await move(t, p, 'expire')
    })
  }

  /** Paid spend in the shop since `since`, net of refunds; membership fees never count. */
  async function paidSpendFen(ctx: Reader, shopperId: string, since: Date) {
    const r = await scoped(ctx)
      .selectFrom('orders')
      .select(sql<string>`coalesce(sum(paid_fen - refunded_fen), 0)`.as('fen'))
      .where('shopper_id', '=', shopperId)
      .where('paid_at', 'is not', null)
      .where('paid_at', '>=', since)
      .where('kind', '<>', MEMBERSHIP_KIND)
      .executeTakeFirstOrThrow()
    return Number(r.fen)
  }

  /**
   * A paid order: its buyer may qualify by spend (new, applied or expired), or renew an active period.
   * Renewal counts only spend within the current period, so the same orders never renew twice.
   */
  async function orderPaid(ctx: Ctx, orderId: string) {
    const order = await scoped(ctx)
      .selectFrom('orders')
      .select(['shopper_id', 'kind'])
      .where('id', '=', orderId)
      .executeTakeFirst()
    if (!order || order.kind === MEMBERSHIP_KIND) return
    const { program: prog } = await program(ctx)
    const spend = prog.qualifications.find((q) => q.kind === 'spend')
    const renewFen = prog.statusDays !== null ? prog.renewBySpendFen : undefined
    if (!spend && !renewFen) return
    await tx(ctx, async (t) => {
      const now = core.clock.now()
      const p = await lockByShopper(t, order.shopper_id)
      if (spend?.kind === 'spend' && (!p || p.status === 'expired' || p.status === 'applied')) {
        const fen = await paidSpendFen(
          t,
          order.shopper_id,
          new Date(now.getTime() - spend.windowDays * DAY_MS),
        )
        if (fen < spend.minPaidFen) return
        if (!p) await create(t, prog, order.shopper_id, 'active', 'spend', null)
        // An application still waiting for review is approved by the spend itself.
        else await activate(t, prog, p, p.status === 'applied' ? 'approve' : 'requalify', { source: 'spend' })
        return
      }
      if (renewFen && p && isActive(p, now) && p.expires_at && prog.statusDays !== null) {
        const periodStart = new Date(p.expires_at.getTime() - prog.statusDays * DAY_MS)
        if ((await paidSpendFen(t, order.shopper_id, periodStart)) < renewFen) return
        const expiresAt = new Date(p.expires_at.getTime() + prog.statusDays * DAY_MS)
        await move(t, p, 'renew', { set: { expires_at: expiresAt } })
        await scheduleExpiry(t, p.id, expiresAt)
      }
    })
  }

  return {
    program,
    saveProgram,
    storeProgram,
    activePromoter,
    list,
    me,
    apply,
    review,
    expire,
    orderPaid,
    paidSpendFen,
    enlistStaff,
  }
}
