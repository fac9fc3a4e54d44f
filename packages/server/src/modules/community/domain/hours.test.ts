import { describe, expect, it } from 'vitest'
import { hoursProblems, isOpenAt, weekMinute } from './hours.js'

const weekdays = { days: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' }

describe('opening hours', () => {
  it('accepts periods with a lunch break and a day to midnight', () => {
    expect(
      hoursProblems([
        { days: [1, 2, 3, 4, 5], opens: '08:00', closes: '12:00' },
        { days: [1, 2, 3, 4, 5], opens: '13:30', closes: '20:00' },
        { days: [6, 7], opens: '09:00', closes: '24:00' },
      ]),
    ).toEqual([])
  })

  it('names the field of each problem', () => {
    expect(hoursProblems([])[0].field).toBe('hours')
    expect(hoursProblems([{ days: [], opens: '08:00', closes: '20:00' }])[0].field).toBe('hours.0.days')
    expect(hoursProblems([{ days: [8], opens: '08:00', closes: '20:00' }])[0].field).toBe('hours.0.days')
    expect(hoursProblems([{ days: [1, 1], opens: '08:00', closes: '20:00' }])[0].field).toBe('hours.0.days')
    expect(hoursProblems([{ days: [1], opens: '8:00', closes: '20:00' }])[0].field).toBe('hours.0.opens')
    expect(hoursProblems([{ days: [1], opens: '08:00', closes: '24:30' }])[0].field).toBe('hours.0.closes')
    const backwards = hoursProblems([{ days: [1], opens: '20:00', closes: '08:00' }])[0]
    expect(backwards).toMatchObject({
      field: 'hours.0.closes',
      zh: '结束时间（08:00）须晚于开始时间（20:00）',
    })
    const overlap = hoursProblems([weekdays, { days: [5, 6], opens: '19:00', closes: '21:00' }])
    expect(overlap).toEqual([
      { field: 'hours.1', en: 'overlaps another period on Friday', zh: '与周五的另一个时段重叠' },
    ])
  })

  it('is open by shop time (Asia/Shanghai), closing at the minute it closes', () => {
    // 2026-11-23 is a Monday; 00:00Z is 08:00 in Shanghai.
    expect(weekMinute(new Date('2026-11-23T00:00:00Z'))).toEqual({ day: 1, minute: 480 })
    expect(isOpenAt([weekdays], new Date('2026-11-23T00:00:00Z'))).toBe(true)
    expect(isOpenAt([weekdays], new Date('2026-11-22T23:59:00Z'))).toBe(false)
    expect(isOpenAt([weekdays], new Date('2026-11-23T12:00:00Z'))).toBe(false)
    // Saturday 10:00 in Shanghai.
    expect(isOpenAt([weekdays], new Date('2026-11-28T02:00:00Z'))).toBe(false)
    expect(isOpenAt([{ days: [7], opens: '00:00', closes: '24:00' }], new Date('2026-11-29T15:59:00Z'))).toBe(
      true,
    )
  })
})
