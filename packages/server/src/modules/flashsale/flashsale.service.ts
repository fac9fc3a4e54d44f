import type { Core } from '../../core.js'

/** Flash sales: campaigns, time slots with carved stock, and purchases built for a crowd. */
export function createFlashSaleService(_core: Core) {
  return {}
}

export type FlashSaleService = ReturnType<typeof createFlashSaleService>
