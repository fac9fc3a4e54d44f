import { describe, expect, it } from 'vitest'
import {
  campaignLink,
  countByStatus,
  formatCutoff,
  formatDays,
  formatDistance,
  formatHours,
  groupPickups,
  maxQuantity,
  normalizePickupCode,
  pickupCodeReady,
  receiptProblem,
  rememberCampaign,
  spacedCode,
} from './community'

describe('formatDistance', () => {
  it('metres under a kilometre, rounded to 10 m', () => {
    expect(formatDistance(0)).toBe('0 m')
    expect(formatDistance(4)).toBe('4 m')
    expect(formatDistance(347)).toBe('350 m')
    expect(formatDistance(994)).toBe('990 m')
  })
  it('kilometres with one decimal under 10 km, whole above', () => {
    expect(formatDistance(1000)).toBe('1.0 km')
    expect(formatDistance(1249)).toBe('1.2 km')
    expect(formatDistance(9_960)).toBe('10 km')
    expect(formatDistance(12_600)).toBe('13 km')
  })
  it('nothing when not measured', () => {
    expect(formatDistance(null)).toBe('')
    expect(formatDistance(undefined)).toBe('')
    expect(formatDistance(-1)).toBe('')
  })
})

describe('formatCutoff', () => {
  it('clock under a day, days before it otherwise', () => {
    expect(formatCutoff(65_000, 'zh-CN')).toBe('00:01:05')
    expect(formatCutoff(3_600_000 * 5 + 1_500, 'en')).toBe('05:00:01')
    const twoDays = 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5_000
    expect(formatCutoff(twoDays, 'zh-CN')).toBe('2天 03:04:05')
    expect(formatCutoff(twoDays, 'en')).toBe('2d 03:04:05')
  })
  it('null once the cutoff passed', () => {
    expect(formatCutoff(0, 'en')).toBeNull()
    expect(formatCutoff(-5, 'zh-CN')).toBeNull()
  })
})

describe('hours', () => {
  it('runs of days', () => {
    expect(formatDays([1, 2, 3, 4, 5], 'zh-CN')).toBe('周一至周五')
    expect(formatDays([6, 7], 'en')).toBe('Sat, Sun')
    expect(formatDays([5, 1, 3, 2], 'en')).toBe('Mon–Wed, Fri')
    expect(formatDays([1, 2, 3, 4, 5, 6, 7], 'zh-CN')).toBe('每天')
  })
  it('periods joined', () => {
    expect(
      formatHours(
        [
          { days: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' },
          { days: [6, 7], opens: '09:00', closes: '18:00' },
        ],
        'zh-CN',
      ),
    ).toBe('周一至周五 08:00–20:00；周六、周日 09:00–18:00')
  })
})

describe('pickup codes', () => {
  it('strips spaces and dashes; QR text kept', () => {
    expect(normalizePickupCode(' 1234 5678 ')).toBe('12345678')
    expect(normalizePickupCode('1234-5678')).toBe('12345678')
    expect(normalizePickupCode('liebian:pickup:c1:12345678')).toBe('liebian:pickup:c1:12345678')
  })
  it('ready only for 8 digits or the QR text', () => {
    expect(pickupCodeReady('1234 5678')).toBe(true)
    expect(pickupCodeReady('1234567')).toBe(false)
    expect(pickupCodeReady('12345678a')).toBe(false)
    expect(pickupCodeReady('liebian:pickup:c1:12345678')).toBe(true)
    expect(pickupCodeReady('liebian:pickup:c1:123')).toBe(false)
  })
  it('spaced for reading out', () => {
    expect(spacedCode('12345678')).toBe('1234 5678')
    expect(spacedCode('123')).toBe('123')
  })
})

describe('maxQuantity', () => {
  it('the smaller of the limit and what is left', () => {
    expect(maxQuantity({ perPersonLimit: 3, remaining: null })).toBe(3)
    expect(maxQuantity({ perPersonLimit: 3, remaining: 2 })).toBe(2)
    expect(maxQuantity({ perPersonLimit: 3, remaining: 0 })).toBe(0)
  })
})

describe('groupPickups', () => {
  it('ready first, then waiting, unpaid, done; order kept inside each', () => {
    const items = [
      { id: 'a', status: 'picked_up' },
      { id: 'b', status: 'awaiting_goods' },
      { id: 'c', status: 'ready' },
      { id: 'd', status: 'refunded' },
      { id: 'e', status: 'ready' },
    ]
    expect(groupPickups(items).map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ['toCollect', ['c', 'e']],
      ['waiting', ['b']],
      ['done', ['a', 'd']],
    ])
    expect(groupPickups([])).toEqual([])
  })
  it('counts by status', () => {
    expect(countByStatus([{ status: 'ready' }, { status: 'ready' }, { status: 'picked_up' }])).toEqual({
      ready: 2,
      picked_up: 1,
    })
  })
})

describe('rememberCampaign', () => {
  it('newest first, once each, capped', () => {
    let list = rememberCampaign([], { id: '1', title: 'a' })
    list = rememberCampaign(list, { id: '2', title: 'b' })
    list = rememberCampaign(list, { id: '1', title: 'a2' })
    expect(list).toEqual([
      { id: '1', title: 'a2' },
      { id: '2', title: 'b' },
    ])
    expect(rememberCampaign(list, { id: '3', title: 'c' }, 2).map((c) => c.id)).toEqual(['3', '1'])
  })
})

describe('receiptProblem', () => {
  it('received within expected, damaged within received', () => {
    expect(receiptProblem({ expected: 5, received: 5, damaged: 0 })).toBeNull()
    expect(receiptProblem({ expected: 5, received: 4, damaged: 1 })).toBeNull()
    expect(receiptProblem({ expected: 5, received: 6, damaged: 0 })).toBe('received')
    expect(receiptProblem({ expected: 5, received: 2, damaged: 3 })).toBe('damaged')
    expect(receiptProblem({ expected: 5, received: 1.5, damaged: 0 })).toBe('received')
  })
})

describe('campaignLink', () => {
  it('names the leader and, when known, the point', () => {
    expect(campaignLink('c 1', 'l1', 'p1')).toBe('/community/c/c%201?leader=l1&point=p1')
    expect(campaignLink('c1', 'l1')).toBe('/community/c/c1?leader=l1')
  })
})
