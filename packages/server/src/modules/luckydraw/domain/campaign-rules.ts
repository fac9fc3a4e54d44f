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
}

/** A 3×3 grid: eight prize cells around the draw button. */
export const MAX_PRIZES = 8
export const MAX_CHANCES = 100

/** Everything wrong with a campaign an operator submits, by field; empty when it can be saved. */
export function campaignProblems(c: CampaignInput): Problem[] {
  const out: Problem[] = []
  const add = (field: string, detail: string) => out.push({ field, detail })
  const int = (field: string, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) add(field, 'must be a whole number')
    else if (v < min || v > max) add(field, `must be between ${min} and ${max}`)
  }
  if (!c.title?.trim()) add('title', 'required')
  if (!(c.startsAt instanceof Date) || Number.isNaN(c.startsAt.getTime())) add('startsAt', 'a valid time')
  if (!(c.endsAt instanceof Date) || Number.isNaN(c.endsAt.getTime())) add('endsAt', 'a valid time')
  else if (c.startsAt instanceof Date && c.endsAt <= c.startsAt) add('endsAt', 'must be after the start')
  int('dailyChances', c.dailyChances, 0, MAX_CHANCES)
  int('shareDailyCap', c.shareDailyCap, 0, MAX_CHANCES)
  int('inviteVisitChances', c.inviteVisitChances, 0, MAX_CHANCES)
  int('inviteOrderChances', c.inviteOrderChances, 0, MAX_CHANCES)
  int('inviteDailyCap', c.inviteDailyCap, 0, MAX_CHANCES)
  int('noPrizeBp', c.noPrizeBp, 0, BP_WHOLE)

  if (!c.prizes?.length || c.prizes.length > MAX_PRIZES) add('prizes', `between 1 and ${MAX_PRIZES} prizes`)
  // A draw that can miss needs a cell on the grid to land on when it does.
  else if (c.prizes.length === MAX_PRIZES && c.noPrizeBp > 0)
    add('prizes', `at most ${MAX_PRIZES - 1} prizes when there is a no-prize share: one cell is for it`)
  const names = new Set<string>()
  ;(c.prizes ?? []).forEach((p, i) => {
    const at = `prizes.${i}`
    if (!p.name?.trim()) add(`${at}.name`, 'required')
    else if (names.has(p.name.trim())) add(`${at}.name`, 'two prizes with the same name')
    else names.add(p.name.trim())
    int(`${at}.stock`, p.stock, 0, 1_000_000)
    int(`${at}.probabilityBp`, p.probabilityBp, 0, BP_WHOLE)
    if (p.kind === 'product') {
      if (!p.skuId) add(`${at}.skuId`, 'a product prize needs its SKU')
      if (p.amount != null) add(`${at}.amount`, 'a product prize has no amount')
    } else if (p.kind === 'points' || p.kind === 'coupon') {
      if (p.skuId) add(`${at}.skuId`, 'only a product prize has a SKU')
      int(`${at}.amount`, p.amount, 1, p.kind === 'points' ? 10_000_000 : 100_000_000)
    } else add(`${at}.kind`, 'product, points or coupon')
  })

  const sum = (c.prizes ?? []).reduce(
    (s, p) => s + (Number.isInteger(p.probabilityBp) ? p.probabilityBp : 0),
    0,
  )
  if (!out.length && sum + c.noPrizeBp !== BP_WHOLE)
    add(
      'noPrizeBp',
      `prizes (${sum}) and no prize (${c.noPrizeBp}) must add up to ${BP_WHOLE}, not ${sum + c.noPrizeBp}`,
    )
  return out
}
