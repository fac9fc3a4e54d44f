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
    expect(zh).toContain('订单完成 7 天后佣金结算到可提现余额；退款会按比例扣回佣金')
    expect(zh).toContain('提现：单笔至少 1 元，不收手续费，每天最多 20000 元，经店铺审核后打款')
    const en = programRules(
      { ...program, returnWindowDays: 10, withdrawal: { minFen: 1_000, feeFen: 100, dailyLimitFen: null } },
      defaultPlan(),
      'en',
    )
    expect(en).toContain('Promoter status lasts 180 days')
    expect(en).toContain(
      'Commission becomes available 10 days after the order is completed; refunds take back their share of it',
    )
    expect(en).toContain(
      'Withdrawals: at least 10 yuan each time, a fee of 1 yuan each; the shop reviews each one before paying',
    )
  })
})
