import type { BindingRule } from './program.js'

const DAY_MS = 24 * 60 * 60 * 1000

/** Why a customer is bound to their promoter, for the "why bound" line on profiles and orders. */
export type BindReason = 'first_click' | 'last_click' | 'first_paid_order' | 'last_paid_order' | 'operator'

/** Who a customer belongs to, and how firmly. */
export interface Binding {
  promoterId: string
  boundAt: Date
  /** Nobody else can take the customer before this; null = no lock. */
  lockedUntil: Date | null
  permanent: boolean
  reason: BindReason
}

/** A touch by a promoter: a click on their share, or a paid order attributed to them. */
export interface BindingEvent {
  kind: 'click' | 'paid_order'
  promoterId: string
  at: Date
}

export type KeepReason =
  | 'self'
  | 'would_cycle'
  | 'waits_for_paid_order'
  | 'same_promoter'
  | 'permanent'
  | 'locked'
  | 'first_touch'

export type BindingDecision =
  | { action: 'bind'; binding: Binding }
  | { action: 'rebind'; binding: Binding; fromPromoterId: string }
  | { action: 'keep'; reason: KeepReason }

/** The upline of a person, if bound. */
export type UplineOf = (id: string) => string | null | undefined

/** How many uplines above a promoter `wouldCycle` walks before it refuses to guess. */
export const MAX_CHAIN = 1_000

/**
 * Whether binding `customerId` under `promoterId` would make someone their own upline. Walks the
 * promoter's chain upward; a chain that is already cyclic or longer than `maxChain` counts as a
 * cycle, so a broken forest is never extended.
 */
export function wouldCycle(customerId: string, promoterId: string, uplineOf: UplineOf, maxChain = MAX_CHAIN) {
  if (customerId === promoterId) return true
  const seen = new Set([promoterId])
  let at = promoterId
  for (let i = 0; i <= maxChain; i++) {
    const up = uplineOf(at)
    if (!up) return false
    if (up === customerId || seen.has(up)) return true
    seen.add(up)
    at = up
  }
  return true
}

/**
 * What a touch does to a customer's binding. Under `first_paid_order` clicks never bind; under
 * `click` an attributed paid order binds too (a purchase is at least as strong a touch). Once bound:
 * a permanent binding never moves; during the lock nobody else can take the customer; after it,
 * first-touch keeps the first promoter and last-touch moves the customer to the newest one.
 * A touch by the current promoter keeps the binding as it is (it does not extend the lock).
 */
export function decideBinding(
  customerId: string,
  current: Binding | null,
  event: BindingEvent,
  rule: BindingRule,
  uplineOf: UplineOf,
): BindingDecision {
  if (event.promoterId === customerId) return keep('self')
  if (rule.bindOn === 'first_paid_order' && event.kind === 'click') return keep('waits_for_paid_order')
  if (current?.promoterId === event.promoterId) return keep('same_promoter')
  if (current?.permanent) return keep('permanent')
  if (current?.lockedUntil && event.at < current.lockedUntil) return keep('locked')
  if (current && rule.touch === 'first') return keep('first_touch')
  if (wouldCycle(customerId, event.promoterId, uplineOf)) return keep('would_cycle')

  const binding: Binding = {
    promoterId: event.promoterId,
    boundAt: event.at,
    lockedUntil: rule.lockDays > 0 ? new Date(event.at.getTime() + rule.lockDays * DAY_MS) : null,
    permanent: rule.permanent,
    reason: `${current ? 'last' : 'first'}_${event.kind}`,
  }
  return current
    ? { action: 'rebind', binding, fromPromoterId: current.promoterId }
    : { action: 'bind', binding }
}

function keep(reason: KeepReason): BindingDecision {
  return { action: 'keep', reason }
}

/** The "why bound" line, e.g. for a customer profile: `first_click` → 首次点击分享链接绑定. */
export function bindReasonText(reason: BindReason): { en: string; zh: string } {
  return REASON_TEXT[reason]
}

const REASON_TEXT: Record<BindReason, { en: string; zh: string }> = {
  first_click: { en: 'first opened a share of this promoter', zh: '首次点击该推广员的分享链接绑定' },
  last_click: {
    en: 'most recently opened a share of this promoter',
    zh: '最近一次点击该推广员的分享链接改绑',
  },
  first_paid_order: { en: 'first paid order came through this promoter', zh: '首笔支付订单来自该推广员' },
  last_paid_order: {
    en: 'latest paid order came through this promoter',
    zh: '最近一笔支付订单来自该推广员而改绑',
  },
  operator: { en: 'moved by an operator', zh: '由运营人员调整' },
}
