import { type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import { actorColumns, type Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { createCampaignsService } from './campaigns.service.js'
import type { CommunityTables } from './community.tables.js'
import {
  applicationProblems,
  type LeaderApplication,
  type PickupPointInput,
  pickupPointProblems,
} from './domain/application.js'
import { bandsOf, boundingBox, geodesicMetres, type LatLng, rankNearest, searchRadii } from './domain/geo.js'
import type { Problem } from './domain/hours.js'
import { isOpenAt } from './domain/hours.js'
import { type LeaderEvent, type LeaderStatus, leaderMachine } from './domain/leader-state.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>
type LeaderRow = Selectable<CommunityTables['community_leaders']>
type PointRow = Selectable<CommunityTables['pickup_points']>

/** A lookup's radius when none is asked for, and the largest one allowed. */
export const DEFAULT_RADIUS_KM = 10
export const MAX_RADIUS_KM = 200
export const MAX_NEAREST = 50

const conflict = (field: string, en: string, zh: string) =>
  new AppError('conflict', { detail: en, detail_zh: zh }, field)
const refuse = (problems: Problem[]) => {
  if (problems.length) throw invalid(problems[0].field, problems[0].en, problems[0].zh)
}
const tidy = (s: string | null | undefined) => s?.trim() ?? ''

export function leaderView(l: LeaderRow, pickupPointId: string | null = null) {
  return {
    id: l.id,
    shopperId: l.shopper_id,
    name: l.name,
    phone: l.phone,
    communityName: l.community_name,
    address: l.address,
    lat: l.lat,
    lng: l.lng,
    hours: l.hours,
    hoursNote: l.hours_note,
    photoUrl: l.photo_url,
    status: l.status,
    reason: l.reason,
    appliedAt: l.applied_at,
    reviewedAt: l.reviewed_at,
    createdAt: l.created_at,
    updatedAt: l.updated_at,
    pickupPointId,
  }
}

/**
 * Community buying, first part: people apply to be community leaders, operators review, pause
 * and resume them; each active leader's pickup point is found by shoppers nearest first, and a
 * shopper's chosen point is remembered.
 */
export function createCommunityService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))

  const pointView = (p: PointRow, leaderName: string, metres?: number) => ({
    id: p.id,
    leaderId: p.leader_id,
    leaderName,
    name: p.name,
    address: p.address,
    lat: p.lat,
    lng: p.lng,
    hours: p.hours,
    hoursNote: p.hours_note,
    photoUrl: p.photo_url,
    active: p.active,
    openNow: isOpenAt(p.hours, core.clock.now()),
    distanceM: metres === undefined ? null : Math.round(metres),
  })

  /** Pickup points by id with their leader's name, in the order of `ids`. */
  async function pointsById(ctx: Reader, ids: string[]) {
    if (!ids.length) return []
    const rows = await scoped(ctx)
      .selectFrom('pickup_points')
      .innerJoin('community_leaders', 'community_leaders.id', 'pickup_points.leader_id')
      .selectAll('pickup_points')
      .select('community_leaders.name as leader_name')
      .where('pickup_points.id', 'in', ids)
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
  }

  async function lockLeader(t: TCtx, id: string) {
    const l = await scoped(t)
      .selectFrom('community_leaders')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!l) throw notFound('community_leader', 'id')
    return l
  }

  const lockByShopper = (t: TCtx, shopperId: string) =>
    scoped(t)
      .selectFrom('community_leaders')
      .selectAll()
      .where('shopper_id', '=', shopperId)
      .forUpdate()
      .executeTakeFirst()

  const pointOf = (ctx: Reader, leaderId: string) =>
    scoped(ctx).selectFrom('pickup_points').selectAll().where('leader_id', '=', leaderId).executeTakeFirst()

  /** A history row and the outbox event `community.leader.<state>`, in the caller's transaction. */
  async function record(
    t: TCtx,
    l: LeaderRow,
    from: LeaderStatus | null,
    to: LeaderStatus,
    event: LeaderEvent | 'apply',
    reason: string | null,
  ) {
    await scoped(t)
      .insertInto('community_leader_history', {
        leader_id: l.id,
        from_status: from,
        to_status: to,
        event,
        reason,
        ...actorColumns(t.actor),
        at: core.clock.now(),
      })
      .execute()
    await core.events.publish(t.db, t.tenantId, `community.leader.${to}`, {
      leaderId: l.id,
      shopperId: l.shopper_id,
      from,
      to,
      event,
      ...(reason ? { reason } : {}),
    })
  }

  /** The one writer of a leader's status: the machine decides, a history row and an event record it. */
  async function move(
    t: TCtx,
    l: LeaderRow,
    event: LeaderEvent,
    opts: { reason?: string | null; set?: Partial<Record<keyof LeaderRow, unknown>> } = {},
  ): Promise<LeaderRow> {
    const to = leaderMachine.next(l.status, event)
    const now = core.clock.now()
    const set = { ...(opts.set ?? {}), status: to, reason: opts.reason ?? null, updated_at: now }
    const row = await scoped(t)
      .updateTable('community_leaders')
      .set(set as never)
      .where('id', '=', l.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await record(t, l, l.status, to, event, opts.reason ?? null)
    return row as LeaderRow
  }

  const applicationColumns = (a: LeaderApplication) => ({
    name: a.name.trim(),
    phone: a.phone,
    community_name: a.communityName.trim(),
    address: a.address.trim(),
    lat: a.lat,
    lng: a.lng,
    hours: JSON.stringify(a.hours),
    hours_note: tidy(a.hoursNote),
    photo_url: a.photoUrl || null,
  })

  /** Opens (or reopens) the leader's pickup point; on first approval it is made from the application. */
  async function openPoint(t: TCtx, l: LeaderRow) {
    const now = core.clock.now()
    await scoped(t)
      .insertInto('pickup_points', {
        id: newId(),
        leader_id: l.id,
        name: l.community_name,
        address: l.address,
        lat: l.lat,
        lng: l.lng,
        hours: JSON.stringify(l.hours),
        hours_note: l.hours_note,
        photo_url: l.photo_url,
        active: true,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('leader_id').doUpdateSet({ active: true, updated_at: now }))
      .execute()
  }

  const setPointActive = (t: TCtx, leaderId: string, active: boolean) =>
    scoped(t)
      .updateTable('pickup_points')
      .set({ active, updated_at: core.clock.now() })
      .where('leader_id', '=', leaderId)
      .execute()

  async function history(ctx: Reader, leaderId: string) {
    const rows = await scoped(ctx)
      .selectFrom('community_leader_history')
      .selectAll()
      .where('leader_id', '=', leaderId)
      .orderBy('id')
      .execute()
    return rows.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      event: h.event,
      reason: h.reason,
      actorKind: h.actor_kind,
      at: h.at,
    }))
  }

  /** A leader with their history and pickup point (console and the leader's own page). */
  async function detail(ctx: Reader, l: LeaderRow) {
    const point = await pointOf(ctx, l.id)
    return {
      leader: leaderView(l, point?.id ?? null),
      history: await history(ctx, l.id),
      pickupPoint: point ? pointView(point, l.name) : null,
    }
  }

  return {
    /** Pre-order campaigns, their orders, lists, pickups and leader commissions. */
    campaigns: createCampaignsService(core),

    // Leaders: the applicant -------------------------------------------------------------
    /**
     * A shopper applies to be a community leader, or corrects an application still waiting, or
     * applies again after a rejection. An active or paused leader cannot apply again.
     */
    async apply(ctx: Ctx, shopperId: string, input: LeaderApplication) {
      refuse(applicationProblems(input))
      return tx(ctx, async (t) => {
        const now = core.clock.now()
        let l = await lockByShopper(t, shopperId)
        if (!l) {
          const inserted = await scoped(t)
            .insertInto('community_leaders', {
              id: newId(),
              shopper_id: shopperId,
              ...applicationColumns(input),
              status: 'applied',
              reason: null,
              applied_at: now,
              reviewed_at: null,
              reviewed_by: null,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'shopper_id']).doNothing())
            .returningAll()
            .executeTakeFirst()
          if (inserted) {
            await record(t, inserted as LeaderRow, null, 'applied', 'apply', null)
            return detail(t, inserted as LeaderRow)
          }
          // Applied twice at once: the other application stands, and this one corrects it.
          l = (await lockByShopper(t, shopperId))!
        }
        if (l.status === 'active' || l.status === 'paused')
          throw conflict('status', 'you are already a community leader', '你已经是团长了')
        const set = { ...applicationColumns(input), applied_at: now }
        if (l.status === 'rejected') return detail(t, await move(t, l, 'reapply', { set }))
        const row = await scoped(t)
          .updateTable('community_leaders')
          .set({ ...set, updated_at: now })
          .where('id', '=', l.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        return detail(t, row as LeaderRow)
      })
    },

    /** The shopper's own application or leadership, with its history and pickup point. */
    async mine(ctx: Reader, shopperId: string) {
      const l = await scoped(ctx)
        .selectFrom('community_leaders')
        .selectAll()
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!l) return { leader: null, history: [], pickupPoint: null }
      return detail(ctx, l)
    },

    // Leaders: the operator ----------------------------------------------------------------
    /** Leaders newest first, optionally by status or matching a name, phone or community. */
    async list(ctx: Reader, q: { status?: LeaderStatus; q?: string; limit: number; cursor?: string }) {
      const cur = decodeCursor(q.cursor)
      let query = scoped(ctx)
        .selectFrom('community_leaders')
        .leftJoin('pickup_points', 'pickup_points.leader_id', 'community_leaders.id')
        .selectAll('community_leaders')
        .select('pickup_points.id as pickup_point_id')
        .orderBy('community_leaders.created_at', 'desc')
        .orderBy('community_leaders.id', 'desc')
        .limit(q.limit + 1)
      if (q.status) query = query.where('community_leaders.status', '=', q.status)
      const term = q.q?.trim()
      if (term) {
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        query = query.where((eb) =>
          eb.or([
            eb('community_leaders.name', 'ilike', like),
            eb('community_leaders.phone', 'like', like),
            eb('community_leaders.community_name', 'ilike', like),
          ]),
        )
      }
      if (cur)
        query = query.where((eb) =>
          eb.or([
            eb('community_leaders.created_at', '<', cur.at),
            eb.and([
              eb('community_leaders.created_at', '=', cur.at),
              eb('community_leaders.id', '<', cur.id),
            ]),
          ]),
        )
      const rows = await query.execute()
      const more = rows.length > q.limit
      const page = rows.slice(0, q.limit)
      const last = page[page.length - 1]
      return {
        items: page.map((r) => leaderView(r as LeaderRow, r.pickup_point_id)),
        nextCursor: more && last ? encodeCursor(new Date(last.created_at), last.id) : null,
      }
    },

    async get(ctx: Reader, id: string) {
      const l = await scoped(ctx)
        .selectFrom('community_leaders')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      if (!l) throw notFound('community_leader', 'id')
      return detail(ctx, l)
    },

    /**
     * An operator approves (the pickup point opens, made from the application the first time),
     * rejects with a reason, pauses (the point is hidden) or resumes a leader; audited.
     */
    async review(
      ctx: Ctx,
      id: string,
      action: LeaderEvent & ('approve' | 'reject' | 'pause' | 'resume'),
      reason?: string,
    ) {
      const why = reason?.trim() || null
      if (action === 'reject' && !why)
        throw invalid('reason', 'a reason for the applicant', '请填写驳回原因，申请人会看到')
      return tx(ctx, async (t) => {
        const l = await lockLeader(t, id)
        const reviewed =
          action === 'approve' || action === 'reject'
            ? { reviewed_at: core.clock.now(), reviewed_by: 'id' in t.actor ? (t.actor.id ?? null) : null }
            : {}
        const moved = await move(t, l, action, { reason: why, set: reviewed })
        if (action === 'approve' || action === 'resume') await openPoint(t, moved)
        if (action === 'pause') await setPointActive(t, l.id, false)
        await audit(t, core.clock, `community.leader.${action}`, 'community_leader', id, {
          from: l.status,
          to: moved.status,
          ...(why ? { reason: why } : {}),
        })
        return detail(t, moved)
      })
    },

    /** An operator corrects a leader's pickup point: name, address, location, hours, photo; audited. */
    async updatePickupPoint(ctx: Ctx, leaderId: string, input: PickupPointInput) {
      refuse(pickupPointProblems(input))
      return tx(ctx, async (t) => {
        const l = await lockLeader(t, leaderId)
        const before = await pointOf(t, leaderId)
        if (!before) throw notFound('pickup_point', 'id')
        const values = {
          name: input.name.trim(),
          address: input.address.trim(),
          lat: input.lat,
          lng: input.lng,
          hours: JSON.stringify(input.hours),
          hours_note: tidy(input.hoursNote),
          photo_url: input.photoUrl || null,
          updated_at: core.clock.now(),
        }
        const p = await scoped(t)
          .updateTable('pickup_points')
          .set(values)
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        await audit(t, core.clock, 'community.pickup_point.update', 'pickup_point', p.id, {
          before: {
            name: before.name,
            address: before.address,
            lat: before.lat,
            lng: before.lng,
            hours: before.hours,
            hoursNote: before.hours_note,
            photoUrl: before.photo_url,
          },
        })
        await core.events.publish(t.db, t.tenantId, 'community.pickup_point.updated', {
          pickupPointId: p.id,
          leaderId,
        })
        return pointView(p as PointRow, l.name)
      })
    },

    // Pickup points: shoppers ---------------------------------------------------------------
    /**
     * The open pickup points nearest to `origin`, within `radiusKm`, nearest first, with the
     * geodesic distance in metres. Reads growing boxes of the (band, longitude) index, measures
     * every candidate exactly and stops once `limit` lie within the box's radius (see
     * docs/community.md).
     */
    async nearest(ctx: Reader, origin: LatLng, opts: { limit?: number; radiusKm?: number } = {}) {
      const limit = Math.min(opts.limit ?? 10, MAX_NEAREST)
      const radius = Math.min(opts.radiusKm ?? DEFAULT_RADIUS_KM, MAX_RADIUS_KM) * 1000
      let ranked: { item: { id: string }; metres: number }[] = []
      let candidates = 0
      let rounds = 0
      for (const r of searchRadii(radius)) {
        const box = boundingBox(origin, r)
        // Answered from the index alone (it includes lat and id): no table page is read per candidate.
        const rows = await scoped(ctx)
          .selectFrom('pickup_points')
          .select(['id', 'lat', 'lng'])
          .where(sql<boolean>`active`)
          .where('lat_band', 'in', bandsOf(box))
          .where('lng', '>=', box.minLng)
          .where('lng', '<=', box.maxLng)
          .where('lat', '>=', box.minLat)
          .where('lat', '<=', box.maxLat)
          .execute()
        rounds++
        candidates += rows.length
        ranked = rankNearest(origin, rows, r, limit)
        if (ranked.length >= limit) break
      }
      const metres = new Map(ranked.map((r) => [r.item.id, r.metres]))
      const rows = await pointsById(ctx, [...metres.keys()])
      return {
        items: rows.map((p) => pointView(p as PointRow, p.leader_name, metres.get(p.id))),
        origin,
        radiusKm: radius / 1000,
        searched: { rounds, candidates },
      }
    },

    /** One open pickup point, with its distance from `from` when given. */
    async pickupPoint(ctx: Reader, id: string, from?: LatLng) {
      const [p] = await pointsById(ctx, [id])
      if (!p?.active) throw notFound('pickup_point', 'id')
      return pointView(p as PointRow, p.leader_name, from ? geodesicMetres(from, p) : undefined)
    },

    /** The shopper chooses the pickup point their orders go to; remembered until they choose another. */
    async choose(ctx: Ctx, shopperId: string, pickupPointId: string) {
      return tx(ctx, async (t) => {
        const p = await scoped(t)
          .selectFrom('pickup_points')
          .select(['id', 'active'])
          .where('id', '=', pickupPointId)
          .forShare()
          .executeTakeFirst()
        if (!p?.active) throw notFound('pickup_point', 'pickupPointId')
        const now = core.clock.now()
        await scoped(t)
          .insertInto('shopper_pickup_points', {
            shopper_id: shopperId,
            pickup_point_id: p.id,
            chosen_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'shopper_id']).doUpdateSet({ pickup_point_id: p.id, chosen_at: now }),
          )
          .execute()
        const [row] = await pointsById(t, [p.id])
        return { pickupPoint: pointView(row as PointRow, row.leader_name), chosenAt: now }
      })
    },

    /**
     * The shopper's chosen pickup point, or null. A point whose leader has since been paused comes
     * back with `active: false`, so the storefront can ask for another.
     */
    async chosen(ctx: Reader, shopperId: string, from?: LatLng) {
      const c = await scoped(ctx)
        .selectFrom('shopper_pickup_points')
        .selectAll()
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!c) return { pickupPoint: null, chosenAt: null }
      const [p] = await pointsById(ctx, [c.pickup_point_id])
      return {
        pickupPoint: pointView(p as PointRow, p.leader_name, from ? geodesicMetres(from, p) : undefined),
        chosenAt: c.chosen_at,
      }
    },
  }
}

export type CommunityService = ReturnType<typeof createCommunityService>
