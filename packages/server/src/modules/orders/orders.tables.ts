import type { ColumnType, Generated } from 'kysely'
import type { AfterSalesStatus, OrderStatus } from './domain/order-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface ShippingAddress {
  name: string
  phone: string
  region: string
  detail: string
}

export interface AfterSalesLine {
  lineId: string
  quantity: number
  amountFen: number
}

export interface OrdersTables {
  orders: {
    id: string
    tenant_id: string
    order_no: string
    shopper_id: string
    status: OrderStatus
    fulfillment: 'delivery' | 'pickup'
    address: Json<ShippingAddress> | null
    note: Generated<string>
    items_fen: number
    shipping_fen: Generated<number>
    discount_fen: Generated<number>
    total_fen: number
    paid_fen: Generated<number>
    refunded_fen: Generated<number>
    expires_at: Timestamp
    paid_at: Timestamp | null
    shipped_at: Timestamp | null
    completed_at: Timestamp | null
    cancelled_at: Timestamp | null
    carrier: string | null
    tracking_no: string | null
    pickup_code: string | null
    /** 'standard', or the deal module that owns this order's extra rules: 'group', 'flash', 'bargain', … */
    kind: Generated<string>
    kind_ref: string | null
    tax_fen: Generated<number>
    created_at: Timestamp
    updated_at: Timestamp
  }
  order_lines: {
    id: string
    tenant_id: string
    order_id: string
    product_id: string
    sku_id: string
    merchant_id: string | null
    title: string
    spec_label: Generated<string>
    image_url: string | null
    unit_price_fen: number
    quantity: number
    amount_fen: number
    refunded_quantity: Generated<number>
    refunded_fen: Generated<number>
    returnable_7d: boolean
    // Attribution, recorded at the moment of sale so every report is a query.
    promoter_id: string | null
    share_token: string | null
    group_id: string | null
    live_room_id: string | null
    community_leader_id: string | null
    creator_id: string | null
    campaign_id: string | null
    channel: string | null
  }
  order_history: {
    id: Generated<number>
    tenant_id: string
    order_id: string
    from_status: OrderStatus | null
    to_status: OrderStatus
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
  cart_items: {
    id: string
    tenant_id: string
    shopper_id: string
    sku_id: string
    quantity: number
    created_at: Timestamp
  }
  after_sales: {
    id: string
    tenant_id: string
    order_id: string
    shopper_id: string
    type: 'refund_only' | 'return_refund'
    status: AfterSalesStatus
    reason: string
    no_reason_return: Generated<boolean>
    lines: Json<AfterSalesLine[]>
    amount_fen: number
    restock: Generated<boolean>
    reject_reason: string | null
    created_by: string
    created_at: Timestamp
    updated_at: Timestamp
  }
  after_sales_history: {
    id: Generated<number>
    tenant_id: string
    after_sales_id: string
    from_status: AfterSalesStatus | null
    to_status: AfterSalesStatus
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
}
