import { describe, expect, it } from 'vitest'
import {
  allocateShortage,
  type CampaignInput,
  campaignProblems,
  leaderCommissionFen,
  newPickupCode,
  PICKUP_CODE,
  pickingLines,
  pickupCodeHash,
  purchaseLines,
  shortRefundFen,
} from './campaign.js'
import { campaignMachine, leaderCommissionMachine, pickupMachine } from './campaign-state.js'

const now = new Date('2026-11-23T02:00:00Z')
const valid = (over: Partial<CampaignInput> = {}): CampaignInput => ({
  title: '明日鲜果',
  cutoffAt: '2026-11-23T12:00:00Z',
  pickupDate: '2026-11-24',
  commissionBp: 1_000,
  uncollectedDays: 3,
  uncollectedRule: 'refund',
  returnWindowDays: 7,
  skus: [
    {
      skuId: 'a',
      priceFen: 800,
      perPersonLimit: 3,
      totalCap: 10,
      supplier: '农场',
      unit: '斤',
      costFen: 500,
    },
  ],
  ...over,
})

describe('campaign state machine', () => {
  it('runs draft → open → closed → receiving → completed, and cancels only before goods arrive', () => {
    let s = campaignMachine.next('draft', 'open')
    s = campaignMachine.next(s, 'close')
    s = campaignMachine.next(s, 'receive')
    expect(campaignMachine.next(s, 'complete')).toBe('completed')
    for (const from of ['draft', 'open', 'closed'] as const)
      expect(campaignMachine.next(from, 'cancel')).toBe('cancelled')
    expect(campaignMachine.can('receiving', 'cancel')).toBe(false)
    expect(campaignMachine.can('draft', 'close')).toBe(false)
    expect(campaignMachine.can('open', 'receive')).toBe(false)
    expect(() => campaignMachine.next('completed', 'open')).toThrow('invalid_transition')
    expect(() => campaignMachine.next('cancelled', 'open')).toThrow('invalid_transition')
  })

  it('hands out a pickup once, only after the goods arrived', () => {
    expect(pickupMachine.can('awaiting_goods', 'pick_up')).toBe(false)
    expect(pickupMachine.next('ready', 'pick_up')).toBe('picked_up')
    expect(pickupMachine.can('picked_up', 'pick_up')).toBe(false)
    expect(pickupMachine.next('ready', 'expire')).toBe('uncollected')
    expect(pickupMachine.can('pending_payment', 'refund')).toBe(false)
    expect(leaderCommissionMachine.can('settled', 'void')).toBe(false)
    expect(leaderCommissionMachine.next('frozen', 'settle')).toBe('settled')
  })
})

describe('campaign problems', () => {
  it('accepts a valid campaign', () => {
    expect(campaignProblems(valid(), now)).toEqual([])
  })

  it('names the field at fault', () => {
    const fields = (c: CampaignInput) => campaignProblems(c, now).map((p) => p.field)
    expect(fields(valid({ cutoffAt: '2026-11-23T01:00:00Z' }))).toEqual(['cutoffAt'])
    expect(fields(valid({ pickupDate: '2026-11-22' }))).toEqual(['pickupDate'])
    expect(fields(valid({ pickupDate: '24/11/2026' }))).toEqual(['pickupDate'])
    expect(fields(valid({ commissionBp: 3_001 }))).toEqual(['commissionBp'])
    expect(fields(valid({ skus: [] }))).toEqual(['skus'])
    const sku = valid().skus[0]
    expect(fields(valid({ skus: [sku, sku] }))).toEqual(['skus.1.skuId'])
    expect(fields(valid({ skus: [{ ...sku, perPersonLimit: 11 }] }))).toEqual(['skus.0.perPersonLimit'])
    expect(fields(valid({ skus: [{ ...sku, priceFen: 0 }] }))).toEqual(['skus.0.priceFen'])
    expect(fields(valid({ skus: [{ ...sku, supplier: ' ' }] }))).toEqual(['skus.0.supplier'])
    expect(fields(valid({ skus: [{ ...sku, commissionBp: 5_000 }] }))).toEqual(['skus.0.commissionBp'])
    expect(campaignProblems(valid({ title: ' ' }), now)[0].zh).toBe('请填写活动名称')
  })
})

describe('shortage allocation', () => {
  const at = (m: number) => new Date(now.getTime() + m * 60_000)
  const lines = [
    { orderId: 'o1', lineId: 'l1', quantity: 3, paidAt: at(1) },
    { orderId: 'o2', lineId: 'l2', quantity: 2, paidAt: at(2) },
    { orderId: 'o3', lineId: 'l3', quantity: 1, paidAt: at(3) },
  ]

  it('takes from the last paid first, whole lines before earlier ones', () => {
    expect(allocateShortage(lines, 0)).toEqual([])
    expect(allocateShortage(lines, 1)).toEqual([{ orderId: 'o3', lineId: 'l3', quantity: 1 }])
    expect(allocateShortage(lines, 2)).toEqual([
      { orderId: 'o3', lineId: 'l3', quantity: 1 },
      { orderId: 'o2', lineId: 'l2', quantity: 1 },
    ])
  })

  it('always sums to what is missing, or everything when more is missing than was ordered', () => {
    for (let missing = 0; missing <= 8; missing++) {
      const got = allocateShortage(lines, missing).reduce((s, x) => s + x.quantity, 0)
      expect(got).toBe(Math.min(missing, 6))
    }
  })

  it('refunds the proportional part of a line, and the whole line when all of it is short', () => {
    expect(shortRefundFen({ amountFen: 1_000, quantity: 3 }, 1)).toBe(333)
    expect(shortRefundFen({ amountFen: 1_000, quantity: 3 }, 3)).toBe(1_000)
    expect(shortRefundFen({ amountFen: 1_600, quantity: 2 }, 1)).toBe(800)
  })
})

describe('lists built at the cutoff', () => {
  const demand = [
    { pickupPointId: 'p1', skuId: 'a', quantity: 3, amountFen: 2_400 },
    { pickupPointId: 'p1', skuId: 'a', quantity: 2, amountFen: 1_600 },
    { pickupPointId: 'p2', skuId: 'a', quantity: 1, amountFen: 800 },
    { pickupPointId: 'p1', skuId: 'b', quantity: 2, amountFen: 4_000 },
  ]

  it('groups demand by point and SKU', () => {
    expect(pickingLines(demand)).toEqual([
      { pickupPointId: 'p1', skuId: 'a', quantity: 5, amountFen: 4_000 },
      { pickupPointId: 'p1', skuId: 'b', quantity: 2, amountFen: 4_000 },
      { pickupPointId: 'p2', skuId: 'a', quantity: 1, amountFen: 800 },
    ])
  })

  it('buys per SKU exactly what the points need, at the supplier cost', () => {
    const skus = [
      { skuId: 'a', supplier: '农场', unit: '斤', costFen: 500 },
      { skuId: 'b', supplier: '海鲜', unit: '盒', costFen: 1_500 },
      { skuId: 'c', supplier: '海鲜', unit: '盒', costFen: 100 },
    ]
    const po = purchaseLines(pickingLines(demand), skus)
    expect(po).toEqual([
      { supplier: '农场', skuId: 'a', unit: '斤', quantity: 6, costFen: 500, totalCostFen: 3_000 },
      { supplier: '海鲜', skuId: 'b', unit: '盒', quantity: 2, costFen: 1_500, totalCostFen: 3_000 },
    ])
    const ordered = demand.reduce((s, d) => s + d.quantity, 0)
    expect(po.reduce((s, l) => s + l.quantity, 0)).toBe(ordered)
  })
})

describe('leader commission and pickup codes', () => {
  it('rounds each line down, at its own rate, net of refunds', () => {
    expect(
      leaderCommissionFen([
        { netFen: 2_400, bp: 1_000 },
        { netFen: 2_000, bp: 500 },
      ]),
    ).toBe(340)
    expect(leaderCommissionFen([{ netFen: 999, bp: 1_000 }])).toBe(99)
    expect(leaderCommissionFen([{ netFen: -5, bp: 1_000 }])).toBe(0)
  })

  it('draws 8 digits and stores a keyed hash bound to the campaign and point', () => {
    expect(newPickupCode(() => 42)).toBe('00000042')
    for (let i = 0; i < 50; i++) expect(newPickupCode()).toMatch(PICKUP_CODE)
    const h = pickupCodeHash('key', 'c1', 'p1', '12345678')
    expect(h).not.toContain('12345678')
    expect(pickupCodeHash('key', 'c1', 'p1', '12345678')).toBe(h)
    expect(pickupCodeHash('key', 'c1', 'p2', '12345678')).not.toBe(h)
    expect(pickupCodeHash('key', 'c2', 'p1', '12345678')).not.toBe(h)
    expect(pickupCodeHash('other', 'c1', 'p1', '12345678')).not.toBe(h)
  })
})
