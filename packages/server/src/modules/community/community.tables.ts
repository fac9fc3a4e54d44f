import type { ColumnType, Generated } from 'kysely'
import type { OpeningHours } from './domain/hours.js'
import type { LeaderStatus } from './domain/leader-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

/** Community buying: leaders, their history, pickup points and each shopper's chosen point. */
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
}
