import { describe, expect, it } from 'vitest'
import { bargainDeadline, bargainShareUrl, cutPercent, msLeft } from './bargain'

describe('bargain helpers', () => {
  it('cutPercent runs from the start to the floor', () => {
    expect(cutPercent({ startPriceFen: 9900, floorPriceFen: 100, currentPriceFen: 9900 })).toBe(0)
    expect(cutPercent({ startPriceFen: 9900, floorPriceFen: 100, currentPriceFen: 5000 })).toBe(50)
    expect(cutPercent({ startPriceFen: 9900, floorPriceFen: 100, currentPriceFen: 100 })).toBe(100)
    expect(cutPercent({ startPriceFen: 100, floorPriceFen: 100, currentPriceFen: 100 })).toBe(100)
  })
  it('shares the bargain page with its token', () => {
    expect(bargainShareUrl('https://x.cn', 'b 1', 'T0k')).toBe('https://x.cn/bargains/b%201?s=T0k')
  })
  it('counts down to the deadline that applies, by the server clock', () => {
    const b = { expiresAt: '2026-11-23T10:00:00Z', payBy: '2026-11-23T09:30:00Z' }
    expect(bargainDeadline({ ...b, status: 'ongoing' })).toBe(b.expiresAt)
    expect(bargainDeadline({ ...b, status: 'reached' })).toBe(b.payBy)
    expect(bargainDeadline({ ...b, status: 'completed' })).toBeNull()
    const server = '2026-11-23T09:00:00Z'
    // The browser is 5 minutes behind the server.
    const fetchedAt = new Date(server).getTime() - 5 * 60_000
    expect(msLeft(b.expiresAt, server, fetchedAt, fetchedAt)).toBe(60 * 60_000)
    expect(msLeft(b.expiresAt, server, fetchedAt, fetchedAt + 2 * 3_600_000)).toBe(0)
  })
})
