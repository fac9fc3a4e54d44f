import { App, Button, Card, Descriptions, Empty, Input, Popconfirm, Skeleton, Space } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { CursorPager, LoadError, Money, PageHead } from '../components/bits'
import { CommissionStatusTag, FlagList } from '../components/DistributionBits'
import { type ConsoleCommission, distributionApi } from '../distributionApi'
import { distributionUrls } from '../distributionUrls'
import { useI18n } from '../i18n'
import { urls } from '../urls'

/**
 * 风控审核: commissions a fraud rule held, each with the rules it tripped in plain words; the operator
 * clears one (it settles as usual) or confirms fraud (void, clawed back if settled).
 */
export default function DistributionReview() {
  const { t } = useI18n()
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const list = useResource(`commission-review:${cursor ?? ''}`, () =>
    distributionApi.commissions({ review: 'held', cursor }),
  )
  return (
    <div>
      <PageHead title={t('dist.review.title')} sub={t('dist.review.sub')} />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Skeleton active /> : null}
      {list.data?.items.length === 0 ? (
        <Card>
          <Empty description={t('dist.review.empty')} />
        </Card>
      ) : null}
      {list.data?.items.map((c) => (
        <ReviewCard key={c.id} c={c} onDone={() => void list.reload()} />
      ))}
      {list.data && (cursors.length > 0 || list.data.nextCursor) ? (
        <CursorPager
          page={cursors.length + 1}
          hasNext={!!list.data.nextCursor}
          onPrev={() => setCursors(cursors.slice(0, -1))}
          onNext={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
        />
      ) : null}
    </div>
  )
}

function ReviewCard({ c, onDone }: { c: ConsoleCommission; onDone: () => void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState<'clear' | 'confirm' | null>(null)

  const decide = async (decision: 'clear' | 'confirm') => {
    setBusy(decision)
    try {
      const r = await distributionApi.reviewCommission(c.id, decision, note.trim() || undefined)
      message.success(decision === 'clear' ? t('dist.review.cleared') : t('dist.review.confirmed'))
      if (r.promoterSuspended) message.warning(t('dist.review.suspended'))
      onDone()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="review-card"
      data-commission-id={c.id}
      title={
        <Space>
          <Link to={urls.order(c.orderId)}>{c.orderNo}</Link>
          <span className="muted">{c.title}</span>
        </Space>
      }
      extra={<CommissionStatusTag status={c.status} />}
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('dist.commissions.promoter')}>
          <Link to={distributionUrls.commissions({ promoterId: c.promoterId })}>
            {c.promoterName ?? c.promoterId.slice(0, 8)}
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('dist.commissions.buyer')}>{c.buyer}</Descriptions.Item>
        <Descriptions.Item label={t('dist.commissions.level')}>
          {t(`dist.commissions.level.${c.level}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('dist.commissions.base')}>
          <Money fen={c.baseFen} />
        </Descriptions.Item>
        <Descriptions.Item label={t('dist.commissions.amount')}>
          <Money fen={c.amountFen} strong />
        </Descriptions.Item>
        <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
      </Descriptions>
      <div className="section-title" style={{ marginTop: 8 }}>
        {t('dist.review.flags')}
      </div>
      <FlagList flags={c.flags} />
      <Space.Compact style={{ width: '100%', marginTop: 16 }}>
        <Input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          placeholder={t('dist.review.note')}
          aria-label={t('dist.review.note')}
        />
        <Button onClick={() => void decide('clear')} loading={busy === 'clear'} data-testid="review-clear">
          {t('dist.review.clear')}
        </Button>
        <Popconfirm
          title={t('dist.review.confirmTitle')}
          description={t('dist.review.confirmHint')}
          okButtonProps={{ danger: true }}
          onConfirm={() => decide('confirm')}
        >
          <Button danger loading={busy === 'confirm'} data-testid="review-confirm">
            {t('dist.review.confirm')}
          </Button>
        </Popconfirm>
      </Space.Compact>
    </Card>
  )
}
