import {
  BP_WHOLE,
  type CommissionPlan,
  MAX_LEVELS,
  MAX_TOTAL_BP,
  type Problem,
  type PromoterProgram,
  paysSecondLevel,
  planRates,
  type Rate,
} from './program.js'

/**
 * The compliance guard: everything that puts a program and plan on the wrong side of the line
 * between distribution and pyramid selling (《禁止传销条例》 art. 7: pay for recruiting heads,
 * entry fees — also disguised as a required purchase or a paid membership — and pay to uplines
 * on their network's sales), plus the 30% and two-level ceilings. Empty when it may be saved.
 */
export function complianceProblems(program: PromoterProgram, plan: CommissionPlan): Problem[] {
  return [...programProblems(program), ...planProblems(plan)]
}

const say = (field: string, code: string, en: string, zh: string): Problem => ({ field, code, en, zh })

function programProblems(program: PromoterProgram): Problem[] {
  const out: Problem[] = []
  if (program.qualifications.length === 0)
    out.push(say('qualifications', 'required', 'say how one becomes a promoter', '请设置成为推广员的条件'))
  program.qualifications.forEach((q, i) => {
    const field = `qualifications.${i}`
    if (q.kind === 'starter_pack')
      out.push(
        say(
          field,
          'required_purchase',
          'buying a set product or package to become a promoter is an entry fee; qualify by spend in the shop instead',
          '购买指定商品或礼包才能成为推广员属于变相收取入门费，请改为“店内累计消费满额”',
        ),
      )
    if (q.kind === 'paid_membership')
      out.push(
        say(
          field,
          'membership_required',
          'a paid membership as the condition to become a promoter is an entry fee',
          '以开通付费会员作为成为推广员的条件属于变相收取入门费',
        ),
      )
    if (q.kind === 'spend') {
      if ((q.onlyProductIds?.length ?? 0) > 0)
        out.push(
          say(
            `${field}.onlyProductIds`,
            'required_purchase',
            'spend must count across the shop; requiring specific products is a disguised entry fee',
            '消费门槛须按全店消费计算，限定指定商品属于变相收取入门费',
          ),
        )
      if (!positiveInt(q.minPaidFen))
        out.push(
          say(`${field}.minPaidFen`, 'invalid', 'a whole number of fen above 0', '消费门槛须为大于 0 的金额'),
        )
      if (!positiveInt(q.windowDays))
        out.push(
          say(
            `${field}.windowDays`,
            'invalid',
            'a whole number of days above 0',
            '统计天数须为大于 0 的整数',
          ),
        )
    }
  })
  if ((program.entryFeeFen ?? 0) !== 0)
    out.push(
      say(
        'entryFeeFen',
        'entry_fee',
        'nobody may be charged to become a promoter',
        '成为推广员不得收取任何费用',
      ),
    )
  if (program.membershipGrantsPromoter)
    out.push(
      say(
        'membershipGrantsPromoter',
        'membership_grants_commission',
        'buying a paid membership must not grant commission rights',
        '购买付费会员不得获得推广佣金资格',
      ),
    )
  out.push(...inviteRewardProblems(program))
  if (program.statusDays !== null && !positiveInt(program.statusDays))
    out.push(
      say(
        'statusDays',
        'invalid',
        'a whole number of days above 0, or none',
        '有效天数须为大于 0 的整数或不限',
      ),
    )
  if (program.renewBySpendFen !== undefined && !positiveInt(program.renewBySpendFen))
    out.push(say('renewBySpendFen', 'invalid', 'a whole number of fen above 0', '续期消费金额须大于 0'))
  const lock = program.binding.lockDays
  if (!Number.isSafeInteger(lock) || lock < 0)
    out.push(
      say('binding.lockDays', 'invalid', 'a whole number of days, 0 or more', '锁定天数须为不小于 0 的整数'),
    )
  return out
}

/** Invitation rewards: coupons or points for the invitee's own first purchase; never cash per head. */
function inviteRewardProblems(program: PromoterProgram): Problem[] {
  const r = program.inviteReward
  if (!r) return []
  const out: Problem[] = []
  if (r.reward === 'cash')
    out.push(
      say(
        'inviteReward.reward',
        'recruitment_pay',
        'no cash for bringing in people: invitation rewards may only be coupons or points',
        '不得按拉人头发放现金奖励，邀请奖励只能是优惠券或积分',
      ),
    )
  if (r.when !== 'invitee_first_purchase')
    out.push(
      say(
        'inviteReward.when',
        'recruitment_pay',
        "a reward per invite or per sign-up pays for recruiting; tie it to the invitee's own first purchase",
        '按邀请人数或注册人数发放奖励属于拉人头计酬，奖励须以被邀请人自己首次下单为条件',
      ),
    )
  return out
}

function planProblems(plan: CommissionPlan): Problem[] {
  const out: Problem[] = []
  if (plan.levels !== 1 && plan.levels !== 2)
    out.push(
      plan.levels > MAX_LEVELS
        ? say(
            'levels',
            'too_many_levels',
            'commission may go to two levels at most',
            '佣金最多只能分两级，超过两级属于多级分销',
          )
        : say('levels', 'invalid', 'levels is 1 or 2', '分佣层级只能是 1 或 2'),
    )
  const rates = planRates(plan)
  const secondLevel = plan.levels === 2 || rates.some((r) => paysSecondLevel(r.rate))
  if (secondLevel && !plan.secondLevelAcknowledged)
    out.push(
      say(
        'secondLevelAcknowledged',
        'second_level_not_acknowledged',
        'a second level must be chosen explicitly, after reading the warning',
        '二级分佣须在阅读风险提示后明确确认',
      ),
    )
  if (plan.levels === 1)
    for (const { field, rate } of rates)
      if (paysSecondLevel(rate))
        out.push(
          say(
            field,
            'second_level_not_enabled',
            'a level-2 amount on a one-level plan',
            '单级分佣方案不能设置二级佣金',
          ),
        )
  for (const { field, rate } of rates) out.push(...rateProblems(field, rate))
  if (plan.payOnMembershipFees)
    out.push(
      say(
        'payOnMembershipFees',
        'pays_on_membership_fees',
        'membership fees are not sales of goods: no commission on them',
        '会员费不是商品销售，不得计提佣金',
      ),
    )
  if (plan.networkBonus)
    out.push(
      say(
        'networkBonus',
        'network_bonus',
        "no bonus to uplines on their network's sales (team reward)",
        '不得按下级团队业绩向上级发放团队奖',
      ),
    )
  return out
}

function rateProblems(field: string, rate: Rate): Problem[] {
  const out: Problem[] = []
  if (rate.kind === 'fixed') {
    // A fixed amount per unit is capped at 30% of the line when computed (commission.ts).
    for (const [key, v] of [
      ['level1FenPerUnit', rate.level1FenPerUnit],
      ['level2FenPerUnit', rate.level2FenPerUnit ?? 0],
    ] as const)
      if (!Number.isSafeInteger(v) || v < 0)
        out.push(say(`${field}.${key}`, 'invalid', 'a whole number of fen, 0 or more', '须为不小于 0 的金额'))
    return out
  }
  const l1 = rate.level1Bp
  const l2 = rate.level2Bp ?? 0
  for (const [key, v] of [
    ['level1Bp', l1],
    ['level2Bp', l2],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0 || v > BP_WHOLE)
      out.push(
        say(`${field}.${key}`, 'invalid', 'basis points between 0 and 10,000', '比例须在 0 到 100% 之间'),
      )
  if (out.length === 0 && l1 + l2 > MAX_TOTAL_BP)
    out.push(
      say(
        field,
        'above_cap',
        'all levels together may pay at most 30% of what the buyer paid',
        '各级佣金合计不得超过实付金额的 30%',
      ),
    )
  return out
}

function positiveInt(n: number) {
  return Number.isSafeInteger(n) && n > 0
}
