import { describe, expect, it } from 'vitest'
import { complianceProblems } from './compliance.js'
import { type CommissionPlan, defaultPlan, defaultProgram, type PromoterProgram } from './program.js'

const program = (p: Partial<PromoterProgram> = {}): PromoterProgram => ({ ...defaultProgram(), ...p })
const plan = (p: Partial<CommissionPlan> = {}): CommissionPlan => ({ ...defaultPlan(), ...p })

/** The codes (and fields) a configuration is refused for. */
function refusals(pr: PromoterProgram, pl: CommissionPlan) {
  return complianceProblems(pr, pl).map((p) => `${p.field}:${p.code}`)
}

describe('complianceProblems: lawful configurations pass', () => {
  it('the defaults', () => {
    expect(complianceProblems(program(), plan())).toEqual([])
  })

  it('every lawful way to qualify, with expiry and renewal by spend', () => {
    const pr = program({
      qualifications: [
        { kind: 'apply', approval: 'auto' },
        { kind: 'spend', minPaidFen: 10_000, windowDays: 365 },
        { kind: 'invitation' },
        { kind: 'staff' },
      ],
      statusDays: 180,
      renewBySpendFen: 10_000,
      entryFeeFen: 0,
      membershipGrantsPromoter: false,
    })
    expect(complianceProblems(pr, plan())).toEqual([])
  })

  it('coupons or points for the invitee’s own first purchase', () => {
    for (const reward of ['coupon', 'points'] as const)
      expect(
        complianceProblems(
          program({ inviteReward: { reward, when: 'invitee_first_purchase', value: 500 } }),
          plan(),
        ),
      ).toEqual([])
  })

  it('rates per category and product, fixed amounts, deal overrides and own purchases', () => {
    const pl = plan({
      defaultRate: { kind: 'rate', level1Bp: 2_000 },
      categoryRates: { tea: { kind: 'rate', level1Bp: 3_000 } },
      productRates: { p1: { kind: 'fixed', level1FenPerUnit: 500 } },
      dealOverrides: { 'groupbuy:d1': 'none', 'flashsale:s1': { kind: 'rate', level1Bp: 500 } },
      earnOnOwnPurchases: true,
    })
    expect(complianceProblems(program(), pl)).toEqual([])
  })

  it('two levels, acknowledged, within 30% together', () => {
    const pl = plan({
      levels: 2,
      secondLevelAcknowledged: true,
      defaultRate: { kind: 'rate', level1Bp: 2_000, level2Bp: 1_000 },
      productRates: { p1: { kind: 'fixed', level1FenPerUnit: 500, level2FenPerUnit: 100 } },
    })
    expect(complianceProblems(program(), pl)).toEqual([])
  })
})

describe('complianceProblems: each forbidden configuration is refused', () => {
  it('cash per head for bringing people in', () => {
    expect(
      refusals(program({ inviteReward: { reward: 'cash', when: 'invitee_joined', value: 1000 } }), plan()),
    ).toEqual(['inviteReward.reward:recruitment_pay', 'inviteReward.when:recruitment_pay'])
  })

  it('cash even when tied to the first purchase', () => {
    expect(
      refusals(
        program({ inviteReward: { reward: 'cash', when: 'invitee_first_purchase', value: 1000 } }),
        plan(),
      ),
    ).toEqual(['inviteReward.reward:recruitment_pay'])
  })

  it('coupons per invite sent', () => {
    expect(
      refusals(program({ inviteReward: { reward: 'coupon', when: 'invite_sent', value: 'tpl' } }), plan()),
    ).toEqual(['inviteReward.when:recruitment_pay'])
  })

  it('points per sign-up', () => {
    expect(
      refusals(program({ inviteReward: { reward: 'points', when: 'invitee_joined', value: 100 } }), plan()),
    ).toEqual(['inviteReward.when:recruitment_pay'])
  })

  it('an entry fee', () => {
    expect(refusals(program({ entryFeeFen: 39_900 }), plan())).toEqual(['entryFeeFen:entry_fee'])
  })

  it('a required "starter pack"', () => {
    expect(
      refusals(
        program({ qualifications: [{ kind: 'starter_pack', productIds: ['gift-box'], amountFen: 39_900 }] }),
        plan(),
      ),
    ).toEqual(['qualifications.0:required_purchase'])
  })

  it('spend that only counts specific products', () => {
    expect(
      refusals(
        program({
          qualifications: [{ kind: 'spend', minPaidFen: 39_900, windowDays: 30, onlyProductIds: ['pack'] }],
        }),
        plan(),
      ),
    ).toEqual(['qualifications.0.onlyProductIds:required_purchase'])
  })

  it('a paid membership as the condition to join', () => {
    expect(refusals(program({ qualifications: [{ kind: 'paid_membership' }] }), plan())).toEqual([
      'qualifications.0:membership_required',
    ])
  })

  it('commission rights granted by buying a membership', () => {
    expect(refusals(program({ membershipGrantsPromoter: true }), plan())).toEqual([
      'membershipGrantsPromoter:membership_grants_commission',
    ])
  })

  it('commission on membership fees', () => {
    expect(refusals(program(), plan({ payOnMembershipFees: true }))).toEqual([
      'payOnMembershipFees:pays_on_membership_fees',
    ])
  })

  it('more than two levels', () => {
    expect(refusals(program(), plan({ levels: 3, secondLevelAcknowledged: true }))).toEqual([
      'levels:too_many_levels',
    ])
  })

  it('two levels without the acknowledgement', () => {
    expect(refusals(program(), plan({ levels: 2 }))).toEqual([
      'secondLevelAcknowledged:second_level_not_acknowledged',
    ])
  })

  it('a level-2 amount hidden in a one-level plan', () => {
    const pl = plan({ productRates: { p1: { kind: 'rate', level1Bp: 1000, level2Bp: 500 } } })
    expect(refusals(program(), pl)).toEqual([
      'secondLevelAcknowledged:second_level_not_acknowledged',
      'productRates.p1:second_level_not_enabled',
    ])
  })

  it('a team reward to uplines on their network’s sales', () => {
    expect(refusals(program(), plan({ networkBonus: { rateBp: 300 } }))).toEqual([
      'networkBonus:network_bonus',
    ])
  })

  it('more than 30% across levels', () => {
    const pl = plan({
      levels: 2,
      secondLevelAcknowledged: true,
      defaultRate: { kind: 'rate', level1Bp: 2_500, level2Bp: 501 },
    })
    expect(refusals(program(), pl)).toEqual(['defaultRate:above_cap'])
  })

  it('more than 30% on one level, in a category, product or deal', () => {
    const over = { kind: 'rate' as const, level1Bp: 3_001 }
    const pl = plan({
      categoryRates: { c: over },
      productRates: { p: over },
      dealOverrides: { 'flashsale:s': over },
    })
    expect(refusals(program(), pl)).toEqual([
      'categoryRates.c:above_cap',
      'productRates.p:above_cap',
      'dealOverrides.flashsale:s:above_cap',
    ])
  })
})

describe('complianceProblems: malformed values', () => {
  it('names each bad number', () => {
    const pr = program({
      qualifications: [{ kind: 'spend', minPaidFen: 0, windowDays: 1.5 }],
      statusDays: -1,
      renewBySpendFen: 0,
      binding: { bindOn: 'click', touch: 'first', lockDays: -3, permanent: false },
    })
    const pl = plan({
      levels: 0,
      defaultRate: { kind: 'rate', level1Bp: -1 },
      productRates: { p: { kind: 'fixed', level1FenPerUnit: 1.5 } },
    })
    expect(refusals(pr, pl)).toEqual([
      'qualifications.0.minPaidFen:invalid',
      'qualifications.0.windowDays:invalid',
      'statusDays:invalid',
      'renewBySpendFen:invalid',
      'binding.lockDays:invalid',
      'levels:invalid',
      'defaultRate.level1Bp:invalid',
      'productRates.p.level1FenPerUnit:invalid',
    ])
  })

  it('asks for at least one way to qualify', () => {
    expect(refusals(program({ qualifications: [] }), plan())).toEqual(['qualifications:required'])
  })

  it('speaks both languages for every refusal', () => {
    const all = complianceProblems(
      program({ entryFeeFen: 1, qualifications: [{ kind: 'paid_membership' }] }),
      plan({ levels: 3, networkBonus: { rateBp: 1 } }),
    )
    for (const p of all) {
      expect(p.en.length).toBeGreaterThan(10)
      expect(p.zh).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})
