import type { CouponKind, CouponScope, CouponTerms } from './price.js'

/** Bounds of a coupon template, shared by the request schema and the checks. */
export const LIMITS = {
  amountFen: { min: 1, max: 10_000_000 },
  thresholdFen: { min: 0, max: 100_000_000 },
  percentBps: { min: 1, max: 9_900 },
  capFen: { min: 1, max: 10_000_000 },
  validDays: { min: 1, max: 3650 },
  perPersonLimit: { min: 1, max: 100 },
  totalLimit: { min: 1, max: 10_000_000 },
  scopeIds: { max: 200 },
  issueShoppers: { max: 500 },
} as const

export interface TemplateConfig {
  name: string
  kind: CouponKind
  amountFen: number
  percentBps: number
  capFen: number | null
  thresholdFen: number
  scope: CouponScope['kind']
  scopeIds: string[]
  validity: 'fixed' | 'after_claim'
  validFrom: Date | string | null
  validUntil: Date | string | null
  validDays: number | null
  claimStartsAt: Date | string
  claimEndsAt: Date | string
  perPersonLimit: number
  totalLimit: number | null
  claimable: boolean
}

export interface Problem {
  field: string
  detail: string
  zh: string
}

const time = (d: Date | string | null) => (d === null ? Number.NaN : new Date(d).getTime())

/** What is wrong with a template, field by field (empty when it can be saved). */
export function templateProblems(c: TemplateConfig): Problem[] {
  const out: Problem[] = []
  const p = (field: string, detail: string, zh: string) => out.push({ field, detail, zh })
  if (!c.name.trim()) p('name', 'a name is required', '请填写优惠券名称')
  if (c.kind === 'fixed' || c.kind === 'threshold') {
    if (c.amountFen < 1) p('amountFen', 'the amount off must be at least 1 fen', '优惠金额至少 0.01 元')
  }
  if (c.kind === 'threshold') {
    if (c.thresholdFen < 1) p('thresholdFen', 'a 满减 coupon needs a threshold', '满减券须设置使用门槛')
    else if (c.thresholdFen < c.amountFen)
      p('thresholdFen', 'the threshold must be at least the amount off', '使用门槛不能低于优惠金额')
  }
  if (c.kind === 'percent' && (c.percentBps < 1 || c.percentBps > 9_900))
    p('percentBps', 'percent off must be between 0.01% and 99%', '减免比例须在 0.01% 到 99% 之间')
  if (c.scope !== 'all' && !c.scopeIds.length)
    p('scopeIds', 'choose at least one category or product', '请至少选择一个适用分类或商品')
  if (c.scope === 'all' && c.scopeIds.length)
    p('scopeIds', 'an all-products coupon takes no list', '全场通用券无需选择分类或商品')
  if (new Set(c.scopeIds).size !== c.scopeIds.length) p('scopeIds', 'listed twice', '适用范围有重复项')
  if (c.validity === 'fixed') {
    if (Number.isNaN(time(c.validFrom)) || Number.isNaN(time(c.validUntil)))
      p('validFrom', 'fixed validity needs a start and an end', '固定有效期须填写开始和结束时间')
    else if (time(c.validUntil) <= time(c.validFrom))
      p('validUntil', 'validity must end after it starts', '有效期结束时间须晚于开始时间')
    else if (time(c.claimEndsAt) > time(c.validUntil))
      p('claimEndsAt', 'claiming must end by the end of validity', '领取截止时间不能晚于有效期结束')
  } else if (!c.validDays || c.validDays < 1)
    p('validDays', 'say how many days a claimed coupon is valid', '请填写领取后有效天数')
  if (time(c.claimEndsAt) <= time(c.claimStartsAt))
    p('claimEndsAt', 'claiming must end after it starts', '领取结束时间须晚于开始时间')
  if (c.totalLimit !== null && c.totalLimit < c.perPersonLimit)
    p('totalLimit', 'the total is below the per-person limit', '发放总量不能少于每人限领数量')
  return out
}

/** When a coupon claimed or issued at `at` may be used. */
export function validityOf(
  t: Pick<TemplateConfig, 'validity' | 'validFrom' | 'validUntil' | 'validDays'>,
  at: Date,
): { validFrom: Date; validUntil: Date } {
  if (t.validity === 'fixed')
    return { validFrom: new Date(t.validFrom!), validUntil: new Date(t.validUntil!) }
  return { validFrom: at, validUntil: new Date(at.getTime() + t.validDays! * 86_400_000) }
}

/** A template's terms as price resolution reads them. */
export const termsOf = (
  id: string,
  t: Pick<
    TemplateConfig,
    'kind' | 'amountFen' | 'percentBps' | 'capFen' | 'thresholdFen' | 'scope' | 'scopeIds'
  >,
): CouponTerms => ({
  id,
  kind: t.kind,
  amountFen: t.amountFen,
  percentBps: t.percentBps,
  capFen: t.capFen,
  thresholdFen: t.thresholdFen,
  scope: t.scope === 'all' ? { kind: 'all' } : { kind: t.scope, ids: t.scopeIds },
})
