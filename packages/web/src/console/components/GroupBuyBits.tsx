import { Tag } from 'antd'
import type { DealStatus, GroupSeat, GroupStatus } from '../groupbuyApi'
import { useI18n } from '../i18n'

const dealColors: Record<DealStatus, string> = { active: 'green', paused: 'gold', ended: 'default' }
const groupColors: Record<GroupStatus, string> = {
  opening: 'default',
  forming: 'processing',
  succeeded: 'green',
  drawn: 'purple',
  failed: 'red',
  cancelled: 'default',
}
const seatColors: Record<GroupSeat['status'], string> = {
  held: 'gold',
  paid: 'green',
  released: 'default',
  refunded: 'purple',
}

export function DealStatusTag({ status }: { status: DealStatus }) {
  const { t } = useI18n()
  return (
    <Tag color={dealColors[status]} data-testid="deal-status" data-status={status}>
      {t(`groupbuy.status.${status}`)}
    </Tag>
  )
}

export function GroupStatusTag({ status }: { status: GroupStatus }) {
  const { t } = useI18n()
  return (
    <Tag color={groupColors[status]} data-testid="group-status" data-status={status}>
      {t(`groupbuy.groupStatus.${status}`)}
    </Tag>
  )
}

export function SeatStatusTag({ status }: { status: GroupSeat['status'] }) {
  const { t } = useI18n()
  return <Tag color={seatColors[status]}>{t(`groupbuy.seatStatus.${status}`)}</Tag>
}

/** Basis points as a percentage: 6667 → 66.67%. */
export const bpText = (bp: number | null | undefined) =>
  bp === null || bp === undefined ? '-' : `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`
