import { describe, expect, it } from 'vitest'
import { goalProgress } from './goals.js'

const DAY = 86_400_000
// A goal over ten whole days: from day 0 to the end of day 9.
const span = { start: 0, end: 10 * DAY }

describe('goal progress and the linear projection to the deadline', () => {
  it('projects a total at its average pace so far', () => {
    // Three days in (30% of the time), 24 of 100 orders: at this pace 80 by the deadline.
    const behind = goalProgress({ metric: 'orders', target: 100, current: 24, now: 3 * DAY, ...span })
    expect(behind).toEqual({
      progress: 0.24,
      elapsed: 0.3,
      expectedNow: 30,
      projected: 80,
      projectedProgress: 0.8,
      status: 'behind',
    })
    const ahead = goalProgress({ metric: 'orders', target: 100, current: 36, now: 3 * DAY, ...span })
    expect(ahead).toMatchObject({ projected: 120, projectedProgress: 1.2, status: 'on_track' })
    // Exactly on the line is on track.
    expect(
      goalProgress({ metric: 'gmv_fen', target: 1_000_000, current: 300_000, now: 3 * DAY, ...span }),
    ).toMatchObject({ projected: 1_000_000, status: 'on_track' })
  })

  it('is achieved once a total reaches its target, and missed when the deadline passes short of it', () => {
    expect(
      goalProgress({ metric: 'orders', target: 100, current: 100, now: 5 * DAY, ...span }),
    ).toMatchObject({
      progress: 1,
      projected: 200,
      status: 'achieved',
    })
    expect(goalProgress({ metric: 'orders', target: 100, current: 90, now: 12 * DAY, ...span })).toEqual({
      progress: 0.9,
      elapsed: 1,
      expectedNow: 100,
      projected: 90,
      projectedProgress: 0.9,
      status: 'missed',
    })
    expect(goalProgress({ metric: 'orders', target: 100, current: 130, now: 10 * DAY, ...span }).status).toBe(
      'achieved',
    )
  })

  it('has nothing to project before it starts', () => {
    expect(goalProgress({ metric: 'orders', target: 100, current: 0, now: -DAY, ...span })).toEqual({
      progress: 0,
      elapsed: 0,
      expectedNow: 0,
      projected: null,
      projectedProgress: null,
      status: 'not_started',
    })
  })

  it('projects a ratio such as K as it stands, decided only at the deadline', () => {
    const above = goalProgress({ metric: 'k_factor', target: 1, current: 1.2, now: 5 * DAY, ...span })
    expect(above).toEqual({
      progress: 1.2,
      elapsed: 0.5,
      expectedNow: null,
      projected: 1.2,
      projectedProgress: 1.2,
      status: 'on_track',
    })
    expect(goalProgress({ metric: 'k_factor', target: 1, current: 0.8, now: 5 * DAY, ...span }).status).toBe(
      'behind',
    )
    expect(goalProgress({ metric: 'k_factor', target: 1, current: 1.2, now: 10 * DAY, ...span }).status).toBe(
      'achieved',
    )
    expect(
      goalProgress({ metric: 'k_factor', target: 1, current: 0.99, now: 11 * DAY, ...span }).status,
    ).toBe('missed')
  })
})
