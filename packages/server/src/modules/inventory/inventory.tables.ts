import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export type MovementKind = 'receive' | 'adjust' | 'reserve' | 'release' | 'sell' | 'return'

export interface InventoryTables {
  /** Available to sell = on_hand − reserved. Sold units leave on_hand when the order is paid. */
  stock: {
    sku_id: string
    tenant_id: string
    on_hand: Generated<number>
    reserved: Generated<number>
    updated_at: Timestamp
  }
  stock_reservations: {
    id: string
    tenant_id: string
    order_id: string
    sku_id: string
    quantity: number
    status: 'active' | 'released' | 'consumed'
    created_at: Timestamp
    updated_at: Timestamp
  }
  stock_movements: {
    id: Generated<number>
    tenant_id: string
    sku_id: string
    kind: MovementKind
    quantity: number
    order_id: string | null
    note: string | null
    at: Timestamp
  }
}
