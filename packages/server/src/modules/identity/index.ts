import type { LiebianModule } from '../../platform/module.js'
import { identityRoutes } from './identity.routes.js'
import * as init from './migrations/202611230100_identity.js'

export { maskPhone, PHONE, PHONE_ZH } from './domain.js'
export { type AddressInput, createIdentityService, type IdentityService } from './identity.service.js'
export type { IdentityTables } from './identity.tables.js'
export { SandboxSms, type SmsProvider } from './sms.js'

export const identityModule: LiebianModule = {
  name: 'identity',
  migrations: { '202611230100_identity': init },
  routes: identityRoutes,
}
