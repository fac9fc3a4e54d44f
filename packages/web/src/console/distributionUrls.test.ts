import { describe, expect, it } from 'vitest'
import {
  distributionUrls,
  isId,
  parseBinding,
  parseCommissionList,
  parseLeaderboard,
  parseWithdrawalList,
} from './distributionUrls'

const ID = '0190b2a4-1c2d-7e3f-8a9b-0c1d2e3f4a5b'
const sp = (s: string) => new URLSearchParams(s)

describe('distribution URLs', () => {
  it('round-trips commission filters with the page trail', () => {
    const p = { status: 'frozen' as const, review: 'held' as const, promoterId: ID, c: ['a', 'b'] }
    const url = distributionUrls.commissions(p)
    expect(url).toBe(`/commissions?status=frozen&review=held&promoterId=${ID}&c=a&c=b`)
    expect(parseCommissionList(sp(url.split('?')[1]))).toEqual(p)
  })
  it('drops values it does not know', () => {
    expect(parseCommissionList(sp('status=paid&review=x&promoterId=nope'))).toEqual({
      status: undefined,
      review: undefined,
      promoterId: undefined,
      c: undefined,
    })
    expect(parseWithdrawalList(sp('status=rejected'))).toEqual({ status: 'rejected', promoterId: undefined })
    expect(parseBinding(sp(`customer=${ID}&order=1`))).toEqual({ customer: ID, order: undefined })
  })
  it('reads a leaderboard with defaults; dates only for a custom range', () => {
    expect(parseLeaderboard(sp(''))).toEqual({
      metric: 'gmv',
      range: 'week',
      by: 'person',
      from: undefined,
      to: undefined,
    })
    expect(
      parseLeaderboard(sp('metric=orders&range=custom&by=department&from=2026-11-01&to=2026-11-23')),
    ).toEqual({
      metric: 'orders',
      range: 'custom',
      by: 'department',
      from: '2026-11-01',
      to: '2026-11-23',
    })
    expect(parseLeaderboard(sp('range=month&from=2026-11-01')).from).toBeUndefined()
  })
  it('knows an id', () => {
    expect(isId(` ${ID} `)).toBe(true)
    expect(isId('138')).toBe(false)
  })
})
