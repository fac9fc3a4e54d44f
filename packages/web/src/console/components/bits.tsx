import { Alert, Button, Space, Tag } from 'antd'
import type { ButtonHTMLAttributes, ReactNode } from 'react'
import { formatFen } from '../../shared/money'
import type { OrderStatus } from '../../shared/types'
import { tr, useI18n } from '../i18n'

export function Money({
  fen,
  strong,
  danger,
}: {
  fen: number | null | undefined
  strong?: boolean
  danger?: boolean
}) {
  const text = formatFen(fen)
  const cls = `money${strong ? ' money-strong' : ''}${danger ? ' money-danger' : ''}`
  return <span className={cls}>{text}</span>
}

const orderColors: Record<OrderStatus, string> = {
  pending_payment: 'gold',
  paid: 'volcano',
  shipped: 'blue',
  ready_for_pickup: 'cyan',
  completed: 'green',
  cancelled: 'default',
  refunded: 'purple',
}

export function OrderStatusTag({ status, testId }: { status: OrderStatus; testId?: string }) {
  const { t } = useI18n()
  return (
    <Tag color={orderColors[status] ?? 'default'} data-testid={testId} data-status={status} variant="filled">
      {tr(t, 'status', status)}
    </Tag>
  )
}

const afterSaleColors: Record<string, string> = {
  requested: 'gold',
  approved: 'blue',
  rejected: 'red',
  refunded: 'green',
  cancelled: 'default',
}

export function AfterSaleStatusTag({ status }: { status: string }) {
  const { t } = useI18n()
  return <Tag color={afterSaleColors[status] ?? 'default'}>{tr(t, 'as.status', status)}</Tag>
}

export function LoadError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n()
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={error.message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  )
}

/** A page's title row with its actions on the right. */
export function PageHead({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {sub ? <div className="page-sub">{sub}</div> : null}
      </div>
      {extra ? <Space>{extra}</Space> : null}
    </div>
  )
}

/** Previous / next for keyset pages. */
export function CursorPager({
  page,
  hasNext,
  onPrev,
  onNext,
}: {
  page: number
  hasNext: boolean
  onPrev: () => void
  onNext: () => void
}) {
  const { t } = useI18n()
  return (
    <div className="cursor-pager">
      <span className="muted">{t('common.page', { n: page })}</span>
      <Space>
        <Button size="small" disabled={page <= 1} onClick={onPrev}>
          {t('common.prev')}
        </Button>
        <Button size="small" disabled={!hasNext} onClick={onNext} data-testid="next-page">
          {t('common.next')}
        </Button>
      </Space>
    </div>
  )
}

/** A product picture in a table cell, or a tile with its first character. */
export function Thumb({ src, alt, size = 44 }: { src?: string | null; alt: string; size?: number }) {
  const style = { width: size, height: size }
  return src ? (
    <img className="thumb" src={src} alt={alt} style={style} loading="lazy" />
  ) : (
    <span className="thumb thumb-empty" style={style}>
      {[...alt.trim()][0] ?? '·'}
    </span>
  )
}

/** A text button that looks like a link, for row actions. */
export function LinkButton({
  danger,
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { danger?: boolean }) {
  return (
    <button
      type="button"
      {...props}
      className={`link-btn${danger ? ' danger' : ''}${className ? ` ${className}` : ''}`}
    />
  )
}
