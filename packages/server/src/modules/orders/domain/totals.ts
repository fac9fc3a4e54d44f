/** Pure pricing of an order: no database, no clock. */

export interface PricedLine {
  skuId: string
  quantity: number
  unitPriceFen: number
}

export interface ShippingRules {
  /** Flat delivery fee in fen (0 = free delivery). */
  shippingFeeFen?: number
  /** Orders of at least this much ship free. */
  freeShippingOverFen?: number
}

export function orderTotals(lines: PricedLine[], fulfillment: 'delivery' | 'pickup', rules: ShippingRules) {
  const itemsFen = lines.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0)
  const fee = rules.shippingFeeFen ?? 0
  const free = rules.freeShippingOverFen !== undefined && itemsFen >= rules.freeShippingOverFen
  const shippingFen = fulfillment === 'pickup' || free ? 0 : fee
  return { itemsFen, shippingFen, discountFen: 0, totalFen: itemsFen + shippingFen }
}

/** Merges repeated SKUs into one line, keeping the first position. */
export function mergeLines<T extends { skuId: string; quantity: number }>(items: T[]): T[] {
  const out = new Map<string, T>()
  for (const it of items) {
    const prev = out.get(it.skuId)
    out.set(it.skuId, prev ? { ...prev, quantity: prev.quantity + it.quantity } : { ...it })
  }
  return [...out.values()]
}

/**
 * What refunding `quantity` of a line is worth: whole remaining amount for the last units (so
 * rounding never leaves a fen behind), otherwise the unit share.
 */
export function lineRefundFen(
  line: { amountFen: number; quantity: number; refundedQuantity: number; refundedFen: number },
  quantity: number,
) {
  const left = line.quantity - line.refundedQuantity
  if (quantity <= 0 || quantity > left) throw new Error('refund quantity out of range')
  if (quantity === left) return line.amountFen - line.refundedFen
  return Math.floor((line.amountFen * quantity) / line.quantity)
}
