import type { ColumnType, Generated } from 'kysely'
import type { UncollectedRule } from './domain/campaign.js'
import type { CampaignStatus, LeaderCommissionStatus, PickupStatus } from './domain/campaign-state.js'
import type { OpeningHours } from './domain/hours.js'
import type { LeaderStatus } from './domain/leader-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

/**
 * Community buying: leaders, their history, pickup points and each shopper's chosen point;
 * pre-order campaigns, their orders at pickup points, picking lists, purchase orders, delivery
 * routes and the leaders' commissions.
 */
export interface CommunityTables {
  community_leaders: {
    id: string
    tenant_id: string
    shopper_id: string
    name: string
    phone: string
    community_name: string
    address: string
    lat: number
    lng: number
    hours: Json<OpeningHours>
    hours_note: Generated<string>
    photo_url: string | null
    status: LeaderStatus
    /** Why it was rejected or paused; cleared when it moves on. */
    reason: string | null
    applied_at: Timestamp
    reviewed_at: Timestamp | null
    reviewed_by: string | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  community_leader_history: {
    id: Generated<number>
    tenant_id: string
    leader_id: string
    from_status: LeaderStatus | null
    to_status: LeaderStatus
    event: string
    reason: string | null
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
  pickup_points: {
    id: string
    tenant_id: string
    leader_id: string
    name: string
    address: string
    lat: number
    lng: number
    /** floor(lat × 20), computed by the database. */
    lat_band: ColumnType<number, never, never>
    hours: Json<OpeningHours>
    hours_note: Generated<string>
    photo_url: string | null
    /** Open to shoppers: exactly while its leader is active. */
    active: boolean
    created_at: Timestamp
    updated_at: Timestamp
  }
  shopper_pickup_points: {
    tenant_id: string
    shopper_id: string
    pickup_point_id: string
    chosen_at: Timestamp
  }
  community_campaigns: {
    id: string
    tenant_id: string
    title: string
    status: CampaignStatus
    cutoff_at: Timestamp
    /** YYYY-MM-DD, shop time. */
    pickup_date: string
    commission_bp: number
    uncollected_days: number
    uncollected_rule: UncollectedRule
    return_window_days: number
    opened_at: Timestamp | null
    closed_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  community_campaign_history: {
    id: Generated<number>
    tenant_id: string
    campaign_id: string
    from_status: CampaignStatus | null
    to_status: CampaignStatus
    event: string
    reason: string | null
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
  community_campaign_skus: {
    tenant_id: string
    campaign_id: string
    sku_id: string
    position: number
    price_fen: number
    per_person_limit: number
    total_cap: number | null
    /** Units held by placed and paid orders; cancelled orders give theirs back. */
    sold: Generated<number>
    supplier: string
    unit: string
    cost_fen: number
    commission_bp: number | null
  }
  community_campaign_quotas: {
    tenant_id: string
    campaign_id: string
    sku_id: string
    shopper_id: string
    quantity: number
  }
  /** A campaign order at its pickup point; `id` is the order's id. */
  community_orders: {
    id: string
    tenant_id: string
    campaign_id: string
    leader_id: string
    pickup_point_id: string
    shopper_id: string
    status: PickupStatus
    /** Counted in the picking list built at the cutoff. */
    in_picking_list: Generated<boolean>
    /** What it counted for, per order line: the units and amount left after refunds before the cutoff. */
    picked: ColumnType<
      { lineId: string; skuId: string; quantity: number; amountFen: number }[],
      string | undefined,
      string
    >
    code_hash: string | null
    code_sealed: string | null
    shortages: ColumnType<
      { lineId: string; skuId: string; quantity: number; refundFen: number }[],
      string | undefined,
      string
    >
    /** Left uncollected under the keep-and-flag rule. */
    flagged: Generated<boolean>
    paid_at: Timestamp | null
    ready_at: Timestamp | null
    picked_up_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  community_order_history: {
    id: Generated<number>
    tenant_id: string
    order_id: string
    from_status: PickupStatus | null
    to_status: PickupStatus
    event: string
    reason: string | null
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
  community_routes: {
    id: string
    tenant_id: string
    name: string
    created_at: Timestamp
  }
  community_route_points: {
    tenant_id: string
    route_id: string
    pickup_point_id: string
    position: number
  }
  community_picking_lines: {
    tenant_id: string
    campaign_id: string
    pickup_point_id: string
    leader_id: string
    sku_id: string
    quantity: number
    amount_fen: number
    route_id: string | null
    route_name: string | null
    route_position: number | null
    received: number | null
    damaged: number | null
    received_at: Timestamp | null
  }
  community_purchase_lines: {
    tenant_id: string
    campaign_id: string
    sku_id: string
    supplier: string
    unit: string
    quantity: number
    cost_fen: number
    total_cost_fen: number
  }
  /** One per campaign order that earns its leader anything; `id` is the order's id. */
  community_leader_commissions: {
    id: string
    tenant_id: string
    campaign_id: string
    leader_id: string
    base_fen: number
    amount_fen: number
    clawed_fen: Generated<number>
    status: LeaderCommissionStatus
    settle_after: Timestamp | null
    settled_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  community_leader_commission_history: {
    id: Generated<number>
    tenant_id: string
    commission_id: string
    from_status: LeaderCommissionStatus | null
    to_status: LeaderCommissionStatus
    event: string
    amount_fen: number
    reason: string | null
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
}
