import type { LiebianModule } from '../../platform/module.js'
import * as init from './migrations/202611230900_sharing.js'
import { sharingRoutes } from './sharing.routes.js'

export { createSharingService, type ShareInput, type SharingService } from './sharing.service.js'
export type { ShareTargetKind, SharingTables } from './sharing.tables.js'

export const sharingModule: LiebianModule = {
  name: 'sharing',
  migrations: { '202611230900_sharing': init },
  routes: sharingRoutes,
}
