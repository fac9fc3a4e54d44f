import type { LiebianModule } from '../../platform/module.js'

export { createLuckyDrawService, type LuckyDrawService } from './luckydraw.service.js'
export type { LuckyDrawTables } from './luckydraw.tables.js'

export const luckyDrawModule: LiebianModule = {
  name: 'luckydraw',
}
