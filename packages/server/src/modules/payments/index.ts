import type { LiebianModule } from '../../platform/module.js'
import * as init from './migrations/202611230600_payments.js'
import * as history from './migrations/202611230700_payment_history.js'
import * as payer from './migrations/202611231405_payments_payer.js'
import { paymentsRoutes } from './payments.routes.js'
import { refundJob } from './payments.service.js'
import { sandboxNotifyJob } from './providers/sandbox.js'

export { paymentMachine, refundMachine } from './domain/payment-state.js'
export { sandboxCashierRoutes } from './payments.routes.js'
export { createPaymentsService, type PaymentsService, type RefundRequest } from './payments.service.js'
export type { PaymentsTables } from './payments.tables.js'
export type { PaymentProvider } from './providers/provider.js'
export { SandboxProvider, signSandbox } from './providers/sandbox.js'

export const paymentsModule: LiebianModule = {
  name: 'payments',
  migrations: {
    '202611230600_payments': init,
    '202611230700_payment_history': history,
    '202611231405_payments_payer': payer,
  },
  routes: paymentsRoutes,
  jobs: { 'payments.refund': refundJob, 'sandbox.notify': sandboxNotifyJob },
}
