import type { LiebianModule } from '../../platform/module.js'
import { consoleRoutes } from './console.routes.js'
import { shopsRoutes } from './shops.routes.js'

export { createShopsService, type Shop, type ShopSettings, type ShopsService } from './shops.service.js'

/** Shops are the tenants; their table is created with the platform's. */
export const shopsModule: LiebianModule = {
  name: 'shops',
  routes: async (app) => {
    await app.register(shopsRoutes)
    await app.register(consoleRoutes)
  },
}
