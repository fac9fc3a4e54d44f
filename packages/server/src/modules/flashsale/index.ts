import { systemCtx } from '../../platform/context.js'
import type { LiebianModule } from '../../platform/module.js'
import { flashSaleInvariants } from './flashsale.checks.js'
import { flashSaleRoutes } from './flashsale.routes.js'
import * as init from './migrations/202611231000_flashsale.js'
import * as version from './migrations/202611231001_flashsale_version.js'

export { campaignMachine, purchaseMachine, slotMachine } from './domain/flash-state.js'
export {
  carveNote,
  createFlashSaleService,
  type FlashSaleService,
  type PurchaseView,
  type TCtx as FlashTCtx,
} from './flashsale.service.js'
export type { FlashSaleTables } from './flashsale.tables.js'

export const flashSaleModule: LiebianModule = {
  name: 'flashsale',
  migrations: { '202611231000_flashsale': init, '202611231001_flashsale_version': version },
  routes: flashSaleRoutes,
  checks: flashSaleInvariants,
  jobs: {
    /** A slot's end time: what is left of its carve goes back to the SKUs' stock. */
    'flashsale.slot_end': async ({ tenantId, payload, trx, core }) => {
      await core.flashSale.endSlot({ ...systemCtx(tenantId!, trx), db: trx }, payload.slotId)
    },
  },
}
