import { describe, expect, it } from 'vitest'
import { dealProblemZh } from './deal-problem-zh.js'
import { dealProblems } from './deal-rules.js'

const base = {
  type: 'standard' as const,
  groupSize: 2,
  singlePriceFen: 10_000,
  groupPriceFen: 8_000,
  timeLimitMinutes: 60,
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2026-02-01T00:00:00Z'),
  perPersonLimit: 1,
}

describe('deal problems in Chinese', () => {
  it('names the field and the rule', () => {
    const zh = (patch: Record<string, unknown>) => dealProblems({ ...base, ...patch }).map(dealProblemZh)
    expect(zh({ groupSize: 101 })).toEqual(['成团人数应在 2 到 100 之间'])
    expect(zh({ groupPriceFen: 12_000 })).toEqual(['拼团价须低于单买价'])
    expect(zh({ endsAt: new Date('2025-01-01T00:00:00Z') })).toEqual(['结束时间须晚于开始时间'])
    expect(zh({ luckyDrawWinners: 1 })).toEqual(['这种类型的活动不能设置中奖人数'])
    expect(zh({ perPersonLimit: 1.5 })).toEqual(['每人限购须为整数'])
    expect(
      zh({
        type: 'ladder',
        groupPriceFen: undefined,
        groupSize: 5,
        ladderSteps: [
          { size: 3, priceFen: 9_000 },
          { size: 2, priceFen: 9_500 },
        ],
      }),
    ).toEqual(['每一档的人数须多于上一档', '每一档的价格须低于上一档'])
  })
})
