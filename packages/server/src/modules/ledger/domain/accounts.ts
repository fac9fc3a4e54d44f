import type { AccountKind } from '../ledger.tables.js'

/**
 * The chart of accounts. Signed entries, debit positive: an asset's balance is positive, a
 * revenue or liability account's is negative, and all accounts of a shop always sum to zero.
 */
export const accounts = {
  /** Money held for the shop at a payment provider. */
  providerCash: (provider: string) => ({ code: `cash:${provider}`, kind: 'asset' as AccountKind }),
  /** What shoppers paid for goods; refunds reverse it. */
  sales: { code: 'sales', kind: 'revenue' as AccountKind },
  /** What the shop pays promoters; clawbacks reverse it. */
  commissionExpense: { code: 'commission_expense', kind: 'expense' as AccountKind },
  /** A promoter's commission waiting out the return window. */
  promoterFrozen: (promoterId: string) => ({
    code: `promoter:${promoterId}:frozen`,
    kind: 'liability' as AccountKind,
  }),
  /** A promoter's settled commission, theirs to withdraw; below zero after a clawback it is owed back. */
  promoterAvailable: (promoterId: string) => ({
    code: `promoter:${promoterId}:available`,
    kind: 'liability' as AccountKind,
  }),
  /** Withdrawals asked for and not yet paid out or rejected. */
  promoterWithdrawing: (promoterId: string) => ({
    code: `promoter:${promoterId}:withdrawing`,
    kind: 'liability' as AccountKind,
  }),
  /** Fees the shop keeps on withdrawals. */
  withdrawalFees: { code: 'withdrawal_fees', kind: 'revenue' as AccountKind },
}

export interface Posting {
  account: { code: string; kind: AccountKind }
  amountFen: number
}

/** Throws unless the postings are whole fen, non-zero and sum to zero. */
export function assertBalanced(postings: Posting[]) {
  if (postings.length < 2) throw new Error('a transfer needs at least two entries')
  let sum = 0
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0)
      throw new Error(`bad entry amount ${p.amountFen}`)
    sum += p.amountFen
  }
  if (sum !== 0) throw new Error(`unbalanced transfer: entries sum to ${sum}`)
}
