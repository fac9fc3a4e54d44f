/** Pure group-buy helpers for the storefront screens: no React, no fetch. */
import type { DealView, GroupView, LadderStep } from './groupbuyApi'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/**
 * A hint about a typed resident ID before it goes to the server (which decides):
 * `format` unless 17 digits and a digit or X, `checksum` when the ISO 7064 MOD 11-2 character is wrong.
 */
export function residentIdHint(raw: string): 'format' | 'checksum' | undefined {
  const id = raw.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return 'format'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11] === id[17] ? undefined : 'checksum'
}

/** Milliseconds to add to this device's clock to get the server's, from a `serverNow` stamp. */
export function serverOffset(serverNow: string | null | undefined, deviceNow = Date.now()): number {
  const t = serverNow ? Date.parse(serverNow) : Number.NaN
  return Number.isNaN(t) ? 0 : t - deviceNow
}

/** Milliseconds left until `deadline` on the server's clock, never negative. */
export function msLeft(
  deadline: string | null | undefined,
  offsetMs: number,
  deviceNow = Date.now(),
): number {
  if (!deadline) return 0
  const t = Date.parse(deadline)
  return Number.isNaN(t) ? 0 : Math.max(0, t - (deviceNow + offsetMs))
}

/** The ladder step a group of `paid` members has reached, or undefined below the first step. */
export function ladderStepReached(steps: readonly LadderStep[] | null, paid: number): LadderStep | undefined {
  let reached: LadderStep | undefined
  for (const s of [...(steps ?? [])].sort((a, b) => a.size - b.size)) if (paid >= s.size) reached = s
  return reached
}

/** The lowest price a deal's group can reach (the last ladder step, else the group price). */
export function bestGroupPrice(deal: Pick<DealView, 'groupPriceFen' | 'ladderSteps'>): number {
  const prices = (deal.ladderSteps ?? []).map((s) => s.priceFen)
  return prices.length ? Math.min(...prices) : deal.groupPriceFen
}

/** What the opener pays for one seat: nothing when free to open, else the group price less the discount. */
export function openerPrice(
  deal: Pick<DealView, 'groupPriceFen' | 'openerDiscountFen' | 'freeToOpen'>,
): number {
  if (deal.freeToOpen) return 0
  return Math.max(0, deal.groupPriceFen - (deal.openerDiscountFen ?? 0))
}

/** Seat circles for a group: the paid members first, then empty ones for the seats still open. */
export function seatCircles(g: Pick<GroupView, 'members' | 'groupSize' | 'paidSeats'>, max = 10) {
  const members = [...g.members].sort((a, b) => Number(b.isOpener) - Number(a.isOpener))
  const empty = Math.max(0, g.groupSize - Math.max(g.paidSeats, members.length))
  const shownEmpty = Math.max(0, Math.min(empty, max - members.length))
  return { members, empty: shownEmpty, more: empty - shownEmpty }
}

/** A lucky draw's winners by nickname: the draw names seats, the members list says whose they are. */
export function winnerNames(g: Pick<GroupView, 'members' | 'draw'>): string[] {
  const byId = new Map(g.members.map((m) => [m.id, m.nickname]))
  return (g.draw?.winners ?? []).map((id) => byId.get(id) ?? id)
}

/** Where a share link leads in the storefront. */
export function shareTargetPath(kind: string, id: string, dealProductId?: string): string {
  const seg = encodeURIComponent(id)
  switch (kind) {
    case 'group':
      return `/groups/${seg}`
    case 'deal':
      return dealProductId ? `/products/${encodeURIComponent(dealProductId)}` : '/deals'
    case 'product':
      return `/products/${seg}`
    case 'bargain':
      return `/bargains/${seg}`
    case 'draw':
      return `/luckydraw/${seg}`
    case 'flash_slot':
      return '/flash-sale'
    default:
      return '/'
  }
}

/** Whether a group is over, one way or the other. */
export const groupClosed = (status: GroupView['status']) =>
  status === 'succeeded' || status === 'drawn' || status === 'failed' || status === 'cancelled'

const RETURN_KEY = 'liebian.store.groupReturn'

/** Remembers, before the cashier, which group a paid order leads back to. */
export function rememberGroupReturn(orderId: string, groupId: string) {
  try {
    sessionStorage.setItem(RETURN_KEY, JSON.stringify({ orderId, groupId, at: Date.now() }))
  } catch {
    /* private mode: the order page still links to the group */
  }
}

/** The group to go back to after paying `orderId` at the cashier, once (the marker is dropped). */
export function takeGroupReturn(orderId: string): string | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(RETURN_KEY) ?? 'null') as {
      orderId: string
      groupId: string
      at: number
    } | null
    if (!v || v.orderId !== orderId || Date.now() - v.at > 30 * 60_000) return undefined
    sessionStorage.removeItem(RETURN_KEY)
    return v.groupId
  } catch {
    return undefined
  }
}
