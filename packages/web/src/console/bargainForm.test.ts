import { describe, expect, it } from 'vitest'
import { rate, toOfferInput } from './bargainForm'

const base = {
  skuId: 's1',
  floorPrice: '1.00',
  helpersNeeded: 10,
  timeLimitMinutes: 1440,
  startsAt: '2026-11-23T00:00:00Z',
  endsAt: '2026-11-30T00:00:00Z',
}

describe('toOfferInput', () => {
  it('takes the SKU price as the start by default and fills defaults', () => {
    const r = toOfferInput(base, 9900)
    expect(r.problems).toEqual([])
    expect(r.input).toMatchObject({
      startPriceFen: 9900,
      floorPriceFen: 100,
      perShopperLimit: 1,
      stockCap: null,
      payWithinMinutes: 30,
      buyAtCurrentPrice: false,
    })
  })
  it('names the field at fault', () => {
    const fields = (v: object) =>
      toOfferInput({ ...base, ...v }, 9900).problems.map((p) => `${p.field}:${p.key}`)
    expect(fields({ floorPrice: '99' })).toEqual(['floorPrice:floorBelowStart'])
    expect(fields({ floorPrice: '0' })).toEqual(['floorPrice:floorMin'])
    expect(fields({ floorPrice: '' })).toEqual(['floorPrice:required'])
    expect(fields({ startPrice: '1.05' })).toEqual(['helpersNeeded:tooManyHelpers'])
    expect(fields({ endsAt: base.startsAt })).toEqual(['endsAt:endAfterStart'])
  })
  it('rates', () => {
    expect(rate(1, 4)).toBe(25)
    expect(rate(1, 0)).toBe(0)
  })
})
