import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Binding, type BindingEvent, bindReasonText, decideBinding, wouldCycle } from './binding.js'
import type { BindingRule } from './program.js'

const t0 = new Date('2026-01-01T00:00:00Z')
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000)
const rule = (r: Partial<BindingRule> = {}): BindingRule => ({
  bindOn: 'click',
  touch: 'first',
  lockDays: 0,
  permanent: false,
  ...r,
})
const click = (promoterId: string, at = t0): BindingEvent => ({ kind: 'click', promoterId, at })
const paid = (promoterId: string, at = t0): BindingEvent => ({ kind: 'paid_order', promoterId, at })
const bound = (b: Partial<Binding> = {}): Binding => ({
  promoterId: 'p',
  boundAt: t0,
  lockedUntil: null,
  permanent: false,
  reason: 'first_click',
  ...b,
})
const noUplines = () => undefined

describe('decideBinding', () => {
  it('binds an unbound customer on a click, with the lock and the reason', () => {
    expect(decideBinding('c', null, click('p'), rule({ lockDays: 30 }), noUplines)).toEqual({
      action: 'bind',
      binding: {
        promoterId: 'p',
        boundAt: t0,
        lockedUntil: days(30),
        permanent: false,
        reason: 'first_click',
      },
    })
  })

  it('first-touch keeps the first promoter, even after the lock', () => {
    const current = bound({ lockedUntil: days(30) })
    expect(decideBinding('c', current, click('q', days(10)), rule({ lockDays: 30 }), noUplines)).toEqual({
      action: 'keep',
      reason: 'locked',
    })
    expect(decideBinding('c', current, click('q', days(31)), rule({ lockDays: 30 }), noUplines)).toEqual({
      action: 'keep',
      reason: 'first_touch',
    })
  })

  it('last-touch moves the customer to the newest promoter once the lock has passed', () => {
    const r = rule({ touch: 'last', lockDays: 30 })
    const current = bound({ lockedUntil: days(30) })
    expect(decideBinding('c', current, click('q', days(29)), r, noUplines)).toEqual({
      action: 'keep',
      reason: 'locked',
    })
    // The lock ends at its instant: a touch exactly then may move the customer.
    expect(decideBinding('c', current, click('q', days(30)), r, noUplines)).toEqual({
      action: 'rebind',
      fromPromoterId: 'p',
      binding: {
        promoterId: 'q',
        boundAt: days(30),
        lockedUntil: days(60),
        permanent: false,
        reason: 'last_click',
      },
    })
  })

  it('last-touch without a lock moves at once', () => {
    const d = decideBinding('c', bound(), click('q'), rule({ touch: 'last' }), noUplines)
    expect(d).toMatchObject({ action: 'rebind', binding: { promoterId: 'q', lockedUntil: null } })
  })

  it('a permanent binding never moves', () => {
    const r = rule({ touch: 'last', permanent: true })
    expect(decideBinding('c', null, click('p'), r, noUplines)).toMatchObject({ binding: { permanent: true } })
    expect(decideBinding('c', bound({ permanent: true }), click('q', days(999)), r, noUplines)).toEqual({
      action: 'keep',
      reason: 'permanent',
    })
  })

  it('a touch by the current promoter keeps the binding and its lock as they are', () => {
    const current = bound({ lockedUntil: days(5) })
    expect(
      decideBinding('c', current, click('p', days(3)), rule({ touch: 'last', lockDays: 30 }), noUplines),
    ).toEqual({ action: 'keep', reason: 'same_promoter' })
  })

  it('binding on first paid order ignores clicks and binds on the order', () => {
    const r = rule({ bindOn: 'first_paid_order' })
    expect(decideBinding('c', null, click('p'), r, noUplines)).toEqual({
      action: 'keep',
      reason: 'waits_for_paid_order',
    })
    expect(decideBinding('c', null, paid('p'), r, noUplines)).toMatchObject({
      action: 'bind',
      binding: { promoterId: 'p', reason: 'first_paid_order' },
    })
    expect(decideBinding('c', bound(), paid('q'), { ...r, touch: 'last' }, noUplines)).toMatchObject({
      action: 'rebind',
      binding: { reason: 'last_paid_order' },
    })
  })

  it('binding on click also binds on an attributed paid order', () => {
    expect(decideBinding('c', null, paid('p'), rule(), noUplines)).toMatchObject({
      action: 'bind',
      binding: { reason: 'first_paid_order' },
    })
  })

  it('nobody is bound to themselves', () => {
    expect(decideBinding('c', null, click('c'), rule(), noUplines)).toEqual({
      action: 'keep',
      reason: 'self',
    })
  })

  it('refuses a binding that would close a cycle', () => {
    // q's upline is c: binding c under q would make c their own upline's upline.
    const uplines: Record<string, string> = { q: 'c' }
    expect(decideBinding('c', null, click('q'), rule(), (id) => uplines[id])).toEqual({
      action: 'keep',
      reason: 'would_cycle',
    })
  })
})

describe('wouldCycle', () => {
  const chain: Record<string, string> = { a: 'b', b: 'c', c: 'd' }
  const up = (id: string) => chain[id]

  it('is true for oneself and for anyone on the promoter’s upline chain', () => {
    expect(wouldCycle('a', 'a', up)).toBe(true)
    expect(wouldCycle('d', 'a', up)).toBe(true)
    expect(wouldCycle('b', 'a', up)).toBe(true)
  })
  it('is false for anyone else, including the promoter’s downline', () => {
    expect(wouldCycle('x', 'a', up)).toBe(false)
    expect(wouldCycle('a', 'd', up)).toBe(false)
  })
  it('refuses to extend a chain that is already cyclic or too long', () => {
    const loop: Record<string, string> = { a: 'b', b: 'a' }
    expect(wouldCycle('x', 'a', (id) => loop[id])).toBe(true)
    expect(wouldCycle('x', 'a', up, 2)).toBe(true)
    expect(wouldCycle('x', 'a', up, 3)).toBe(false)
  })

  it('keeps any sequence of touches a forest: nobody ever becomes their own upline', () => {
    const person = fc.integer({ min: 0, max: 7 }).map((n) => `u${n}`)
    const touch = fc.record({
      customer: person,
      promoter: person,
      kind: fc.constantFrom('click' as const, 'paid_order' as const),
      day: fc.integer({ min: 0, max: 100 }),
    })
    const arbRule = fc.record({
      bindOn: fc.constantFrom('click' as const, 'first_paid_order' as const),
      touch: fc.constantFrom('first' as const, 'last' as const),
      lockDays: fc.integer({ min: 0, max: 10 }),
      permanent: fc.boolean(),
    })
    fc.assert(
      fc.property(arbRule, fc.array(touch, { maxLength: 60 }), (r, touches) => {
        const bindings = new Map<string, Binding>()
        const upOf = (id: string) => bindings.get(id)?.promoterId
        for (const tc of touches) {
          const d = decideBinding(
            tc.customer,
            bindings.get(tc.customer) ?? null,
            { kind: tc.kind, promoterId: tc.promoter, at: days(tc.day) },
            r,
            upOf,
          )
          if (d.action !== 'keep') bindings.set(tc.customer, d.binding)
        }
        for (const start of bindings.keys()) {
          const seen = new Set([start])
          for (let at = upOf(start); at; at = upOf(at)) {
            expect(seen.has(at)).toBe(false)
            seen.add(at)
          }
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('bindReasonText', () => {
  it('says why in both languages', () => {
    expect(bindReasonText('first_click').zh).toContain('首次点击')
    expect(bindReasonText('operator').en).toBe('moved by an operator')
  })
})
