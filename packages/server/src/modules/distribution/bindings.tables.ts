import type { ColumnType, Generated } from 'kysely'
import type { BindReason } from './domain/binding.js'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Referral bindings: which promoter each customer is bound to, and why. */
export interface BindingsTables {
  /** One per customer per shop. `promoter_shopper_id` is the upline as a person, for cycle checks. */
  referral_bindings: {
    tenant_id: string
    customer_id: string
    promoter_id: string
    promoter_shopper_id: string
    reason: BindReason
    bound_at: Timestamp
    locked_until: Timestamp | null
    permanent: boolean
    share_token: string | null
    order_id: string | null
    updated_at: Timestamp
  }
  /** Every bind and rebind, and every touch refused for a reason worth showing (lock, first touch, cycle). */
  binding_history: {
    id: Generated<number>
    tenant_id: string
    customer_id: string
    action: 'bind' | 'rebind' | 'keep'
    from_promoter_id: string | null
    to_promoter_id: string | null
    reason: string
    share_token: string | null
    order_id: string | null
    actor_kind: string
    actor_id: string | null
    at: Timestamp
  }
}
