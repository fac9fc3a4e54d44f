import { BP_WHOLE, type DealConfig } from './deal.js'
import { type GroupStatus, isJoinable } from './group-state.js'

/** What the join rules need to know about a group, read under its row lock. */
export interface GroupSnapshot {
  status: GroupStatus
  openerId: string
  /** Shoppers holding a paid or a held seat, the opener included. */
  memberIds: readonly string[]
  paidSeats: number
  heldSeats: number
  /** N: for a ladder group, the most it may grow to. */
  groupSize: number
  expiresAt: Date
}

export interface ShopperSnapshot {
  shopperId: string
  /** Whether the shopper has ever paid for anything in this shop. */
  hasPaidBefore: boolean
  /** Units the shopper holds or bought in this deal, over all its groups. */
  unitsInDeal: number
}

export type JoinRefusal =
  | 'group_closed'
  | 'already_member'
  | 'group_full'
  | 'new_customers_only'
  | 'limit_reached'

/** Why a shopper may not take a seat in this group now, or undefined when they may. */
export function joinRefusal(
  group: GroupSnapshot,
  shopper: ShopperSnapshot,
  deal: Pick<DealConfig, 'newCustomersOnly' | 'perPersonLimit'>,
  now: Date,
  quantity = 1,
): JoinRefusal | undefined {
  if (!isJoinable(group.status) || now.getTime() >= group.expiresAt.getTime()) return 'group_closed'
  // The opener holds the first seat: filling the group with themselves would fake a group.
  if (shopper.shopperId === group.openerId || group.memberIds.includes(shopper.shopperId))
    return 'already_member'
  // Held seats count: a seat being paid for is not offered to anyone else until it is released.
  if (group.paidSeats + group.heldSeats >= group.groupSize) return 'group_full'
  if (deal.newCustomersOnly && shopper.hasPaidBefore) return 'new_customers_only'
  if (shopper.unitsInDeal + quantity > deal.perPersonLimit) return 'limit_reached'
  return undefined
}

/** When a new group expires: after the deal's time limit, but never after the deal itself ends. */
export function groupExpiresAt(openedAt: Date, deal: Pick<DealConfig, 'timeLimitMinutes' | 'endsAt'>): Date {
  return new Date(Math.min(openedAt.getTime() + deal.timeLimitMinutes * 60_000, deal.endsAt.getTime()))
}

/** Whether the seat just paid fills the group, which then succeeds at once; a ladder group runs on to its maximum. */
export const fillsGroup = (deal: Pick<DealConfig, 'groupSize'>, paidSeats: number) =>
  paidSeats >= deal.groupSize

type ExpiryDeal = Pick<DealConfig, 'type' | 'groupSize' | 'ladderSteps' | 'autoFillThresholdBp'>

/**
 * How a group still forming at its expiry ends. A ladder group succeeds once its first step is
 * reached, and its auto-fill threshold is a share of that first step. Auto-fill succeeds with the
 * members who paid and nobody else: `memberIds` is always exactly the paid members given.
 */
export function atExpiry(
  deal: ExpiryDeal,
  paidMemberIds: readonly string[],
): { event: 'succeed' | 'auto_fill' | 'fail'; memberIds: string[] } {
  const memberIds = [...paidMemberIds]
  const needed = deal.type === 'ladder' ? (deal.ladderSteps?.[0]?.size ?? deal.groupSize) : deal.groupSize
  const paid = memberIds.length
  if (paid >= needed) return { event: 'succeed', memberIds }
  const threshold = deal.type === 'lucky_draw' ? undefined : deal.autoFillThresholdBp
  if (threshold !== undefined && paid > 0 && paid * BP_WHOLE >= threshold * needed)
    return { event: 'auto_fill', memberIds }
  return { event: 'fail', memberIds }
}
