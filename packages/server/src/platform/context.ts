import type { Db } from './db.js'
import type { Lang } from './errors.js'

export type StaffRole = 'owner' | 'operator' | 'merchant_staff'

/** Who is acting: decides what they may see and change. */
export type Actor =
  | { kind: 'staff'; id: string; role: StaffRole; merchantId?: string | null }
  | { kind: 'shopper'; id: string }
  | { kind: 'system'; id?: string }
  | { kind: 'anonymous' }

/** What every service call carries: the tenant it runs in, the connection or transaction, the actor. */
export interface Ctx {
  tenantId: string
  db: Db
  actor: Actor
  lang: Lang
  requestId?: string
  /** Where an HTTP request came from (address, device key, browser), for fraud rules; absent in jobs. */
  client?: ClientInfo
}

/** The caller's address, the storefront's device key (when it sent one) and user agent. */
export interface ClientInfo {
  ip: string
  deviceKey: string | null
  userAgent: string | null
}

export const systemCtx = (tenantId: string, db: Db): Ctx => ({
  tenantId,
  db,
  actor: { kind: 'system' },
  lang: 'zh-CN',
})
export const withDb = (ctx: Ctx, db: Db): Ctx => ({ ...ctx, db })

/** Who did it, as every history and audit row records it. */
export const actorColumns = (actor: Actor) => ({
  actor_kind: actor.kind,
  actor_id: 'id' in actor ? (actor.id ?? null) : null,
})
