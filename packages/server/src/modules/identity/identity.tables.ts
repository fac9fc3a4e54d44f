import type { ColumnType, Generated } from 'kysely'
import type { StaffRole } from '../../platform/context.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface IdentityTables {
  staff: {
    id: string
    tenant_id: string
    email: string
    name: string
    password_hash: string
    role: StaffRole
    merchant_id: string | null
    status: Generated<'active' | 'disabled'>
    created_at: Timestamp
  }
  shoppers: {
    id: string
    tenant_id: string
    phone: string
    nickname: string
    avatar_url: string | null
    created_at: Timestamp
  }
  sessions: {
    id: string
    tenant_id: string
    token_hash: string
    subject_kind: 'staff' | 'shopper'
    subject_id: string
    created_at: Timestamp
    expires_at: Timestamp
    revoked_at: Timestamp | null
  }
  login_codes: {
    id: string
    tenant_id: string
    phone: string
    code_hash: string
    attempts: Generated<number>
    created_at: Timestamp
    expires_at: Timestamp
    consumed_at: Timestamp | null
  }
  shopper_addresses: {
    id: string
    tenant_id: string
    shopper_id: string
    name: string
    phone: string
    region: string
    detail: string
    is_default: Generated<boolean>
    created_at: Timestamp
  }
}
