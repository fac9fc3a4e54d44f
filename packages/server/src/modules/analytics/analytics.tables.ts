import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string | undefined, string>

/**
 * Fission analytics: the event store (from the outbox and the storefront), daily rollups, each
 * customer's activation (first paid order and who brought them in), and the rollup's watermark.
 */
export interface AnalyticsTables {
  analytics_events: {
    id: Generated<number>
    tenant_id: string
    type: string
    at: Timestamp
    shopper_id: string | null
    visitor_key: string | null
    share_token: string | null
    sharer_id: string | null
    campaign: string | null
    source: string | null
    channel: string | null
    ref: string | null
    amount_fen: Generated<number>
    first_visit: Generated<boolean>
    props: Json<Record<string, unknown>>
    /** `outbox:<id>` or `client:<person>:<client event id>`: the same event is stored once. */
    source_event: string
    /** The writing transaction's id: the rollup's watermark reads only finished transactions. */
    txid: Generated<number>
    received_at: Timestamp
  }
  analytics_daily: {
    tenant_id: string
    /** The shop's calendar day (Asia/Shanghai). */
    day: ColumnType<string, string, string>
    metric: string
    /** '' for the total, else `source:<s>` or `channel:<c>`. */
    dim: string
    value: number
  }
  analytics_customers: {
    tenant_id: string
    shopper_id: string
    activated_at: Timestamp
    first_order: string
    first_amount_fen: number
    parent_id: string | null
    share_token: string | null
    campaign: string | null
    source: string
    channel: string | null
    orders: number
  }
  analytics_rollup_state: {
    name: string
    txid: number
    last_id: number
    events: Generated<number>
    updated_at: Timestamp | null
  }
  /** Operators' goals: reach `target` of `metric` from `starts_on` to the end of `deadline`. */
  analytics_goals: {
    id: string
    tenant_id: string
    metric: string
    target: number
    title: string | null
    starts_on: ColumnType<string, string, string>
    deadline: ColumnType<string, string, string>
    created_by: string | null
    created_at: Timestamp
  }
  /** The shop days whose summary event has been written. */
  analytics_summaries: {
    tenant_id: string
    day: ColumnType<string, string, string>
    event_id: number | null
    created_at: Timestamp
  }
}
