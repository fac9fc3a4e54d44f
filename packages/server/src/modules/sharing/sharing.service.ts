import { randomBytes } from 'node:crypto'
import type { Core } from '../../core.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { notFound } from '../../platform/errors.js'
import { scoped } from '../../platform/tenancy.js'
import type { ShareTargetKind } from './sharing.tables.js'

export interface ShareInput {
  sharerId: string
  targetKind: ShareTargetKind
  targetId: string
  /** Where it was shared: 'wechat_chat', 'moments', 'poster', 'link', … */
  channel?: string
  campaignId?: string
}

/** Whether a target of this kind exists in the tenant; each deal module registers its own. */
export type TargetCheck = (ctx: Ctx, id: string) => Promise<boolean>

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
/** Ten characters of a 58-letter alphabet (no 0/O, 1/l/I look-alikes): short enough for a link, 58 bits of guessing. */
export function shareToken(): string {
  const bytes = randomBytes(10)
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
}

/**
 * Share tokens. Every share of a product, deal, group, slot, bargain or draw gets a token, so the
 * visit, join and order it brings carry who shared what, where; opening it records a click.
 */
export function createSharingService(core: Core) {
  const targets = new Map<string, TargetCheck>([
    [
      'product',
      async (ctx, id) =>
        !!(await scoped(ctx)
          .selectFrom('products')
          .select('id')
          .where('id', '=', id)
          .where('status', '=', 'published')
          .executeTakeFirst()),
    ],
    ['page', async () => true],
  ])

  const view = (s: {
    token: string
    sharer_id: string
    target_kind: ShareTargetKind
    target_id: string
  }) => ({
    token: s.token,
    path: `/s/${s.token}`,
    sharerId: s.sharer_id,
    targetKind: s.target_kind,
    targetId: s.target_id,
  })

  return {
    registerTarget(kind: ShareTargetKind, check: TargetCheck) {
      targets.set(kind, check)
    },

    /** The sharer's token for this target and channel, made once. */
    async create(ctx: Ctx, input: ShareInput) {
      const check = targets.get(input.targetKind)
      const isUuid = /^[0-9a-f-]{36}$/i.test(input.targetId) || input.targetKind === 'page'
      if (!check || !isUuid || !(await check(ctx, input.targetId))) throw notFound('share', 'targetId')
      const channel = input.channel ?? ''
      return inTransaction(ctx.db, async (trx) => {
        const s = scoped({ ...ctx, db: trx })
        const existing = await s
          .selectFrom('shares')
          .selectAll()
          .where('sharer_id', '=', input.sharerId)
          .where('target_kind', '=', input.targetKind)
          .where('target_id', '=', input.targetId)
          .where('channel', '=', channel)
          .executeTakeFirst()
        if (existing) return view(existing)
        const row = {
          token: shareToken(),
          sharer_id: input.sharerId,
          target_kind: input.targetKind,
          target_id: input.targetId,
          channel,
          campaign_id: input.campaignId ?? null,
          created_at: core.clock.now(),
        }
        const inserted = await s
          .insertInto('shares', row)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'sharer_id', 'target_kind', 'target_id', 'channel']).doNothing(),
          )
          .returningAll()
          .executeTakeFirst()
        // Lost a race with the same sharer's other request: theirs is the token.
        if (!inserted) {
          const again = await s
            .selectFrom('shares')
            .selectAll()
            .where('sharer_id', '=', input.sharerId)
            .where('target_kind', '=', input.targetKind)
            .where('target_id', '=', input.targetId)
            .where('channel', '=', channel)
            .executeTakeFirstOrThrow()
          return view(again)
        }
        await core.events.publish(trx, ctx.tenantId, 'sharing.share.created', {
          token: row.token,
          sharerId: row.sharer_id,
          targetKind: row.target_kind,
          targetId: row.target_id,
          channel,
        })
        return view(inserted)
      })
    },

    async find(ctx: Pick<Ctx, 'db' | 'tenantId'>, token: string) {
      const s = await scoped(ctx)
        .selectFrom('shares')
        .selectAll()
        .where('token', '=', token)
        .executeTakeFirst()
      return s ? view(s) : undefined
    },

    /**
     * Someone opened a share. `firstVisit` is their first open of this token (by shopper, or by the
     * device key of a visitor not signed in); the sharer opening their own link is not a visit.
     */
    async open(ctx: Ctx, token: string, visitor: { shopperId?: string; visitorKey?: string }) {
      return inTransaction(ctx.db, async (trx) => {
        const s = scoped({ ...ctx, db: trx })
        const share = await s.selectFrom('shares').selectAll().where('token', '=', token).executeTakeFirst()
        if (!share) throw notFound('share', 'token')
        const self = visitor.shopperId === share.sharer_id
        let first = false
        if (!self && (visitor.shopperId || visitor.visitorKey)) {
          let seen = s.selectFrom('share_opens').select('id').where('token', '=', token)
          seen = visitor.shopperId
            ? seen.where('visitor_id', '=', visitor.shopperId)
            : seen.where('visitor_key', '=', visitor.visitorKey!)
          first = !(await seen.limit(1).executeTakeFirst())
        }
        if (!self) {
          await s
            .insertInto('share_opens', {
              token,
              visitor_id: visitor.shopperId ?? null,
              visitor_key: visitor.visitorKey ?? null,
              first_visit: first,
              at: core.clock.now(),
            })
            .execute()
          await s
            .updateTable('shares')
            .set((eb) => ({ opens: eb('opens', '+', 1) }))
            .where('token', '=', token)
            .execute()
          await core.events.publish(trx, ctx.tenantId, 'sharing.share.opened', {
            token,
            sharerId: share.sharer_id,
            targetKind: share.target_kind,
            targetId: share.target_id,
            visitorId: visitor.shopperId ?? null,
            firstVisit: first,
          })
        }
        return { ...view(share), firstVisit: first }
      })
    },
  }
}

export type SharingService = ReturnType<typeof createSharingService>
