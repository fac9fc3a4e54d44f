import type { ColumnType, Generated } from 'kysely'
import type { CouponStatus, TemplateStatus } from './domain/coupon-state.js'
import type { CouponKind } from './domain/price.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

/** Coupons: operators' templates, shoppers' coupons and each coupon's history; pricing settings. */
export interface CouponsTables {
  coupon_templates: {
    id: string
    tenant_id: string
    name: string
    kind: CouponKind
    amount_fen: number
    percent_bps: number
    cap_fen: number | null
    threshold_fen: number
    scope: 'all' | 'categories' | 'products'
    scope_ids: Json<string[]>
    validity: 'fixed' | 'after_claim'
    valid_from: Timestamp | null
    valid_until: Timestamp | null
    valid_days: number | null
    claim_starts_at: Timestamp
    claim_ends_at: Timestamp
    per_person_limit: number
    total_limit: number | null
    /** Coupons claimed or issued so far; never above total_limit. */
    issued_count: Generated<number>
    /** Shown in the claim centre; otherwise only operators issue it. */
    claimable: boolean
    status: Generated<TemplateStatus>
    created_at: Timestamp
    updated_at: Timestamp
  }
  coupons: {
    id: string
    tenant_id: string
    template_id: string
    shopper_id: string
    status: CouponStatus
    source: 'claim' | 'issue'
    valid_from: Timestamp
    valid_until: Timestamp
    /** The order it is used on, while used. */
    order_id: string | null
    used_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  coupon_history: {
    id: Generated<number>
    tenant_id: string
    coupon_id: string
    from_status: CouponStatus | null
    to_status: CouponStatus
    event: string
    order_id: string | null
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
  /** The price of an order placed with coupons: what it cost before them and the whole breakdown. */
  order_prices: {
    order_id: string
    tenant_id: string
    coupon_ids: Json<string[]>
    /** Goods at their prices before coupons. */
    items_fen: number
    /** Coupons' discount, goods and shipping. */
    discount_fen: number
    shipping_fen: number
    total_fen: number
    price: Json<Record<string, unknown>>
    created_at: Timestamp
  }
  pricing_settings: {
    tenant_id: string
    points_per_yuan: number
    points_max_share_bps: number
    updated_at: Timestamp
  }
}
