import { describe, expect, it } from 'vitest'
import { type CampaignValues, formFieldOf, percentToBp, poolSum, toInput } from './luckydrawForm'

const values: CampaignValues = {
  title: ' 抽奖 ',
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-02T00:00:00.000Z',
  dailyChances: 1,
  shareDailyCap: 2,
  inviteVisitChances: 1,
  inviteOrderChances: 2,
  inviteDailyCap: 5,
  noPrizePercent: 87.45,
  prizes: [
    { kind: 'coupon', name: '5 元券', amount: 5, reference: 'tpl', stock: 10, percent: 12.5 },
    { kind: 'points', name: '积分', amount: 100, stock: 10, percent: 0.05 },
    { kind: 'product', name: '杯子', skuId: 'sku', amount: 3, stock: 1, percent: 0 },
  ],
}

describe('lucky draw form', () => {
  it('turns percentages into exact basis points (no float drift)', () => {
    expect(percentToBp(0.07)).toBe(7)
    expect(percentToBp(12.34)).toBe(1234)
    expect(percentToBp(null)).toBe(0)
  })

  it('sums the pool live, with what no prize needs to make 100%', () => {
    expect(poolSum(values)).toEqual({ prizesBp: 1255, totalBp: 10_000, ok: true, restBp: 8745 })
    expect(poolSum({ ...values, noPrizePercent: 80 }).ok).toBe(false)
  })

  it('builds the API input: bp, coupon value in fen, no amount on a product', () => {
    const input = toInput(values)
    expect(input.title).toBe('抽奖')
    expect(input.noPrizeBp).toBe(8745)
    expect(input.prizes.map((p) => [p.probabilityBp, p.amount, p.skuId, p.reference])).toEqual([
      [1250, 500, null, 'tpl'],
      [5, 100, null, null],
      [0, null, 'sku', null],
    ])
  })

  it('maps a server field to the form field', () => {
    expect(formFieldOf('prizes.2.probabilityBp')).toEqual(['prizes', 2, 'percent'])
    expect(formFieldOf('noPrizeBp')).toEqual(['noPrizePercent'])
    expect(formFieldOf('endsAt')).toEqual(['period'])
    expect(formFieldOf(undefined)).toBeUndefined()
  })
})
