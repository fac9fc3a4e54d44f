/** Time is passed in, so tests move a fake clock instead of sleeping. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/**
 * Real time plus an offset that only moves forward: in the sandbox an operator can see what happens
 * days later (a return window passing, a group expiring) without waiting. Never where money is real.
 */
export class SandboxClock implements Clock {
  private offsetMs = 0
  now() {
    return new Date(Date.now() + this.offsetMs)
  }
  advance(ms: number) {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`the sandbox clock only moves forward: ${ms}`)
    this.offsetMs += ms
  }
  get offset() {
    return this.offsetMs
  }
}

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
