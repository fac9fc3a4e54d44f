/** Time is passed in, so tests move a fake clock instead of sleeping. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until a test moves it. */
export class FakeClock implements Clock {
  private t: number
  constructor(start: Date | string = '2026-11-23T02:00:00Z') {
    this.t = new Date(start).getTime()
  }
  now() {
    return new Date(this.t)
  }
  advance(ms: number) {
    this.t += ms
  }
  advanceMinutes(m: number) {
    this.advance(m * 60_000)
  }
}

export const minutesFrom = (d: Date, m: number) => new Date(d.getTime() + m * 60_000)
export const daysFrom = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000)
