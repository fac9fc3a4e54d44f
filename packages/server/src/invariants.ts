import { inventoryInvariants } from './modules/inventory/inventory.checks.js'
import { ledgerInvariants } from './modules/ledger/ledger.checks.js'
import { ordersInvariants } from './modules/orders/orders.checks.js'
import { paymentsInvariants } from './modules/payments/payments.checks.js'
import type { Invariant } from './platform/checks.js'

/** Everything `liebian check` proves; a module adds its own `<name>.checks.ts` list here. */
export const invariants: Invariant[] = [
  ...ledgerInvariants,
  ...inventoryInvariants,
  ...ordersInvariants,
  ...paymentsInvariants,
]
