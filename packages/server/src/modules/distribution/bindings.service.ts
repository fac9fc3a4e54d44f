import type { Core } from '../../core.js'

/** Referral bindings: which promoter each customer is bound to, and why. */
export function createBindingsService(_core: Core) {
  return {}
}
