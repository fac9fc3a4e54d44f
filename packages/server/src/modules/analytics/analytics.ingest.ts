import type { Insertable } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { type Ctx, systemCtx } from '../../platform/context.js'
import type { Db } from '../../platform/db.js'
import type { DomainEvent } from '../../platform/events.js'
import { enqueue } from '../../platform/jobs.js'
import { scoped } from '../../platform/tenancy.js'
import { type ClientEventType, campaignKey, DAY_MS } from './domain/events.js'
import { ATTRIBUTION_DAYS } from './domain/metrics.js'

type Row = Omit<Insertable<DB['analytics_events']>, 'tenant_id' | 'received_at' | 'source_event'>

export const ROLLUP_JOB = 'analytics.rollup'

/** The outbox events analytics listens to (a flash-sale purchase is counted when its order is paid). */
export const OUTBOX_TYPES = [
  'sharing.share.created',
  'sharing.share.opened',
  'orders.order.paid',
  'orders.order.awaiting_group',
  'payments.refund.succeeded',
  'groupbuy.group.opened',
  'groupbuy.group.joined',
  'groupbuy.group.succeeded',
  'groupbuy.group.failed',
  'groupbuy.group.drawn',
  'distribution.commission.frozen',
  'distribution.commissions.settled',
  'distribution.commission.clawed_back',
  'luckydraw.draw.drawn',
  'bargain.bargain.started',
  'bargain.bargain.helped',
  'bargain.bargain.completed',
]

/** The order's attribution, as its lines recorded it at the moment of sale. */
const SOURCES = [
  ['share_token', 'share'],
  ['promoter_id', 'promoter'],
  ['group_id', 'group'],
  ['live_room_id', 'live'],
  ['community_leader_id', 'community'],
  ['creator_id', 'creator'],
] as const

/** Asks for a rollup at the start of the next minute (one job per minute, however many events). */
export async function kickRollup(db: Db, core: Core) {
  const now = core.clock.now().getTime()
  const bucket = Math.floor(now / 60_000)
  await enqueue(db, core.clock, {
    kind: ROLLUP_JOB,
    runAt: new Date((bucket + 1) * 60_000),
    dedupeKey: `${ROLLUP_JOB}:${bucket}`,
  })
}

async function shareOf(ctx: Pick<Ctx, 'db' | 'tenantId'>, token: string) {
  return scoped(ctx)
    .selectFrom('shares')
    .select(['token', 'sharer_id', 'campaign_id', 'target_kind', 'target_id', 'channel'])
    .where('token', '=', token)
    .executeTakeFirst()
}

/** An order as analytics records it: who paid how much, through which share, from which source. */
async function orderRow(ctx: Ctx, orderId: string, at: Date): Promise<Row | undefined> {
  const s = scoped(ctx)
  const o = await s
    .selectFrom('orders')
    .select(['id', 'shopper_id', 'paid_fen', 'total_fen', 'kind', 'kind_ref', 'paid_at'])
    .where('id', '=', orderId)
    .executeTakeFirst()
  if (!o) return undefined
  const lines = await s
    .selectFrom('order_lines')
    .select([
      'product_id',
      'share_token',
      'promoter_id',
      'group_id',
      'live_room_id',
      'community_leader_id',
      'creator_id',
      'campaign_id',
      'channel',
    ])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute()
  const line = lines.find((l) => l.share_token) ?? lines[0]
  let token = line?.share_token ?? null
  let via: 'order' | 'last_open' | null = token ? 'order' : null
  let sharer: string | null = null
  let campaign: string | null = line?.campaign_id ?? null
  let channel: string | null = line?.channel ?? null
  const paidAt = o.paid_at ? new Date(o.paid_at) : at
  if (token) {
    const share = await shareOf(ctx, token)
    if (share) {
      sharer = share.sharer_id
      campaign ??= campaignKey(share.campaign_id, share.target_kind, share.target_id)
      channel ??= share.channel || null
    }
  } else {
    // No share on the order: the last share the buyer opened within the attribution window.
    const open = await s
      .selectFrom('analytics_events')
      .select(['share_token', 'sharer_id', 'campaign', 'channel'])
      .where('shopper_id', '=', o.shopper_id)
      .where('type', '=', 'share.opened')
      .where('at', '<=', paidAt)
      .where('at', '>=', new Date(paidAt.getTime() - ATTRIBUTION_DAYS * DAY_MS))
      .where('sharer_id', '!=', o.shopper_id)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (open) {
      token = open.share_token
      sharer = open.sharer_id
      campaign ??= open.campaign
      channel ??= open.channel
      via = 'last_open'
    }
  }
  if (sharer === o.shopper_id) sharer = null
  const source = token
    ? 'share'
    : (SOURCES.find(([col]) => line?.[col])?.[1] ?? (o.kind === 'standard' ? 'direct' : o.kind))
  return {
    type: 'order.paid',
    at: paidAt,
    shopper_id: o.shopper_id,
    share_token: token,
    sharer_id: sharer,
    campaign,
    source,
    channel,
    ref: o.id,
    amount_fen: o.paid_fen || o.total_fen,
    props: JSON.stringify({
      kind: o.kind,
      kindRef: o.kind_ref,
      productIds: [...new Set(lines.map((l) => l.product_id))],
      via,
      promoterId: line?.promoter_id ?? null,
      groupId: line?.group_id ?? null,
    }),
  }
}

/** The analytics rows for one outbox event (none for one it does not count). */
export async function rowsFromOutbox(trx: Db, event: DomainEvent): Promise<Row[]> {
  const ctx = systemCtx(event.tenantId, trx)
  const p = event.payload
  const at = new Date(event.createdAt)
  const base = { at, props: JSON.stringify({}) }
  switch (event.type) {
    case 'sharing.share.created':
    case 'sharing.share.opened': {
      const share = await shareOf(ctx, p.token)
      const campaign = campaignKey(share?.campaign_id, p.targetKind, p.targetId)
      const created = event.type === 'sharing.share.created'
      return [
        {
          ...base,
          type: created ? 'share.created' : 'share.opened',
          shopper_id: created ? p.sharerId : (p.visitorId ?? null),
          share_token: p.token,
          sharer_id: p.sharerId,
          campaign,
          channel: (created ? p.channel : share?.channel) || null,
          first_visit: !!p.firstVisit,
          props: JSON.stringify({ targetKind: p.targetKind, targetId: p.targetId }),
        },
      ]
    }
    case 'orders.order.paid':
    case 'orders.order.awaiting_group': {
      // A group order is paid when it enters its group; its later move to `paid` is not a second sale.
      if (event.type === 'orders.order.paid' && p.event === 'group_succeed') return []
      const row = await orderRow(ctx, p.orderId, at)
      return row ? [row] : []
    }
    case 'payments.refund.succeeded': {
      const o = await scoped(ctx)
        .selectFrom('orders')
        .select('shopper_id')
        .where('id', '=', p.orderId)
        .executeTakeFirst()
      return [
        {
          ...base,
          type: 'order.refunded',
          shopper_id: o?.shopper_id ?? null,
          ref: p.orderId,
          amount_fen: p.amountFen,
          props: JSON.stringify({ refundId: p.refundId }),
        },
      ]
    }
    case 'groupbuy.group.opened':
    case 'groupbuy.group.joined':
    case 'groupbuy.group.succeeded':
    case 'groupbuy.group.failed':
    case 'groupbuy.group.drawn':
      return [
        {
          ...base,
          type: `group.${event.type.split('.')[2]}`,
          shopper_id: p.shopperId ?? p.openerId ?? null,
          campaign: p.dealId ? `deal:${p.dealId}` : null,
          ref: p.groupId,
          props: JSON.stringify({ dealId: p.dealId, orderId: p.orderId ?? null, event: p.event ?? null }),
        },
      ]
    case 'distribution.commission.frozen': {
      const ids: string[] = p.commissionIds ?? []
      const sum = ids.length
        ? await scoped(ctx)
            .selectFrom('commissions')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('fen'))
            .where('id', 'in', ids)
            .executeTakeFirst()
        : undefined
      return [
        {
          ...base,
          type: 'commission.frozen',
          ref: p.orderId,
          amount_fen: Number(sum?.fen ?? 0),
          props: JSON.stringify({ commissions: ids.length }),
        },
      ]
    }
    case 'distribution.commissions.settled':
      return [
        {
          ...base,
          type: 'commission.settled',
          ref: p.orderId ?? null,
          props: JSON.stringify({ count: p.count }),
        },
      ]
    case 'distribution.commission.clawed_back':
      return [
        {
          ...base,
          type: 'commission.clawed_back',
          ref: p.orderId,
          props: JSON.stringify({ afterSalesId: p.afterSalesId }),
        },
      ]
    case 'luckydraw.draw.drawn':
      return [
        {
          ...base,
          type: 'draw.drawn',
          shopper_id: p.shopperId,
          campaign: `draw:${p.campaignId}`,
          ref: p.drawId,
          props: JSON.stringify({ prizeId: p.prizeId ?? null }),
        },
      ]
    case 'bargain.bargain.started':
    case 'bargain.bargain.helped':
    case 'bargain.bargain.completed':
      return [
        {
          ...base,
          type: `bargain.${event.type.split('.')[2]}`,
          shopper_id: event.type === 'bargain.bargain.helped' ? (p.helperId ?? null) : p.shopperId,
          campaign: p.offerId ? `bargain:${p.offerId}` : null,
          ref: p.bargainId,
          props: JSON.stringify({ orderId: p.orderId ?? null, newCustomer: p.newCustomer ?? null }),
        },
      ]
    default:
      return []
  }
}

/** Stores rows once each (by their source event), then asks for a rollup; returns how many were new. */
export async function storeRows(
  core: Core,
  db: Db,
  tenantId: string,
  rows: (Row & { source_event: string })[],
) {
  if (!rows.length) return 0
  const now = core.clock.now()
  const inserted = await scoped({ db, tenantId })
    .insertInto(
      'analytics_events',
      rows.map((r) => ({ ...r, received_at: now })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'source_event']).doNothing())
    .returning('id')
    .execute()
  if (inserted.length) await kickRollup(db, core)
  return inserted.length
}

/** One event from the storefront, as the ingestion endpoint takes it. */
export interface ClientEvent {
  /** The storefront's own id for the event: a retry with the same id is stored once. */
  id: string
  type: ClientEventType
  at?: string
  path?: string
  productId?: string
  targetKind?: string
  targetId?: string
  shareToken?: string
  element?: string
  channel?: string
}

/** How far a client clock may be off before the server's time is used instead. */
const CLIENT_PAST_MS = DAY_MS
const CLIENT_FUTURE_MS = 5 * 60_000

/**
 * Stores the storefront's batch of views, clicks and share actions for one person (a signed-in
 * shopper, or a device key). A share action counts only for its token's sharer; unknown tokens are
 * ignored. Returns how many were stored, were already stored, or were ignored.
 */
export async function ingestClient(
  core: Core,
  ctx: Ctx,
  person: { shopperId?: string; visitorKey?: string },
  events: ClientEvent[],
) {
  const now = core.clock.now().getTime()
  const tokens = [...new Set(events.map((e) => e.shareToken).filter((t): t is string => !!t))]
  const shares = new Map(
    tokens.length
      ? (
          await scoped(ctx)
            .selectFrom('shares')
            .select(['token', 'sharer_id', 'campaign_id', 'target_kind', 'target_id', 'channel'])
            .where('token', 'in', tokens)
            .execute()
        ).map((s) => [s.token, s])
      : [],
  )
  const who = person.shopperId ?? `v:${person.visitorKey}`
  let ignored = 0
  const rows: (Row & { source_event: string })[] = []
  const seen = new Set<string>()
  for (const e of events) {
    const share = e.shareToken ? shares.get(e.shareToken) : undefined
    if (e.shareToken && !share) {
      ignored++
      continue
    }
    if (e.type === 'share.sent' && (!share || share.sharer_id !== person.shopperId)) {
      ignored++
      continue
    }
    if (seen.has(e.id)) continue
    seen.add(e.id)
    const clientAt = e.at ? Date.parse(e.at) : Number.NaN
    const at = clientAt >= now - CLIENT_PAST_MS && clientAt <= now + CLIENT_FUTURE_MS ? clientAt : now
    const campaign = share
      ? campaignKey(share.campaign_id, share.target_kind, share.target_id)
      : e.productId
        ? `product:${e.productId}`
        : e.targetKind && e.targetId
          ? `${e.targetKind}:${e.targetId}`
          : null
    rows.push({
      type: e.type,
      at: new Date(at),
      shopper_id: person.shopperId ?? null,
      visitor_key: person.shopperId ? null : (person.visitorKey ?? null),
      share_token: share?.token ?? null,
      sharer_id: share?.sharer_id ?? null,
      campaign,
      channel: e.channel ?? (share?.channel || null),
      ref: e.productId ?? e.targetId ?? null,
      props: JSON.stringify({ path: e.path ?? null, element: e.element ?? null }),
      source_event: `client:${who}:${e.id}`,
    })
  }
  const accepted = await storeRows(core, ctx.db, ctx.tenantId, rows)
  return { accepted, duplicates: events.length - ignored - accepted, ignored }
}
