/** The deal form's values and the API's deal input, each way; money typed in 元, rates in %. */
import { fenToYuanString, yuanToFen } from '../shared/money'
import type { Deal, DealInput, DealType } from './groupbuyApi'

export interface DealFormValues {
  type: DealType
  productId?: string
  skuId?: string
  title?: string
  groupSize?: number
  /** 元 */
  groupPrice?: number | null
  ladderSteps?: { size?: number; price?: number | null }[]
  timeLimitMinutes?: number
  startsAt?: string
  endsAt?: string
  perPersonLimit?: number
  /** 元 */
  openerDiscount?: number | null
  freeToOpen?: boolean
  newCustomersOnly?: boolean
  /** % of the seats */
  autoFillPercent?: number | null
  luckyDrawWinners?: number | null
  flashSlotId?: string
  /** % */
  importTaxPercent?: number | null
  /** 元 */
  openerReward?: number | null
  /** % */
  openerRewardPercent?: number | null
}

const fen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? undefined : (yuanToFen(String(yuan)) ?? undefined)
const bp = (percent: number | null | undefined) =>
  percent === null || percent === undefined ? undefined : Math.round(percent * 100)
const yuan = (f: number | null | undefined) =>
  f === null || f === undefined ? null : Number(fenToYuanString(f))
const percent = (b: number | null | undefined) => (b === null || b === undefined ? null : b / 100)

/** The API input from the form: fields that do not belong to the deal's type are left out. */
export function toDealInput(v: DealFormValues): DealInput {
  const ladder = v.type === 'ladder'
  const steps = ladder
    ? (v.ladderSteps ?? [])
        .filter((s) => s.size !== undefined && s.price !== undefined && s.price !== null)
        .map((s) => ({ size: Number(s.size), priceFen: fen(s.price) ?? 0 }))
        .sort((a, b) => a.size - b.size)
    : undefined
  const input: DealInput = {
    type: v.type,
    skuId: v.skuId ?? '',
    title: v.title?.trim() || undefined,
    groupSize: v.groupSize ?? 0,
    groupPriceFen: ladder ? undefined : fen(v.groupPrice),
    ladderSteps: steps,
    timeLimitMinutes: v.timeLimitMinutes ?? 0,
    startsAt: v.startsAt ?? '',
    endsAt: v.endsAt ?? '',
    perPersonLimit: v.perPersonLimit ?? 1,
    openerDiscountFen: v.freeToOpen ? undefined : fen(v.openerDiscount),
    freeToOpen: !!v.freeToOpen,
    newCustomersOnly: !!v.newCustomersOnly,
    autoFillThresholdBp: bp(v.autoFillPercent),
    luckyDrawWinners: v.type === 'lucky_draw' ? (v.luckyDrawWinners ?? undefined) : undefined,
    flashSlotId: v.type === 'flash' ? v.flashSlotId?.trim() || undefined : undefined,
    importTaxRateBp: v.type === 'cross_border' ? bp(v.importTaxPercent) : undefined,
    openerRewardFen: fen(v.openerReward),
    openerRewardBp: bp(v.openerRewardPercent),
  }
  // Undefined keys stay out of the JSON body.
  return Object.fromEntries(Object.entries(input).filter(([, x]) => x !== undefined)) as unknown as DealInput
}

/** The form's values for an existing deal. */
export function toFormValues(d: Deal): DealFormValues {
  return {
    type: d.type,
    productId: d.productId,
    skuId: d.skuId,
    title: d.title,
    groupSize: d.groupSize,
    groupPrice: yuan(d.groupPriceFen),
    ladderSteps: (d.ladderSteps ?? []).map((s) => ({ size: s.size, price: yuan(s.priceFen) })),
    timeLimitMinutes: d.timeLimitMinutes,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    perPersonLimit: d.perPersonLimit,
    openerDiscount: d.openerDiscountFen ? yuan(d.openerDiscountFen) : null,
    freeToOpen: d.freeToOpen,
    newCustomersOnly: d.newCustomersOnly,
    autoFillPercent: percent(d.autoFillThresholdBp),
    luckyDrawWinners: d.luckyDrawWinners,
    flashSlotId: d.flashSlotId ?? undefined,
    importTaxPercent: percent(d.importTaxRateBp),
    openerReward: yuan(d.openerRewardFen),
    openerRewardPercent: percent(d.openerRewardBp),
  }
}

const FIELD_OF: Record<string, keyof DealFormValues | 'period'> = {
  groupPriceFen: 'groupPrice',
  openerDiscountFen: 'openerDiscount',
  autoFillThresholdBp: 'autoFillPercent',
  importTaxRateBp: 'importTaxPercent',
  openerRewardFen: 'openerReward',
  openerRewardBp: 'openerRewardPercent',
  startsAt: 'period',
  endsAt: 'period',
}

/**
 * The form field a server error names: `groupPriceFen` → `groupPrice`, `ladderSteps.1.priceFen` →
 * `ladderSteps`; `body.` prefixes dropped. Unknown names pass through.
 */
export function formFieldOf(apiField: string | undefined): string | undefined {
  if (!apiField) return undefined
  const head = apiField.replace(/^(body|params|querystring)\./, '').split('.')[0]
  return FIELD_OF[head] ?? head
}
