import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { type Core, createCore } from './core.js'
import type { Config } from './platform/config.js'

/** Starts core, HTTP and the job worker; SIGTERM/SIGINT finish in-flight requests before closing. */
export async function startServer(
  config: Config,
  existing?: Core,
): Promise<{ app: FastifyInstance; core: Core }> {
  const core = existing ?? (await createCore({ config }))
  if (config.sandbox && config.databaseUrl)
    core.log.warn(
      'the sandbox payment provider is on with a real database: anyone can pay a sandbox payment; set LIEBIAN_SANDBOX=off where money is real',
    )
  const app = await buildApp(core)
  await app.listen({ port: config.port, host: config.host })
  if (config.worker) core.worker.start()
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    core.log.info({ signal }, 'shutting down: finishing in-flight requests')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    await app.close()
    await core.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  return { app, core }
}
