import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
export type AccountKind = 'asset' | 'liability' | 'revenue' | 'expense' | 'equity'

export interface LedgerTables {
  ledger_accounts: { id: string; tenant_id: string; code: string; kind: AccountKind; created_at: Timestamp }
  /** One balanced movement of money; `key` makes posting it idempotent. */
  ledger_transfers: {
    id: string
    tenant_id: string
    kind: string
    key: string
    order_id: string | null
    memo: string | null
    created_at: Timestamp
  }
  /** Signed amounts, debit positive; the entries of a transfer sum to zero. Append-only. */
  ledger_entries: {
    id: Generated<number>
    tenant_id: string
    transfer_id: string
    account_id: string
    amount_fen: number
    created_at: Timestamp
  }
}
