import type { Core } from '../../core.js'

/** Promoter programs, commission plans and promoters. */
export function createProgramsService(_core: Core) {
  return {}
}
