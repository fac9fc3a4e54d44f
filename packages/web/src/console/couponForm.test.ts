import { describe, expect, it } from 'vitest'
import {
  parseRecipients,
  percentToBps,
  toTemplateInput,
  toTemplatePatch,
  useRate,
  valuesOf,
} from './couponForm'
import type { CouponTemplate } from './couponsApi'

const base = {
  name: '新客立减',
  kind: 'fixed' as const,
  amount: '10',
  scope: 'all' as const,
  validity: 'fixed' as const,
  validFrom: '2026-12-01T00:00:00.000Z',
  validUntil: '2026-12-31T00:00:00.000Z',
  claimStartsAt: '2026-11-25T00:00:00.000Z',
  claimEndsAt: '2026-12-20T00:00:00.000Z',
  perPersonLimit: 1,
}
const fields = (v: object) => toTemplateInput({ ...base, ...v }).problems.map((p) => `${p.field}:${p.key}`)

describe('toTemplateInput', () => {
  it('sends yuan as fen and fills defaults', () => {
    const r = toTemplateInput(base)
    expect(r.problems).toEqual([])
    expect(r.input).toEqual({
      name: '新客立减',
      kind: 'fixed',
      amountFen: 1000,
      thresholdFen: 0,
      scope: 'all',
      scopeIds: [],
      validity: 'fixed',
      validFrom: base.validFrom,
      validUntil: base.validUntil,
      claimStartsAt: base.claimStartsAt,
      claimEndsAt: base.claimEndsAt,
      perPersonLimit: 1,
      totalLimit: null,
      claimable: true,
    })
  })
  it('percent off with a cap, days after claim', () => {
    const r = toTemplateInput({
      ...base,
      kind: 'percent',
      amount: undefined,
      percentOff: '12.5',
      cap: '20.5',
      validity: 'after_claim',
      validDays: 7,
    })
    expect(r.problems).toEqual([])
    expect(r.input).toMatchObject({ percentBps: 1250, capFen: 2050, validDays: 7 })
    expect(r.input).not.toHaveProperty('amountFen')
    expect(r.input).not.toHaveProperty('validFrom')
  })
  it('满减 needs a threshold at least the amount off', () => {
    expect(fields({ kind: 'threshold', amount: '30' })).toEqual(['threshold:required'])
    expect(fields({ kind: 'threshold', amount: '30', threshold: '20' })).toEqual([
      'threshold:thresholdBelowAmount',
    ])
    expect(
      toTemplateInput({ ...base, kind: 'threshold', amount: '30', threshold: '199' }).input,
    ).toMatchObject({
      amountFen: 3000,
      thresholdFen: 19900,
    })
  })
  it('free shipping takes no amount', () => {
    const r = toTemplateInput({ ...base, kind: 'free_shipping', amount: undefined, threshold: '59' })
    expect(r.problems).toEqual([])
    expect(r.input).toMatchObject({ kind: 'free_shipping', thresholdFen: 5900 })
    expect(r.input).not.toHaveProperty('amountFen')
  })
  it('names the field at fault', () => {
    expect(fields({ name: ' ' })).toEqual(['name:required'])
    expect(fields({ amount: '1.234' })).toEqual(['amount:amount'])
    expect(fields({ amount: '0' })).toEqual(['amount:amount'])
    expect(fields({ kind: 'percent', percentOff: '99.5' })).toEqual(['percentOff:percent'])
    expect(fields({ kind: 'percent', percentOff: '' })).toEqual(['percentOff:required'])
    expect(fields({ scope: 'products', scopeIds: [] })).toEqual(['scopeIds:scopeIds'])
    expect(fields({ validUntil: base.validFrom })).toEqual(['validUntil:validEnd'])
    expect(fields({ claimEndsAt: '2027-01-05T00:00:00.000Z' })).toEqual(['claimEndsAt:claimAfterValid'])
    expect(fields({ claimStartsAt: '2026-12-25T00:00:00.000Z' })).toEqual(['claimEndsAt:claimEnd'])
    expect(fields({ validity: 'after_claim', validDays: null })).toEqual(['validDays:required'])
    expect(fields({ perPersonLimit: 3, totalLimit: 2 })).toEqual(['totalLimit:totalBelowPerPerson'])
    expect(fields({ perPersonLimit: 0 })).toEqual(['perPersonLimit:limit'])
  })
  it('drops a scope list for all products and duplicates otherwise', () => {
    expect(toTemplateInput({ ...base, scopeIds: ['a'] }).input?.scopeIds).toEqual([])
    expect(
      toTemplateInput({ ...base, scope: 'categories', scopeIds: ['a', 'a', 'b'] }).input?.scopeIds,
    ).toEqual(['a', 'b'])
  })
})

describe('percentToBps', () => {
  it('reads percentages with at most two decimals', () => {
    expect(percentToBps('15')).toBe(1500)
    expect(percentToBps(8.5)).toBe(850)
    expect(percentToBps('0.01')).toBe(1)
    expect(percentToBps('100')).toBeNull()
    expect(percentToBps('1.234')).toBeNull()
    expect(percentToBps('')).toBeNull()
  })
})

const saved: CouponTemplate = {
  id: 't1',
  name: '满199减30',
  kind: 'threshold',
  label: { zh: '满199减30', en: '¥30 off ¥199' },
  amountFen: 3000,
  percentBps: 0,
  capFen: null,
  thresholdFen: 19900,
  scope: 'all',
  scopeIds: [],
  validity: 'after_claim',
  validFrom: null,
  validUntil: null,
  validDays: 7,
  claimStartsAt: '2026-11-25T00:00:00.000Z',
  claimEndsAt: '2026-12-20T00:00:00.000Z',
  perPersonLimit: 2,
  totalLimit: 100,
  claimable: true,
  status: 'active',
  issuedCount: 8,
  usedCount: 3,
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
}

describe('editing a saved template', () => {
  it('round-trips through the form', () => {
    const v = valuesOf(saved)
    expect(v).toMatchObject({ amount: '30.00', threshold: '199.00', validDays: 7 })
    expect(toTemplateInput(v).input).toMatchObject({ amountFen: 3000, thresholdFen: 19900, totalLimit: 100 })
  })
  it('sends only what changed', () => {
    expect(toTemplatePatch(saved, valuesOf(saved)).patch).toEqual({})
    expect(toTemplatePatch(saved, { ...valuesOf(saved), totalLimit: null, name: ' 大促 ' }).patch).toEqual({
      name: '大促',
      totalLimit: null,
    })
    expect(toTemplatePatch(saved, { ...valuesOf(saved), totalLimit: 1 }).problems).toEqual([
      { field: 'totalLimit', key: 'totalBelowPerPerson' },
    ])
  })
})

describe('parseRecipients', () => {
  it('sets ids, phones and the rest apart', () => {
    const id = '0b7e4a52-3d5c-4b0e-9a57-4f0d6a1b2c3d'
    expect(parseRecipients(`${id}\n${id.toUpperCase()}, 13800138000；abc`)).toEqual({
      ids: [id],
      phones: ['13800138000'],
      invalid: ['abc'],
    })
  })
})

describe('useRate', () => {
  it('is a whole percentage', () => {
    expect(useRate(saved)).toBe(38)
    expect(useRate({ issuedCount: 0, usedCount: 0 })).toBe(0)
  })
})
