import type { ColumnType, Generated } from 'kysely'
import type { CampaignStatus, PurchaseStatus, SlotStatus } from './domain/flash-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Flash sales: campaigns, time slots with carved stock, and purchases built for a crowd. */
export interface FlashSaleTables {
  flash_campaigns: {
    id: string
    tenant_id: string
    title: string
    status: CampaignStatus
    created_at: Timestamp
    updated_at: Timestamp
  }
  flash_slots: {
    id: string
    tenant_id: string
    campaign_id: string
    starts_at: Timestamp
    ends_at: Timestamp
    status: SlotStatus
    created_at: Timestamp
    updated_at: Timestamp
  }
  /**
   * Units of a slot SKU: `carved` left the SKU's stock when the slot was scheduled; of them
   * `held` sit in unpaid flash orders, `sold` were paid, `taken` were handed to another module
   * (flash group seats), `returned` went back to the SKU's stock. The rest is left to buy.
   */
  flash_slot_skus: {
    slot_id: string
    sku_id: string
    tenant_id: string
    position: Generated<number>
    flash_price_fen: number
    /** What the operator asked to carve. */
    stock: number
    per_person_limit: number
    carved: Generated<number>
    held: Generated<number>
    sold: Generated<number>
    taken: Generated<number>
    returned: Generated<number>
    /** Bumped by every change of the tallies, purchases or takes (optimistic batches check it). */
    version: Generated<number>
  }
  flash_purchases: {
    id: string
    tenant_id: string
    slot_id: string
    sku_id: string
    shopper_id: string
    quantity: number
    unit_price_fen: number
    order_id: string
    status: PurchaseStatus
    created_at: Timestamp
    updated_at: Timestamp
  }
  flash_takes: {
    id: string
    tenant_id: string
    slot_id: string
    sku_id: string
    shopper_id: string
    quantity: number
    status: 'taken' | 'returned'
    created_at: Timestamp
    updated_at: Timestamp
  }
  flash_history: {
    id: Generated<number>
    tenant_id: string
    entity: 'campaign' | 'slot' | 'purchase'
    entity_id: string
    from_status: string | null
    to_status: string
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
}
