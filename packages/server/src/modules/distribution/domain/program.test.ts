import { describe, expect, it } from 'vitest'
import { defaultPlan, defaultProgram, paysSecondLevel, planRates } from './program.js'

describe('program defaults', () => {
  it('start with one level, no own-purchase commission and manual approval', () => {
    expect(defaultPlan().levels).toBe(1)
    expect(defaultPlan().earnOnOwnPurchases).toBe(false)
    expect(defaultProgram().qualifications).toEqual([{ kind: 'apply', approval: 'manual' }])
  })
})

describe('paysSecondLevel', () => {
  it('is true only for a positive level-2 amount', () => {
    expect(paysSecondLevel({ kind: 'rate', level1Bp: 1000 })).toBe(false)
    expect(paysSecondLevel({ kind: 'rate', level1Bp: 1000, level2Bp: 0 })).toBe(false)
    expect(paysSecondLevel({ kind: 'rate', level1Bp: 1000, level2Bp: 200 })).toBe(true)
    expect(paysSecondLevel({ kind: 'fixed', level1FenPerUnit: 100, level2FenPerUnit: 10 })).toBe(true)
  })
})

describe('planRates', () => {
  it('lists every rate with its field and skips deals that pay nothing', () => {
    const plan = {
      ...defaultPlan(),
      categoryRates: { tea: { kind: 'rate' as const, level1Bp: 500 } },
      productRates: { p1: { kind: 'fixed' as const, level1FenPerUnit: 300 } },
      dealOverrides: {
        'groupbuy:d1': 'none' as const,
        'flashsale:s1': { kind: 'rate' as const, level1Bp: 200 },
      },
    }
    expect(planRates(plan).map((r) => r.field)).toEqual([
      'defaultRate',
      'categoryRates.tea',
      'productRates.p1',
      'dealOverrides.flashsale:s1',
    ])
  })
})
