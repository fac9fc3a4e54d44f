import { describe, expect, it } from 'vitest'
import { type CampaignInput, campaignProblems } from './campaign-rules.js'
import { awardMachine, campaignMachine } from './campaign-state.js'
import { dayIn } from './day.js'

const base: CampaignInput = {
  title: '双十二抽奖',
  startsAt: new Date('2026-12-01T00:00:00Z'),
  endsAt: new Date('2026-12-12T16:00:00Z'),
  dailyChances: 1,
  shareDailyCap: 3,
  inviteVisitChances: 1,
  inviteOrderChances: 2,
  inviteDailyCap: 5,
  noPrizeBp: 7000,
  prizes: [
    { kind: 'product', name: '保温杯', skuId: 'sku-1', stock: 10, probabilityBp: 1000 },
    { kind: 'points', name: '100 积分', amount: 100, stock: 1000, probabilityBp: 1500 },
    { kind: 'coupon', name: '5 元券', amount: 500, reference: 'tpl-5', stock: 500, probabilityBp: 500 },
  ],
}
const faults = (c: CampaignInput) => campaignProblems(c).map((p) => p.field)

describe('campaignProblems', () => {
  it('accepts a sound campaign', () => {
    expect(campaignProblems(base)).toEqual([])
  })

  it('needs prizes and no prize to sum to exactly 10000 bp, naming noPrizeBp', () => {
    const p = campaignProblems({ ...base, noPrizeBp: 6999 })
    expect(p).toHaveLength(1)
    expect(p[0].field).toBe('noPrizeBp')
    expect(p[0].detail).toContain('9999')
    expect(faults({ ...base, noPrizeBp: 7001 })).toEqual(['noPrizeBp'])
  })

  it('names the prize field at fault', () => {
    const prizes = base.prizes.map((p) => ({ ...p }))
    prizes[1].probabilityBp = -1
    prizes[2].stock = 1.5
    prizes[0].skuId = null
    expect(faults({ ...base, prizes })).toEqual([
      'prizes.0.skuId',
      'prizes.1.probabilityBp',
      'prizes.2.stock',
    ])
  })

  it('needs amounts on points and coupons, none on products, and distinct names', () => {
    const prizes = base.prizes.map((p) => ({ ...p }))
    prizes[0].amount = 5
    prizes[1].amount = 0
    prizes[2].name = '保温杯'
    expect(faults({ ...base, prizes })).toEqual(['prizes.0.amount', 'prizes.1.amount', 'prizes.2.name'])
  })

  it('refuses a window that ends before it starts, a blank title, too many prizes and bad chance counts', () => {
    expect(faults({ ...base, endsAt: base.startsAt })).toEqual(['endsAt'])
    expect(faults({ ...base, title: '  ' })).toEqual(['title'])
    expect(faults({ ...base, dailyChances: -1, shareDailyCap: 101 })).toEqual([
      'dailyChances',
      'shareDailyCap',
    ])
    const nine = Array.from({ length: 9 }, (_, i) => ({ ...base.prizes[1], name: `p${i}`, probabilityBp: 0 }))
    expect(faults({ ...base, prizes: nine, noPrizeBp: 10_000 })).toEqual(['prizes'])
    expect(faults({ ...base, prizes: [], noPrizeBp: 10_000 })).toEqual(['prizes'])
    const eight = nine.slice(0, 8)
    expect(faults({ ...base, prizes: eight, noPrizeBp: 10_000 })).toEqual(['prizes'])
    eight[0].probabilityBp = 10_000
    expect(faults({ ...base, prizes: eight, noPrizeBp: 0 })).toEqual([])
  })
})

describe('campaign problems in Chinese', () => {
  const zh = (c: CampaignInput) => campaignProblems(c).map((p) => p.zh)
  it('names the field as the console does, percentages as percentages', () => {
    expect(zh({ ...base, noPrizeBp: 6999 })).toEqual([
      '奖品合计 30%，含「谢谢参与」合计 99.99%，须正好为 100%',
    ])
    expect(zh({ ...base, endsAt: base.startsAt })).toEqual(['结束时间须晚于开始时间'])
    expect(zh({ ...base, title: ' ' })).toEqual(['请填写活动名称'])
    expect(zh({ ...base, dailyChances: 101, noPrizeBp: 1.5 })).toEqual([
      '每人每天免费次数应在 0 到 100 之间',
      '「谢谢参与」的概率最多精确到 0.01%',
    ])
    expect(zh({ ...base, prizes: [], noPrizeBp: 10_000 })).toEqual(['奖品数量应在 1 到 8 个之间'])
  })
  it('numbers prizes from one and speaks of each kind in its own words', () => {
    const prizes = base.prizes.map((p) => ({ ...p }))
    prizes[0].skuId = null
    prizes[1].amount = 0
    prizes[2].amount = 1.5
    prizes[2].probabilityBp = 10_001
    expect(zh({ ...base, prizes })).toEqual([
      '第 1 个奖品是实物，请选择奖品规格（SKU）',
      '第 2 个奖品的积分数应在 1 到 10000000 之间',
      '第 3 个奖品的中奖概率应在 0% 到 100% 之间',
      '第 3 个奖品的券面额最多精确到分',
    ])
    const same = base.prizes.map((p) => ({ ...p, name: '保温杯' }))
    expect(zh({ ...base, prizes: same })).toEqual(['奖品名称「保温杯」重复了', '奖品名称「保温杯」重复了'])
  })
})

describe('machines', () => {
  it('a campaign is drafted, published, paused and resumed, and ends for good', () => {
    expect(campaignMachine.next('draft', 'publish')).toBe('active')
    expect(campaignMachine.next('active', 'pause')).toBe('paused')
    expect(campaignMachine.next('paused', 'resume')).toBe('active')
    expect(campaignMachine.next('paused', 'end')).toBe('ended')
    expect(campaignMachine.can('ended', 'resume')).toBe(false)
    expect(() => campaignMachine.next('draft', 'pause')).toThrow()
  })
  it('a product prize is claimed before it ships; points and coupons are honoured directly', () => {
    expect(awardMachine.next('pending', 'claim')).toBe('claimed')
    expect(awardMachine.next('claimed', 'fulfil')).toBe('fulfilled')
    expect(awardMachine.next('pending', 'fulfil')).toBe('fulfilled')
    expect(awardMachine.can('fulfilled', 'claim')).toBe(false)
  })
})

describe('dayIn', () => {
  it('turns the day over at midnight in Shanghai (16:00 UTC)', () => {
    expect(dayIn(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23')
    expect(dayIn(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24')
    expect(dayIn(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01')
  })
})
