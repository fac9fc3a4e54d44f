/** What an operator sets on a bargain offer. */
export interface OfferConfig {
  startPriceFen: number
  floorPriceFen: number
  helpersNeeded: number
  timeLimitMinutes: number
  startsAt: Date | string
  endsAt: Date | string
  perShopperLimit: number
  /** At most this many bargain orders (held or paid); null: only the SKU's stock limits it. */
  stockCap: number | null
  payWithinMinutes: number
  /** Whether a shopper may buy at the current price before the floor is reached. */
  buyAtCurrentPrice: boolean
  /** Helps one shopper may give per day, across all bargains of the shop. */
  helperDailyLimit: number
  /** Helps one device may give per day, across all bargains of the shop. */
  deviceDailyLimit: number
}

export interface OfferProblem {
  field: keyof OfferConfig
  detail: string
}

export const LIMITS = {
  priceFen: { min: 1, max: 10_000_000_000 },
  helpersNeeded: { min: 1, max: 100 },
  timeLimitMinutes: { min: 5, max: 7 * 24 * 60 },
  perShopperLimit: { min: 1, max: 100 },
  stockCap: { min: 1, max: 10_000_000 },
  payWithinMinutes: { min: 5, max: 7 * 24 * 60 },
  helperDailyLimit: { min: 1, max: 100 },
  deviceDailyLimit: { min: 1, max: 100 },
} as const

/** Everything wrong with an offer, each named by its field; empty when it can be saved. */
export function offerProblems(o: OfferConfig): OfferProblem[] {
  const out: OfferProblem[] = []
  const int = (field: keyof typeof LIMITS & keyof OfferConfig, v: number) => {
    const { min, max } = LIMITS[field]
    if (!Number.isInteger(v)) out.push({ field, detail: 'must be a whole number' })
    else if (v < min || v > max) out.push({ field, detail: `must be between ${min} and ${max}` })
    else return true
    return false
  }
  const price = (field: 'startPriceFen' | 'floorPriceFen', v: number) => {
    const { min, max } = LIMITS.priceFen
    if (!Number.isInteger(v) || v < min || v > max) {
      out.push({ field, detail: `must be a whole number of fen between ${min} and ${max}` })
      return false
    }
    return true
  }
  const startOk = price('startPriceFen', o.startPriceFen)
  const floorOk = price('floorPriceFen', o.floorPriceFen)
  const helpersOk = int('helpersNeeded', o.helpersNeeded)
  if (startOk && floorOk) {
    if (o.floorPriceFen >= o.startPriceFen)
      out.push({ field: 'floorPriceFen', detail: 'the floor price must be below the start price' })
    else if (helpersOk && o.startPriceFen - o.floorPriceFen < o.helpersNeeded)
      // Every helper cuts at least 1 fen.
      out.push({
        field: 'helpersNeeded',
        detail: 'at most one helper per fen between the start and the floor price',
      })
  }
  int('timeLimitMinutes', o.timeLimitMinutes)
  const starts = new Date(o.startsAt).getTime()
  const ends = new Date(o.endsAt).getTime()
  if (Number.isNaN(starts)) out.push({ field: 'startsAt', detail: 'not a date' })
  if (Number.isNaN(ends)) out.push({ field: 'endsAt', detail: 'not a date' })
  else if (!Number.isNaN(starts) && ends <= starts)
    out.push({ field: 'endsAt', detail: 'the offer must end after it starts' })
  int('perShopperLimit', o.perShopperLimit)
  if (o.stockCap !== null) int('stockCap', o.stockCap)
  int('payWithinMinutes', o.payWithinMinutes)
  int('helperDailyLimit', o.helperDailyLimit)
  int('deviceDailyLimit', o.deviceDailyLimit)
  return out
}

/** The calendar day (China time, UTC+8) a moment falls on, as `YYYY-MM-DD`: daily help limits count by it. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** A nickname as others see it: first and last character, the middle starred. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length === 0) return '**'
  if (chars.length === 1) return `${chars[0]}*`
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(Math.min(3, chars.length - 2))}${chars[chars.length - 1]}`
}
