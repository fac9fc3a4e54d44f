import type { ColumnType, Generated } from 'kysely'
import type { BargainStatus, OfferStatus } from './domain/bargain-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Bargains: a shopper starts one, friends cut the price down to its floor. */
export interface BargainTables {
  bargain_offers: {
    id: string
    tenant_id: string
    product_id: string
    sku_id: string
    status: Generated<OfferStatus>
    start_price_fen: number
    floor_price_fen: number
    helpers_needed: number
    time_limit_minutes: number
    starts_at: Timestamp
    ends_at: Timestamp
    per_shopper_limit: number
    stock_cap: number | null
    /** Bargain orders held or paid; a cancelled one gives its place back. */
    ordered_count: Generated<number>
    pay_within_minutes: number
    buy_at_current_price: boolean
    helper_daily_limit: number
    device_daily_limit: number
    created_at: Timestamp
    updated_at: Timestamp
  }
  bargains: {
    id: string
    tenant_id: string
    offer_id: string
    shopper_id: string
    sku_id: string
    status: BargainStatus
    start_price_fen: number
    floor_price_fen: number
    current_price_fen: number
    helpers_needed: number
    helpers_count: Generated<number>
    seed: string
    expires_at: Timestamp
    reached_at: Timestamp | null
    pay_by: Timestamp | null
    order_id: string | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  bargain_helps: {
    id: string
    tenant_id: string
    bargain_id: string
    helper_id: string
    device_key: string
    ordinal: number
    cut_fen: number
    new_customer: boolean
    day: ColumnType<string, string, string>
    created_at: Timestamp
  }
  bargain_history: {
    id: Generated<number>
    tenant_id: string
    bargain_id: string
    from_status: BargainStatus | null
    to_status: BargainStatus
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
}
