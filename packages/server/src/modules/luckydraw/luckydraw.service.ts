import { randomInt } from 'node:crypto'
import { type Selectable, sql, type Transaction } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { type CampaignInput, campaignProblems } from './domain/campaign-rules.js'
import {
  type AwardEvent,
  awardMachine,
  type CampaignEvent,
  type CampaignStatus,
  campaignMachine,
} from './domain/campaign-state.js'
import { dayIn } from './domain/day.js'
import { BP_WHOLE, currentOdds, pickPrize } from './domain/odds.js'
import type { LuckyDrawTables } from './luckydraw.tables.js'

type TCtx = Ctx & { db: Transaction<DB> }
type CampaignRow = Selectable<LuckyDrawTables['draw_campaigns']>
type PrizeRow = Selectable<LuckyDrawTables['draw_prizes']>
type AwardRow = Selectable<LuckyDrawTables['draw_awards']>
export type GrantReason = 'share' | 'invite_visit' | 'invite_order'

/**
 * What this module needs of the sharing module (its contract): a share link for the draw page, and
 * who shared a token. Typed here so the draw works against the contract, not an implementation.
 */
export interface SharingContract {
  create(
    ctx: Ctx,
    input: { sharerId: string; targetKind: 'draw'; targetId: string; channel?: string; campaignId?: string },
  ): Promise<{ token: string; path: string }>
  find(
    ctx: Ctx,
    token: string,
  ): Promise<{ token: string; sharerId: string; targetKind: string; targetId: string } | undefined>
  registerTarget(kind: 'draw', check: (ctx: Ctx, id: string) => Promise<boolean>): void
}

const actorId = (ctx: Ctx) => ('id' in ctx.actor ? (ctx.actor.id ?? null) : null)

export function campaignView(c: CampaignRow) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    status: c.status,
    startsAt: c.starts_at,
    endsAt: c.ends_at,
    dailyChances: c.daily_chances,
    shareDailyCap: c.share_daily_cap,
    inviteVisitChances: c.invite_visit_chances,
    inviteOrderChances: c.invite_order_chances,
    inviteDailyCap: c.invite_daily_cap,
    noPrizeBp: c.no_prize_bp,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  }
}

export function prizeView(p: PrizeRow) {
  return {
    id: p.id,
    position: p.position,
    kind: p.kind,
    name: p.name,
    imageUrl: p.image_url,
    skuId: p.sku_id,
    amount: p.amount === null ? null : Number(p.amount),
    reference: p.reference,
    stock: p.stock,
    awarded: p.awarded,
    probabilityBp: p.probability_bp,
  }
}

export function awardView(a: AwardRow) {
  return {
    id: a.id,
    drawId: a.draw_id,
    campaignId: a.campaign_id,
    prizeId: a.prize_id,
    kind: a.kind,
    name: a.name,
    skuId: a.sku_id,
    amount: a.amount === null ? null : Number(a.amount),
    reference: a.reference,
    status: a.status,
    address: a.address,
    createdAt: a.created_at,
  }
}

/** The odds as shoppers see them, which are the odds the draw uses. */
function oddsView(prizes: PrizeRow[]) {
  const odds = currentOdds(
    prizes.map((p) => ({ id: p.id, probabilityBp: p.probability_bp, stock: p.stock, awarded: p.awarded })),
  )
  return {
    prizes: prizes.map((p, i) => ({
      id: p.id,
      position: p.position,
      kind: p.kind,
      name: p.name,
      imageUrl: p.image_url,
      amount: p.amount === null ? null : Number(p.amount),
      probabilityBp: odds.prizes[i].probabilityBp,
      inStock: odds.prizes[i].inStock,
    })),
    noPrizeBp: odds.noPrizeBp,
  }
}

/** Lucky draws: prize pools, daily chances, chances earned by sharing, odds that are the odds used. */
export function createLuckyDrawService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))
  const sharing = () => core.sharing as unknown as Partial<SharingContract>
  // A draw may be shared once it is published.
  sharing().registerTarget?.('draw', async (ctx, id) => {
    const c = await scoped(ctx)
      .selectFrom('draw_campaigns')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst()
    return !!c && c.status !== 'draft'
  })

  const loadCampaign = async (ctx: Ctx, id: string, lock = false) => {
    let q = scoped(ctx).selectFrom('draw_campaigns').selectAll().where('id', '=', id)
    if (lock) q = q.forUpdate()
    const c = await q.executeTakeFirst()
    if (!c) throw notFound('draw', 'id')
    return c
  }
  const loadPrizes = (ctx: Ctx, campaignId: string) =>
    scoped(ctx)
      .selectFrom('draw_prizes')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute()

  /** The one writer of a campaign's status: the machine decides, a history row records it. */
  async function moveCampaign(
    ctx: TCtx,
    c: CampaignRow,
    event: CampaignEvent | 'create',
    to?: CampaignStatus,
  ) {
    const next = event === 'create' ? to! : campaignMachine.next(c.status, event)
    const now = core.clock.now()
    if (event !== 'create')
      await scoped(ctx)
        .updateTable('draw_campaigns')
        .set({ status: next, updated_at: now })
        .where('id', '=', c.id)
        .execute()
    await scoped(ctx)
      .insertInto('draw_campaign_history', {
        campaign_id: c.id,
        from_status: event === 'create' ? null : c.status,
        to_status: next,
        event,
        actor_kind: ctx.actor.kind,
        actor_id: actorId(ctx),
        at: now,
      })
      .execute()
    return { ...c, status: next, updated_at: now }
  }

  /** The one writer of an award's status. */
  async function moveAward(
    ctx: TCtx,
    a: AwardRow,
    event: AwardEvent | 'win',
    set: { address?: string } = {},
  ): Promise<AwardRow> {
    const next = event === 'win' ? 'pending' : awardMachine.next(a.status, event)
    const now = core.clock.now()
    if (event !== 'win')
      await scoped(ctx)
        .updateTable('draw_awards')
        .set({ ...set, status: next, updated_at: now })
        .where('id', '=', a.id)
        .execute()
    await scoped(ctx)
      .insertInto('draw_award_history', {
        award_id: a.id,
        from_status: event === 'win' ? null : a.status,
        to_status: next,
        event,
        actor_kind: ctx.actor.kind,
        actor_id: actorId(ctx),
        at: now,
      })
      .execute()
    return { ...a, status: next, updated_at: now }
  }

  /** Checks the input, and that product prizes name SKUs of this shop; throws the first problem by field. */
  async function validate(ctx: Ctx, input: CampaignInput) {
    const problems = campaignProblems(input)
    if (problems.length) throw invalid(problems[0].field, problems[0].detail, problems[0].zh)
    for (const [i, p] of input.prizes.entries()) {
      if (p.kind !== 'product') continue
      const sku = await scoped(ctx)
        .selectFrom('skus')
        .select('id')
        .where('id', '=', p.skuId!)
        .executeTakeFirst()
      if (!sku) throw notFound('sku', `prizes.${i}.skuId`)
    }
  }

  const campaignColumns = (input: CampaignInput) => ({
    title: input.title.trim(),
    description: input.description?.trim() ?? '',
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    daily_chances: input.dailyChances,
    share_daily_cap: input.shareDailyCap,
    invite_visit_chances: input.inviteVisitChances,
    invite_order_chances: input.inviteOrderChances,
    invite_daily_cap: input.inviteDailyCap,
    no_prize_bp: input.noPrizeBp,
  })

  const prizeColumns = (p: CampaignInput['prizes'][number], position: number) => ({
    position,
    kind: p.kind,
    name: p.name.trim(),
    image_url: p.imageUrl ?? null,
    sku_id: p.kind === 'product' ? (p.skuId ?? null) : null,
    amount: p.kind === 'product' ? null : (p.amount ?? null),
    reference: p.reference?.trim() || null,
    stock: p.stock,
    probability_bp: p.probabilityBp,
  })

  /** The job that ends a campaign when its window closes; re-enqueued when the window moves. */
  const scheduleEnd = (ctx: TCtx, id: string, endsAt: Date) =>
    enqueue(ctx.db, core.clock, {
      kind: 'luckydraw.end',
      tenantId: ctx.tenantId,
      payload: { campaignId: id },
      runAt: endsAt,
      dedupeKey: `luckydraw.end:${id}:${endsAt.toISOString()}`,
    })

  /** Today's chances row for a shopper, made with the day's free chances the first time it is needed. */
  async function chancesRow(ctx: TCtx, c: CampaignRow, shopperId: string, day: string) {
    const made = await sql<{ granted: number }>`
      insert into draw_chances (tenant_id, campaign_id, shopper_id, day, granted)
      values (${ctx.tenantId}, ${c.id}, ${shopperId}, ${day}, ${c.daily_chances})
      on conflict (campaign_id, shopper_id, day) do nothing
      returning granted`.execute(ctx.db)
    if (made.rows.length && c.daily_chances > 0)
      await scoped(ctx)
        .insertInto('draw_chance_grants', {
          campaign_id: c.id,
          shopper_id: shopperId,
          day,
          reason: 'daily',
          amount: c.daily_chances,
          ref: `${shopperId}:${day}`,
          at: core.clock.now(),
        })
        .execute()
  }

  /** A campaign shoppers may draw in now, or the reason they may not. */
  function assertOpen(c: CampaignRow) {
    const now = core.clock.now()
    if (c.status === 'ended' || now >= new Date(c.ends_at)) throw new AppError('ended', {}, 'campaignId')
    if (now < new Date(c.starts_at)) throw new AppError('not_started', {}, 'campaignId')
    if (c.status !== 'active') throw new AppError('deal_not_active', {}, 'campaignId')
  }

  const isOpen = (c: CampaignRow) => {
    const now = core.clock.now()
    return c.status === 'active' && now >= new Date(c.starts_at) && now < new Date(c.ends_at)
  }

  /**
   * Grants extra chances for today, within the day's cap for their kind, once per `ref`. Runs under
   * the shopper's chances row lock, so parallel grants cannot pass the cap. Returns how many it gave.
   */
  async function grant(
    ctx: TCtx,
    c: CampaignRow,
    shopperId: string,
    reason: GrantReason,
    amount: number,
    ref: string,
  ): Promise<number> {
    const day = dayIn(core.clock.now())
    await chancesRow(ctx, c, shopperId, day)
    const row = await scoped(ctx)
      .selectFrom('draw_chances')
      .selectAll()
      .where('campaign_id', '=', c.id)
      .where('shopper_id', '=', shopperId)
      .where('day', '=', day)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const share = reason === 'share'
    const left = share ? c.share_daily_cap - row.share_earned : c.invite_daily_cap - row.invite_earned
    const n = Math.min(amount, left)
    if (n <= 0) return 0
    const inserted = await scoped(ctx)
      .insertInto('draw_chance_grants', {
        campaign_id: c.id,
        shopper_id: shopperId,
        day,
        reason,
        amount: n,
        ref,
        at: core.clock.now(),
      })
      .onConflict((oc) => oc.columns(['campaign_id', 'reason', 'ref']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return 0
    await scoped(ctx)
      .updateTable('draw_chances')
      .set((eb) => ({
        granted: eb('granted', '+', n),
        ...(share
          ? { share_earned: eb('share_earned', '+', n) }
          : { invite_earned: eb('invite_earned', '+', n) }),
      }))
      .where('campaign_id', '=', c.id)
      .where('shopper_id', '=', shopperId)
      .where('day', '=', day)
      .execute()
    await core.events.publish(ctx.db, ctx.tenantId, 'luckydraw.chance.earned', {
      campaignId: c.id,
      shopperId,
      reason,
      amount: n,
      day,
    })
    return n
  }

  async function chancesToday(ctx: Ctx, c: CampaignRow, shopperId: string) {
    const day = dayIn(core.clock.now())
    const row = await scoped(ctx)
      .selectFrom('draw_chances')
      .selectAll()
      .where('campaign_id', '=', c.id)
      .where('shopper_id', '=', shopperId)
      .where('day', '=', day)
      .executeTakeFirst()
    const granted = row?.granted ?? c.daily_chances
    const used = row?.used ?? 0
    return {
      day,
      granted,
      used,
      remaining: granted - used,
      shareEarned: row?.share_earned ?? 0,
      shareDailyCap: c.share_daily_cap,
      inviteEarned: row?.invite_earned ?? 0,
      inviteDailyCap: c.invite_daily_cap,
    }
  }

  async function figures(ctx: Ctx, campaignId: string) {
    const r = await scoped(ctx)
      .selectFrom('draws')
      .select((eb) => [
        eb.fn.countAll<number>().as('draws'),
        eb.fn.count<number>('prize_id').as('wins'),
        eb.fn.count<number>('shopper_id').distinct().as('drawers'),
      ])
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow()
    const winners = await scoped(ctx)
      .selectFrom('draw_awards')
      .select((eb) => eb.fn.count<number>('shopper_id').distinct().as('n'))
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow()
    return {
      draws: Number(r.draws),
      wins: Number(r.wins),
      drawers: Number(r.drawers),
      winners: Number(winners.n),
    }
  }

  /** A campaign with its pool (stock, awarded, configured and current odds) and its figures. */
  async function getCampaign(ctx: Ctx, id: string) {
    const c = await loadCampaign(ctx, id)
    const prizes = await loadPrizes(ctx, id)
    const odds = oddsView(prizes)
    return {
      ...campaignView(c),
      prizes: prizes.map((p, i) => ({
        ...prizeView(p),
        stockLeft: p.stock - p.awarded,
        currentProbabilityBp: odds.prizes[i].probabilityBp,
      })),
      currentNoPrizeBp: odds.noPrizeBp,
      figures: await figures(ctx, id),
    }
  }

  /** A friend's first visit to, or first paid order through, a shopper's draw share. */
  async function rewardInvite(
    ctx: Ctx,
    o: {
      campaignId: string
      sharerId: string
      friendId: string | null
      reason: 'invite_visit' | 'invite_order'
      ref: string
    },
  ) {
    if (o.friendId === o.sharerId) return 0
    return tx(ctx, async (t) => {
      const c = await scoped(t)
        .selectFrom('draw_campaigns')
        .selectAll()
        .where('id', '=', o.campaignId)
        .executeTakeFirst()
      if (!c || !isOpen(c)) return 0
      const amount = o.reason === 'invite_visit' ? c.invite_visit_chances : c.invite_order_chances
      if (amount <= 0) return 0
      return grant(t, c, o.sharerId, o.reason, amount, o.ref)
    })
  }

  const service = {
    // Console ----------------------------------------------------------------------------------
    async create(ctx: Ctx, input: CampaignInput) {
      await validate(ctx, input)
      return tx(ctx, async (t) => {
        const now = core.clock.now()
        const id = newId()
        await scoped(t)
          .insertInto('draw_campaigns', {
            id,
            ...campaignColumns(input),
            status: 'draft',
            created_at: now,
            updated_at: now,
          })
          .execute()
        await scoped(t)
          .insertInto(
            'draw_prizes',
            input.prizes.map((p, i) => ({ id: newId(), campaign_id: id, ...prizeColumns(p, i) })),
          )
          .execute()
        const c = await loadCampaign(t, id)
        await moveCampaign(t, c, 'create', 'draft')
        await audit(t, core.clock, 'luckydraw.campaign.create', 'draw', id, { title: c.title })
        return getCampaign(t, id)
      })
    },

    /**
     * Replaces the campaign's settings and prize pool. Prizes keep their ids; one already won
     * cannot go below what it awarded, nor leave the pool.
     */
    async update(ctx: Ctx, id: string, input: CampaignInput) {
      await validate(ctx, input)
      return tx(ctx, async (t) => {
        const c = await loadCampaign(t, id, true)
        if (c.status === 'ended') throw new AppError('ended', {}, 'id')
        const existing = new Map((await loadPrizes(t, id)).map((p) => [p.id, p]))
        const kept = new Set<string>()
        for (const [i, p] of input.prizes.entries()) {
          if (!p.id) continue
          const old = existing.get(p.id)
          if (!old) throw notFound('prize', `prizes.${i}.id`)
          if (p.stock < old.awarded)
            throw invalid(
              `prizes.${i}.stock`,
              `already ${old.awarded} won: stock cannot go below that`,
              `第 ${i + 1} 个奖品已抽中 ${old.awarded} 个，库存不能低于此数`,
            )
          kept.add(p.id)
        }
        const removed = [...existing.values()].filter((p) => !kept.has(p.id))
        const won = removed.find((p) => p.awarded > 0)
        if (won)
          throw invalid(
            'prizes',
            `"${won.name}" has been won and cannot be removed; set its stock instead`,
            `奖品「${won.name}」已有人抽中，不能删除；可把库存改为已抽中数`,
          )
        const now = core.clock.now()
        await scoped(t)
          .updateTable('draw_campaigns')
          .set({ ...campaignColumns(input), updated_at: now })
          .where('id', '=', id)
          .execute()
        if (removed.length)
          await scoped(t)
            .deleteFrom('draw_prizes')
            .where(
              'id',
              'in',
              removed.map((p) => p.id),
            )
            .execute()
        for (const [i, p] of input.prizes.entries()) {
          if (p.id)
            await scoped(t)
              .updateTable('draw_prizes')
              .set(prizeColumns(p, i))
              .where('id', '=', p.id)
              .execute()
          else
            await scoped(t)
              .insertInto('draw_prizes', { id: newId(), campaign_id: id, ...prizeColumns(p, i) })
              .execute()
        }
        if (c.status !== 'draft') await scheduleEnd(t, id, input.endsAt)
        await audit(t, core.clock, 'luckydraw.campaign.update', 'draw', id, {
          title: input.title,
          noPrizeBp: input.noPrizeBp,
          prizes: input.prizes.map((p) => ({ name: p.name, stock: p.stock, probabilityBp: p.probabilityBp })),
        })
        return getCampaign(t, id)
      })
    },

    /** Operator actions on the lifecycle: publish, pause, resume, end. */
    async act(ctx: Ctx, id: string, event: CampaignEvent) {
      return tx(ctx, async (t) => {
        const c = await loadCampaign(t, id, true)
        if (event === 'publish' && core.clock.now() >= new Date(c.ends_at))
          throw new AppError('ended', {}, 'endsAt')
        await moveCampaign(t, c, event)
        if (event === 'publish') await scheduleEnd(t, id, new Date(c.ends_at))
        await audit(t, core.clock, `luckydraw.campaign.${event}`, 'draw', id)
        return getCampaign(t, id)
      })
    },

    /** The window closed: an active or paused campaign ends (the job at `ends_at`). */
    async endIfDue(ctx: Ctx, id: string) {
      return tx(ctx, async (t) => {
        const c = await scoped(t)
          .selectFrom('draw_campaigns')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!c || (c.status !== 'active' && c.status !== 'paused')) return
        if (core.clock.now() < new Date(c.ends_at)) return
        await moveCampaign(t, c, 'end')
      })
    },

    async list(ctx: Ctx) {
      const rows = await scoped(ctx)
        .selectFrom('draw_campaigns')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(200)
        .execute()
      const counts = await scoped(ctx)
        .selectFrom('draws')
        .select((eb) => [
          'campaign_id',
          eb.fn.countAll<number>().as('draws'),
          eb.fn.count<number>('prize_id').as('wins'),
        ])
        .groupBy('campaign_id')
        .execute()
      const by = new Map(counts.map((r) => [r.campaign_id, r]))
      return rows.map((c) => ({
        ...campaignView(c),
        draws: Number(by.get(c.id)?.draws ?? 0),
        wins: Number(by.get(c.id)?.wins ?? 0),
      }))
    },

    get: getCampaign,

    /** Winners, newest first, flat and export-ready. */
    async winners(ctx: Ctx, campaignId: string, page: { limit: number; cursor?: string }) {
      await loadCampaign(ctx, campaignId)
      const cur = decodeCursor(page.cursor)
      let q = scoped(ctx)
        .selectFrom('draw_awards')
        .innerJoin('shoppers', 'shoppers.id', 'draw_awards.shopper_id')
        .selectAll('draw_awards')
        .select(['shoppers.phone', 'shoppers.nickname'])
        .where('draw_awards.campaign_id', '=', campaignId)
      if (cur)
        q = q.where((eb) =>
          eb.or([
            eb('draw_awards.created_at', '<', cur.at),
            eb.and([eb('draw_awards.created_at', '=', cur.at), eb('draw_awards.id', '>', cur.id)]),
          ]),
        )
      const rows = await q
        .orderBy('draw_awards.created_at', 'desc')
        .orderBy('draw_awards.id')
        .limit(page.limit + 1)
        .execute()
      const more = rows.length > page.limit
      const items = rows.slice(0, page.limit).map((r) => ({
        ...awardView(r),
        shopperId: r.shopper_id,
        shopperPhone: r.phone,
        shopperNickname: r.nickname,
      }))
      const last = rows[page.limit - 1]
      return { items, nextCursor: more ? encodeCursor(new Date(last.created_at), last.id) : null }
    },

    /** An operator ships a product prize, or marks an entitlement honoured by hand. */
    async fulfil(ctx: Ctx, awardId: string) {
      return tx(ctx, async (t) => {
        const a = await scoped(t)
          .selectFrom('draw_awards')
          .selectAll()
          .where('id', '=', awardId)
          .forUpdate()
          .executeTakeFirst()
        if (!a) throw notFound('prize', 'id')
        const moved = await moveAward(t, a, 'fulfil')
        await audit(t, core.clock, 'luckydraw.award.fulfil', 'prize', awardId, { kind: a.kind, name: a.name })
        return awardView(moved)
      })
    },

    // Storefront -------------------------------------------------------------------------------
    /** Campaigns open for drawing now, for the storefront's entry. */
    async openCampaigns(ctx: Ctx) {
      const now = core.clock.now()
      const rows = await scoped(ctx)
        .selectFrom('draw_campaigns')
        .selectAll()
        .where('status', '=', 'active')
        .where('starts_at', '<=', now)
        .where('ends_at', '>', now)
        .orderBy('ends_at')
        .limit(20)
        .execute()
      return rows.map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        startsAt: c.starts_at,
        endsAt: c.ends_at,
      }))
    },

    /** The draw page: the campaign, the odds in force (the odds used) and my chances today. */
    async page(ctx: Ctx, shopperId: string, id: string) {
      const c = await loadCampaign(ctx, id)
      if (c.status === 'draft') throw notFound('draw', 'id')
      const odds = oddsView(await loadPrizes(ctx, id))
      return {
        id: c.id,
        title: c.title,
        description: c.description,
        status: c.status,
        open: isOpen(c),
        startsAt: c.starts_at,
        endsAt: c.ends_at,
        odds,
        chances: await chancesToday(ctx, c, shopperId),
        inviteVisitChances: c.invite_visit_chances,
        inviteOrderChances: c.invite_order_chances,
      }
    },

    /**
     * One draw. In one transaction: take a chance (a conditional decrement: never below zero), pick
     * the outcome from the odds in force with a cryptographic roll, take the prize's stock
     * (conditional: never below zero; a prize gone meanwhile falls to no prize), record it.
     */
    async draw(ctx: Ctx, shopperId: string, id: string, random: (n: number) => number = randomInt) {
      return tx(ctx, async (t) => {
        const c = await loadCampaign(t, id)
        if (c.status === 'draft') throw notFound('draw', 'id')
        assertOpen(c)
        const now = core.clock.now()
        const day = dayIn(now)
        await chancesRow(t, c, shopperId, day)
        const took = await sql<{ granted: number; used: number }>`
          update draw_chances set used = used + 1
          where tenant_id = ${t.tenantId} and campaign_id = ${c.id} and shopper_id = ${shopperId} and day = ${day}
            and used < granted
          returning granted, used`.execute(t.db)
        const chance = took.rows[0]
        if (!chance) throw new AppError('no_chances_left', {}, 'campaignId')

        const prizes = await loadPrizes(t, id)
        const odds = currentOdds(
          prizes.map((p) => ({
            id: p.id,
            probabilityBp: p.probability_bp,
            stock: p.stock,
            awarded: p.awarded,
          })),
        )
        const roll = random(BP_WHOLE)
        let prizeId = pickPrize(odds, roll)
        if (prizeId) {
          const got = await sql`
            update draw_prizes set awarded = awarded + 1
            where tenant_id = ${t.tenantId} and id = ${prizeId} and awarded < stock
            returning id`.execute(t.db)
          // Its last unit went to a draw that committed first: the rule for a prize out of stock applies.
          if (!got.rows.length) prizeId = null
        }
        const drawId = newId()
        await scoped(t)
          .insertInto('draws', {
            id: drawId,
            campaign_id: id,
            shopper_id: shopperId,
            day,
            prize_id: prizeId,
            roll,
            at: now,
          })
          .execute()
        const prize = prizes.find((p) => p.id === prizeId)
        let award: AwardRow | undefined
        if (prize) {
          award = {
            id: newId(),
            tenant_id: t.tenantId,
            draw_id: drawId,
            campaign_id: id,
            prize_id: prize.id,
            shopper_id: shopperId,
            kind: prize.kind,
            name: prize.name,
            sku_id: prize.sku_id,
            amount: prize.amount,
            reference: prize.reference,
            status: 'pending',
            address: null,
            created_at: now,
            updated_at: now,
          }
          const { tenant_id: _, address: __, ...values } = award
          await scoped(t).insertInto('draw_awards', values).execute()
          await moveAward(t, award, 'win')
        }
        await core.events.publish(t.db, t.tenantId, 'luckydraw.draw.drawn', {
          drawId,
          campaignId: id,
          shopperId,
          prizeId: prizeId ?? null,
        })
        return {
          drawId,
          prizeId: prizeId ?? null,
          position: prize?.position ?? null,
          prize: prize ? oddsView([prize]).prizes[0] : null,
          awardId: award?.id ?? null,
          remaining: chance.granted - chance.used,
          at: now,
        }
      })
    },

    /** Shares the draw page (through the sharing module) and earns a chance, within today's cap. */
    async share(ctx: Ctx, shopperId: string, id: string, channel?: string) {
      const create = sharing().create
      if (!create) throw new AppError('conflict', { detail: 'sharing is not available' })
      const before = await loadCampaign(ctx, id)
      if (before.status === 'draft') throw notFound('draw', 'id')
      assertOpen(before)
      // The same sharer, target and channel always get the same token, so this may run before our transaction.
      const link = await create(ctx, { sharerId: shopperId, targetKind: 'draw', targetId: id, channel })
      return tx(ctx, async (t) => {
        const c = await loadCampaign(t, id)
        assertOpen(c)
        const day = dayIn(core.clock.now())
        await chancesRow(t, c, shopperId, day)
        const row = await scoped(t)
          .selectFrom('draw_chances')
          .select('share_earned')
          .where('campaign_id', '=', id)
          .where('shopper_id', '=', shopperId)
          .where('day', '=', day)
          .forUpdate()
          .executeTakeFirstOrThrow()
        const earned = await grant(t, c, shopperId, 'share', 1, `${shopperId}:${day}:${row.share_earned + 1}`)
        return { token: link.token, path: link.path, earned, chances: await chancesToday(t, c, shopperId) }
      })
    },

    rewardInvite,

    /** On a paid order: if it is the buyer's first and came through a draw share, reward the sharer. */
    async onOrderPaid(ctx: Ctx, orderId: string) {
      const order = await scoped(ctx)
        .selectFrom('orders')
        .select(['id', 'shopper_id'])
        .where('id', '=', orderId)
        .executeTakeFirst()
      if (!order) return
      const line = await scoped(ctx)
        .selectFrom('order_lines')
        .select('share_token')
        .where('order_id', '=', orderId)
        .where('share_token', 'is not', null)
        .executeTakeFirst()
      if (!line?.share_token) return
      const before = await scoped(ctx)
        .selectFrom('orders')
        .select('id')
        .where('shopper_id', '=', order.shopper_id)
        .where('paid_at', 'is not', null)
        .where('id', '<>', orderId)
        .executeTakeFirst()
      if (before) return
      const share = await sharing().find?.(ctx, line.share_token)
      if (share?.targetKind !== 'draw') return
      await rewardInvite(ctx, {
        campaignId: share.targetId,
        sharerId: share.sharerId,
        friendId: order.shopper_id,
        reason: 'invite_order',
        ref: `order:${orderId}`,
      })
    },

    async myPrizes(ctx: Ctx, shopperId: string) {
      const rows = await scoped(ctx)
        .selectFrom('draw_awards')
        .innerJoin('draw_campaigns', 'draw_campaigns.id', 'draw_awards.campaign_id')
        .selectAll('draw_awards')
        .select('draw_campaigns.title as campaign_title')
        .where('draw_awards.shopper_id', '=', shopperId)
        .orderBy('draw_awards.created_at', 'desc')
        .orderBy('draw_awards.id')
        .limit(100)
        .execute()
      return rows.map((r) => ({ ...awardView(r), campaignTitle: r.campaign_title }))
    },

    /** A shopper claims a product prize by giving the address to ship it to. */
    async claim(ctx: Ctx, shopperId: string, awardId: string, addressId: string) {
      const address = await core.identity.getAddress(ctx, shopperId, addressId)
      return tx(ctx, async (t) => {
        const a = await scoped(t)
          .selectFrom('draw_awards')
          .selectAll()
          .where('id', '=', awardId)
          .where('shopper_id', '=', shopperId)
          .forUpdate()
          .executeTakeFirst()
        if (!a) throw notFound('prize', 'id')
        if (a.kind !== 'product')
          throw invalid(
            'id',
            'only a product prize is claimed with an address',
            '只有实物奖品需要填写收货地址领取',
          )
        const snapshot = {
          name: address.name,
          phone: address.phone,
          region: address.region,
          detail: address.detail,
        }
        const moved = await moveAward(t, a, 'claim', { address: JSON.stringify(snapshot) })
        return awardView({ ...moved, address: snapshot })
      })
    },
  }
  return service
}

export type LuckyDrawService = ReturnType<typeof createLuckyDrawService>
