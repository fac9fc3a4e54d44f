import type { Core } from '../../core.js'
import { createBindingsService } from './bindings.service.js'
import { createProgramsService } from './programs.service.js'

/** Distribution: promoter programs and promoters, referral bindings (commissions and withdrawals come next). */
export function createDistributionService(core: Core) {
  return { programs: createProgramsService(core), bindings: createBindingsService(core) }
}

export type DistributionService = ReturnType<typeof createDistributionService>
