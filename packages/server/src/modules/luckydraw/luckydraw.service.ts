import type { Core } from '../../core.js'

/** Lucky draws: prize pools, daily chances, chances earned by sharing, verifiable odds. */
export function createLuckyDrawService(_core: Core) {
  return {}
}

export type LuckyDrawService = ReturnType<typeof createLuckyDrawService>
