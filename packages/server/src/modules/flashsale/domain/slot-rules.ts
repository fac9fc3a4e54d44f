/** What an operator submits for one slot, and the rules it must keep. Pure: no database, no clock. */

export interface SlotSkuInput {
  skuId: string
  flashPriceFen: number
  stock: number
  perPersonLimit: number
}

export interface SlotInput {
  startsAt: Date
  endsAt: Date
  skus: SlotSkuInput[]
}

/** What the catalogue and inventory say about a SKU at the moment of the check. */
export interface SkuFacts {
  priceFen: number
  /** Active SKU of a product on sale. */
  purchasable: boolean
  /** on_hand − reserved now. */
  available: number
}

/** Another slot (of any campaign) that already holds a SKU over a time range. */
export interface BusySlot {
  slotId: string
  startsAt: Date
  endsAt: Date
  skuIds: string[]
}

export interface Fault {
  field: string
  detail: string
  /** The same fault as a Chinese operator reads it, in the console's words. */
  zh: string
}

/** Fen as the console shows money. */
const yuan = (fen: number) => `${fen % 100 === 0 ? fen / 100 : (fen / 100).toFixed(2)} 元`

export const MAX_SLOT_HOURS = 7 * 24
export const MAX_SLOTS = 50
export const MAX_SKUS_PER_SLOT = 50

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt < b.endsAt && b.startsAt < a.endsAt

/**
 * Every fault of a campaign's slots, by field (`slots.1.skus.0.flashPriceFen`). `skus` holds the
 * facts of every SKU named; `stockCheck` also compares carved stock with what is available (when
 * the campaign is, or is being, scheduled), summed per SKU across the slots given. `busy` are
 * other slots whose times must not overlap a slot selling the same SKU.
 */
export function slotFaults(
  slots: SlotInput[],
  o: { skus: Map<string, SkuFacts>; now: Date; stockCheck: boolean; busy?: BusySlot[]; firstIndex?: number },
): Fault[] {
  const out: Fault[] = []
  const add = (field: string, detail: string, zh: string) => out.push({ field, detail, zh })
  const at = o.firstIndex ?? 0
  if (slots.length > MAX_SLOTS) add('slots', `at most ${MAX_SLOTS} slots`, `最多 ${MAX_SLOTS} 个场次`)
  // The console numbers slots and their SKUs from one.
  const where = new Map<string, string>()
  const wanted = new Map<string, { total: number; field: string }>()
  slots.forEach((s, n) => {
    const i = n + at
    const f = `slots.${i}`
    const slot = `场次 ${i + 1}`
    if (!(s.endsAt > s.startsAt))
      add(`${f}.endsAt`, 'must be after the start', `${slot} 的结束时间须晚于开始时间`)
    else if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_SLOT_HOURS * 3_600_000)
      add(
        `${f}.endsAt`,
        `a slot lasts at most ${MAX_SLOT_HOURS} hours`,
        `${slot} 最长 ${MAX_SLOT_HOURS} 小时（${MAX_SLOT_HOURS / 24} 天）`,
      )
    if (o.stockCheck && s.endsAt <= o.now) add(`${f}.endsAt`, 'already over', `${slot} 已经结束`)
    slots.slice(0, n).forEach((prev, j) => {
      if (overlaps(prev, s))
        add(`${f}.startsAt`, `overlaps slot ${j + at + 1}`, `${slot} 与场次 ${j + at + 1} 的时间重叠`)
    })
    if (!s.skus.length) add(`${f}.skus`, 'choose at least one SKU', `${slot} 请至少添加一个商品`)
    if (s.skus.length > MAX_SKUS_PER_SLOT)
      add(
        `${f}.skus`,
        `at most ${MAX_SKUS_PER_SLOT} SKUs per slot`,
        `每个场次最多 ${MAX_SKUS_PER_SLOT} 个商品规格`,
      )
    const seen = new Set<string>()
    s.skus.forEach((k, j) => {
      const kf = `${f}.skus.${j}`
      const sku = `${slot} 第 ${j + 1} 个商品`
      where.set(`${kf}.stock`, sku)
      if (seen.has(k.skuId)) add(`${kf}.skuId`, 'this SKU is already in the slot', `${sku}在本场次中重复了`)
      seen.add(k.skuId)
      const facts = o.skus.get(k.skuId)
      if (!facts) {
        add(`${kf}.skuId`, 'no such SKU', `${sku}的规格不存在`)
        return
      }
      if (!facts.purchasable) add(`${kf}.skuId`, 'this SKU is not on sale', `${sku}未在售，不能参加秒杀`)
      if (!Number.isSafeInteger(k.flashPriceFen) || k.flashPriceFen <= 0)
        add(`${kf}.flashPriceFen`, 'a positive amount in fen', `${sku}的秒杀价须大于 0，最多精确到分`)
      else if (k.flashPriceFen >= facts.priceFen)
        add(
          `${kf}.flashPriceFen`,
          `must be below the SKU price (${facts.priceFen} fen)`,
          `${sku}的秒杀价须低于原价（${yuan(facts.priceFen)}）`,
        )
      if (!Number.isSafeInteger(k.stock) || k.stock <= 0)
        add(`${kf}.stock`, 'a positive whole number', `${sku}的秒杀库存须为正整数`)
      if (!Number.isSafeInteger(k.perPersonLimit) || k.perPersonLimit <= 0)
        add(`${kf}.perPersonLimit`, 'a positive whole number', `${sku}的每人限购须为正整数`)
      else if (k.perPersonLimit > k.stock)
        add(`${kf}.perPersonLimit`, 'cannot be more than the slot stock', `${sku}的每人限购不能多于秒杀库存`)
      const w = wanted.get(k.skuId)
      wanted.set(k.skuId, { total: (w?.total ?? 0) + Math.max(0, k.stock), field: w?.field ?? `${kf}.stock` })
      for (const b of o.busy ?? [])
        if (b.skuIds.includes(k.skuId) && overlaps(b, s))
          add(
            `${kf}.skuId`,
            'this SKU is in another flash-sale slot at the same time',
            `${sku}同一时间已在其他秒杀场次中`,
          )
    })
  })
  if (o.stockCheck)
    for (const [skuId, w] of wanted) {
      const facts = o.skus.get(skuId)
      if (facts && w.total > facts.available)
        add(
          w.field,
          `only ${facts.available} available to carve`,
          `${where.get(w.field)}的可用库存只有 ${facts.available} 件，不够划出秒杀库存`,
        )
    }
  return out
}

/** Where a slot is in time, by the server's clock. */
export type SlotPhase = 'upcoming' | 'live' | 'ended'
export function slotPhase(s: { startsAt: Date; endsAt: Date; status: string }, now: Date): SlotPhase {
  if (s.status === 'ended' || s.status === 'cancelled' || now >= s.endsAt) return 'ended'
  return now < s.startsAt ? 'upcoming' : 'live'
}

/** Units still to buy in a slot SKU. */
export const unitsLeft = (k: {
  carved: number
  held: number
  sold: number
  taken: number
  returned: number
}) => k.carved - k.held - k.sold - k.taken - k.returned
