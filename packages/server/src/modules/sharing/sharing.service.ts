import type { Core } from '../../core.js'

/** Share tokens: who shared what, where, and every open of it. */
export function createSharingService(_core: Core) {
  return {}
}

export type SharingService = ReturnType<typeof createSharingService>
