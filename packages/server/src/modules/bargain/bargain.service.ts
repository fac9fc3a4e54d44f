import type { Core } from '../../core.js'

/** Bargains: a shopper starts one, friends cut the price down to its floor. */
export function createBargainService(_core: Core) {
  return {}
}

export type BargainService = ReturnType<typeof createBargainService>
