import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core.js'
import type { Actor, ClientInfo, Ctx, StaffRole } from '../context.js'
import { AppError, langOf } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor
    tenantId?: string
    /** The service context of this request: its tenant, actor and language. 404 `shop_not_found` if it has no shop. */
    ctx(): Ctx
  }
}

/**
 * Works out who is calling and for which shop: a bearer session fixes both; otherwise the shop
 * comes from `X-Shop` (or `?shop=`), falling back to the default shop for the storefront.
 */
export function registerRequestContext(app: FastifyInstance, core: Core) {
  app.decorateRequest('actor', null as any)
  app.decorateRequest('tenantId', undefined)
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    if (!this.tenantId) throw new AppError('shop_not_found', {}, 'X-Shop')
    return {
      tenantId: this.tenantId,
      db: core.db,
      actor: this.actor,
      lang: langOf(this.headers['accept-language']),
      requestId: this.id,
      client: clientOf(this),
    }
  })

  app.addHook('onRequest', async (req) => {
    req.actor = { kind: 'anonymous' }
    if (!req.url.startsWith('/api/')) return
    const auth = req.headers.authorization
    if (auth?.startsWith('Bearer ')) {
      const session = await core.identity.resolveSession(auth.slice(7))
      if (!session) throw new AppError('session_expired')
      req.actor = session.actor
      req.tenantId = session.tenantId
    }
    const q = req.query as Record<string, unknown> | undefined
    const slug =
      (req.headers['x-shop'] as string | undefined) ?? (typeof q?.shop === 'string' ? q.shop : undefined)
    if (slug) {
      const shop = await core.shops.bySlug(slug)
      if (!shop) throw new AppError('shop_not_found', {}, 'X-Shop')
      if (req.tenantId && req.tenantId !== shop.id) throw new AppError('forbidden')
      req.tenantId = shop.id
    } else if (!req.tenantId) {
      req.tenantId = (await core.shops.bySlug(core.config.defaultShop))?.id
    }
  })
}

const DEVICE_KEY = /^[A-Za-z0-9_-]{8,64}$/

/**
 * Where the request came from: its address, the storefront's device key (`X-Device-Key`, else the
 * share visitor's `X-Visitor-Key`, else the `lb_device` cookie; only well-formed keys) and user agent.
 */
export function clientOf(req: FastifyRequest): ClientInfo {
  const h = (k: string) => {
    const v = req.headers[k]
    return typeof v === 'string' ? v : undefined
  }
  const cookie = /(?:^|;\s*)lb_device=([^;]+)/.exec(h('cookie') ?? '')?.[1]
  const key = [h('x-device-key'), h('x-visitor-key'), cookie].find((k) => k && DEVICE_KEY.test(k))
  return { ip: req.ip, deviceKey: key ?? null, userAgent: h('user-agent')?.slice(0, 300) ?? null }
}

/** preHandler: a signed-in staff member of this shop with one of `roles` (any role when none given). */
export function requireStaff(...roles: StaffRole[]) {
  return async (req: FastifyRequest) => {
    const a = req.actor
    if (a.kind !== 'staff') throw new AppError('unauthenticated')
    if (roles.length && !roles.includes(a.role)) throw new AppError('forbidden')
  }
}

/** preHandler: a signed-in shopper. */
export async function requireShopper(req: FastifyRequest) {
  if (req.actor.kind !== 'shopper') throw new AppError('unauthenticated')
}

export function shopperId(req: FastifyRequest): string {
  if (req.actor.kind !== 'shopper') throw new AppError('unauthenticated')
  return req.actor.id
}
