import type { FraudThresholds } from './fraud.js'

/**
 * The shapes of a promoter program and a commission plan, as an operator submits them.
 *
 * Some fields exist only so that a submitted configuration carrying them is refused with a
 * reason in plain words (see compliance.ts) rather than silently dropped: entry fees, starter
 * packs, paid memberships, cash per invite, network bonuses. A saved program never has them.
 */

/** 10,000 basis points = 100%. */
export const BP_WHOLE = 10_000
/** All commissions on one line together never exceed 30% of what the buyer paid for it. */
export const MAX_TOTAL_BP = 3_000
/** A second level is the most a plan may pay: one upline of the direct promoter. */
export const MAX_LEVELS = 2

/** One thing wrong with a configuration or a request, named by the field at fault. */
export interface Problem {
  field: string
  code: string
  en: string
  zh: string
}

/** How a customer becomes a promoter. */
export type Qualification =
  | { kind: 'apply'; approval: 'auto' | 'manual' }
  // The buyer keeps the goods at the normal price: spending is a threshold, never a fee.
  // `onlyProductIds` would turn it into a required purchase of specific goods (refused).
  | { kind: 'spend'; minPaidFen: number; windowDays: number; onlyProductIds?: string[] }
  | { kind: 'invitation' }
  | { kind: 'staff' }
  // Refused kinds, so the guard can name them: buying a "starter pack" or a paid membership to join.
  | { kind: 'starter_pack'; productIds: string[]; amountFen?: number }
  | { kind: 'paid_membership' }

/** What an inviter may get for bringing someone; only coupons or points on the invitee's first purchase. */
export interface InviteReward {
  reward: 'coupon' | 'points' | 'cash'
  /** When it is granted: only `invitee_first_purchase` is lawful. */
  when: 'invitee_first_purchase' | 'invitee_joined' | 'invite_sent'
  /** Coupon template, or points / fen amount. */
  value: number | string
}

/** When and how a customer is bound to a promoter (see binding.ts). */
export interface BindingRule {
  bindOn: 'click' | 'first_paid_order'
  touch: 'first' | 'last'
  /** During the lock nobody else can take the customer; 0 = no lock. */
  lockDays: number
  /** The binding never moves once made (operators aside). */
  permanent: boolean
}

export interface PromoterProgram {
  /** Any of these makes a customer a promoter. */
  qualifications: Qualification[]
  /** How long the status lasts; null = until suspended. */
  statusDays: number | null
  /** Paid spend within the shop during a status period that renews it for another period. */
  renewBySpendFen?: number
  binding: BindingRule
  inviteReward?: InviteReward
  /** Days after an order is completed before its commissions settle; default 7. */
  returnWindowDays?: number
  /** Withdrawal terms; defaults in `withdrawalSettings`. */
  withdrawal?: WithdrawalSettings
  /** Fraud thresholds the shop changed; the rest keep their defaults (see fraud.ts `DEFAULT_FRAUD`). */
  fraud?: Partial<FraudThresholds>
  /** Refused whenever above 0: nobody pays to become a promoter. */
  entryFeeFen?: number
  /** Refused when true: a paid membership never unlocks commission rights. */
  membershipGrantsPromoter?: boolean
}

/** What a withdrawal takes: at least `minFen`, a fee taken out of it, and a daily cap (null = none). */
export interface WithdrawalSettings {
  minFen: number
  feeFen: number
  dailyLimitFen: number | null
}

/** 1 yuan minimum, no fee, at most 20,000 yuan a day. */
export const DEFAULT_WITHDRAWAL: WithdrawalSettings = { minFen: 100, feeFen: 0, dailyLimitFen: 2_000_000 }

export const withdrawalSettings = (p: PromoterProgram): WithdrawalSettings =>
  p.withdrawal ?? DEFAULT_WITHDRAWAL

/** A commission rate: basis points of the line's base, or fixed fen per unit; level 2 optional. */
export type Rate =
  | { kind: 'rate'; level1Bp: number; level2Bp?: number }
  | { kind: 'fixed'; level1FenPerUnit: number; level2FenPerUnit?: number }

export interface CommissionPlan {
  defaultRate: Rate
  categoryRates: Record<string, Rate>
  productRates: Record<string, Rate>
  /** 1 by default; 2 only with `secondLevelAcknowledged`. */
  levels: number
  /** The operator read the warning about second-level commissions and chose it anyway. */
  secondLevelAcknowledged: boolean
  earnOnOwnPurchases: boolean
  /** Per deal (e.g. `groupbuy:<dealId>`): its own rate, or `none` for no commission at all. */
  dealOverrides: Record<string, Rate | 'none'>
  /** Refused when true: membership fees are not sales of goods. */
  payOnMembershipFees?: boolean
  /** Refused whenever set: a bonus to uplines on their network's sales ("team reward"). */
  networkBonus?: { rateBp: number; minNetworkSize?: number }
}

/** A program anyone can apply to, approved by hand, bound on first click for 30 days. */
export function defaultProgram(): PromoterProgram {
  return {
    qualifications: [{ kind: 'apply', approval: 'manual' }],
    statusDays: null,
    binding: { bindOn: 'click', touch: 'first', lockDays: 30, permanent: false },
  }
}

/** One level at 10%, nothing on own purchases. */
export function defaultPlan(): CommissionPlan {
  return {
    defaultRate: { kind: 'rate', level1Bp: 1_000 },
    categoryRates: {},
    productRates: {},
    levels: 1,
    secondLevelAcknowledged: false,
    earnOnOwnPurchases: false,
    dealOverrides: {},
  }
}

/** Whether a rate pays anything to a second level. */
export function paysSecondLevel(rate: Rate): boolean {
  return rate.kind === 'rate' ? (rate.level2Bp ?? 0) > 0 : (rate.level2FenPerUnit ?? 0) > 0
}

/** Every rate a plan holds, with the field it came from, for checks that look at all of them. */
export function planRates(plan: CommissionPlan): { field: string; rate: Rate }[] {
  const out = [{ field: 'defaultRate', rate: plan.defaultRate }]
  for (const [id, rate] of Object.entries(plan.categoryRates))
    out.push({ field: `categoryRates.${id}`, rate })
  for (const [id, rate] of Object.entries(plan.productRates)) out.push({ field: `productRates.${id}`, rate })
  for (const [key, rate] of Object.entries(plan.dealOverrides))
    if (rate !== 'none') out.push({ field: `dealOverrides.${key}`, rate })
  return out
}
