import { describe, expect, it } from 'vitest'
import type { DealConfig } from './deal.js'
import { dealProblems } from './deal-rules.js'

const base: DealConfig = {
  type: 'standard',
  groupSize: 3,
  singlePriceFen: 9900,
  groupPriceFen: 6900,
  timeLimitMinutes: 24 * 60,
  startsAt: new Date('2025-06-01T00:00:00Z'),
  endsAt: new Date('2025-06-30T00:00:00Z'),
  perPersonLimit: 2,
}
const ladder: DealConfig = {
  ...base,
  type: 'ladder',
  groupSize: 20,
  groupPriceFen: undefined,
  ladderSteps: [
    { size: 2, priceFen: 8900 },
    { size: 5, priceFen: 7900 },
    { size: 10, priceFen: 6900 },
  ],
}

/** The fields at fault, with their codes, for compact assertions. */
const faults = (deal: DealConfig) => dealProblems(deal).map((p) => `${p.field}:${p.code}`)

describe('dealProblems', () => {
  it('accepts a sound deal of every type', () => {
    expect(faults(base)).toEqual([])
    expect(faults(ladder)).toEqual([])
    expect(
      faults({ ...base, type: 'lucky_draw', groupSize: 10, groupPriceFen: 100, luckyDrawWinners: 1 }),
    ).toEqual([])
    expect(faults({ ...base, type: 'flash', flashSlotId: 'slot-1' })).toEqual([])
    expect(faults({ ...base, type: 'cross_border', importTaxRateBp: 910 })).toEqual([])
    expect(
      faults({ ...base, autoFillThresholdBp: 10_000, openerDiscountFen: 6900, newCustomersOnly: true }),
    ).toEqual([])
  })

  it('keeps the group size between 2 and 100', () => {
    expect(faults({ ...base, groupSize: 1 })).toEqual(['groupSize:out_of_range'])
    expect(faults({ ...base, groupSize: 2 })).toEqual([])
    expect(faults({ ...base, groupSize: 100 })).toEqual([])
    expect(faults({ ...base, groupSize: 101 })).toEqual(['groupSize:out_of_range'])
    expect(faults({ ...base, groupSize: 2.5 })).toEqual(['groupSize:not_integer'])
  })

  it('wants whole fen and a group price below the single price', () => {
    expect(faults({ ...base, groupPriceFen: 9900 })).toEqual(['groupPriceFen:out_of_range'])
    expect(faults({ ...base, groupPriceFen: 9899 })).toEqual([])
    expect(faults({ ...base, groupPriceFen: 69.9 })).toEqual(['groupPriceFen:not_integer'])
    expect(faults({ ...base, groupPriceFen: 0 })).toEqual(['groupPriceFen:out_of_range'])
    expect(faults({ ...base, singlePriceFen: 0 })).toEqual(['singlePriceFen:out_of_range'])
    expect(faults({ ...base, groupPriceFen: undefined })).toEqual(['groupPriceFen:required'])
  })

  it('wants ladder sizes rising, prices falling, the first below single and the last within the size', () => {
    const withSteps = (ladderSteps: DealConfig['ladderSteps']) => faults({ ...ladder, ladderSteps })
    expect(withSteps([{ size: 2, priceFen: 8900 }])).toEqual(['ladderSteps:out_of_range'])
    expect(
      withSteps([
        { size: 5, priceFen: 8900 },
        { size: 5, priceFen: 7900 },
      ]),
    ).toEqual(['ladderSteps.1.size:out_of_order'])
    expect(
      withSteps([
        { size: 2, priceFen: 8900 },
        { size: 5, priceFen: 8900 },
      ]),
    ).toEqual(['ladderSteps.1.priceFen:out_of_order'])
    expect(
      withSteps([
        { size: 2, priceFen: 9900 },
        { size: 5, priceFen: 8900 },
      ]),
    ).toEqual(['ladderSteps.0.priceFen:out_of_range'])
    expect(
      withSteps([
        { size: 2, priceFen: 8900 },
        { size: 20, priceFen: 7900 },
      ]),
    ).toEqual([])
    expect(
      withSteps([
        { size: 2, priceFen: 8900 },
        { size: 21, priceFen: 7900 },
      ]),
    ).toEqual(['ladderSteps.1.size:out_of_range'])
    expect(faults({ ...ladder, ladderSteps: undefined })).toEqual(['ladderSteps:required'])
    expect(faults({ ...ladder, groupPriceFen: 6900 })).toEqual(['groupPriceFen:not_allowed'])
    expect(faults({ ...base, ladderSteps: ladder.ladderSteps })).toEqual(['ladderSteps:not_allowed'])
  })

  it('bounds the time limit and wants the deal to start before it ends', () => {
    expect(faults({ ...base, timeLimitMinutes: 14 })).toEqual(['timeLimitMinutes:out_of_range'])
    expect(faults({ ...base, timeLimitMinutes: 15 })).toEqual([])
    expect(faults({ ...base, timeLimitMinutes: 7 * 24 * 60 })).toEqual([])
    expect(faults({ ...base, timeLimitMinutes: 7 * 24 * 60 + 1 })).toEqual(['timeLimitMinutes:out_of_range'])
    expect(faults({ ...base, endsAt: base.startsAt })).toEqual(['endsAt:out_of_order'])
    expect(faults({ ...base, startsAt: new Date('soon') })).toEqual(['startsAt:required'])
  })

  it('wants a per-person limit of at least one', () => {
    expect(faults({ ...base, perPersonLimit: 0 })).toEqual(['perPersonLimit:out_of_range'])
    expect(faults({ ...base, perPersonLimit: 1 })).toEqual([])
  })

  it('wants k lucky-draw winners with 1 <= k < N, and no auto-fill', () => {
    const draw: DealConfig = { ...base, type: 'lucky_draw', groupSize: 5, groupPriceFen: 100 }
    expect(faults(draw)).toEqual(['luckyDrawWinners:required'])
    expect(faults({ ...draw, luckyDrawWinners: 0 })).toEqual(['luckyDrawWinners:out_of_range'])
    expect(faults({ ...draw, luckyDrawWinners: 4 })).toEqual([])
    expect(faults({ ...draw, luckyDrawWinners: 5 })).toEqual(['luckyDrawWinners:out_of_range'])
    expect(faults({ ...draw, luckyDrawWinners: 1, autoFillThresholdBp: 5000 })).toEqual([
      'autoFillThresholdBp:not_allowed',
    ])
    expect(faults({ ...base, luckyDrawWinners: 1 })).toEqual(['luckyDrawWinners:not_allowed'])
  })

  it('wants an auto-fill threshold of 1 to 10000 basis points', () => {
    expect(faults({ ...base, autoFillThresholdBp: 0 })).toEqual(['autoFillThresholdBp:out_of_range'])
    expect(faults({ ...base, autoFillThresholdBp: 1 })).toEqual([])
    expect(faults({ ...base, autoFillThresholdBp: 10_001 })).toEqual(['autoFillThresholdBp:out_of_range'])
  })

  it('keeps the opener discount within the lowest price the group can end at', () => {
    expect(faults({ ...base, openerDiscountFen: 6901 })).toEqual(['openerDiscountFen:out_of_range'])
    expect(faults({ ...base, openerDiscountFen: -1 })).toEqual(['openerDiscountFen:out_of_range'])
    expect(faults({ ...ladder, openerDiscountFen: 6900 })).toEqual([])
    expect(faults({ ...ladder, openerDiscountFen: 6901 })).toEqual(['openerDiscountFen:out_of_range'])
    expect(faults({ ...base, freeToOpen: true })).toEqual([])
    expect(faults({ ...base, freeToOpen: true, openerDiscountFen: 100 })).toEqual([
      'openerDiscountFen:not_allowed',
    ])
  })

  it('wants a flash slot for flash groups and a tax rate for cross-border groups only', () => {
    expect(faults({ ...base, type: 'flash' })).toEqual(['flashSlotId:required'])
    expect(faults({ ...base, type: 'flash', flashSlotId: ' ' })).toEqual(['flashSlotId:required'])
    expect(faults({ ...base, flashSlotId: 'slot-1' })).toEqual(['flashSlotId:not_allowed'])
    expect(faults({ ...base, type: 'cross_border' })).toEqual(['importTaxRateBp:required'])
    expect(faults({ ...base, type: 'cross_border', importTaxRateBp: 0 })).toEqual([])
    expect(faults({ ...base, type: 'cross_border', importTaxRateBp: 10_001 })).toEqual([
      'importTaxRateBp:out_of_range',
    ])
    expect(faults({ ...base, importTaxRateBp: 910 })).toEqual(['importTaxRateBp:not_allowed'])
  })

  it('reports every problem at once, each with a readable detail', () => {
    const all = dealProblems({ ...base, groupSize: 0, perPersonLimit: 0, timeLimitMinutes: 1 })
    expect(all.map((p) => p.field)).toEqual(['groupSize', 'timeLimitMinutes', 'perPersonLimit'])
    expect(all[0].detail).toBe('between 2 and 100')
  })
})
