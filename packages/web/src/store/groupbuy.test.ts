import { describe, expect, it } from 'vitest'
import {
  bestGroupPrice,
  ladderStepReached,
  msLeft,
  openerPrice,
  residentIdHint,
  seatCircles,
  serverOffset,
  shareTargetPath,
  winnerNames,
} from './groupbuy'

describe('residentIdHint', () => {
  it('accepts an ID whose check character matches, x in either case', () => {
    expect(residentIdHint('11010519491231002X')).toBeUndefined()
    expect(residentIdHint(' 11010519491231002x ')).toBeUndefined()
  })
  it('names a wrong check character and a wrong shape', () => {
    expect(residentIdHint('110105194912310021')).toBe('checksum')
    expect(residentIdHint('1101051949123100')).toBe('format')
    expect(residentIdHint('11010519491231002Y')).toBe('format')
  })
})

describe('clock', () => {
  it('counts down on the server clock, whatever the device says', () => {
    const off = serverOffset('2026-01-01T00:00:00.000Z', Date.parse('2026-01-01T00:00:10.000Z'))
    expect(off).toBe(-10_000)
    expect(msLeft('2026-01-01T00:01:00.000Z', off, Date.parse('2026-01-01T00:00:10.000Z'))).toBe(60_000)
    expect(msLeft('2025-01-01T00:00:00.000Z', off)).toBe(0)
    expect(serverOffset(null)).toBe(0)
  })
})

describe('prices', () => {
  const steps = [
    { size: 5, priceFen: 800 },
    { size: 2, priceFen: 900 },
    { size: 10, priceFen: 700 },
  ]
  it('finds the ladder step reached and the best price', () => {
    expect(ladderStepReached(steps, 1)).toBeUndefined()
    expect(ladderStepReached(steps, 6)).toEqual({ size: 5, priceFen: 800 })
    expect(bestGroupPrice({ groupPriceFen: 900, ladderSteps: steps })).toBe(700)
    expect(bestGroupPrice({ groupPriceFen: 900, ladderSteps: null })).toBe(900)
  })
  it('prices the opener seat', () => {
    expect(openerPrice({ groupPriceFen: 900, openerDiscountFen: 100, freeToOpen: false })).toBe(800)
    expect(openerPrice({ groupPriceFen: 900, openerDiscountFen: 0, freeToOpen: true })).toBe(0)
  })
})

describe('seatCircles', () => {
  const m = (isOpener: boolean) => ({
    id: 's',
    nickname: 'x',
    avatarUrl: null,
    isOpener,
    paidAt: '',
    won: null,
  })
  it('draws the paid members, opener first, and only empty circles for the rest', () => {
    const c = seatCircles({ members: [m(false), m(true)], groupSize: 5, paidSeats: 2 })
    expect(c.members[0].isOpener).toBe(true)
    expect(c.empty).toBe(3)
    expect(c.more).toBe(0)
  })
  it('caps a large group', () => {
    const c = seatCircles({ members: [m(true)], groupSize: 50, paidSeats: 1 }, 10)
    expect(c.empty).toBe(9)
    expect(c.more).toBe(40)
  })
})

describe('shareTargetPath', () => {
  it('leads each kind to its page', () => {
    expect(shareTargetPath('group', 'g1')).toBe('/groups/g1')
    expect(shareTargetPath('deal', 'd1', 'p1')).toBe('/products/p1')
    expect(shareTargetPath('product', 'p1')).toBe('/products/p1')
    expect(shareTargetPath('bargain', 'b1')).toBe('/bargains/b1')
    expect(shareTargetPath('draw', 'c1')).toBe('/luckydraw/c1')
    expect(shareTargetPath('flash_slot', 's1')).toBe('/flash-sale')
    expect(shareTargetPath('page', 'x')).toBe('/')
  })
})

describe('winnerNames', () => {
  it('names the winning seats by their members', () => {
    const member = (id: string, nickname: string) => ({
      id,
      nickname,
      avatarUrl: null,
      isOpener: false,
      paidAt: '',
      won: null,
    })
    const g = {
      members: [member('s1', '张**'), member('s2', '李**')],
      draw: { seedHash: 'h', seed: 'x', winners: ['s2', 's9'] },
    }
    expect(winnerNames(g)).toEqual(['李**', 's9'])
    expect(winnerNames({ members: [], draw: null })).toEqual([])
  })
})
