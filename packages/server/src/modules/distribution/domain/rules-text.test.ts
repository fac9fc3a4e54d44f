import { describe, expect, it } from 'vitest'
import { defaultPlan, defaultProgram } from './program.js'
import { programRules } from './rules-text.js'

describe('programRules', () => {
  it('says plainly how to qualify, for how long, what it pays, and that it costs nothing', () => {
    const program = {
      ...defaultProgram(),
      qualifications: [{ kind: 'spend' as const, minPaidFen: 10_000, windowDays: 30 }],
      statusDays: 180,
      renewBySpendFen: 5_000,
    }
    const zh = programRules(program, defaultPlan(), 'zh-CN')
    expect(zh).toContain('30 天内在本店实付满 100 元（扣除退款）自动成为推广员')
    expect(zh).toContain('成为推广员不收取任何费用')
    expect(zh).toContain('推广员资格有效期 180 天')
    expect(zh).toContain('佣金：实付金额的 10%')
    expect(programRules(program, defaultPlan(), 'en')).toContain('Promoter status lasts 180 days')
  })
})
