import { BP_WHOLE } from './odds.js'

export type PrizeKind = 'product' | 'points' | 'coupon'

/** A prize as the operator describes it. Points and coupons are entitlements their modules honour later. */
export interface PrizeInput {
  id?: string
  kind: PrizeKind
  name: string
  imageUrl?: string | null
  /** The SKU a product prize ships. */
  skuId?: string | null
  /** Points granted, or a coupon's value in fen. */
  amount?: number | null
  /** The coupon template (or other outside reference) a coupon prize stands for. */
  reference?: string | null
  stock: number
  probabilityBp: number
}

export interface CampaignInput {
  title: string
  description?: string
  startsAt: Date
  endsAt: Date
  /** Free chances per shopper per day. */
  dailyChances: number
  /** Chances a shopper may earn per day by sharing (one per share). */
  shareDailyCap: number
  /** Chances granted to the sharer when a friend first opens their share … */
  inviteVisitChances: number
  /** … and when a friend places their first paid order through it. */
  inviteOrderChances: number
  /** Most chances a shopper may earn per day from friends. */
  inviteDailyCap: number
  noPrizeBp: number
  prizes: PrizeInput[]
}

export interface Problem {
  field: string
  detail: string
  /** The same problem as a Chinese operator reads it, in the console's words. */
  zh: string
}

/** What each field is called on the console's campaign form. */
const LABELS: Record<string, string> = {
  title: '活动名称',
  startsAt: '开始时间',
  endsAt: '结束时间',
  dailyChances: '每人每天免费次数',
  shareDailyCap: '每天分享可加的次数',
  inviteVisitChances: '好友首次访问加的次数',
  inviteOrderChances: '好友首次下单加的次数',
  inviteDailyCap: '每天邀请可加的次数',
  noPrizeBp: '「谢谢参与」的概率',
  name: '名称',
  stock: '库存',
  probabilityBp: '中奖概率',
  skuId: '规格（SKU）',
  kind: '类型',
}

/** `prizes.2.stock` → `第 3 个奖品的库存`. */
function label(field: string): string {
  const prize = /^prizes\.(\d+)\.(\w+)$/.exec(field)
  if (prize) return `第 ${Number(prize[1]) + 1} 个奖品的${LABELS[prize[2]] ?? prize[2]}`
  return LABELS[field] ?? field
}

/** Basis points as the console shows them: a percentage. */
const pct = (bp: number) => `${bp / 100}%`

/** A 3×3 grid: eight prize cells around the draw button. */
export const MAX_PRIZES = 8
export const MAX_CHANCES = 100

/** Everything wrong with a campaign an operator submits, by field; empty when it can be saved. */
export function campaignProblems(c: CampaignInput): Problem[] {
  const out: Problem[] = []
  const add = (field: string, detail: string, zh: string) => out.push({ field, detail, zh })
  /** `unit` says how the console shows the number: a count, a percentage (bp) or yuan (fen). */
  const int = (
    field: string,
    v: unknown,
    min: number,
    max: number,
    unit: 'n' | 'bp' | 'fen' = 'n',
    name = label(field),
  ) => {
    const show = (n: number) => (unit === 'bp' ? pct(n) : unit === 'fen' ? `${n / 100} 元` : String(n))
    if (typeof v !== 'number' || !Number.isInteger(v))
      add(
        field,
        'must be a whole number',
        unit === 'bp'
          ? `${name}最多精确到 0.01%`
          : unit === 'fen'
            ? `${name}最多精确到分`
            : `${name}须为整数`,
      )
    else if (v < min || v > max)
      add(field, `must be between ${min} and ${max}`, `${name}应在 ${show(min)} 到 ${show(max)} 之间`)
  }
  if (!c.title?.trim()) add('title', 'required', '请填写活动名称')
  if (!(c.startsAt instanceof Date) || Number.isNaN(c.startsAt.getTime()))
    add('startsAt', 'a valid time', '请填写有效的开始时间')
  if (!(c.endsAt instanceof Date) || Number.isNaN(c.endsAt.getTime()))
    add('endsAt', 'a valid time', '请填写有效的结束时间')
  else if (c.startsAt instanceof Date && c.endsAt <= c.startsAt)
    add('endsAt', 'must be after the start', '结束时间须晚于开始时间')
  int('dailyChances', c.dailyChances, 0, MAX_CHANCES)
  int('shareDailyCap', c.shareDailyCap, 0, MAX_CHANCES)
  int('inviteVisitChances', c.inviteVisitChances, 0, MAX_CHANCES)
  int('inviteOrderChances', c.inviteOrderChances, 0, MAX_CHANCES)
  int('inviteDailyCap', c.inviteDailyCap, 0, MAX_CHANCES)
  int('noPrizeBp', c.noPrizeBp, 0, BP_WHOLE, 'bp')

  if (!c.prizes?.length || c.prizes.length > MAX_PRIZES)
    add('prizes', `between 1 and ${MAX_PRIZES} prizes`, `奖品数量应在 1 到 ${MAX_PRIZES} 个之间`)
  // A draw that can miss needs a cell on the grid to land on when it does.
  else if (c.prizes.length === MAX_PRIZES && c.noPrizeBp > 0)
    add(
      'prizes',
      `at most ${MAX_PRIZES - 1} prizes when there is a no-prize share: one cell is for it`,
      `设置了「谢谢参与」时最多 ${MAX_PRIZES - 1} 个奖品：九宫格要留一格给它`,
    )
  const names = new Set<string>()
  ;(c.prizes ?? []).forEach((p, i) => {
    const at = `prizes.${i}`
    const nth = `第 ${i + 1} 个奖品`
    if (!p.name?.trim()) add(`${at}.name`, 'required', `请填写${nth}的名称`)
    else if (names.has(p.name.trim()))
      add(`${at}.name`, 'two prizes with the same name', `奖品名称「${p.name.trim()}」重复了`)
    else names.add(p.name.trim())
    int(`${at}.stock`, p.stock, 0, 1_000_000)
    int(`${at}.probabilityBp`, p.probabilityBp, 0, BP_WHOLE, 'bp')
    if (p.kind === 'product') {
      if (!p.skuId) add(`${at}.skuId`, 'a product prize needs its SKU', `${nth}是实物，请选择奖品规格（SKU）`)
      if (p.amount != null)
        add(`${at}.amount`, 'a product prize has no amount', `${nth}是实物，不能设置面额或积分`)
    } else if (p.kind === 'points' || p.kind === 'coupon') {
      if (p.skuId) add(`${at}.skuId`, 'only a product prize has a SKU', `只有实物奖品才能选择规格（SKU）`)
      if (p.kind === 'points') int(`${at}.amount`, p.amount, 1, 10_000_000, 'n', `${nth}的积分数`)
      else int(`${at}.amount`, p.amount, 1, 100_000_000, 'fen', `${nth}的券面额`)
    } else add(`${at}.kind`, 'product, points or coupon', `${nth}的类型须为实物、积分或优惠券`)
  })

  const sum = (c.prizes ?? []).reduce(
    (s, p) => s + (Number.isInteger(p.probabilityBp) ? p.probabilityBp : 0),
    0,
  )
  if (!out.length && sum + c.noPrizeBp !== BP_WHOLE)
    add(
      'noPrizeBp',
      `prizes (${sum}) and no prize (${c.noPrizeBp}) must add up to ${BP_WHOLE}, not ${sum + c.noPrizeBp}`,
      `奖品合计 ${pct(sum)}，含「谢谢参与」合计 ${pct(sum + c.noPrizeBp)}，须正好为 ${pct(BP_WHOLE)}`,
    )
  return out
}
