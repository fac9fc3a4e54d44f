import type { FastifyPluginAsync } from 'fastify'
import type { Migration } from 'kysely/migration'
import type { Invariant } from './checks.js'
import type { Subscriber } from './events.js'
import type { JobHandler } from './jobs.js'

/**
 * A domain module as the app sees it. Everything else about the module (tables, repository,
 * service) stays inside its folder; see docs/architecture.md, "Adding a module".
 */
export interface LiebianModule {
  name: string
  /** Migration name → migration; names are `YYYYMMDDhhmm_module_what` so they order across modules. */
  migrations?: Record<string, Migration>
  /** Registered under /api/v1. */
  routes?: FastifyPluginAsync
  jobs?: Record<string, JobHandler>
  subscribers?: Subscriber[]
  /** What `liebian check` proves about this module's tables. */
  checks?: Invariant[]
}
