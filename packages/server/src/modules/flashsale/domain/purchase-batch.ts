/**
 * The group-commit decision: one slot SKU, a batch of purchase requests in arrival order, and what
 * the database says now. Pure, so the rules (stock, per-person limit, one unpaid purchase per
 * shopper) are tested without a database and applied to a whole batch in one transaction.
 */

export interface PurchaseRequest {
  shopperId: string
  quantity: number
}

/** A shopper's standing in this slot SKU: units in unpaid or paid purchases, and the unpaid one. */
export interface ShopperStanding<P> {
  activeQuantity: number
  pending?: P
}

export type Decision<P> =
  | { kind: 'new' }
  /** The shopper's unpaid purchase: a repeat returns it. */
  | { kind: 'existing'; purchase: P }
  /** Another request of the same shopper earlier in this batch was accepted: it answers this one too. */
  | { kind: 'same_as'; index: number }
  | { kind: 'refused'; code: 'sold_out' | 'limit_reached' }

export function decideBatch<P>(
  requests: PurchaseRequest[],
  state: { left: number; limit: number; standing: Map<string, ShopperStanding<P>> },
): { decisions: Decision<P>[]; left: number } {
  let left = state.left
  const mine = new Map<string, { active: number; pending?: P; newIndex?: number }>()
  const decisions = requests.map((r, i): Decision<P> => {
    let s = mine.get(r.shopperId)
    if (!s) {
      const st = state.standing.get(r.shopperId)
      s = { active: st?.activeQuantity ?? 0, pending: st?.pending }
      mine.set(r.shopperId, s)
    }
    if (s.pending !== undefined) return { kind: 'existing', purchase: s.pending }
    if (s.newIndex !== undefined) return { kind: 'same_as', index: s.newIndex }
    if (s.active + r.quantity > state.limit) return { kind: 'refused', code: 'limit_reached' }
    if (r.quantity > left) return { kind: 'refused', code: 'sold_out' }
    left -= r.quantity
    s.active += r.quantity
    s.newIndex = i
    return { kind: 'new' }
  })
  return { decisions, left }
}
