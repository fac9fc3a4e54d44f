import { describe, expect, it } from 'vitest'
import type { Deal } from './groupbuyApi'
import { formFieldOf, toDealInput, toFormValues } from './groupbuyForm'

const base = {
  skuId: 's1',
  groupSize: 3,
  timeLimitMinutes: 60,
  startsAt: '2026-01-01T00:00:00.000Z',
  endsAt: '2026-02-01T00:00:00.000Z',
  perPersonLimit: 2,
}

describe('toDealInput', () => {
  it('turns 元 and % into fen and basis points without drift', () => {
    const i = toDealInput({
      ...base,
      type: 'cross_border',
      groupPrice: 19.9,
      importTaxPercent: 9.1,
      autoFillPercent: 66.67,
      openerDiscount: 0.3,
    })
    expect(i.groupPriceFen).toBe(1990)
    expect(i.importTaxRateBp).toBe(910)
    expect(i.autoFillThresholdBp).toBe(6667)
    expect(i.openerDiscountFen).toBe(30)
    expect('ladderSteps' in i).toBe(false)
  })
  it('sends a ladder group its steps, sorted, and no group price', () => {
    const i = toDealInput({
      ...base,
      type: 'ladder',
      groupPrice: 10,
      ladderSteps: [
        { size: 5, price: 8 },
        { size: 2, price: 9.5 },
        { size: undefined, price: 1 },
      ],
    })
    expect(i.ladderSteps).toEqual([
      { size: 2, priceFen: 950 },
      { size: 5, priceFen: 800 },
    ])
    expect('groupPriceFen' in i).toBe(false)
  })
  it('leaves out what does not belong to the type', () => {
    const i = toDealInput({ ...base, type: 'standard', groupPrice: 5, luckyDrawWinners: 2, flashSlotId: 'x' })
    expect('luckyDrawWinners' in i).toBe(false)
    expect('flashSlotId' in i).toBe(false)
    const free = toDealInput({
      ...base,
      type: 'standard',
      groupPrice: 5,
      freeToOpen: true,
      openerDiscount: 1,
    })
    expect('openerDiscountFen' in free).toBe(false)
  })
})

describe('toFormValues', () => {
  it('round-trips a deal', () => {
    const d = {
      ...base,
      id: 'd1',
      type: 'lucky_draw',
      status: 'active',
      title: 'x',
      productId: 'p1',
      productTitle: 'P',
      specLabel: '',
      imageUrl: null,
      singlePriceFen: 2000,
      groupPriceFen: 100,
      ladderSteps: null,
      openerDiscountFen: 0,
      freeToOpen: false,
      newCustomersOnly: true,
      autoFillThresholdBp: null,
      luckyDrawWinners: 1,
      flashSlotId: null,
      importTaxRateBp: null,
      importTaxFen: null,
      openerRewardFen: null,
      openerRewardBp: 500,
      serverNow: '',
    } satisfies Deal
    const v = toFormValues(d)
    expect(v.groupPrice).toBe(1)
    expect(v.openerRewardPercent).toBe(5)
    const back = toDealInput(v)
    expect(back.groupPriceFen).toBe(100)
    expect(back.luckyDrawWinners).toBe(1)
    expect(back.openerRewardBp).toBe(500)
    expect(back.newCustomersOnly).toBe(true)
  })
})

describe('formFieldOf', () => {
  it('maps server field names to the form', () => {
    expect(formFieldOf('groupPriceFen')).toBe('groupPrice')
    expect(formFieldOf('ladderSteps.1.priceFen')).toBe('ladderSteps')
    expect(formFieldOf('body.endsAt')).toBe('period')
    expect(formFieldOf('groupSize')).toBe('groupSize')
    expect(formFieldOf(undefined)).toBeUndefined()
  })
})
