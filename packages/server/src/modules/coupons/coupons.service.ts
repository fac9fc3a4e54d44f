import { type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { actorColumns } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import type { CouponsTables } from './coupons.tables.js'
import { type CouponEvent, type CouponStatus, couponMachine, templateMachine } from './domain/coupon-state.js'
import {
  type CouponTerms,
  couponLabel,
  type PointsRules,
  type PriceLineInput,
  type PriceResult,
  resolvePrice,
} from './domain/price.js'
import {
  LIMITS,
  type TemplateConfig,
  templateProblems,
  termsOf,
  validityOf,
} from './domain/template-rules.js'

type TCtx = Ctx & { db: Transaction<DB> }
type TemplateRow = Selectable<CouponsTables['coupon_templates']>
type CouponRow = Selectable<CouponsTables['coupons']>

export type TemplateInput = Omit<TemplateConfig, 'amountFen' | 'percentBps' | 'capFen' | 'thresholdFen'> & {
  amountFen?: number
  percentBps?: number
  capFen?: number | null
  thresholdFen?: number
}
/** What may change once a template exists: its terms stay as shoppers claimed them. */
export type TemplatePatch = Partial<
  Pick<TemplateConfig, 'name' | 'claimEndsAt' | 'perPersonLimit' | 'totalLimit' | 'claimable'>
>

export interface QuoteInput {
  items: { skuId: string; quantity: number }[]
  couponIds?: string[]
  points?: number
  fulfillment: 'delivery' | 'pickup'
}

/** Why a chosen coupon does not take part in a price, beyond what price resolution decides. */
export type UnusableReason = 'used' | 'expired' | 'not_yet_valid'
const UNUSABLE: Record<UnusableReason, { zh: string; en: string }> = {
  used: { zh: '这张券已经用过了', en: 'This coupon has been used' },
  expired: { zh: '这张券已过期', en: 'This coupon has expired' },
  not_yet_valid: { zh: '这张券还未到可用时间', en: 'This coupon cannot be used yet' },
}

export const DEFAULT_POINTS_RULES: PointsRules = { pointsPerYuan: 100, maxShareBps: 5_000 }

const couponNotFound = (field: string) =>
  new AppError('not_found', { entity: 'Coupon', entity_zh: '优惠券' }, field)
const templateNotFound = () =>
  new AppError('not_found', { entity: 'Coupon template', entity_zh: '优惠券模板' }, 'id')
const conflict = (en: string, zh: string, field?: string) =>
  new AppError('conflict', { detail: en, detail_zh: zh }, field)

/** Coupons: templates, claiming and issuing, atomic redemption and return; and the price of a cart. */
export function createCouponsService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  const configOf = (r: TemplateRow): TemplateConfig => ({
    name: r.name,
    kind: r.kind,
    amountFen: r.amount_fen,
    percentBps: r.percent_bps,
    capFen: r.cap_fen,
    thresholdFen: r.threshold_fen,
    scope: r.scope,
    scopeIds: r.scope_ids as unknown as string[],
    validity: r.validity,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    validDays: r.valid_days,
    claimStartsAt: r.claim_starts_at,
    claimEndsAt: r.claim_ends_at,
    perPersonLimit: r.per_person_limit,
    totalLimit: r.total_limit,
    claimable: r.claimable,
  })

  const check = (c: TemplateConfig) => {
    const p = templateProblems(c)[0]
    if (p) throw invalid(p.field, p.detail, p.zh)
  }

  const templateView = (r: TemplateRow, used: number) => {
    const c = configOf(r)
    return {
      id: r.id,
      ...c,
      label: couponLabel(c),
      status: r.status,
      issuedCount: r.issued_count,
      usedCount: used,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  }

  /** How a coupon reads to its holder, with "expired" for an available one past its validity. */
  const statusAt = (c: Pick<CouponRow, 'status' | 'valid_until'>, now: Date): CouponStatus =>
    c.status === 'available' && new Date(c.valid_until) <= now ? 'expired' : c.status

  const couponView = (c: CouponRow, t: TemplateRow, now: Date) => ({
    id: c.id,
    templateId: t.id,
    name: t.name,
    kind: t.kind,
    label: couponLabel(configOf(t)),
    amountFen: t.amount_fen,
    percentBps: t.percent_bps,
    capFen: t.cap_fen,
    thresholdFen: t.threshold_fen,
    scope: t.scope,
    scopeIds: t.scope_ids as unknown as string[],
    status: statusAt(c, now),
    source: c.source,
    validFrom: c.valid_from,
    validUntil: c.valid_until,
    orderId: c.order_id,
    usedAt: c.used_at,
    createdAt: c.created_at,
  })

  const lockTemplate = async (t: TCtx, id: string) => {
    const r = await scoped(t)
      .selectFrom('coupon_templates')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!r) throw templateNotFound()
    return r
  }

  /** The one way a coupon changes status: checks the machine, writes the row and its history. */
  async function move(
    t: TCtx,
    c: Pick<CouponRow, 'id' | 'status'>,
    event: CouponEvent,
    opts: { orderId: string | null; reason?: string; set?: Partial<CouponRow> },
  ) {
    const to = couponMachine.next(c.status, event)
    const now = core.clock.now()
    await scoped(t)
      .updateTable('coupons')
      .set({ ...(opts.set ?? {}), status: to, updated_at: now })
      .where('id', '=', c.id)
      .execute()
    await scoped(t)
      .insertInto('coupon_history', {
        coupon_id: c.id,
        from_status: c.status,
        to_status: to,
        event,
        order_id: opts.orderId,
        ...actorColumns(t.actor),
        reason: opts.reason ?? null,
        at: now,
      })
      .execute()
  }

  /** Writes new coupons of a locked template for `shopperIds`, with their history and the count. */
  async function grant(t: TCtx, tpl: TemplateRow, shopperIds: string[], source: 'claim' | 'issue') {
    const now = core.clock.now()
    const { validFrom, validUntil } = validityOf(configOf(tpl), now)
    const rows = shopperIds.map((shopperId) => ({
      id: newId(),
      template_id: tpl.id,
      shopper_id: shopperId,
      status: 'available' as const,
      source,
      valid_from: validFrom,
      valid_until: validUntil,
      order_id: null,
      used_at: null,
      created_at: now,
      updated_at: now,
    }))
    await scoped(t).insertInto('coupons', rows).execute()
    await scoped(t)
      .insertInto(
        'coupon_history',
        rows.map((r) => ({
          coupon_id: r.id,
          from_status: null,
          to_status: 'available' as const,
          event: source,
          order_id: null,
          ...actorColumns(t.actor),
          reason: null,
          at: now,
        })),
      )
      .execute()
    await scoped(t)
      .updateTable('coupon_templates')
      .set({ issued_count: sql`issued_count + ${rows.length}`, updated_at: now })
      .where('id', '=', tpl.id)
      .execute()
    return rows
  }

  /** Coupons already held per shopper for a template. */
  const heldBy = async (t: TCtx, templateId: string, shopperIds: string[]) => {
    const rows = await scoped(t)
      .selectFrom('coupons')
      .select(['shopper_id', sql<number>`count(*)::int`.as('n')])
      .where('template_id', '=', templateId)
      .where('shopper_id', 'in', shopperIds)
      .groupBy('shopper_id')
      .execute()
    return new Map(rows.map((r) => [r.shopper_id, Number(r.n)]))
  }

  const pricingSettings = async (ctx: Pick<Ctx, 'db' | 'tenantId'>): Promise<PointsRules> => {
    const r = await scoped(ctx).selectFrom('pricing_settings').selectAll().executeTakeFirst()
    return r
      ? { pointsPerYuan: r.points_per_yuan, maxShareBps: r.points_max_share_bps }
      : DEFAULT_POINTS_RULES
  }

  return {
    // Templates (console) -----------------------------------------------------------------
    async createTemplate(ctx: Ctx, input: TemplateInput) {
      const c: TemplateConfig = {
        ...input,
        amountFen: input.kind === 'fixed' || input.kind === 'threshold' ? (input.amountFen ?? 0) : 0,
        percentBps: input.kind === 'percent' ? (input.percentBps ?? 0) : 0,
        capFen: input.kind === 'percent' ? (input.capFen ?? null) : null,
        thresholdFen: input.thresholdFen ?? 0,
        validFrom: input.validity === 'fixed' ? input.validFrom : null,
        validUntil: input.validity === 'fixed' ? input.validUntil : null,
        validDays: input.validity === 'after_claim' ? input.validDays : null,
      }
      check(c)
      if (c.scope !== 'all') {
        const table = c.scope === 'categories' ? 'categories' : 'products'
        const found = await scoped(ctx).selectFrom(table).select('id').where('id', 'in', c.scopeIds).execute()
        if (found.length !== c.scopeIds.length)
          throw invalid('scopeIds', `unknown ${c.scope} in the list`, '适用范围中有不存在的分类或商品')
      }
      const now = core.clock.now()
      const id = newId()
      await tx(ctx, async (t) => {
        await scoped(t)
          .insertInto('coupon_templates', {
            id,
            name: c.name.trim(),
            kind: c.kind,
            amount_fen: c.amountFen,
            percent_bps: c.percentBps,
            cap_fen: c.capFen,
            threshold_fen: c.thresholdFen,
            scope: c.scope,
            scope_ids: JSON.stringify(c.scopeIds),
            validity: c.validity,
            valid_from: c.validFrom ? new Date(c.validFrom) : null,
            valid_until: c.validUntil ? new Date(c.validUntil) : null,
            valid_days: c.validDays,
            claim_starts_at: new Date(c.claimStartsAt),
            claim_ends_at: new Date(c.claimEndsAt),
            per_person_limit: c.perPersonLimit,
            total_limit: c.totalLimit,
            claimable: c.claimable,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await audit(t, core.clock, 'coupons.template.create', 'coupon_template', id, { name: c.name })
      })
      return this.getTemplate(ctx, id)
    },

    async getTemplate(ctx: Pick<Ctx, 'db' | 'tenantId'>, id: string) {
      const r = await scoped(ctx)
        .selectFrom('coupon_templates')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      if (!r) throw templateNotFound()
      const used = await scoped(ctx)
        .selectFrom('coupons')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('template_id', '=', id)
        .where('status', '=', 'used')
        .executeTakeFirstOrThrow()
      return templateView(r, Number(used.n))
    },

    /** Templates newest first, with how many of each are used: two queries whatever the page. */
    async listTemplates(
      ctx: Pick<Ctx, 'db' | 'tenantId'>,
      f: { status?: string; limit: number; cursor?: string },
    ) {
      let q = scoped(ctx)
        .selectFrom('coupon_templates')
        .selectAll('coupon_templates')
        .select(
          sql<number>`(select count(*) from coupons c where c.template_id = coupon_templates.id and c.status = 'used')::int`.as(
            'used',
          ),
        )
      if (f.status) q = q.where('status', '=', f.status as TemplateRow['status'])
      const cur = decodeCursor(f.cursor)
      if (cur) q = q.where(sql<boolean>`(created_at, id) < (${cur.at}, ${cur.id})`)
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1)
        .execute()
      const page = rows.slice(0, f.limit)
      const last = page[page.length - 1]
      return {
        items: page.map((r) => templateView(r, Number(r.used))),
        nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
      }
    },

    async updateTemplate(ctx: Ctx, id: string, patch: TemplatePatch) {
      await tx(ctx, async (t) => {
        const r = await lockTemplate(t, id)
        if (r.status === 'ended')
          throw new AppError('invalid_transition', { entity: 'coupon_template', from: r.status }, 'id')
        const c = { ...configOf(r), ...patch }
        check(c)
        if (c.totalLimit !== null && c.totalLimit < r.issued_count)
          throw invalid(
            'totalLimit',
            `${r.issued_count} are already out`,
            `已发放 ${r.issued_count} 张，总量不能少于此数`,
          )
        await scoped(t)
          .updateTable('coupon_templates')
          .set({
            name: c.name.trim(),
            claim_ends_at: new Date(c.claimEndsAt),
            per_person_limit: c.perPersonLimit,
            total_limit: c.totalLimit,
            claimable: c.claimable,
            updated_at: core.clock.now(),
          })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, 'coupons.template.update', 'coupon_template', id, patch)
      })
      return this.getTemplate(ctx, id)
    },

    async moveTemplate(ctx: Ctx, id: string, event: 'pause' | 'resume' | 'end') {
      await tx(ctx, async (t) => {
        const r = await lockTemplate(t, id)
        const to = templateMachine.next(r.status, event)
        await scoped(t)
          .updateTable('coupon_templates')
          .set({ status: to, updated_at: core.clock.now() })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, `coupons.template.${event}`, 'coupon_template', id)
      })
      return this.getTemplate(ctx, id)
    },

    /**
     * Issues one coupon each to a list of customers. Those already holding the per-person limit
     * are skipped and named; a list that would pass the total is refused whole.
     */
    async issue(ctx: Ctx, templateId: string, shopperIds: string[]) {
      const ids = [...new Set(shopperIds)]
      if (!ids.length || ids.length > LIMITS.issueShoppers.max)
        throw invalid('shopperIds', `1 to ${LIMITS.issueShoppers.max} customers`, `每次发放 1 至 500 位顾客`)
      return tx(ctx, async (t) => {
        const tpl = await lockTemplate(t, templateId)
        if (tpl.status !== 'active')
          throw new AppError('invalid_transition', { entity: 'coupon_template', from: tpl.status }, 'id')
        const known = await scoped(t).selectFrom('shoppers').select('id').where('id', 'in', ids).execute()
        const knownIds = new Set(known.map((k) => k.id))
        const unknown = ids.findIndex((i) => !knownIds.has(i))
        if (unknown >= 0) throw new AppError('not_found', { entity: 'shopper' }, `shopperIds.${unknown}`)
        const held = await heldBy(t, tpl.id, ids)
        const skipped = ids
          .filter((i) => (held.get(i) ?? 0) >= tpl.per_person_limit)
          .map((shopperId) => ({ shopperId, reason: 'per_person_limit' as const }))
        const to = ids.filter((i) => (held.get(i) ?? 0) < tpl.per_person_limit)
        if (tpl.total_limit !== null && tpl.issued_count + to.length > tpl.total_limit)
          throw conflict(
            `only ${tpl.total_limit - tpl.issued_count} left of the total`,
            `发放总量仅剩 ${tpl.total_limit - tpl.issued_count} 张`,
            'shopperIds',
          )
        const rows = to.length ? await grant(t, tpl, to, 'issue') : []
        await audit(t, core.clock, 'coupons.template.issue', 'coupon_template', tpl.id, {
          issued: rows.length,
          skipped: skipped.length,
        })
        return { issued: rows.map((r) => ({ shopperId: r.shopper_id, couponId: r.id })), skipped }
      })
    },

    /** A customer's coupons, for the console. */
    async ofShopper(ctx: Pick<Ctx, 'db' | 'tenantId'>, shopperId: string) {
      return this.mine(ctx, shopperId, {})
    },

    // Claim centre and my coupons (storefront) -------------------------------------------------
    /** Templates open for claiming now, with what the signed-in viewer already holds. */
    async centre(ctx: Pick<Ctx, 'db' | 'tenantId'>, viewer?: string) {
      const now = core.clock.now()
      const rows = await scoped(ctx)
        .selectFrom('coupon_templates')
        .selectAll()
        .where('status', '=', 'active')
        .where('claimable', '=', true)
        .where('claim_starts_at', '<=', now)
        .where('claim_ends_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute()
      const held =
        viewer && rows.length
          ? await scoped(ctx)
              .selectFrom('coupons')
              .select(['template_id', sql<number>`count(*)::int`.as('n')])
              .where('shopper_id', '=', viewer)
              .where(
                'template_id',
                'in',
                rows.map((r) => r.id),
              )
              .groupBy('template_id')
              .execute()
          : []
      const mine = new Map(held.map((h) => [h.template_id, Number(h.n)]))
      return rows.map((r) => {
        const v = templateView(r, 0)
        const claimed = mine.get(r.id) ?? 0
        const soldOut = r.total_limit !== null && r.issued_count >= r.total_limit
        return {
          id: v.id,
          name: v.name,
          kind: v.kind,
          label: v.label,
          amountFen: v.amountFen,
          percentBps: v.percentBps,
          capFen: v.capFen,
          thresholdFen: v.thresholdFen,
          scope: v.scope,
          scopeIds: v.scopeIds,
          validity: v.validity,
          validFrom: v.validFrom,
          validUntil: v.validUntil,
          validDays: v.validDays,
          claimEndsAt: v.claimEndsAt,
          perPersonLimit: v.perPersonLimit,
          remaining: r.total_limit === null ? null : r.total_limit - r.issued_count,
          claimed,
          canClaim: !soldOut && claimed < r.per_person_limit,
        }
      })
    },

    /**
     * Claims one coupon. The template row is locked for the claim, so per-person and total limits
     * hold however many claims arrive at once.
     */
    async claim(ctx: Ctx, shopperId: string, templateId: string) {
      return tx(ctx, async (t) => {
        const tpl = await lockTemplate(t, templateId)
        const now = core.clock.now()
        if (!tpl.claimable) throw templateNotFound()
        if (tpl.status !== 'active' || now >= new Date(tpl.claim_ends_at)) throw new AppError('ended')
        if (now < new Date(tpl.claim_starts_at)) throw new AppError('not_started')
        const held = (await heldBy(t, tpl.id, [shopperId])).get(shopperId) ?? 0
        if (held >= tpl.per_person_limit)
          throw conflict(
            `at most ${tpl.per_person_limit} per person`,
            `每人限领 ${tpl.per_person_limit} 张，你已领过了`,
          )
        if (tpl.total_limit !== null && tpl.issued_count >= tpl.total_limit)
          throw conflict('all of these coupons have been claimed', '这张券已经被领完了')
        const [row] = await grant(t, tpl, [shopperId], 'claim')
        return couponView({ ...row, tenant_id: t.tenantId }, tpl, now)
      })
    },

    /** A shopper's coupons: available first, by validity ending soonest; then used and expired. */
    async mine(ctx: Pick<Ctx, 'db' | 'tenantId'>, shopperId: string, f: { status?: CouponStatus }) {
      const now = core.clock.now()
      const rows = await scoped(ctx)
        .selectFrom('coupons')
        .innerJoin('coupon_templates as t', 't.id', 'coupons.template_id')
        .selectAll('coupons')
        .select(sql<Record<string, unknown>>`to_jsonb(t)`.as('tpl'))
        .where('coupons.shopper_id', '=', shopperId)
        .orderBy('coupons.created_at', 'desc')
        .limit(500)
        .execute()
      const rank: Record<CouponStatus, number> = { available: 0, used: 1, expired: 2 }
      return rows
        .map((r) => {
          const tpl = r.tpl as any
          const t = {
            ...tpl,
            amount_fen: Number(tpl.amount_fen),
            threshold_fen: Number(tpl.threshold_fen),
            cap_fen: tpl.cap_fen === null ? null : Number(tpl.cap_fen),
          } as TemplateRow
          return couponView(r, t, now)
        })
        .filter((c) => !f.status || c.status === f.status)
        .sort(
          (a, b) =>
            rank[a.status] - rank[b.status] ||
            new Date(a.validUntil).getTime() - new Date(b.validUntil).getTime(),
        )
    },

    // Redemption ----------------------------------------------------------------------------
    /**
     * Uses coupons on an order inside the caller's transaction. One conditional UPDATE per call:
     * a coupon another checkout took first no longer matches, so it is never used twice.
     */
    async redeem(t: TCtx, shopperId: string, couponIds: string[], orderId: string) {
      if (!couponIds.length) return
      const now = core.clock.now()
      const taken = await scoped(t)
        .updateTable('coupons')
        .set({ status: 'used', order_id: orderId, used_at: now, updated_at: now })
        .where('id', 'in', couponIds)
        .where('shopper_id', '=', shopperId)
        .where('status', '=', 'available')
        .where('valid_from', '<=', now)
        .where('valid_until', '>', now)
        .returning('id')
        .execute()
      if (taken.length !== new Set(couponIds).size)
        throw conflict('the coupon is no longer available', '优惠券已被使用或已失效', 'couponIds')
      await scoped(t)
        .insertInto(
          'coupon_history',
          taken.map((c) => ({
            coupon_id: c.id,
            from_status: 'available' as const,
            to_status: 'used' as const,
            event: 'use',
            order_id: orderId,
            ...actorColumns(t.actor),
            reason: null,
            at: now,
          })),
        )
        .execute()
    },

    /**
     * An order was cancelled or fully refunded: its coupons come back while still valid, and
     * otherwise lapse. Safe to run twice: only coupons still used on the order move.
     */
    async orderReleased(t: TCtx, orderId: string, reason: string) {
      const used = await scoped(t)
        .selectFrom('coupons')
        .select(['id', 'status', 'valid_until'])
        .where('order_id', '=', orderId)
        .where('status', '=', 'used')
        .forUpdate()
        .execute()
      const now = core.clock.now()
      for (const c of used) {
        const valid = new Date(c.valid_until) > now
        await move(t, c, valid ? 'restore' : 'lapse', {
          orderId,
          reason,
          set: { order_id: null, used_at: null },
        })
      }
      return used.length
    },

    /**
     * Checkout with coupons: prices the order's lines (at the prices checkout settled on) with the
     * shopper's chosen coupons. Any chosen coupon that cannot apply refuses the order (409, with
     * the reason), so the shopper never pays other than the quote said.
     */
    async priceForCheckout(
      ctx: Ctx,
      shopperId: string,
      input: {
        lines: PriceLineInput[]
        couponIds: string[]
        shipping: { fulfillment: 'delivery' | 'pickup'; feeFen: number; freeOverFen: number | null }
      },
    ) {
      const { terms, unusable } = await this.chosenCoupons(ctx, shopperId, input.couponIds)
      const price = resolvePrice({ lines: input.lines, coupons: terms, shipping: input.shipping })
      const bad = [...unusable, ...price.rejected][0]
      if (bad) throw conflict(bad.en, bad.zh, `couponIds.${input.couponIds.indexOf(bad.couponId)}`)
      return price
    },

    /**
     * In the checkout's transaction, after the order row exists: uses the coupons (refusing the
     * whole order if another checkout took one first) and keeps the order's price breakdown.
     */
    async redeemForOrder(
      t: TCtx,
      shopperId: string,
      orderId: string,
      couponIds: string[],
      price: PriceResult,
    ) {
      await this.redeem(t, shopperId, couponIds, orderId)
      await scoped(t)
        .insertInto('order_prices', {
          order_id: orderId,
          coupon_ids: JSON.stringify(couponIds),
          items_fen: price.lines.reduce((a, l) => a + l.specialFen, 0),
          discount_fen: price.couponDiscountFen,
          // The fee before a free-shipping coupon: that coupon's part is in discount_fen.
          shipping_fen: price.shippingBaseFen,
          total_fen: price.totalFen,
          price: JSON.stringify(price),
          created_at: core.clock.now(),
        })
        .execute()
    },

    /** An order's price breakdown, when it was placed with coupons; `shopperId` limits it to their own. */
    async orderPrice(ctx: Pick<Ctx, 'db' | 'tenantId'>, orderId: string, opts: { shopperId?: string } = {}) {
      let q = scoped(ctx)
        .selectFrom('order_prices')
        .innerJoin('orders', 'orders.id', 'order_prices.order_id')
        .selectAll('order_prices')
        .where('order_prices.order_id', '=', orderId)
      if (opts.shopperId) q = q.where('orders.shopper_id', '=', opts.shopperId)
      const r = await q.executeTakeFirst()
      if (!r) throw new AppError('not_found', { entity: 'Price breakdown', entity_zh: '价格明细' }, 'id')
      const price = r.price as unknown as PriceResult
      return {
        orderId: r.order_id,
        couponIds: r.coupon_ids as unknown as string[],
        itemsFen: r.items_fen,
        discountFen: r.discount_fen,
        shippingFen: r.shipping_fen,
        totalFen: r.total_fen,
        lines: price.lines.map(({ key, ...l }) => ({ skuId: key, ...l })),
        breakdown: price.breakdown,
      }
    },

    /**
     * A payment that arrived after the order was cancelled took the order after all: its coupons,
     * given back on the cancel, are used on it again where still available. One already used
     * elsewhere or expired stays so; the order keeps the price it was paid at.
     */
    async orderPaidLate(t: TCtx, orderId: string) {
      const p = await scoped(t)
        .selectFrom('order_prices')
        .innerJoin('orders', 'orders.id', 'order_prices.order_id')
        .select(['order_prices.coupon_ids', 'orders.shopper_id'])
        .where('order_prices.order_id', '=', orderId)
        .executeTakeFirst()
      if (!p) return 0
      const ids = p.coupon_ids as unknown as string[]
      const now = core.clock.now()
      const back = await scoped(t)
        .selectFrom('coupons')
        .select(['id', 'status'])
        .where('id', 'in', ids)
        .where('shopper_id', '=', p.shopper_id)
        .where('status', '=', 'available')
        .where('valid_until', '>', now)
        .forUpdate()
        .execute()
      for (const c of back)
        await move(t, c, 'use', {
          orderId,
          reason: 'late payment',
          set: { order_id: orderId, used_at: now },
        })
      if (back.length < ids.length)
        core.log.warn(
          { orderId, missing: ids.length - back.length },
          'late-paid order kept a coupon no longer available',
        )
      return back.length
    },

    // Price -----------------------------------------------------------------------------------
    pricingSettings,

    async setPricingSettings(ctx: Ctx, s: PointsRules) {
      const now = core.clock.now()
      await tx(ctx, async (t) => {
        await scoped(t)
          .insertInto('pricing_settings', {
            points_per_yuan: s.pointsPerYuan,
            points_max_share_bps: s.maxShareBps,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.column('tenant_id').doUpdateSet({
              points_per_yuan: s.pointsPerYuan,
              points_max_share_bps: s.maxShareBps,
              updated_at: now,
            }),
          )
          .execute()
        await audit(t, core.clock, 'coupons.pricing.update', 'pricing_settings', null, { ...s })
      })
      return pricingSettings(ctx)
    },

    /**
     * The shopper's chosen coupons as price resolution reads them. Unknown or someone else's → 404;
     * used, expired or not yet valid ones come back as unusable with the reason.
     */
    async chosenCoupons(ctx: Pick<Ctx, 'db' | 'tenantId'>, shopperId: string, couponIds: string[]) {
      if (!couponIds.length) return { terms: [] as CouponTerms[], unusable: [] }
      if (new Set(couponIds).size !== couponIds.length)
        throw invalid('couponIds', 'a coupon is listed twice', '同一张优惠券选了两次')
      const rows = await scoped(ctx)
        .selectFrom('coupons')
        .innerJoin('coupon_templates as t', 't.id', 'coupons.template_id')
        .selectAll('t')
        .select([
          'coupons.id as coupon_id',
          'coupons.status as coupon_status',
          'coupons.valid_from as coupon_valid_from',
          'coupons.valid_until as coupon_valid_until',
        ])
        .where('coupons.id', 'in', couponIds)
        .where('coupons.shopper_id', '=', shopperId)
        .execute()
      const byId = new Map(rows.map((r) => [r.coupon_id, r]))
      const now = core.clock.now()
      const terms: CouponTerms[] = []
      const unusable: { couponId: string; reason: UnusableReason; zh: string; en: string }[] = []
      couponIds.forEach((id, i) => {
        const r = byId.get(id)
        if (!r) throw couponNotFound(`couponIds.${i}`)
        const reason: UnusableReason | null =
          r.coupon_status === 'used'
            ? 'used'
            : statusAt({ status: r.coupon_status, valid_until: r.coupon_valid_until }, now) === 'expired'
              ? 'expired'
              : new Date(r.coupon_valid_from) > now
                ? 'not_yet_valid'
                : null
        if (reason) unusable.push({ couponId: id, reason, ...UNUSABLE[reason] })
        else terms.push(termsOf(id, configOf(r)))
      })
      return { terms, unusable }
    },

    /**
     * Prices a cart for a shopper at the catalogue's prices with their chosen coupons and points,
     * under the shop's shipping and points rules. The quote the storefront shows before checkout.
     */
    async quote(ctx: Ctx, shopperId: string, input: QuoteInput) {
      const merged = new Map<string, number>()
      for (const it of input.items) merged.set(it.skuId, (merged.get(it.skuId) ?? 0) + it.quantity)
      input.items.forEach((it, i) => {
        if ((merged.get(it.skuId) ?? 0) > 999)
          throw invalid(`items.${i}.quantity`, 'at most 999', '每种商品最多购买 999 件')
      })
      const skuIds = [...merged.keys()]
      const skus = await scoped(ctx)
        .selectFrom('skus')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .select([
          'skus.id',
          'skus.price_fen',
          'skus.status as sku_status',
          'products.id as product_id',
          'products.category_id',
          'products.status as product_status',
        ])
        .where('skus.id', 'in', skuIds)
        .execute()
      const byId = new Map(skus.map((k) => [k.id, k]))
      const lines: PriceLineInput[] = skuIds.map((skuId) => {
        const k = byId.get(skuId)
        const i = input.items.findIndex((it) => it.skuId === skuId)
        if (!k) throw new AppError('not_found', { entity: 'sku' }, `items.${i}.skuId`)
        if (k.sku_status !== 'active' || k.product_status !== 'published')
          throw new AppError('not_purchasable', {}, `items.${i}.skuId`)
        return {
          key: skuId,
          productId: k.product_id,
          categoryId: k.category_id,
          quantity: merged.get(skuId)!,
          unitPriceFen: k.price_fen,
        }
      })
      const { terms, unusable } = await this.chosenCoupons(ctx, shopperId, input.couponIds ?? [])
      const shop = await core.shops.get(ctx)
      const settings = shop.settings as { shippingFeeFen?: number; freeShippingOverFen?: number }
      const rules = await pricingSettings(ctx)
      const price: PriceResult = resolvePrice({
        lines,
        coupons: terms,
        points: input.points ? { requested: input.points, rules } : undefined,
        shipping: {
          fulfillment: input.fulfillment,
          feeFen: settings.shippingFeeFen ?? 0,
          freeOverFen: settings.freeShippingOverFen ?? null,
        },
      })
      return {
        ...price,
        lines: price.lines.map(({ key, ...l }) => ({ skuId: key, ...l })),
        rejected: [...unusable, ...price.rejected],
        pointsRules: rules,
      }
    },
  }
}

export type CouponsService = ReturnType<typeof createCouponsService>
