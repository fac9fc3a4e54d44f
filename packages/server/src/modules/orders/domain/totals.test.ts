import { describe, expect, it } from 'vitest'
import { orderMachine } from './order-state.js'
import { lineRefundFen, mergeLines, orderTotals } from './totals.js'

describe('orderTotals', () => {
  it('adds lines and charges delivery unless free or picked up', () => {
    const lines = [
      { skuId: 'a', quantity: 2, unitPriceFen: 1990 },
      { skuId: 'b', quantity: 1, unitPriceFen: 500 },
    ]
    expect(orderTotals(lines, 'delivery', { shippingFeeFen: 800 })).toEqual({
      itemsFen: 4480,
      shippingFen: 800,
      discountFen: 0,
      totalFen: 5280,
    })
    expect(
      orderTotals(lines, 'delivery', { shippingFeeFen: 800, freeShippingOverFen: 4000 }).shippingFen,
    ).toBe(0)
    expect(orderTotals(lines, 'pickup', { shippingFeeFen: 800 }).totalFen).toBe(4480)
  })
})

describe('mergeLines', () => {
  it('merges repeated SKUs', () => {
    expect(
      mergeLines([
        { skuId: 'a', quantity: 1 },
        { skuId: 'b', quantity: 1 },
        { skuId: 'a', quantity: 2 },
      ]),
    ).toEqual([
      { skuId: 'a', quantity: 3 },
      { skuId: 'b', quantity: 1 },
    ])
  })
})

describe('lineRefundFen', () => {
  it('parts of a line always add up to the line', () => {
    const line = { amountFen: 1000, quantity: 3, refundedQuantity: 0, refundedFen: 0 }
    const a = lineRefundFen(line, 1)
    const b = lineRefundFen({ ...line, refundedQuantity: 1, refundedFen: a }, 1)
    const c = lineRefundFen({ ...line, refundedQuantity: 2, refundedFen: a + b }, 1)
    expect(a + b + c).toBe(1000)
    expect(() => lineRefundFen(line, 4)).toThrow()
  })
})

describe('orderMachine', () => {
  it('allows the documented moves and refuses others', () => {
    expect(orderMachine.next('pending_payment', 'pay')).toBe('paid')
    expect(orderMachine.next('cancelled', 'late_pay')).toBe('paid')
    expect(() => orderMachine.next('cancelled', 'ship')).toThrow(/invalid_transition/)
    expect(() => orderMachine.next('refunded', 'refund_all')).toThrow()
  })
})
