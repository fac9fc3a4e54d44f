import { describe, expect, it } from 'vitest'
import type { CommissionPlan, PromoterProgram } from './distributionApi'
import {
  bpToPercent,
  formFieldOf,
  otherRates,
  percentToBp,
  toProgramBody,
  toProgramForm,
} from './distributionForm'

const program: PromoterProgram = {
  qualifications: [{ kind: 'apply', approval: 'manual' }],
  statusDays: null,
  binding: { bindOn: 'click', touch: 'first', lockDays: 30, permanent: false },
}
const plan: CommissionPlan = {
  defaultRate: { kind: 'rate', level1Bp: 1_000 },
  categoryRates: { c1: { kind: 'rate', level1Bp: 500 } },
  productRates: {},
  levels: 1,
  secondLevelAcknowledged: false,
  earnOnOwnPurchases: false,
  dealOverrides: { 'groupbuy:d1': 'none' },
}

describe('percent and basis points', () => {
  it('converts without drift', () => {
    expect(percentToBp('10.5')).toBe(1050)
    expect(percentToBp('0.01')).toBe(1)
    expect(percentToBp('abc')).toBeNull()
    expect(bpToPercent(1000)).toBe('10')
    expect(bpToPercent(1050)).toBe('10.5')
    expect(bpToPercent(1234)).toBe('12.34')
  })
})

describe('program form', () => {
  it('round-trips the default program and keeps what the form does not show', () => {
    const original = { program: { ...program, fraud: { maxBuyersPerIp: 5 } }, plan }
    const { body, problems } = toProgramBody(toProgramForm(original), original)
    expect(problems).toEqual([])
    expect(body?.program).toEqual({
      ...original.program,
      withdrawal: { minFen: 100, feeFen: 0, dailyLimitFen: 2_000_000 },
    })
    expect(body?.plan).toEqual(plan)
  })

  it('builds every qualification, an expiring status renewed by spend, and a second level', () => {
    const v = {
      ...toProgramForm({ program, plan }),
      applyApproval: 'auto' as const,
      spendEnabled: true,
      spendMin: '99.9',
      spendWindowDays: 30,
      invitationEnabled: true,
      staffEnabled: true,
      statusLimited: true,
      statusDays: 365,
      renewEnabled: true,
      renewSpend: '100',
      withdrawDailyLimited: false,
      levels: 2 as const,
      level1Percent: '12.5',
      level2Percent: '5',
      secondLevelAcknowledged: true,
    }
    const { body } = toProgramBody(v, { program, plan })
    expect(body?.program.qualifications).toEqual([
      { kind: 'apply', approval: 'auto' },
      { kind: 'spend', minPaidFen: 9990, windowDays: 30 },
      { kind: 'invitation' },
      { kind: 'staff' },
    ])
    expect(body?.program).toMatchObject({
      statusDays: 365,
      renewBySpendFen: 10_000,
      withdrawal: { dailyLimitFen: null },
    })
    expect(body?.plan).toMatchObject({
      defaultRate: { kind: 'rate', level1Bp: 1250, level2Bp: 500 },
      levels: 2,
      secondLevelAcknowledged: true,
    })
    // Back to one level: the second rate and the acknowledgement go.
    const one = toProgramBody({ ...v, levels: 1 }, { program, plan }).body?.plan
    expect(one?.defaultRate).toEqual({ kind: 'rate', level1Bp: 1250 })
    expect(one?.secondLevelAcknowledged).toBe(false)
  })

  it('fixed amounts per unit', () => {
    const v = { ...toProgramForm({ program, plan }), rateKind: 'fixed' as const, level1PerUnit: '3.5' }
    expect(toProgramBody(v, { program, plan }).body?.plan.defaultRate).toEqual({
      kind: 'fixed',
      level1FenPerUnit: 350,
    })
  })

  it('names the fields the form itself finds wrong', () => {
    const base = toProgramForm({ program, plan })
    const fields = (change: object) =>
      toProgramBody({ ...base, ...change }, { program, plan }).problems.map((p) => `${p.field}:${p.key}`)
    expect(fields({ applyEnabled: false })).toEqual(['qualifications:qualification'])
    expect(fields({ spendEnabled: true, spendMin: '' })).toEqual(['spendMin:required'])
    expect(fields({ spendEnabled: true, spendMin: '1.234' })).toEqual(['spendMin:amount'])
    expect(fields({ level1Percent: '101' })).toEqual(['level1Percent:percent'])
    expect(fields({ levels: 2, level2Percent: '' })).toEqual(['level2Percent:required'])
    expect(fields({ statusLimited: true, statusDays: 0 })).toEqual(['statusDays:days'])
    expect(fields({ lockDays: null })).toEqual(['lockDays:required'])
  })
})

describe('formFieldOf', () => {
  it('puts the compliance guard’s refusal on its field', () => {
    expect(formFieldOf('plan.levels', 'rate')).toBe('levels')
    expect(formFieldOf('plan.secondLevelAcknowledged', 'rate')).toBe('secondLevelAcknowledged')
    expect(formFieldOf('plan.defaultRate', 'rate')).toBe('level1Percent')
    expect(formFieldOf('plan.defaultRate', 'fixed')).toBe('level1PerUnit')
    expect(formFieldOf('plan.defaultRate.level2Bp', 'rate')).toBe('level2Percent')
    expect(formFieldOf('program.binding.lockDays', 'rate')).toBe('lockDays')
    expect(formFieldOf('program.qualifications.1.minPaidFen', 'rate')).toBe('spendMin')
    expect(formFieldOf('program.qualifications.0', 'rate')).toBe('qualifications')
    expect(formFieldOf('program.withdrawal.dailyLimitFen', 'rate')).toBe('withdrawDaily')
  })
  it('leaves the rest for the banner', () => {
    expect(formFieldOf('plan.categoryRates.c1', 'rate')).toBeUndefined()
    expect(formFieldOf('program.inviteReward.reward', 'rate')).toBeUndefined()
    expect(formFieldOf(undefined, 'rate')).toBeUndefined()
  })
  it('counts the rates kept outside the form', () => {
    expect(otherRates(plan)).toEqual({ categories: 1, products: 0, deals: 1 })
  })
})
