import { describe, expect, it } from 'vitest'
import { slotFaults, slotPhase, unitsLeft } from './slot-rules.js'

const now = new Date('2026-11-23T02:00:00Z')
const h = (n: number) => new Date(now.getTime() + n * 3_600_000)
const skus = new Map([
  ['s1', { priceFen: 1000, purchasable: true, available: 10 }],
  ['s2', { priceFen: 500, purchasable: false, available: 10 }],
])
const k = (
  o: Partial<{ skuId: string; flashPriceFen: number; stock: number; perPersonLimit: number }> = {},
) => ({
  skuId: 's1',
  flashPriceFen: 900,
  stock: 5,
  perPersonLimit: 1,
  ...o,
})

describe('slotFaults', () => {
  it('accepts a good campaign', () => {
    expect(
      slotFaults([{ startsAt: h(1), endsAt: h(2), skus: [k()] }], { skus, now, stockCheck: true }),
    ).toEqual([])
  })

  it('names each fault by field', () => {
    const f = slotFaults(
      [
        { startsAt: h(2), endsAt: h(1), skus: [k({ flashPriceFen: 1000 })] },
        {
          startsAt: h(1),
          endsAt: h(3),
          skus: [k({ skuId: 's2' }), k({ skuId: 'nope' }), k({ perPersonLimit: 6 })],
        },
      ],
      { skus, now, stockCheck: true },
    ).map((x) => x.field)
    expect(f).toEqual([
      'slots.0.endsAt',
      'slots.0.skus.0.flashPriceFen',
      'slots.1.skus.0.skuId',
      'slots.1.skus.0.flashPriceFen',
      'slots.1.skus.1.skuId',
      'slots.1.skus.2.perPersonLimit',
    ])
  })

  it('sums stock per SKU across slots against what is available, only when scheduling', () => {
    const slots = [
      { startsAt: h(1), endsAt: h(2), skus: [k({ stock: 6 })] },
      { startsAt: h(2), endsAt: h(3), skus: [k({ stock: 6 })] },
    ]
    expect(slotFaults(slots, { skus, now, stockCheck: false })).toEqual([])
    expect(slotFaults(slots, { skus, now, stockCheck: true })).toEqual([
      {
        field: 'slots.0.skus.0.stock',
        detail: 'only 10 available to carve',
        zh: '场次 1 第 1 个商品的可用库存只有 10 件，不够划出秒杀库存',
      },
    ])
  })

  it('refuses a SKU in another slot at the same time, and slots already over', () => {
    const busy = [{ slotId: 'x', startsAt: h(1.5), endsAt: h(5), skuIds: ['s1'] }]
    expect(
      slotFaults([{ startsAt: h(1), endsAt: h(2), skus: [k()] }], { skus, now, stockCheck: true, busy }).map(
        (x) => x.field,
      ),
    ).toEqual(['slots.0.skus.0.skuId'])
    expect(
      slotFaults([{ startsAt: h(-2), endsAt: h(-1), skus: [k()] }], { skus, now, stockCheck: true }).map(
        (x) => x.field,
      ),
    ).toEqual(['slots.0.endsAt'])
  })
})

describe('slot faults in Chinese', () => {
  it('numbers slots and SKUs from one as the console does, and shows prices in yuan', () => {
    const zh = slotFaults(
      [
        { startsAt: h(2), endsAt: h(1), skus: [k({ flashPriceFen: 1000 })] },
        {
          startsAt: h(1),
          endsAt: h(3),
          skus: [k({ skuId: 's2', flashPriceFen: 450 }), k({ skuId: 'nope' }), k({ perPersonLimit: 6 })],
        },
        { startsAt: h(2), endsAt: h(4), skus: [] },
      ],
      { skus, now, stockCheck: false },
    ).map((x) => x.zh)
    expect(zh).toEqual([
      '场次 1 的结束时间须晚于开始时间',
      '场次 1 第 1 个商品的秒杀价须低于原价（10 元）',
      '场次 2 第 1 个商品未在售，不能参加秒杀',
      '场次 2 第 2 个商品的规格不存在',
      '场次 2 第 3 个商品的每人限购不能多于秒杀库存',
      '场次 3 与场次 2 的时间重叠',
      '场次 3 请至少添加一个商品',
    ])
  })
})

describe('slotPhase and unitsLeft', () => {
  it('reads the phase from the server time', () => {
    const s = { startsAt: h(1), endsAt: h(2), status: 'scheduled' }
    expect(slotPhase(s, now)).toBe('upcoming')
    expect(slotPhase(s, h(1))).toBe('live')
    expect(slotPhase(s, h(2))).toBe('ended')
    expect(slotPhase({ ...s, status: 'ended' }, h(1.5))).toBe('ended')
    expect(unitsLeft({ carved: 10, held: 2, sold: 3, taken: 1, returned: 0 })).toBe(4)
  })
})
