import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Staff selling: departments and the staff list (each member a promoter with source `staff`). */
export interface StaffTables {
  /** Names are unique per shop. */
  departments: {
    id: string
    tenant_id: string
    name: string
    created_at: Timestamp
    updated_at: Timestamp
  }
  /**
   * One per promoter on the staff list, in one department. Removal keeps the row (`removed_at`,
   * with the reason; the promoter is suspended) so listing them again brings them back.
   */
  staff_members: {
    promoter_id: string
    tenant_id: string
    shopper_id: string
    department_id: string | null
    name: string
    /** 138****8000: the full number stays with the shopper. */
    phone_masked: string
    employee_no: string | null
    added_at: Timestamp
    updated_at: Timestamp
    removed_at: Timestamp | null
    removed_reason: string | null
  }
}
