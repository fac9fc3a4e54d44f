import { describe, expect, it } from 'vitest'
import { afterOrderCancelled, bargainMachine } from './bargain-state.js'
import { chinaDay, maskName, type OfferConfig, offerProblems } from './offer-rules.js'

const good: OfferConfig = {
  startPriceFen: 9900,
  floorPriceFen: 100,
  helpersNeeded: 10,
  timeLimitMinutes: 1440,
  startsAt: '2026-11-23T00:00:00Z',
  endsAt: '2026-11-30T00:00:00Z',
  perShopperLimit: 1,
  stockCap: null,
  payWithinMinutes: 30,
  buyAtCurrentPrice: false,
  helperDailyLimit: 3,
  deviceDailyLimit: 5,
}
const fields = (o: Partial<OfferConfig>) => offerProblems({ ...good, ...o }).map((p) => p.field)

describe('offerProblems', () => {
  it('accepts a sound offer', () => expect(offerProblems(good)).toEqual([]))
  it('names the field at fault', () => {
    expect(fields({ floorPriceFen: 0 })).toEqual(['floorPriceFen'])
    expect(fields({ floorPriceFen: 9900 })).toEqual(['floorPriceFen'])
    expect(fields({ startPriceFen: 1.5 })).toEqual(['startPriceFen'])
    expect(fields({ startPriceFen: 105 })).toEqual(['helpersNeeded'])
    expect(fields({ startPriceFen: 110 })).toEqual([])
    expect(fields({ helpersNeeded: 0 })).toEqual(['helpersNeeded'])
    expect(fields({ endsAt: good.startsAt })).toEqual(['endsAt'])
    expect(fields({ startsAt: 'nope' })).toEqual(['startsAt'])
    expect(fields({ stockCap: 0 })).toEqual(['stockCap'])
    expect(fields({ stockCap: 5 })).toEqual([])
    expect(fields({ timeLimitMinutes: 1 })).toEqual(['timeLimitMinutes'])
    expect(fields({ payWithinMinutes: 100_000 })).toEqual(['payWithinMinutes'])
    expect(fields({ helperDailyLimit: 0, deviceDailyLimit: 0 })).toEqual([
      'helperDailyLimit',
      'deviceDailyLimit',
    ])
  })
  it('says each problem in Chinese with the console’s words', () => {
    const zh = (o: Partial<OfferConfig>) => offerProblems({ ...good, ...o }).map((p) => p.zh)
    expect(zh({ floorPriceFen: 0 })).toEqual(['底价应在 0.01 到 100000000 元之间，精确到分'])
    expect(zh({ startPriceFen: 1.5 })).toEqual(['起砍价应在 0.01 到 100000000 元之间，精确到分'])
    expect(zh({ floorPriceFen: 9900 })).toEqual(['底价须低于起砍价'])
    expect(zh({ startPriceFen: 105 })).toEqual(['需要帮砍人数太多：起砍价与底价之间，每人至少要砍 0.01 元'])
    expect(zh({ endsAt: good.startsAt })).toEqual(['结束时间须晚于开始时间'])
    expect(zh({ startsAt: 'nope' })).toEqual(['开始时间不是有效的时间'])
    expect(zh({ helpersNeeded: 2.5 })).toEqual(['需要帮砍人数须为整数'])
    expect(zh({ timeLimitMinutes: 1 })).toEqual(['砍价时限（分钟）应在 5 到 10080 之间'])
    expect(zh({ stockCap: 0 })).toEqual(['砍价库存应在 1 到 10000000 之间'])
  })
})

describe('bargain lifecycle', () => {
  it('moves as drawn and refuses the rest', () => {
    expect(bargainMachine.next('ongoing', 'reach')).toBe('reached')
    expect(bargainMachine.next('reached', 'order')).toBe('ordered')
    expect(bargainMachine.next('ordered', 'pay')).toBe('completed')
    expect(bargainMachine.can('completed', 'expire')).toBe(false)
    expect(bargainMachine.can('expired', 'order')).toBe(false)
    expect(() => bargainMachine.next('reached', 'reach')).toThrow(/invalid_transition/)
  })
  it('a cancelled order goes back while the deadline lasts', () => {
    const now = new Date('2026-11-23T10:00:00Z')
    const later = new Date('2026-11-23T11:00:00Z')
    const earlier = new Date('2026-11-23T09:00:00Z')
    expect(afterOrderCancelled({ reachedAt: earlier, payBy: later, expiresAt: earlier, now })).toBe(
      'order_cancelled',
    )
    expect(afterOrderCancelled({ reachedAt: earlier, payBy: earlier, expiresAt: later, now })).toBe('expire')
    expect(afterOrderCancelled({ reachedAt: null, payBy: null, expiresAt: later, now })).toBe('reopen')
    expect(afterOrderCancelled({ reachedAt: null, payBy: null, expiresAt: now, now })).toBe('expire')
  })
})

describe('helpers', () => {
  it('counts days in China time', () => {
    expect(chinaDay(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23')
    expect(chinaDay(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24')
  })
  it('masks nicknames', () => {
    expect(maskName('张三丰')).toBe('张*丰')
    expect(maskName('李四')).toBe('李*')
    expect(maskName('Alexander')).toBe('A***r')
    expect(maskName('')).toBe('**')
    expect(maskName('😀ab')).toBe('😀*b')
  })
})
