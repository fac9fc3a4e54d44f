import { describe, expect, it } from 'vitest'
import {
  checkWithdrawal,
  maxWithdrawFen,
  parsePromoterTab,
  promoterStage,
  requestedTodayFen,
  shareImageUrl,
  shareLinkUrl,
} from './promoter'
import type { WithdrawalTerms } from './promoterApi'

const terms: WithdrawalTerms = { minFen: 1000, feeFen: 200, dailyLimitFen: 50_000 }

describe('checkWithdrawal', () => {
  it('takes a valid amount and shows the payout after the fee', () => {
    expect(checkWithdrawal('100', 20_000, terms)).toEqual({
      amountFen: 10_000,
      payoutFen: 9_800,
      problem: null,
      leftTodayFen: 50_000,
    })
  })
  it('names the first problem', () => {
    const problem = (typed: string, available = 20_000, today = 0, t: WithdrawalTerms = terms) =>
      checkWithdrawal(typed, available, t, today).problem
    expect(problem('')).toBe('amount')
    expect(problem('1.234')).toBe('amount')
    expect(problem('0')).toBe('amount')
    expect(problem('300')).toBe('balance')
    expect(problem('5')).toBe('min')
    expect(problem('2', 20_000, 0, { minFen: 100, feeFen: 200, dailyLimitFen: null })).toBe('fee')
    expect(problem('100', 20_000, 45_000)).toBe('daily')
    expect(problem('100', 20_000, 0, { ...terms, dailyLimitFen: null })).toBeNull()
  })
})

describe('requestedTodayFen', () => {
  it('counts today’s requests that were not rejected', () => {
    const now = new Date(2026, 10, 23, 15, 0)
    const at = (h: number, d = 23) => new Date(2026, 10, d, h, 0).toISOString()
    expect(
      requestedTodayFen(
        [
          { amountFen: 100, status: 'requested', requestedAt: at(9) },
          { amountFen: 200, status: 'paid', requestedAt: at(10) },
          { amountFen: 400, status: 'rejected', requestedAt: at(11) },
          { amountFen: 800, status: 'paid', requestedAt: at(23, 22) },
        ],
        now,
      ),
    ).toBe(300)
  })
  it('caps the most one may ask for at what is left today', () => {
    expect(maxWithdrawFen(9_000, 5_000)).toBe(5_000)
    expect(maxWithdrawFen(9_000, null)).toBe(9_000)
    expect(maxWithdrawFen(-50, null)).toBe(0)
  })
})

describe('share addresses', () => {
  it('names the shop in the image query and asks for a download', () => {
    expect(shareImageUrl('Ab3dE9xQzz', 'qr.png', { shop: 'demo' })).toBe(
      '/api/v1/store/shares/Ab3dE9xQzz/qr.png?shop=demo',
    )
    expect(shareImageUrl('Ab3dE9xQzz', 'poster.png', { shop: 'my shop', download: true })).toBe(
      '/api/v1/store/shares/Ab3dE9xQzz/poster.png?shop=my+shop&download=1',
    )
    expect(shareImageUrl('Ab3dE9xQzz', 'qr.svg')).toBe('/api/v1/store/shares/Ab3dE9xQzz/qr.svg')
  })
  it('builds the link to copy', () => {
    expect(shareLinkUrl('https://x.cn', '/s/Ab3dE9xQzz', 'demo')).toBe('https://x.cn/s/Ab3dE9xQzz?shop=demo')
    expect(shareLinkUrl('https://x.cn', '/s/Ab3dE9xQzz', null)).toBe('https://x.cn/s/Ab3dE9xQzz')
  })
})

describe('stage and tab', () => {
  it('reads the stage from the status', () => {
    expect(promoterStage(undefined)).toBe('none')
    expect(promoterStage({ promoter: null, history: [] })).toBe('none')
    expect(promoterStage({ promoter: { status: 'applied' } as never, history: [] })).toBe('applied')
  })
  it('falls back to the commissions tab', () => {
    expect(parsePromoterTab('withdraw')).toBe('withdraw')
    expect(parsePromoterTab('nope')).toBe('commissions')
    expect(parsePromoterTab(null)).toBe('commissions')
  })
})
