import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core.js'
import { AppError } from '../errors.js'
import { sha256 } from '../ids.js'

/** Kept longer than any provider retries a notification (WeChat Pay 24 h, Alipay 25 h). */
const KEEP_DAYS = 7

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour `Idempotency-Key` on this route: a replay returns the first answer and changes nothing. */
    idempotent?: boolean
  }
  interface FastifyRequest {
    idempotency?: { tenantId: string; scope: string; key: string }
  }
}

/**
 * `Idempotency-Key` for retryable writes. The first request with a key runs; later ones with the
 * same key and body get its stored answer; the same key with another body is a 409.
 */
export function registerIdempotency(app: FastifyInstance, core: Core) {
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.routeOptions.config?.idempotent) return
    const key = req.headers['idempotency-key']
    if (key === undefined) return
    if (typeof key !== 'string' || key.length < 1 || key.length > 200)
      throw new AppError(
        'validation_failed',
        { detail: 'Idempotency-Key', detail_zh: '幂等键（Idempotency-Key）须为 1 到 200 个字符' },
        'Idempotency-Key',
      )
    const ctx = req.ctx()
    const actorId = 'id' in ctx.actor ? ctx.actor.id : 'anon'
    const scope = `${ctx.actor.kind}:${actorId}:${req.method} ${req.routeOptions.url}`
    const hash = sha256(`${req.url}\n${JSON.stringify(req.body ?? null)}`)
    const now = core.clock.now()
    const inserted = await core.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: ctx.tenantId,
        scope,
        key,
        request_hash: hash,
        status: 'in_progress',
        created_at: now,
        expires_at: new Date(now.getTime() + KEEP_DAYS * 86_400_000),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst()
    if (inserted) {
      req.idempotency = { tenantId: ctx.tenantId, scope, key }
      return
    }
    const prior = await core.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow()
    if (prior.request_hash !== hash) throw new AppError('idempotency_mismatch', {}, 'Idempotency-Key')
    if (prior.status !== 'done') throw new AppError('idempotency_in_progress', {}, 'Idempotency-Key')
    reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8')
    return reply.status(prior.response_status ?? 200).send(prior.response_body)
  })

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency
    if (!idem) return payload
    const where = core.db
      .updateTable('idempotency_keys')
      .where('tenant_id', '=', idem.tenantId)
      .where('scope', '=', idem.scope)
      .where('key', '=', idem.key)
    if (reply.statusCode >= 500) {
      // Nothing was committed (errors roll back), so a retry may run again.
      await core.db
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', idem.tenantId)
        .where('scope', '=', idem.scope)
        .where('key', '=', idem.key)
        .execute()
    } else {
      await where
        .set({
          status: 'done',
          response_status: reply.statusCode,
          response_body: typeof payload === 'string' ? payload : JSON.stringify(payload),
        })
        .execute()
    }
    return payload
  })
}
