import type { DealProblem } from './deal-rules.js'

/** What each field of a deal is called on the console's form. */
const LABELS: Record<string, string> = {
  groupSize: '成团人数',
  singlePriceFen: '单买价',
  groupPriceFen: '拼团价',
  ladderSteps: '阶梯价格',
  timeLimitMinutes: '成团时限（分钟）',
  startsAt: '开始时间',
  endsAt: '结束时间',
  perPersonLimit: '每人限购',
  luckyDrawWinners: '中奖人数',
  autoFillThresholdBp: '模拟成团比例',
  openerDiscountFen: '团长优惠',
  flashSlotId: '秒杀场次',
  importTaxRateBp: '综合税率',
  openerRewardFen: '团长奖励金额',
  openerRewardBp: '团长奖励比例',
}

/** Rules whose English detail says more than its code: the same rule in Chinese. */
const RULES: Record<string, string> = {
  'the group price must be below the single price': '拼团价须低于单买价',
  'the first step must be below the single price': '第一档价格须低于单买价',
  'each step needs more members than the one before': '每一档的人数须多于上一档',
  'each step must be cheaper than the one before': '每一档的价格须低于上一档',
  'the deal must end after it starts': '结束时间须晚于开始时间',
  'a lucky-draw group draws only when it is full': '抽奖团满员才开奖，不能设置模拟成团',
  'a free-to-open deal already gives the opener the seat': '团长免单时不能再设团长优惠',
  'a fixed reward or a rate, not both': '团长奖励请在固定金额和比例中选一种',
}

function label(field: string) {
  const step = /^ladderSteps\.(\d+)\.(size|priceFen)$/.exec(field)
  if (step) return `第 ${Number(step[1]) + 1} 档${step[2] === 'size' ? '人数' : '价格'}`
  return LABELS[field] ?? field
}

/** A deal problem as a Chinese operator reads it, e.g. `成团人数应在 2 到 100 之间`. */
export function dealProblemZh(p: DealProblem): string {
  const rule = RULES[p.detail]
  if (rule) return rule
  const name = label(p.field)
  const range = /between (\d+) and (\d+)/.exec(p.detail)
  switch (p.code) {
    case 'required':
      return `请填写${name}`
    case 'not_allowed':
      return `这种类型的活动不能设置${name}`
    case 'not_integer':
      return `${name}须为整数`
    case 'out_of_range':
      return range ? `${name}应在 ${range[1]} 到 ${range[2]} 之间` : `${name}超出允许范围`
    case 'out_of_order':
      return `${name}顺序不对`
  }
}
