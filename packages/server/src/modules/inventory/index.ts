import type { LiebianModule } from '../../platform/module.js'
import { inventoryRoutes } from './inventory.routes.js'
import * as init from './migrations/202611230300_inventory.js'

export { type Hold, holdStatements, reserveMany, shiftStock } from './inventory.bulk.js'
export { createInventoryService, type InventoryService, type StockLine } from './inventory.service.js'
export type { InventoryTables } from './inventory.tables.js'

export const inventoryModule: LiebianModule = {
  name: 'inventory',
  migrations: { '202611230300_inventory': init },
  routes: inventoryRoutes,
}
