import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export type ShareTargetKind = 'product' | 'deal' | 'group' | 'flash_slot' | 'bargain' | 'draw' | 'page'

/** Share tokens: who shared what, where, and every open of it. */
export interface SharingTables {
  shares: {
    token: string
    tenant_id: string
    sharer_id: string
    target_kind: ShareTargetKind
    target_id: string
    channel: Generated<string>
    campaign_id: string | null
    opens: Generated<number>
    created_at: Timestamp
  }
  share_opens: {
    id: Generated<number>
    tenant_id: string
    token: string
    visitor_id: string | null
    visitor_key: string | null
    first_visit: boolean
    at: Timestamp
  }
}
