import type { ColumnType, Generated } from 'kysely'
import type { PrizeKind } from './domain/campaign-rules.js'
import type { AwardStatus, CampaignStatus } from './domain/campaign-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface PrizeAddress {
  name: string
  phone: string
  region: string
  detail: string
}

/** Lucky draws: prize pools, daily chances, chances earned by sharing, verifiable odds. */
export interface LuckyDrawTables {
  draw_campaigns: {
    id: string
    tenant_id: string
    title: string
    description: Generated<string>
    status: CampaignStatus
    starts_at: Timestamp
    ends_at: Timestamp
    daily_chances: number
    share_daily_cap: number
    invite_visit_chances: number
    invite_order_chances: number
    invite_daily_cap: number
    no_prize_bp: number
    created_at: Timestamp
    updated_at: Timestamp
  }
  draw_campaign_history: {
    id: Generated<number>
    tenant_id: string
    campaign_id: string
    from_status: CampaignStatus | null
    to_status: CampaignStatus
    event: string
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
  draw_prizes: {
    id: string
    tenant_id: string
    campaign_id: string
    /** Its cell on the 3×3 grid, clockwise from the top left. */
    position: number
    kind: PrizeKind
    name: string
    image_url: string | null
    sku_id: string | null
    amount: number | null
    reference: string | null
    stock: number
    awarded: Generated<number>
    probability_bp: number
  }
  /** One row per shopper per campaign per shop day: chances granted and used. */
  draw_chances: {
    tenant_id: string
    campaign_id: string
    shopper_id: string
    day: string
    granted: number
    used: Generated<number>
    share_earned: Generated<number>
    invite_earned: Generated<number>
  }
  /** Why each chance was granted; `ref` makes each grant happen once. */
  draw_chance_grants: {
    id: Generated<number>
    tenant_id: string
    campaign_id: string
    shopper_id: string
    day: string
    reason: 'daily' | 'share' | 'invite_visit' | 'invite_order'
    amount: number
    ref: string
    at: Timestamp
  }
  draws: {
    id: string
    tenant_id: string
    campaign_id: string
    shopper_id: string
    day: string
    prize_id: string | null
    roll: number
    at: Timestamp
  }
  draw_awards: {
    id: string
    tenant_id: string
    draw_id: string
    campaign_id: string
    prize_id: string
    shopper_id: string
    kind: PrizeKind
    name: string
    sku_id: string | null
    amount: number | null
    reference: string | null
    status: AwardStatus
    address: Json<PrizeAddress> | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  draw_award_history: {
    id: Generated<number>
    tenant_id: string
    award_id: string
    from_status: AwardStatus | null
    to_status: AwardStatus
    event: string
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
}
