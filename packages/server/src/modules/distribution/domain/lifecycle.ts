import { defineMachine } from '../../../platform/state-machine.js'
import type { Problem } from './program.js'

const DAY_MS = 24 * 60 * 60 * 1000

export type CommissionStatus = 'frozen' | 'settled' | 'void' | 'clawed'
export type CommissionEvent = 'accrue' | 'reduce' | 'settle' | 'void' | 'claw_back'

/**
 * A commission's lifecycle. It is frozen from payment until the order is completed and its return
 * window has passed, then settled (available to withdraw). Cancelled, or refunded in full while
 * still frozen, it is void; a partial refund while frozen only lowers the frozen amount (`reduce`). A refund
 * after settlement claws back the refunded share — from the balance, going negative if it must, to
 * be recovered from future earnings — and a later refund may claw back again.
 */
export const commissionMachine = defineMachine<CommissionStatus, CommissionEvent>('commission', {
  frozen: { settle: 'settled', void: 'void', reduce: 'frozen' },
  settled: { claw_back: 'clawed' },
  clawed: { claw_back: 'clawed' },
  void: {},
})

export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'rejected'
export type WithdrawalEvent = 'approve' | 'reject' | 'pay' | 'payout_fail'

/**
 * A withdrawal: an operator reviews it, then the payout provider pays it. Rejected by the operator
 * or refused by the provider, its amount returns to the promoter's available balance.
 */
export const withdrawalMachine = defineMachine<WithdrawalStatus, WithdrawalEvent>('withdrawal', {
  requested: { approve: 'approved', reject: 'rejected' },
  approved: { pay: 'paid', payout_fail: 'rejected' },
  paid: {},
  rejected: {},
})

/** The default return window: commissions settle 7 days after the order is completed. */
export const DEFAULT_RETURN_WINDOW_DAYS = 7

/** When a commission on an order completed at `completedAt` may settle. */
export function settleAt(completedAt: Date, returnWindowDays = DEFAULT_RETURN_WINDOW_DAYS): Date {
  if (!Number.isSafeInteger(returnWindowDays) || returnWindowDays < 0)
    throw new Error(`bad return window ${returnWindowDays}`)
  return new Date(completedAt.getTime() + returnWindowDays * DAY_MS)
}

/**
 * Everything wrong with a withdrawal request; empty when it may be made. The fee is taken out of
 * the amount (the promoter receives amount − fee, the balance goes down by the amount), so the
 * amount must exceed it. A null daily limit means none.
 */
export function withdrawalProblems(
  amountFen: number,
  availableFen: number,
  minFen: number,
  feeFen: number,
  dailyLimitFen: number | null,
  withdrawnTodayFen: number,
): Problem[] {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    return [problem('invalid', 'a whole number of fen above 0', '提现金额须大于 0')]
  const out: Problem[] = []
  if (amountFen < minFen)
    out.push(
      problem(
        'below_minimum',
        `at least ${yuan(minFen)} yuan per withdrawal`,
        `单笔提现至少 ${yuan(minFen)} 元`,
      ),
    )
  if (amountFen > availableFen)
    out.push(
      problem(
        'insufficient_balance',
        `only ${yuan(Math.max(availableFen, 0))} yuan is available`,
        `可提现余额仅 ${yuan(Math.max(availableFen, 0))} 元`,
      ),
    )
  if (amountFen <= feeFen)
    out.push(
      problem(
        'fee_exceeds_amount',
        `the fee is ${yuan(feeFen)} yuan: nothing would be paid out`,
        `手续费为 ${yuan(feeFen)} 元，提现金额须高于手续费`,
      ),
    )
  if (dailyLimitFen !== null && withdrawnTodayFen + amountFen > dailyLimitFen) {
    const left = Math.max(dailyLimitFen - withdrawnTodayFen, 0)
    out.push(
      problem(
        'daily_limit',
        `only ${yuan(left)} yuan more can be withdrawn today`,
        `今日还可提现 ${yuan(left)} 元`,
      ),
    )
  }
  return out
}

/** What the promoter receives for a withdrawal of `amountFen`. */
export function payoutFen(amountFen: number, feeFen: number): number {
  return amountFen - feeFen
}

function problem(code: string, en: string, zh: string): Problem {
  return { field: 'amountFen', code, en, zh }
}

/** Fen as yuan for messages: 12345 → "123.45". */
function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}
