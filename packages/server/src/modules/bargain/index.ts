import type { LiebianModule } from '../../platform/module.js'

export { type BargainService, createBargainService } from './bargain.service.js'
export type { BargainTables } from './bargain.tables.js'

export const bargainModule: LiebianModule = {
  name: 'bargain',
}
