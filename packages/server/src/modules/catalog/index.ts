import type { LiebianModule } from '../../platform/module.js'
import * as init from './migrations/202611230200_catalog.js'

export type { CatalogTables, ProductStatus } from './catalog.tables.js'

export const catalogModule: LiebianModule = {
  name: 'catalog',
  migrations: { '202611230200_catalog': init },
}
