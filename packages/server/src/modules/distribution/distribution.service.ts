import type { Core } from '../../core.js'
import { createBindingsService } from './bindings.service.js'
import { createCommissionsService } from './commissions.service.js'
import { createFraudService } from './fraud.service.js'
import { createProgramsService } from './programs.service.js'
import { createStaffService } from './staff.service.js'
import { createWithdrawalsService } from './withdrawals.service.js'

/** Distribution: promoter programs and promoters, referral bindings, commissions and withdrawals, fraud rules, staff selling. */
export function createDistributionService(core: Core) {
  return {
    programs: createProgramsService(core),
    bindings: createBindingsService(core),
    commissions: createCommissionsService(core),
    withdrawals: createWithdrawalsService(core),
    fraud: createFraudService(core),
    staff: createStaffService(core),
  }
}

export type DistributionService = ReturnType<typeof createDistributionService>
