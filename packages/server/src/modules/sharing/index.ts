import type { LiebianModule } from '../../platform/module.js'

export { createSharingService, type SharingService } from './sharing.service.js'
export type { SharingTables } from './sharing.tables.js'

export const sharingModule: LiebianModule = {
  name: 'sharing',
}
