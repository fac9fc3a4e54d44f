import type { LiebianModule } from '../../platform/module.js'
import type { BindingsTables } from './bindings.tables.js'
import type { ProgramsTables } from './programs.tables.js'

export { createDistributionService, type DistributionService } from './distribution.service.js'

export interface DistributionTables extends ProgramsTables, BindingsTables {}

export const distributionModule: LiebianModule = {
  name: 'distribution',
}
