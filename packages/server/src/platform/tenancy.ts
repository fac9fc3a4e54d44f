import type {
  DeleteQueryBuilder,
  DeleteResult,
  Insertable,
  InsertQueryBuilder,
  InsertResult,
  SelectQueryBuilder,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely'
import type { DB } from '../database.js'
import type { Ctx } from './context.js'

/** Tables that belong to one tenant (all but `tenants` and a few platform tables). */
export type TenantTable = { [K in keyof DB]: DB[K] extends { tenant_id: any } ? K : never }[keyof DB]
type TenantInsert<T extends TenantTable> = Omit<Insertable<DB[T]>, 'tenant_id'>

/**
 * The one place tenant scoping happens: every read, update and delete through these builders is
 * filtered by the caller's tenant, and every insert is stamped with it. Repositories use this,
 * never the bare connection, for tenant tables.
 */
export function scoped(ctx: Pick<Ctx, 'db' | 'tenantId'>) {
  const { db, tenantId } = ctx
  const any = db as any
  return {
    tenantId,
    selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<DB, T, {}> {
      return any.selectFrom(table).where(`${table}.tenant_id`, '=', tenantId)
    },
    insertInto<T extends TenantTable>(
      table: T,
      values: TenantInsert<T> | TenantInsert<T>[],
    ): InsertQueryBuilder<DB, T, InsertResult> {
      const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ ...v, tenant_id: tenantId }))
      return any.insertInto(table).values(rows)
    },
    updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<DB, T, T, UpdateResult> {
      return any.updateTable(table).where(`${table}.tenant_id`, '=', tenantId)
    },
    deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
      return any.deleteFrom(table).where(`${table}.tenant_id`, '=', tenantId)
    },
  }
}
