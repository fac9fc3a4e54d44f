import type { ColumnType, Generated } from 'kysely'
import type { CommissionPlan, PromoterProgram } from './domain/program.js'
import type { PromoterSource, PromoterStatus } from './domain/promoter-state.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

/** Promoter programs, commission plans and promoters. */
export interface ProgramsTables {
  /** One per tenant, updated in place; every save bumps `version` and is audited. */
  promoter_programs: {
    tenant_id: string
    program: Json<PromoterProgram>
    plan: Json<CommissionPlan>
    version: number
    updated_at: Timestamp
  }
  promoters: {
    id: string
    tenant_id: string
    shopper_id: string
    status: PromoterStatus
    source: PromoterSource
    reason: string | null
    invited_by: string | null
    applied_at: Timestamp
    activated_at: Timestamp | null
    expires_at: Timestamp | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  promoter_history: {
    id: Generated<number>
    tenant_id: string
    promoter_id: string
    from_status: PromoterStatus | null
    to_status: PromoterStatus
    event: string
    actor_kind: string
    actor_id: string | null
    reason: string | null
    at: Timestamp
  }
}
