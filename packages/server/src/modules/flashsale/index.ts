import type { LiebianModule } from '../../platform/module.js'

export { createFlashSaleService, type FlashSaleService } from './flashsale.service.js'
export type { FlashSaleTables } from './flashsale.tables.js'

export const flashSaleModule: LiebianModule = {
  name: 'flashsale',
}
