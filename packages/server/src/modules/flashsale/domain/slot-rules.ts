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
}

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
  const at = o.firstIndex ?? 0
  if (slots.length > MAX_SLOTS) out.push({ field: 'slots', detail: `at most ${MAX_SLOTS} slots` })
  const wanted = new Map<string, { total: number; field: string }>()
  slots.forEach((s, n) => {
    const i = n + at
    const f = `slots.${i}`
    if (!(s.endsAt > s.startsAt)) out.push({ field: `${f}.endsAt`, detail: 'must be after the start' })
    else if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_SLOT_HOURS * 3_600_000)
      out.push({ field: `${f}.endsAt`, detail: `a slot lasts at most ${MAX_SLOT_HOURS} hours` })
    if (o.stockCheck && s.endsAt <= o.now) out.push({ field: `${f}.endsAt`, detail: 'already over' })
    slots.slice(0, n).forEach((prev, j) => {
      if (overlaps(prev, s)) out.push({ field: `${f}.startsAt`, detail: `overlaps slot ${j + at + 1}` })
    })
    if (!s.skus.length) out.push({ field: `${f}.skus`, detail: 'choose at least one SKU' })
    if (s.skus.length > MAX_SKUS_PER_SLOT)
      out.push({ field: `${f}.skus`, detail: `at most ${MAX_SKUS_PER_SLOT} SKUs per slot` })
    const seen = new Set<string>()
    s.skus.forEach((k, j) => {
      const kf = `${f}.skus.${j}`
      if (seen.has(k.skuId)) out.push({ field: `${kf}.skuId`, detail: 'this SKU is already in the slot' })
      seen.add(k.skuId)
      const facts = o.skus.get(k.skuId)
      if (!facts) {
        out.push({ field: `${kf}.skuId`, detail: 'no such SKU' })
        return
      }
      if (!facts.purchasable) out.push({ field: `${kf}.skuId`, detail: 'this SKU is not on sale' })
      if (!Number.isSafeInteger(k.flashPriceFen) || k.flashPriceFen <= 0)
        out.push({ field: `${kf}.flashPriceFen`, detail: 'a positive amount in fen' })
      else if (k.flashPriceFen >= facts.priceFen)
        out.push({
          field: `${kf}.flashPriceFen`,
          detail: `must be below the SKU price (${facts.priceFen} fen)`,
        })
      if (!Number.isSafeInteger(k.stock) || k.stock <= 0)
        out.push({ field: `${kf}.stock`, detail: 'a positive whole number' })
      if (!Number.isSafeInteger(k.perPersonLimit) || k.perPersonLimit <= 0)
        out.push({ field: `${kf}.perPersonLimit`, detail: 'a positive whole number' })
      else if (k.perPersonLimit > k.stock)
        out.push({ field: `${kf}.perPersonLimit`, detail: 'cannot be more than the slot stock' })
      const w = wanted.get(k.skuId)
      wanted.set(k.skuId, { total: (w?.total ?? 0) + Math.max(0, k.stock), field: w?.field ?? `${kf}.stock` })
      for (const b of o.busy ?? [])
        if (b.skuIds.includes(k.skuId) && overlaps(b, s))
          out.push({
            field: `${kf}.skuId`,
            detail: 'this SKU is in another flash-sale slot at the same time',
          })
    })
  })
  if (o.stockCheck)
    for (const [skuId, w] of wanted) {
      const facts = o.skus.get(skuId)
      if (facts && w.total > facts.available)
        out.push({ field: w.field, detail: `only ${facts.available} available to carve` })
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
