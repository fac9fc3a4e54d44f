import type { ColumnType, Generated } from 'kysely'
import type { DealType, LadderStep } from './domain/deal.js'
import type { GroupStatus, SeatStatus } from './domain/group-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export type DealStatus = 'active' | 'paused' | 'ended'

/** Group buys: deals, groups, seats, and how groups succeed, fail and refund. */
export interface GroupBuyTables {
  group_deals: {
    id: string
    tenant_id: string
    type: DealType
    status: Generated<DealStatus>
    title: string
    product_id: string
    sku_id: string
    group_size: number
    single_price_fen: number
    group_price_fen: number | null
    ladder_steps: Json<LadderStep[]> | null
    time_limit_minutes: number
    starts_at: Timestamp
    ends_at: Timestamp
    per_person_limit: number
    opener_discount_fen: Generated<number>
    free_to_open: Generated<boolean>
    new_customers_only: Generated<boolean>
    auto_fill_threshold_bp: number | null
    lucky_draw_winners: number | null
    flash_slot_id: string | null
    import_tax_rate_bp: number | null
    opener_reward_fen: number | null
    opener_reward_bp: number | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  groups: {
    id: string
    tenant_id: string
    deal_id: string
    opener_id: string
    status: GroupStatus
    group_size: number
    paid_seats: Generated<number>
    held_seats: Generated<number>
    price_fen: number
    opened_at: Timestamp | null
    expires_at: Timestamp | null
    closed_at: Timestamp | null
    seed: string | null
    seed_hash: string | null
    opener_reward_fen: number | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  group_seats: {
    id: string
    tenant_id: string
    group_id: string
    deal_id: string
    shopper_id: string
    order_id: string
    is_opener: boolean
    status: SeatStatus
    quantity: number
    paid_fen: Generated<number>
    won: boolean | null
    real_name: string | null
    resident_id_masked: string | null
    resident_id_sealed: string | null
    joined_at: Timestamp
    paid_at: Timestamp | null
    updated_at: Timestamp
  }
  group_history: {
    id: Generated<number>
    tenant_id: string
    group_id: string
    from_status: GroupStatus | null
    to_status: GroupStatus
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
}
