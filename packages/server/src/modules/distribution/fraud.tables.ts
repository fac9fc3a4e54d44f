import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Signals the fraud rules read that no other table keeps. */
export interface FraudTables {
  /** Where an order was placed from: address, its range, the storefront's device key, the browser. */
  order_signals: {
    tenant_id: string
    order_id: string
    shopper_id: string
    ip: string | null
    ip_range: string | null
    device_key: string | null
    user_agent: string | null
    placed_at: Timestamp
  }
}
