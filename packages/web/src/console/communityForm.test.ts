import { describe, expect, it } from 'vitest'
import type { Campaign } from './communityApi'
import { demandRows, percentToBp, pickupShare, shopDate, toCampaignInput } from './communityForm'

const now = new Date('2026-11-23T10:00:00Z')
const row = { skuId: 's1', price: '9.9', perPersonLimit: 5, supplier: '绿源农场', unit: '斤', cost: '6' }
const base = {
  title: '周末鲜果团',
  cutoffAt: '2026-11-25T12:00:00.000Z',
  pickupDate: '2026-11-26',
  skus: [row],
}
const fields = (v: object) =>
  toCampaignInput({ ...base, ...v }, now).problems.map((p) => `${p.field}:${p.key}`)

describe('toCampaignInput', () => {
  it('sends yuan as fen and percent as basis points', () => {
    const r = toCampaignInput(
      { ...base, commissionPercent: '8', skus: [{ ...row, commissionPercent: '10.5' }] },
      now,
    )
    expect(r.problems).toEqual([])
    expect(r.input).toEqual({
      title: '周末鲜果团',
      cutoffAt: '2026-11-25T12:00:00.000Z',
      pickupDate: '2026-11-26',
      commissionBp: 800,
      skus: [
        {
          skuId: 's1',
          priceFen: 990,
          perPersonLimit: 5,
          totalCap: null,
          supplier: '绿源农场',
          unit: '斤',
          costFen: 600,
          commissionBp: 1050,
        },
      ],
    })
  })
  it('names the field at fault', () => {
    expect(fields({ title: '' })).toEqual(['title:required'])
    expect(fields({ cutoffAt: '2026-11-23T09:00:00.000Z' })).toEqual(['cutoffAt:future'])
    expect(fields({ pickupDate: '2026-11-24' })).toEqual(['pickupDate:pickupBeforeCutoff'])
    expect(fields({ commissionPercent: '31' })).toEqual(['commissionPercent:commission'])
    expect(fields({ skus: [] })).toEqual(['skus:required'])
    expect(fields({ skus: [row, row] })).toEqual(['skus.1.skuId:duplicate'])
    expect(fields({ skus: [{ ...row, price: '0' }] })).toEqual(['skus.0.price:amount'])
    expect(fields({ skus: [{ ...row, cost: '' }] })).toEqual(['skus.0.cost:required'])
    expect(fields({ skus: [{ ...row, totalCap: 3 }] })).toEqual(['skus.0.totalCap:capBelowLimit'])
    expect(fields({ skus: [{ ...row, supplier: ' ', unit: '' }] })).toEqual([
      'skus.0.supplier:required',
      'skus.0.unit:required',
    ])
  })
  it('a free cost is allowed; the pickup day may be the cutoff day in shop time', () => {
    expect(fields({ skus: [{ ...row, cost: '0' }] })).toEqual([])
    // 2026-11-25T20:00Z is already the 26th in Beijing.
    expect(fields({ cutoffAt: '2026-11-25T20:00:00.000Z', pickupDate: '2026-11-25' })).toEqual([
      'pickupDate:pickupBeforeCutoff',
    ])
    expect(fields({ cutoffAt: '2026-11-25T15:00:00.000Z', pickupDate: '2026-11-25' })).toEqual([])
  })
})

describe('helpers', () => {
  it('percentToBp and shopDate', () => {
    expect(percentToBp('2.5')).toBe(250)
    expect(percentToBp('abc')).toBeNull()
    expect(shopDate('2026-11-25T16:30:00Z')).toBe('2026-11-26')
  })
  it('demand rows list every SKU with its cost total', () => {
    const campaign = {
      skus: [
        {
          skuId: 'a',
          title: '苹果',
          specLabel: '5斤',
          unit: '箱',
          supplier: 'X',
          costFen: 2000,
          totalCap: null,
        },
        { skuId: 'b', title: '梨', specLabel: '', unit: '箱', supplier: 'Y', costFen: 1500, totalCap: 10 },
      ],
    } as unknown as Campaign
    const rows = demandRows(campaign, {
      campaignId: 'c',
      skus: [{ skuId: 'a', quantity: 3, amountFen: 8700, shoppers: 2 }],
    })
    expect(rows.map((r) => [r.skuId, r.quantity, r.costFen, r.shoppers])).toEqual([
      ['a', 3, 6000, 2],
      ['b', 0, 0, 0],
    ])
  })
  it('pickup share counts paid orders only', () => {
    expect(pickupShare({ picked_up: 3, ready: 1, refunded: 4, cancelled: 2 })).toEqual({
      picked: 3,
      total: 4,
      percent: 75,
    })
    expect(pickupShare({})).toEqual({ picked: 0, total: 0, percent: 0 })
  })
})
