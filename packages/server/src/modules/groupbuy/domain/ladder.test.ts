import { describe, expect, it } from 'vitest'
import {
  closingRefunds,
  ladderPriceFen,
  owedFen,
  type PaidSeat,
  seatPriceFen,
  stepReached,
} from './ladder.js'

const steps = [
  { size: 2, priceFen: 8900 },
  { size: 5, priceFen: 7900 },
  { size: 10, priceFen: 6900 },
]

describe('stepReached and ladderPriceFen', () => {
  it('moves to a step exactly at its size, not one member before', () => {
    expect(stepReached(steps, 1)).toBeUndefined()
    expect(stepReached(steps, 2)).toEqual(steps[0])
    expect(stepReached(steps, 4)).toEqual(steps[0])
    expect(stepReached(steps, 5)).toEqual(steps[1])
    expect(stepReached(steps, 9)).toEqual(steps[1])
    expect(stepReached(steps, 10)).toEqual(steps[2])
    expect(stepReached(steps, 11)).toEqual(steps[2])
  })

  it('charges the first step below it and refuses a ladder without steps', () => {
    expect(ladderPriceFen(steps, 0)).toBe(8900)
    expect(ladderPriceFen(steps, 1)).toBe(8900)
    expect(ladderPriceFen(steps, 5)).toBe(7900)
    expect(ladderPriceFen(steps, 10)).toBe(6900)
    expect(() => ladderPriceFen([], 3)).toThrow(RangeError)
  })
})

describe('owedFen and seatPriceFen', () => {
  it('takes the opener discount off the opener only, never below zero', () => {
    expect(owedFen(8900, true, { openerDiscountFen: 1000 })).toBe(7900)
    expect(owedFen(8900, false, { openerDiscountFen: 1000 })).toBe(8900)
    expect(owedFen(500, true, { openerDiscountFen: 1000 })).toBe(0)
    expect(owedFen(8900, true, { freeToOpen: true })).toBe(0)
  })

  it('charges a ladder seat the step the group reaches with it', () => {
    const ladder = { type: 'ladder' as const, ladderSteps: steps }
    expect(seatPriceFen({ ...ladder, openerDiscountFen: 1000 }, 0, true)).toBe(7900)
    expect(seatPriceFen(ladder, 3, false)).toBe(8900)
    expect(seatPriceFen(ladder, 4, false)).toBe(7900)
    expect(seatPriceFen(ladder, 9, false)).toBe(6900)
  })

  it('charges other groups the group price', () => {
    expect(seatPriceFen({ type: 'standard', groupPriceFen: 4990 }, 1, false)).toBe(4990)
    expect(seatPriceFen({ type: 'standard', groupPriceFen: 4990, freeToOpen: true }, 0, true)).toBe(0)
    expect(() => seatPriceFen({ type: 'standard' }, 1, false)).toThrow(RangeError)
  })
})

describe('closingRefunds', () => {
  const seat = (n: number, paidFen: number, isOpener = false): PaidSeat => ({
    memberId: `m${n}`,
    paidFen,
    isOpener,
  })

  it('refunds each member down to the final step, opener keeping the discount', () => {
    const seats = [seat(1, 7900, true), seat(2, 8900), seat(3, 8900), seat(4, 8900), seat(5, 7900)]
    const { finalPriceFen, refunds } = closingRefunds(steps, seats, { openerDiscountFen: 1000 })
    expect(finalPriceFen).toBe(7900)
    expect(refunds.map((r) => r.refundFen)).toEqual([1000, 1000, 1000, 1000, 0])
    const kept = seats.reduce((sum, s, i) => sum + s.paidFen - refunds[i].refundFen, 0)
    expect(kept).toBe(6900 + 4 * 7900)
  })

  it('refunds nothing below the first step and never a negative amount', () => {
    expect(closingRefunds(steps, [seat(1, 8900)], {}).refunds).toEqual([{ memberId: 'm1', refundFen: 0 }])
    const underpaid = closingRefunds(steps, [seat(1, 100), seat(2, 8900)], {})
    expect(underpaid.refunds.map((r) => r.refundFen)).toEqual([0, 0])
  })

  it('reaches the top step at exactly its size', () => {
    const nine = Array.from({ length: 9 }, (_, i) => seat(i, 8900))
    expect(closingRefunds(steps, nine, {}).refunds[0].refundFen).toBe(1000)
    expect(closingRefunds(steps, [...nine, seat(9, 8900)], {}).refunds[0].refundFen).toBe(2000)
  })
})
