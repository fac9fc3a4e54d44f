import type { LiebianModule } from '../../platform/module.js'
import { ledgerRoutes } from './ledger.routes.js'
import * as init from './migrations/202611230400_ledger.js'

export { accounts, assertBalanced, type Posting } from './domain/accounts.js'
export {
  checkLedger,
  createLedgerService,
  type LedgerService,
  type LedgerViolation,
} from './ledger.service.js'
export type { LedgerTables } from './ledger.tables.js'

export const ledgerModule: LiebianModule = {
  name: 'ledger',
  migrations: { '202611230400_ledger': init },
  routes: ledgerRoutes,
}
