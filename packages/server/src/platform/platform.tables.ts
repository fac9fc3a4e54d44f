import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T = unknown> = ColumnType<T, string | T, string | T>

export interface PlatformTables {
  tenants: {
    id: string
    slug: string
    name: string
    currency: Generated<string>
    settings: Generated<Json<Record<string, unknown>>>
    created_at: Timestamp
  }
  jobs: {
    id: string
    tenant_id: string | null
    kind: string
    payload: Json<Record<string, unknown>>
    run_at: Timestamp
    status: Generated<'pending' | 'done' | 'failed'>
    attempts: Generated<number>
    max_attempts: Generated<number>
    locked_until: Timestamp | null
    last_error: string | null
    dedupe_key: string | null
    created_at: Timestamp
    finished_at: Timestamp | null
  }
  outbox_events: {
    id: Generated<number>
    tenant_id: string
    type: string
    payload: Json<Record<string, unknown>>
    created_at: Timestamp
  }
  idempotency_keys: {
    tenant_id: string
    scope: string
    key: string
    request_hash: string
    status: 'in_progress' | 'done'
    response_status: number | null
    response_body: string | null
    created_at: Timestamp
    expires_at: Timestamp
  }
  audit_log: {
    id: Generated<number>
    tenant_id: string
    actor_kind: string
    actor_id: string | null
    action: string
    entity: string
    entity_id: string | null
    data: Json<Record<string, unknown>>
    request_id: string | null
    at: Timestamp
  }
}
