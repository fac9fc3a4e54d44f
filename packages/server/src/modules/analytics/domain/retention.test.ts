import { describe, expect, it } from 'vitest'
import { retentionCohorts, weekOf } from './retention.js'

/** An instant in shop time (Asia/Shanghai). */
const at = (day: string, time = '12:00') => Date.parse(`${day}T${time}:00+08:00`)

describe('shop weeks', () => {
  it('start on Monday in Asia/Shanghai', () => {
    expect(weekOf('2026-11-02')).toBe('2026-11-02')
    expect(weekOf('2026-11-08')).toBe('2026-11-02')
    expect(weekOf('2026-11-09')).toBe('2026-11-09')
    expect(weekOf('2026-11-25')).toBe('2026-11-23')
  })
})

describe('weekly retention cohorts by acquisition source', () => {
  // Weeks of 2 Nov (W0), 9 Nov (W1), 16 Nov (W2) and 23 Nov (W3, seen to Wednesday only).
  const customers = [
    { shopper: 'a', activatedAt: at('2026-11-02', '10:00'), source: 'share' },
    { shopper: 'x', activatedAt: at('2026-11-02', '00:00'), source: 'promoter' },
    { shopper: 'b', activatedAt: at('2026-11-04'), source: 'share' },
    // Sunday night in Shanghai (Sunday afternoon UTC): still W0.
    { shopper: 'c', activatedAt: at('2026-11-08', '23:30'), source: 'direct' },
    { shopper: 'd', activatedAt: at('2026-11-10'), source: 'direct' },
    { shopper: 'e', activatedAt: at('2026-11-11'), source: 'share' },
    // Before the first week and after the range: in no cohort.
    { shopper: 'f', activatedAt: at('2026-11-01'), source: 'share' },
    { shopper: 'g', activatedAt: at('2026-11-26'), source: 'share' },
  ]
  const orders = [
    { shopper: 'a', at: at('2026-11-02', '10:00') },
    { shopper: 'a', at: at('2026-11-03') }, // the cohort's own week: not a later week
    { shopper: 'a', at: at('2026-11-10') },
    { shopper: 'a', at: at('2026-11-24') },
    { shopper: 'a', at: at('2026-11-26') }, // after the range
    { shopper: 'b', at: at('2026-11-17', '09:00') },
    { shopper: 'b', at: at('2026-11-17', '19:00') }, // twice in a week counts once
    { shopper: 'c', at: at('2026-11-09', '00:30') },
    { shopper: 'x', at: at('2026-11-08', '23:59') },
    { shopper: 'x', at: at('2026-11-15', '23:59') },
    { shopper: 'd', at: at('2026-11-16') },
    { shopper: 'd', at: at('2026-11-23') },
    { shopper: 'f', at: at('2026-11-10') },
    { shopper: 'h', at: at('2026-11-10') }, // never activated
  ]

  it('groups customers by first week and source and counts who paid again each later week', () => {
    const r = retentionCohorts(customers, orders, { from: '2026-11-04', to: '2026-11-25' })
    expect(r.from).toBe('2026-11-02')
    expect(r.to).toBe('2026-11-25')
    const table = r.cohorts.map((c) => [
      c.week,
      c.source,
      c.customers,
      c.retained.map((x) => `${x.customers}/${c.customers}${x.partial ? '…' : ''}`).join(' '),
    ])
    expect(table).toEqual([
      ['2026-11-02', 'all', 4, '3/4 1/4 1/4…'],
      ['2026-11-02', 'share', 2, '1/2 1/2 1/2…'],
      ['2026-11-02', 'direct', 1, '1/1 0/1 0/1…'],
      ['2026-11-02', 'promoter', 1, '1/1 0/1 0/1…'],
      ['2026-11-09', 'all', 2, '1/2 1/2…'],
      ['2026-11-09', 'direct', 1, '1/1 1/1…'],
      ['2026-11-09', 'share', 1, '0/1 0/1…'],
    ])
    expect(r.cohorts[0].retained[0]).toEqual({
      week: 1,
      weekStart: '2026-11-09',
      customers: 3,
      rate: 0.75,
      partial: false,
    })
    expect(r.cohorts[4].retained.map((x) => x.weekStart)).toEqual(['2026-11-16', '2026-11-23'])
  })

  it('sums each source over the cohorts whose week was seen in full', () => {
    const r = retentionCohorts(customers, orders, { from: '2026-11-04', to: '2026-11-25' })
    expect(r.bySource).toEqual([
      {
        source: 'all',
        customers: 6,
        retained: [
          { week: 1, customers: 4, rate: 4 / 6 },
          { week: 2, customers: 1, rate: 1 / 4 },
        ],
      },
      {
        source: 'share',
        customers: 3,
        retained: [
          { week: 1, customers: 1, rate: 1 / 3 },
          { week: 2, customers: 1, rate: 1 / 2 },
        ],
      },
      {
        source: 'direct',
        customers: 2,
        retained: [
          { week: 1, customers: 2, rate: 1 },
          { week: 2, customers: 0, rate: 0 },
        ],
      },
      {
        source: 'promoter',
        customers: 1,
        retained: [
          { week: 1, customers: 1, rate: 1 },
          { week: 2, customers: 0, rate: 0 },
        ],
      },
    ])
  })

  it('counts the last week in full when the range ends on its Sunday', () => {
    const r = retentionCohorts(customers, orders, { from: '2026-11-02', to: '2026-11-29' })
    const w0 = r.cohorts.find((c) => c.week === '2026-11-02' && c.source === 'all')!
    // Now a's order of the 26th counts too, in the same week as the 24th.
    expect(w0.retained.map((x) => [x.customers, x.partial])).toEqual([
      [3, false],
      [1, false],
      [1, false],
    ])
    // g (26 Nov) is a cohort of the last week, with no later week yet.
    expect(r.cohorts.filter((c) => c.week === '2026-11-23')).toEqual([
      { week: '2026-11-23', source: 'all', customers: 1, retained: [] },
      { week: '2026-11-23', source: 'share', customers: 1, retained: [] },
    ])
    expect(retentionCohorts([], [], { from: '2026-11-02', to: '2026-11-08' }).cohorts).toEqual([])
  })
})
