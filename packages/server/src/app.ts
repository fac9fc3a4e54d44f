import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import type { Core } from './core.js'
import { sandboxCashierRoutes } from './modules/payments/index.js'
import { modules } from './modules.js'
import { registerRequestContext } from './platform/http/context.js'
import { registerErrorHandler } from './platform/http/errors.js'
import { registerIdempotency } from './platform/http/idempotency.js'
import { sandboxClockRoutes } from './platform/http/sandbox-clock.js'

declare module 'fastify' {
  interface FastifyInstance {
    core: Core
    /** Every route with its schema, for generated tests (auth, validation) and docs. */
    routeTable: { method: string; url: string; schema?: any; config?: any; hasGuard: boolean }[]
  }
}

export type AppOptions = Record<string, never>

/** Builds the HTTP app around a core; `listen` is the caller's business (tests use `inject`). */
export async function buildApp(core: Core, _opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: core.log as unknown as FastifyBaseLogger,
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('core', core)
  app.decorate('routeTable', [])
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue
      app.routeTable.push({ method, url: r.url, schema: r.schema, config: r.config, hasGuard: !!r.onRequest })
    }
  })
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })
  registerErrorHandler(app)
  // With Redis, limits are shared by every instance behind the load balancer; without, per process.
  const redis = core.config.redisUrl
    ? new Redis(core.config.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
      })
    : undefined
  if (redis) app.addHook('onClose', async () => void redis.disconnect())
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${core.config.redisPrefix}rl:`,
    skipOnError: true,
  })
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1 } })
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Liebian API',
        version: '0.1.0',
        description:
          'Social commerce engine. `/store/*` is the storefront (shopper sessions), `/console/*` the operator console (staff sessions). Money is integer fen.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  // A POST without a body is the same as an empty JSON object (`/pay`, `/complete` …).
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && (req.method === 'POST' || req.method === 'PATCH')) req.body = {}
  })
  registerRequestContext(app, core)
  registerIdempotency(app, core)

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(core.db)
      return { status: 'ready', engine: core.engine }
    } catch {
      return reply.status(503).send({ status: 'unavailable' })
    }
  })

  await app.register(
    async (api) => {
      for (const m of modules) if (m.routes) await api.register(m.routes)
    },
    { prefix: '/api/v1' },
  )

  if (core.config.sandbox) {
    await app.register(sandboxCashierRoutes)
    await app.register(sandboxClockRoutes, { prefix: '/api/v1' })
  }

  const uploads = join(core.config.dataDir, 'uploads')
  mkdirSync(uploads, { recursive: true })
  await app.register(fastifyStatic, {
    root: uploads,
    prefix: '/uploads/',
    decorateReply: false,
    index: false,
  })
  const web = core.config.webDist
  if (web && existsSync(join(web, 'index.html'))) {
    await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, index: ['index.html'] })
    // The storefront and console route in the browser: unknown page paths get their index.html.
    app.get('/console/*', { schema: { hide: true } }, (_req, reply) => reply.sendFile('console/index.html'))
    app.get('/*', { schema: { hide: true } }, (req, reply) =>
      req.url.startsWith('/api/') ? reply.callNotFound() : reply.sendFile('index.html'),
    )
  }
  return app
}
