import { yuanToFen } from '../shared/money'
import type { PromoterMe, PromoterStatus, Withdrawal, WithdrawalTerms } from './promoterApi'

/** Where the shopper stands: never applied, or the promoter status. */
export type PromoterStage = 'none' | PromoterStatus

export function promoterStage(me: PromoterMe | undefined): PromoterStage {
  return me?.promoter?.status ?? 'none'
}

/** Sections of the promoter center, kept in `?tab=`. */
export const PROMOTER_TABS = ['commissions', 'customers', 'share', 'withdraw'] as const
export type PromoterTab = (typeof PROMOTER_TABS)[number]

export function parsePromoterTab(value: string | null): PromoterTab {
  return (PROMOTER_TABS as readonly string[]).includes(value ?? '') ? (value as PromoterTab) : 'commissions'
}

/**
 * A share's QR code or poster as an image address. The shop goes in the query (an `<img>` sends no
 * `X-Shop`), `download` asks the server to offer the poster as a file.
 */
export function shareImageUrl(
  token: string,
  file: 'qr.png' | 'qr.svg' | 'poster.png',
  opts: { shop?: string | null; download?: boolean; base?: string } = {},
): string {
  const q = new URLSearchParams()
  if (opts.shop) q.set('shop', opts.shop)
  if (opts.download) q.set('download', '1')
  const qs = q.toString()
  return `${opts.base ?? '/api/v1'}/store/shares/${encodeURIComponent(token)}/${file}${qs ? `?${qs}` : ''}`
}

/** The link to copy: the short link on this site, naming the shop when the storefront has one. */
export function shareLinkUrl(origin: string, path: string, shop?: string | null): string {
  return `${origin}${path}${shop ? `?shop=${encodeURIComponent(shop)}` : ''}`
}

/** What the server will refuse, caught before asking; the server checks again and has the last word. */
export type WithdrawProblem = 'amount' | 'min' | 'balance' | 'fee' | 'daily'

export interface WithdrawCheck {
  amountFen: number | null
  /** What reaches the promoter after the fee. */
  payoutFen: number
  problem: WithdrawProblem | null
  /** Still allowed today, when the shop sets a daily limit. */
  leftTodayFen: number | null
}

/** Amounts asked for today (local day of `now`) that count against the daily limit. */
export function requestedTodayFen(
  items: Pick<Withdrawal, 'amountFen' | 'status' | 'requestedAt'>[],
  now: Date,
) {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  return items
    .filter((w) => w.status !== 'rejected' && new Date(w.requestedAt).getTime() >= start)
    .reduce((sum, w) => sum + w.amountFen, 0)
}

/**
 * Checks a typed amount (yuan) against the balance and the shop's terms: minimum, fee (the payout
 * must stay above zero) and what is left of today's limit.
 */
export function checkWithdrawal(
  typed: string,
  availableFen: number,
  terms: WithdrawalTerms,
  requestedToday = 0,
): WithdrawCheck {
  const amountFen = yuanToFen(typed)
  const leftTodayFen = terms.dailyLimitFen === null ? null : Math.max(0, terms.dailyLimitFen - requestedToday)
  const result = (problem: WithdrawProblem | null): WithdrawCheck => ({
    amountFen,
    payoutFen: amountFen !== null && amountFen > 0 ? Math.max(0, amountFen - terms.feeFen) : 0,
    problem,
    leftTodayFen,
  })
  if (amountFen === null || amountFen <= 0) return result('amount')
  if (amountFen > availableFen) return result('balance')
  if (amountFen < terms.minFen) return result('min')
  if (amountFen <= terms.feeFen) return result('fee')
  if (leftTodayFen !== null && amountFen > leftTodayFen) return result('daily')
  return result(null)
}

/** The most one may ask for right now: the balance, within today's limit. */
export function maxWithdrawFen(availableFen: number, leftTodayFen: number | null): number {
  return Math.max(0, leftTodayFen === null ? availableFen : Math.min(availableFen, leftTodayFen))
}
