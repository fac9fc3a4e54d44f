import type { Core } from '../../core.js'

/** Group buys: deals, groups, seats, and how groups succeed, fail and refund. */
export function createGroupBuyService(_core: Core) {
  return {}
}

export type GroupBuyService = ReturnType<typeof createGroupBuyService>
