import type { LiebianModule } from '../../platform/module.js'
import { communityInvariants } from './community.checks.js'
import { communityRoutes } from './community.routes.js'
import * as init from './migrations/202611231710_community.js'
import * as nearIndex from './migrations/202611231711_community_near_index.js'

export { type CommunityService, createCommunityService } from './community.service.js'
export type { CommunityTables } from './community.tables.js'
export { geodesicMetres, type LatLng } from './domain/geo.js'
export type { OpeningHours, OpeningPeriod } from './domain/hours.js'
export type { LeaderStatus } from './domain/leader-state.js'

export const communityModule: LiebianModule = {
  name: 'community',
  migrations: {
    '202611231710_community': init,
    '202611231711_community_near_index': nearIndex,
  },
  routes: communityRoutes,
  checks: communityInvariants,
}
