import type { IdentityTables } from './modules/identity/index.js'
import type { PlatformTables } from './platform/platform.tables.js'

/** Every table, as Kysely sees it: the platform's and each module's own. */
export interface DB extends PlatformTables, IdentityTables {}
