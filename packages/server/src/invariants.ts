import { inventoryInvariants } from './modules/inventory/inventory.checks.js'
import { ledgerInvariants } from './modules/ledger/ledger.checks.js'
import { ordersInvariants } from './modules/orders/orders.checks.js'
import { paymentsInvariants } from './modules/payments/payments.checks.js'
import { modules } from './modules.js'
import type { Invariant } from './platform/checks.js'

/** Everything `liebian check` proves: the core modules' lists, then each module's own `checks`. */
export const invariants: Invariant[] = [
  ...ledgerInvariants,
  ...inventoryInvariants,
  ...ordersInvariants,
  ...paymentsInvariants,
  ...modules.flatMap((m) => m.checks ?? []),
]
