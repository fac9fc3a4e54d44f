import { describe, expect, it } from 'vitest'
import {
  atExpiry,
  fillsGroup,
  type GroupSnapshot,
  groupExpiresAt,
  joinRefusal,
  type ShopperSnapshot,
} from './join-rules.js'

const now = new Date('2025-06-10T12:00:00Z')
const group: GroupSnapshot = {
  status: 'forming',
  openerId: 'opener',
  memberIds: ['opener', 'ann'],
  paidSeats: 2,
  heldSeats: 0,
  groupSize: 4,
  expiresAt: new Date('2025-06-10T13:00:00Z'),
}
const newcomer: ShopperSnapshot = { shopperId: 'bo', hasPaidBefore: false, unitsInDeal: 0 }
const deal = { perPersonLimit: 2 }

describe('joinRefusal', () => {
  it('lets a newcomer take a free seat', () => {
    expect(joinRefusal(group, newcomer, deal, now)).toBeUndefined()
  })

  it('refuses a group that is not forming or has expired, to the millisecond', () => {
    expect(joinRefusal({ ...group, status: 'opening' }, newcomer, deal, now)).toBe('group_closed')
    expect(joinRefusal({ ...group, status: 'succeeded' }, newcomer, deal, now)).toBe('group_closed')
    expect(joinRefusal(group, newcomer, deal, group.expiresAt)).toBe('group_closed')
    const justBefore = new Date(group.expiresAt.getTime() - 1)
    expect(joinRefusal(group, newcomer, deal, justBefore)).toBeUndefined()
  })

  it('refuses a second seat to a member and to the opener', () => {
    expect(joinRefusal(group, { ...newcomer, shopperId: 'ann' }, deal, now)).toBe('already_member')
    const openerOnly = { ...group, memberIds: [] }
    expect(joinRefusal(openerOnly, { ...newcomer, shopperId: 'opener' }, deal, now)).toBe('already_member')
  })

  it('counts held seats as taken', () => {
    expect(joinRefusal({ ...group, heldSeats: 1 }, newcomer, deal, now)).toBeUndefined()
    expect(joinRefusal({ ...group, heldSeats: 2 }, newcomer, deal, now)).toBe('group_full')
    expect(joinRefusal({ ...group, paidSeats: 4 }, newcomer, deal, now)).toBe('group_full')
  })

  it('refuses shoppers who ever paid when the deal is for new customers', () => {
    const regular = { ...newcomer, hasPaidBefore: true }
    expect(joinRefusal(group, regular, { ...deal, newCustomersOnly: true }, now)).toBe('new_customers_only')
    expect(joinRefusal(group, regular, deal, now)).toBeUndefined()
  })

  it('holds the per-person limit over the whole deal', () => {
    expect(joinRefusal(group, { ...newcomer, unitsInDeal: 1 }, deal, now)).toBeUndefined()
    expect(joinRefusal(group, { ...newcomer, unitsInDeal: 2 }, deal, now)).toBe('limit_reached')
    expect(joinRefusal(group, newcomer, deal, now, 3)).toBe('limit_reached')
  })
})

describe('groupExpiresAt and fillsGroup', () => {
  it('ends a group after its time limit or with the deal, whichever is first', () => {
    const d = { timeLimitMinutes: 60, endsAt: new Date('2025-06-10T12:30:00Z') }
    expect(groupExpiresAt(new Date('2025-06-10T11:00:00Z'), d).toISOString()).toBe('2025-06-10T12:00:00.000Z')
    expect(groupExpiresAt(now, d).toISOString()).toBe('2025-06-10T12:30:00.000Z')
  })

  it('fills a group at its last seat', () => {
    expect(fillsGroup({ groupSize: 3 }, 2)).toBe(false)
    expect(fillsGroup({ groupSize: 3 }, 3)).toBe(true)
  })
})

describe('atExpiry', () => {
  const standard = { type: 'standard' as const, groupSize: 4 }
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`)

  it('fails a short group without auto-fill', () => {
    expect(atExpiry(standard, ids(3)).event).toBe('fail')
    expect(atExpiry(standard, ids(4)).event).toBe('succeed')
  })

  it('auto-fills at the threshold exactly, and never invents members', () => {
    const deal = { ...standard, autoFillThresholdBp: 7500 }
    const closed = atExpiry(deal, ids(3))
    expect(closed).toEqual({ event: 'auto_fill', memberIds: ['m0', 'm1', 'm2'] })
    expect(atExpiry(deal, ids(2)).event).toBe('fail')
    expect(atExpiry({ ...standard, autoFillThresholdBp: 1 }, []).event).toBe('fail')
    expect(atExpiry({ ...standard, autoFillThresholdBp: 0 }, []).event).toBe('fail')
  })

  it('succeeds a ladder group past its first step and measures auto-fill against that step', () => {
    const steps = [
      { size: 4, priceFen: 8900 },
      { size: 8, priceFen: 7900 },
    ]
    const ladder = { type: 'ladder' as const, groupSize: 10, ladderSteps: steps }
    expect(atExpiry(ladder, ids(4)).event).toBe('succeed')
    expect(atExpiry(ladder, ids(3)).event).toBe('fail')
    expect(atExpiry({ ...ladder, autoFillThresholdBp: 5000 }, ids(2))).toEqual({
      event: 'auto_fill',
      memberIds: ['m0', 'm1'],
    })
  })

  it('never auto-fills a lucky-draw group', () => {
    const draw = { type: 'lucky_draw' as const, groupSize: 4, autoFillThresholdBp: 1 }
    expect(atExpiry(draw, ids(3)).event).toBe('fail')
  })
})
