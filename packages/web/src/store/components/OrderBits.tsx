import type { OrderStatus } from '../../shared/types'
import { useI18n } from '../i18n'

const tone: Record<OrderStatus, string> = {
  pending_payment: 'warn',
  paid: 'primary',
  shipped: 'primary',
  ready_for_pickup: 'primary',
  completed: 'success',
  cancelled: 'muted',
  refunded: 'muted',
}

export function StatusText({ status, testId }: { status: OrderStatus; testId?: string }) {
  const { t } = useI18n()
  return (
    <span
      className={`status-text status-${tone[status] ?? 'muted'}`}
      data-testid={testId}
      data-status={status}
    >
      {t(`status.${status}`)}
    </span>
  )
}
