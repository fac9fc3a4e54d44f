import type { LiebianModule } from '../../platform/module.js'

export { createGroupBuyService, type GroupBuyService } from './groupbuy.service.js'
export type { GroupBuyTables } from './groupbuy.tables.js'

export const groupBuyModule: LiebianModule = {
  name: 'groupbuy',
}
