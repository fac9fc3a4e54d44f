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
  /** The same problem as a Chinese operator reads it, in the console's words. */
  zh: string
}

/** What each field is called on the console's offer form. */
const LABELS: Record<keyof OfferConfig, string> = {
  startPriceFen: '起砍价',
  floorPriceFen: '底价',
  helpersNeeded: '需要帮砍人数',
  timeLimitMinutes: '砍价时限（分钟）',
  startsAt: '开始时间',
  endsAt: '结束时间',
  perShopperLimit: '每人可发起次数',
  stockCap: '砍价库存',
  payWithinMinutes: '砍到底价后支付时限（分钟）',
  buyAtCurrentPrice: '允许按当前价购买',
  helperDailyLimit: '每人每天可帮砍次数',
  deviceDailyLimit: '每台设备每天可帮砍次数',
}

/** Fen as the console shows money: yuan, without needless decimals. */
const yuan = (fen: number) => String(fen % 100 === 0 ? fen / 100 : (fen / 100).toFixed(2))

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
    if (!Number.isInteger(v))
      out.push({ field, detail: 'must be a whole number', zh: `${LABELS[field]}须为整数` })
    else if (v < min || v > max)
      out.push({
        field,
        detail: `must be between ${min} and ${max}`,
        zh: `${LABELS[field]}应在 ${min} 到 ${max} 之间`,
      })
    else return true
    return false
  }
  const price = (field: 'startPriceFen' | 'floorPriceFen', v: number) => {
    const { min, max } = LIMITS.priceFen
    if (!Number.isInteger(v) || v < min || v > max) {
      out.push({
        field,
        detail: `must be a whole number of fen between ${min} and ${max}`,
        zh: `${LABELS[field]}应在 ${yuan(min)} 到 ${yuan(max)} 元之间，精确到分`,
      })
      return false
    }
    return true
  }
  const startOk = price('startPriceFen', o.startPriceFen)
  const floorOk = price('floorPriceFen', o.floorPriceFen)
  const helpersOk = int('helpersNeeded', o.helpersNeeded)
  if (startOk && floorOk) {
    if (o.floorPriceFen >= o.startPriceFen)
      out.push({
        field: 'floorPriceFen',
        detail: 'the floor price must be below the start price',
        zh: '底价须低于起砍价',
      })
    else if (helpersOk && o.startPriceFen - o.floorPriceFen < o.helpersNeeded)
      // Every helper cuts at least 1 fen.
      out.push({
        field: 'helpersNeeded',
        detail: 'at most one helper per fen between the start and the floor price',
        zh: '需要帮砍人数太多：起砍价与底价之间，每人至少要砍 0.01 元',
      })
  }
  int('timeLimitMinutes', o.timeLimitMinutes)
  const starts = new Date(o.startsAt).getTime()
  const ends = new Date(o.endsAt).getTime()
  if (Number.isNaN(starts))
    out.push({ field: 'startsAt', detail: 'not a date', zh: '开始时间不是有效的时间' })
  if (Number.isNaN(ends)) out.push({ field: 'endsAt', detail: 'not a date', zh: '结束时间不是有效的时间' })
  else if (!Number.isNaN(starts) && ends <= starts)
    out.push({ field: 'endsAt', detail: 'the offer must end after it starts', zh: '结束时间须晚于开始时间' })
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
