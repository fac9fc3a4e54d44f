import { describe, expect, it } from 'vitest'
import { couponMachine } from './coupon-state.js'
import { type TemplateConfig, templateProblems, termsOf, validityOf } from './template-rules.js'

const base: TemplateConfig = {
  name: '满99减10',
  kind: 'threshold',
  amountFen: 1_000,
  percentBps: 0,
  capFen: null,
  thresholdFen: 9_900,
  scope: 'all',
  scopeIds: [],
  validity: 'after_claim',
  validFrom: null,
  validUntil: null,
  validDays: 7,
  claimStartsAt: '2026-11-01T00:00:00Z',
  claimEndsAt: '2026-12-01T00:00:00Z',
  perPersonLimit: 1,
  totalLimit: 100,
  claimable: true,
}

describe('coupon templates', () => {
  it('a sound template has no problems', () => {
    expect(templateProblems(base)).toEqual([])
    expect(
      templateProblems({ ...base, kind: 'percent', percentBps: 1_500, capFen: 2_000, amountFen: 0 }),
    ).toEqual([])
  })

  it('names the field of each problem, in English and Chinese', () => {
    const fields = (c: Partial<TemplateConfig>) => templateProblems({ ...base, ...c }).map((p) => p.field)
    expect(fields({ name: '  ' })).toEqual(['name'])
    expect(fields({ kind: 'fixed', amountFen: 0 })).toEqual(['amountFen'])
    expect(fields({ thresholdFen: 500 })).toEqual(['thresholdFen'])
    expect(fields({ kind: 'percent', percentBps: 10_000 })).toEqual(['percentBps'])
    expect(fields({ scope: 'products' })).toEqual(['scopeIds'])
    expect(fields({ scopeIds: ['x'] })).toEqual(['scopeIds'])
    expect(fields({ scope: 'products', scopeIds: ['a', 'a'] })).toEqual(['scopeIds'])
    expect(fields({ validity: 'fixed' })).toEqual(['validFrom'])
    expect(
      fields({ validity: 'fixed', validFrom: '2026-11-01T00:00:00Z', validUntil: '2026-11-20T00:00:00Z' }),
    ).toEqual(['claimEndsAt'])
    expect(fields({ validDays: null })).toEqual(['validDays'])
    expect(fields({ claimEndsAt: '2026-10-01T00:00:00Z' })).toEqual(['claimEndsAt'])
    expect(fields({ totalLimit: 2, perPersonLimit: 3 })).toEqual(['totalLimit'])
    for (const p of templateProblems({ ...base, name: '', thresholdFen: 0 }))
      expect(p.zh).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('validity: fixed dates as set, or N days from the claim', () => {
    const at = new Date('2026-11-10T08:00:00Z')
    expect(validityOf(base, at)).toEqual({ validFrom: at, validUntil: new Date('2026-11-17T08:00:00Z') })
    const fixed = {
      ...base,
      validity: 'fixed' as const,
      validFrom: '2026-11-01T00:00:00Z',
      validUntil: '2026-12-31T00:00:00Z',
    }
    expect(validityOf(fixed, at)).toEqual({
      validFrom: new Date('2026-11-01T00:00:00Z'),
      validUntil: new Date('2026-12-31T00:00:00Z'),
    })
  })

  it('terms for price resolution carry the scope', () => {
    expect(termsOf('c1', { ...base, scope: 'categories', scopeIds: ['k'] }).scope).toEqual({
      kind: 'categories',
      ids: ['k'],
    })
    expect(termsOf('c1', base).scope).toEqual({ kind: 'all' })
  })

  it('a used coupon comes back or lapses; an expired one stays expired', () => {
    expect(couponMachine.next('available', 'use')).toBe('used')
    expect(couponMachine.next('used', 'restore')).toBe('available')
    expect(couponMachine.next('used', 'lapse')).toBe('expired')
    expect(() => couponMachine.next('expired', 'restore')).toThrow()
    expect(() => couponMachine.next('available', 'restore')).toThrow()
  })
})
