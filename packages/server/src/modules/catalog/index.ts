import type { LiebianModule } from '../../platform/module.js'
import { catalogRoutes } from './catalog.routes.js'
import * as init from './migrations/202611230200_catalog.js'

export {
  type CatalogService,
  type CategoryInput,
  type ConsoleProduct,
  createCatalogService,
  type ProductFilter,
  type ProductInput,
  type ProductPatch,
  type SkuInput,
  type StoreProduct,
} from './catalog.service.js'
export type { CatalogTables, ProductStatus } from './catalog.tables.js'
export { type SniffedImage, sniffImage } from './domain/image-sniff.js'
export { specLabel } from './domain/product.js'

export const catalogModule: LiebianModule = {
  name: 'catalog',
  migrations: { '202611230200_catalog': init },
  routes: catalogRoutes,
}
