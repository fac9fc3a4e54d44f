import { describe, expect, it } from 'vitest'
import { allowedMoves } from '../../../platform/state-machine.js'
import { commissionMachine, payoutFen, settleAt, withdrawalMachine, withdrawalProblems } from './lifecycle.js'

describe('commissionMachine', () => {
  it('settles or voids a frozen commission; a partial refund only reduces it', () => {
    expect(commissionMachine.next('frozen', 'settle')).toBe('settled')
    expect(commissionMachine.next('frozen', 'void')).toBe('void')
    expect(commissionMachine.next('frozen', 'reduce')).toBe('frozen')
  })
  it('claws back after settlement, again on a later refund', () => {
    expect(commissionMachine.next('settled', 'claw_back')).toBe('clawed')
    expect(commissionMachine.next('clawed', 'claw_back')).toBe('clawed')
  })
  it('refuses everything else', () => {
    expect(commissionMachine.can('frozen', 'claw_back')).toBe(false)
    expect(commissionMachine.can('settled', 'void')).toBe(false)
    expect(commissionMachine.can('settled', 'settle')).toBe(false)
    expect(commissionMachine.can('void', 'settle')).toBe(false)
    expect(() => commissionMachine.next('void', 'claw_back')).toThrow()
    expect([...allowedMoves(commissionMachine)].sort()).toEqual([
      'clawed->clawed',
      'frozen->frozen',
      'frozen->settled',
      'frozen->void',
      'settled->clawed',
    ])
  })
})

describe('withdrawalMachine', () => {
  it('goes requested → approved → paid, or is rejected by review or by the provider', () => {
    expect(withdrawalMachine.next('requested', 'approve')).toBe('approved')
    expect(withdrawalMachine.next('approved', 'pay')).toBe('paid')
    expect(withdrawalMachine.next('requested', 'reject')).toBe('rejected')
    expect(withdrawalMachine.next('approved', 'payout_fail')).toBe('rejected')
  })
  it('is never paid twice or paid unapproved', () => {
    expect(withdrawalMachine.can('paid', 'pay')).toBe(false)
    expect(withdrawalMachine.can('requested', 'pay')).toBe(false)
    expect(withdrawalMachine.can('rejected', 'approve')).toBe(false)
  })
})

describe('settleAt', () => {
  const done = new Date('2026-03-01T10:00:00Z')
  it('is the end of the return window, 7 days by default', () => {
    expect(settleAt(done)).toEqual(new Date('2026-03-08T10:00:00Z'))
    expect(settleAt(done, 15)).toEqual(new Date('2026-03-16T10:00:00Z'))
    expect(settleAt(done, 0)).toEqual(done)
  })
  it('refuses a negative or fractional window', () => {
    expect(() => settleAt(done, -1)).toThrow()
    expect(() => settleAt(done, 1.5)).toThrow()
  })
})

describe('withdrawalProblems', () => {
  const codes = (...args: Parameters<typeof withdrawalProblems>) =>
    withdrawalProblems(...args).map((p) => p.code)

  it('accepts a withdrawal within the balance, above the minimum and fee, under the daily limit', () => {
    expect(withdrawalProblems(10_000, 10_000, 1_000, 100, 50_000, 40_000)).toEqual([])
    expect(withdrawalProblems(10_000, 20_000, 0, 0, null, 1_000_000)).toEqual([])
  })
  it('refuses a bad amount and nothing else', () => {
    expect(codes(0, 10_000, 0, 0, null, 0)).toEqual(['invalid'])
    expect(codes(1.5, 10_000, 0, 0, null, 0)).toEqual(['invalid'])
    expect(codes(-5, 10_000, 0, 0, null, 0)).toEqual(['invalid'])
  })
  it('names each rule broken', () => {
    expect(codes(500, 10_000, 1_000, 0, null, 0)).toEqual(['below_minimum'])
    expect(codes(10_001, 10_000, 0, 0, null, 0)).toEqual(['insufficient_balance'])
    expect(codes(100, 10_000, 0, 100, null, 0)).toEqual(['fee_exceeds_amount'])
    expect(codes(10_001, 100_000, 0, 0, 50_000, 40_000)).toEqual(['daily_limit'])
    expect(codes(500, -300, 1_000, 600, 100, 0)).toEqual([
      'below_minimum',
      'insufficient_balance',
      'fee_exceeds_amount',
      'daily_limit',
    ])
  })
  it('says the amounts in yuan, in both languages', () => {
    const [p] = withdrawalProblems(10_001, 100_000, 0, 0, 50_000, 40_000)
    expect(p).toEqual({
      field: 'amountFen',
      code: 'daily_limit',
      en: 'only 100.00 yuan more can be withdrawn today',
      zh: '今日还可提现 100.00 元',
    })
    expect(withdrawalProblems(10_000, -500, 0, 0, null, 0)[0]!.zh).toBe('可提现余额仅 0.00 元')
  })
  it('pays out the amount less the fee', () => {
    expect(payoutFen(10_000, 100)).toBe(9_900)
  })
})
