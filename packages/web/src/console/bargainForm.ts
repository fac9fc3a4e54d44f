import { yuanToFen } from '../shared/money'
import type { OfferInput } from './bargainApi'

/** What the offer form holds: prices in yuan as typed, times as ISO strings. */
export interface OfferFormValues {
  skuId?: string
  startPrice?: string | number | null
  floorPrice?: string | number | null
  helpersNeeded?: number | null
  timeLimitMinutes?: number | null
  startsAt?: string | null
  endsAt?: string | null
  perShopperLimit?: number | null
  stockCap?: number | null
  payWithinMinutes?: number | null
  buyAtCurrentPrice?: boolean
  helperDailyLimit?: number | null
  deviceDailyLimit?: number | null
}

export type OfferField = keyof OfferFormValues
export interface FormProblem {
  field: OfferField
  key: 'required' | 'floorBelowStart' | 'floorMin' | 'tooManyHelpers' | 'endAfterStart' | 'price'
}

/** The server's field names, for mapping its refusal back onto the form. */
export const SERVER_FIELD: Record<string, OfferField> = {
  skuId: 'skuId',
  startPriceFen: 'startPrice',
  floorPriceFen: 'floorPrice',
  helpersNeeded: 'helpersNeeded',
  timeLimitMinutes: 'timeLimitMinutes',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  perShopperLimit: 'perShopperLimit',
  stockCap: 'stockCap',
  payWithinMinutes: 'payWithinMinutes',
  buyAtCurrentPrice: 'buyAtCurrentPrice',
  helperDailyLimit: 'helperDailyLimit',
  deviceDailyLimit: 'deviceDailyLimit',
}

/**
 * The form's values as the API's input, or the problems to show by field. Mirrors the server's
 * rules so the operator sees them before saving; the server checks again.
 */
export function toOfferInput(
  v: OfferFormValues,
  skuPriceFen: number | undefined,
): { input?: OfferInput; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const start =
    v.startPrice === undefined || v.startPrice === null || v.startPrice === ''
      ? skuPriceFen
      : yuanToFen(v.startPrice)
  const floor = yuanToFen(v.floorPrice)
  if (start === null) problems.push({ field: 'startPrice', key: 'price' })
  if (floor === null) problems.push({ field: 'floorPrice', key: v.floorPrice ? 'price' : 'required' })
  else if (floor < 1) problems.push({ field: 'floorPrice', key: 'floorMin' })
  else if (start !== null && start !== undefined && floor >= start)
    problems.push({ field: 'floorPrice', key: 'floorBelowStart' })
  const helpers = v.helpersNeeded
  if (!helpers) problems.push({ field: 'helpersNeeded', key: 'required' })
  else if (start && floor && floor < start && start - floor < helpers)
    problems.push({ field: 'helpersNeeded', key: 'tooManyHelpers' })
  for (const f of ['timeLimitMinutes', 'startsAt', 'endsAt'] as const)
    if (!v[f]) problems.push({ field: f, key: 'required' })
  if (v.startsAt && v.endsAt && new Date(v.endsAt) <= new Date(v.startsAt))
    problems.push({ field: 'endsAt', key: 'endAfterStart' })
  if (problems.length) return { problems }
  return {
    problems,
    input: {
      skuId: v.skuId,
      startPriceFen: start ?? undefined,
      floorPriceFen: floor as number,
      helpersNeeded: helpers as number,
      timeLimitMinutes: v.timeLimitMinutes as number,
      startsAt: v.startsAt as string,
      endsAt: v.endsAt as string,
      perShopperLimit: v.perShopperLimit ?? 1,
      stockCap: v.stockCap ?? null,
      payWithinMinutes: v.payWithinMinutes ?? 30,
      buyAtCurrentPrice: !!v.buyAtCurrentPrice,
      helperDailyLimit: v.helperDailyLimit ?? 3,
      deviceDailyLimit: v.deviceDailyLimit ?? 5,
    },
  }
}

/** Share of started bargains that got somewhere, in whole percent. */
export const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0)
