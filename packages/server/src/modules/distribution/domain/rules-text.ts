import { DEFAULT_RETURN_WINDOW_DAYS } from './lifecycle.js'
import { type CommissionPlan, type PromoterProgram, type Rate, withdrawalSettings } from './program.js'

/** Fen as yuan for people: 10000 → "100", 12345 → "123.45". */
const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2))
const pct = (bp: number) => `${bp / 100}%`

function rateText(rate: Rate, zh: boolean) {
  if (rate.kind === 'rate') {
    const l2 = rate.level2Bp ? (zh ? `，上级 ${pct(rate.level2Bp)}` : `, upline ${pct(rate.level2Bp)}`) : ''
    return zh ? `实付金额的 ${pct(rate.level1Bp)}${l2}` : `${pct(rate.level1Bp)} of what the buyer paid${l2}`
  }
  const l2 = rate.level2FenPerUnit
    ? zh
      ? `，上级每件 ${yuan(rate.level2FenPerUnit)} 元`
      : `, upline ${yuan(rate.level2FenPerUnit)} yuan per unit`
    : ''
  return zh
    ? `每件 ${yuan(rate.level1FenPerUnit)} 元${l2}`
    : `${yuan(rate.level1FenPerUnit)} yuan per unit${l2}`
}

/**
 * A program's rules as plain sentences for the storefront, so a shopper sees exactly how one
 * becomes a promoter, for how long, and what it pays — and that joining never costs anything.
 */
export function programRules(program: PromoterProgram, plan: CommissionPlan, lang: 'zh-CN' | 'en'): string[] {
  const zh = lang !== 'en'
  const out: string[] = []
  for (const q of program.qualifications) {
    if (q.kind === 'apply')
      out.push(
        q.approval === 'auto'
          ? zh
            ? '提交申请即可成为推广员'
            : 'Apply and you become a promoter at once'
          : zh
            ? '提交申请，店铺审核通过后成为推广员'
            : 'Apply; the shop reviews your application',
      )
    if (q.kind === 'spend')
      out.push(
        zh
          ? `${q.windowDays} 天内在本店实付满 ${yuan(q.minPaidFen)} 元（扣除退款）自动成为推广员`
          : `Spend ${yuan(q.minPaidFen)} yuan in this shop within ${q.windowDays} days (net of refunds) to become a promoter`,
      )
    if (q.kind === 'invitation')
      out.push(zh ? '受推广员邀请即可成为推广员' : 'An invitation from a promoter makes you one')
    if (q.kind === 'staff') out.push(zh ? '本店员工可成为推广员' : 'Staff of the shop are promoters')
  }
  out.push(zh ? '成为推广员不收取任何费用' : 'Becoming a promoter costs nothing')
  out.push(
    program.statusDays === null
      ? zh
        ? '推广员资格长期有效'
        : 'Promoter status does not expire'
      : zh
        ? `推广员资格有效期 ${program.statusDays} 天`
        : `Promoter status lasts ${program.statusDays} days`,
  )
  if (program.statusDays !== null && program.renewBySpendFen)
    out.push(
      zh
        ? `有效期内在本店实付满 ${yuan(program.renewBySpendFen)} 元，自动续期 ${program.statusDays} 天`
        : `Spend ${yuan(program.renewBySpendFen)} yuan in this shop during your period to renew it for ${program.statusDays} days`,
    )
  out.push(
    zh ? `佣金：${rateText(plan.defaultRate, true)}` : `Commission: ${rateText(plan.defaultRate, false)}`,
  )
  if (!plan.earnOnOwnPurchases) out.push(zh ? '自己购买不计佣金' : 'No commission on your own purchases')
  const days = program.returnWindowDays ?? DEFAULT_RETURN_WINDOW_DAYS
  out.push(
    zh
      ? `订单完成 ${days} 天后佣金结算到可提现余额；退款会按比例扣回佣金`
      : `Commission becomes available ${days} days after the order is completed; refunds take back their share of it`,
  )
  const w = withdrawalSettings(program)
  const terms = [
    zh ? `单笔至少 ${yuan(w.minFen)} 元` : `at least ${yuan(w.minFen)} yuan each time`,
    w.feeFen
      ? zh
        ? `每笔手续费 ${yuan(w.feeFen)} 元`
        : `a fee of ${yuan(w.feeFen)} yuan each`
      : zh
        ? '不收手续费'
        : 'no fee',
    ...(w.dailyLimitFen !== null
      ? [zh ? `每天最多 ${yuan(w.dailyLimitFen)} 元` : `at most ${yuan(w.dailyLimitFen)} yuan a day`]
      : []),
  ]
  out.push(
    zh
      ? `提现：${terms.join('，')}，经店铺审核后打款`
      : `Withdrawals: ${terms.join(', ')}; the shop reviews each one before paying`,
  )
  const b = program.binding
  out.push(
    b.bindOn === 'click'
      ? zh
        ? '顾客打开你的分享链接即与你绑定'
        : 'A customer is bound to you when they open your share link'
      : zh
        ? '顾客通过你的分享首次付款后与你绑定'
        : 'A customer is bound to you on their first paid order through your share',
  )
  if (b.permanent) out.push(zh ? '绑定关系长期有效' : 'Bindings are permanent')
  else if (b.lockDays > 0)
    out.push(
      zh
        ? `绑定后 ${b.lockDays} 天内不会被他人抢走`
        : `For ${b.lockDays} days after binding nobody else can take the customer`,
    )
  return out
}
