/**
 * The analytics vocabulary: what happened, to whom, through which share. Server events come from
 * the outbox (renamed into this vocabulary); storefront events (views, clicks, share actions) come
 * from the public ingestion endpoint. The pure metrics read nothing else.
 */
export const SERVER_EVENT_TYPES = [
  'share.created',
  'share.opened',
  'order.paid',
  'order.refunded',
  'group.opened',
  'group.joined',
  'group.succeeded',
  'group.failed',
  'group.drawn',
  'commission.frozen',
  'commission.settled',
  'commission.clawed_back',
  'draw.drawn',
  'bargain.started',
  'bargain.helped',
  'bargain.completed',
] as const

/** What the storefront may report: a page seen, a tap, a share sent (to one chat or friend). */
export const CLIENT_EVENT_TYPES = ['page.viewed', 'page.clicked', 'share.sent'] as const

export type ServerEventType = (typeof SERVER_EVENT_TYPES)[number]
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number]
export type EventType = ServerEventType | ClientEventType

/** One analytics event as the metrics see it; times are epoch milliseconds. */
export interface FissionEvent {
  type: EventType
  at: number
  /** The person: a shopper id, or `v:<device key>` for a visitor not signed in. */
  actor: string | null
  /** The share token the event came through, if any. */
  token?: string | null
  /** Who owns that token (denormalised so trees need no join). */
  sharer?: string | null
  /** The campaign: the share's campaign id, else `<targetKind>:<targetId>` (e.g. `product:<id>`). */
  campaign?: string | null
  /** Money of the event in fen: paid, refunded or commission. */
  amountFen?: number
  /** The entity it is about: order id, group id, draw id. */
  ref?: string | null
  /** For `share.opened`: this person's first open of this token. */
  firstVisit?: boolean
  /** For orders: where it came from (share, promoter, group, live, community, creator, direct). */
  source?: string | null
  /** For shares and orders: where it was shared (wechat_chat, moments, poster, …). */
  channel?: string | null
}

export const DAY_MS = 86_400_000

/** The campaign key of a share: its campaign id when it has one, else its target. */
export const campaignKey = (campaignId: string | null | undefined, targetKind: string, targetId: string) =>
  campaignId || `${targetKind}:${targetId}`
