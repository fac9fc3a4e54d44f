import { Button, Card, Select, Space, Table, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { CursorPager, LoadError, Money, PageHead } from '../components/bits'
import { CommissionStatusTag, FlagList, ReviewTag, Stack } from '../components/DistributionBits'
import {
  COMMISSION_REVIEWS,
  COMMISSION_STATUSES,
  type CommissionReview,
  type CommissionStatus,
  type ConsoleCommission,
  distributionApi,
} from '../distributionApi'
import { distributionUrls, parseCommissionList } from '../distributionUrls'
import { useUrlParams } from '../hooks'
import { useI18n } from '../i18n'
import { nextPage, prevPage, urls, withFilters } from '../urls'

/** 佣金: every commission, filtered by status, review and promoter, newest first. */
export default function DistributionCommissions() {
  const { t } = useI18n()
  const [params, setParams] = useUrlParams(parseCommissionList, distributionUrls.commissions)
  const { c, ...filters } = params
  const list = useResource(`commissions:${JSON.stringify(params)}`, () =>
    distributionApi.commissions({ ...filters, cursor: c?.at(-1) }),
  )
  const promoterName = list.data?.items[0]?.promoterName

  return (
    <div>
      <PageHead title={t('dist.commissions.title')} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<CommissionStatus | ''>
            value={params.status ?? ''}
            style={{ width: 160 }}
            aria-label={t('common.status')}
            onChange={(v) => setParams(withFilters(params, { status: v || undefined }))}
            options={[
              { value: '', label: t('dist.commissions.anyStatus') },
              ...COMMISSION_STATUSES.map((s) => ({ value: s, label: t(`dist.commissions.status.${s}`) })),
            ]}
            data-testid="commission-status-filter"
          />
          <Select<CommissionReview | ''>
            value={params.review ?? ''}
            style={{ width: 180 }}
            aria-label={t('dist.commissions.review')}
            onChange={(v) => setParams(withFilters(params, { review: v || undefined }))}
            options={[
              { value: '', label: t('dist.commissions.anyReview') },
              ...COMMISSION_REVIEWS.map((s) => ({ value: s, label: t(`dist.commissions.review.${s}`) })),
            ]}
            data-testid="commission-review-filter"
          />
          {params.promoterId ? (
            <Tag closable onClose={() => setParams(withFilters(params, { promoterId: undefined }))}>
              {t('dist.commissions.promoter')}: {promoterName ?? params.promoterId.slice(0, 8)}
            </Tag>
          ) : null}
        </Space>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<ConsoleCommission>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1560 }}
          locale={{ emptyText: t('dist.commissions.empty') }}
          onRow={(r) => ({ 'data-testid': 'commission-row', 'data-commission-id': r.id }) as object}
          expandable={{
            rowExpandable: (r) => r.flags.length > 0,
            expandedRowRender: (r) => <FlagList flags={r.flags} />,
          }}
          columns={[
            {
              title: t('dist.commissions.order'),
              width: 240,
              render: (_, r) => (
                <Stack>
                  <Link to={urls.order(r.orderId)} className="cell-title">
                    {r.orderNo}
                  </Link>
                  <span className="cell-sub">{r.title}</span>
                </Stack>
              ),
            },
            {
              title: t('dist.commissions.promoter'),
              width: 140,
              render: (_, r) =>
                params.promoterId ? (
                  (r.promoterName ?? r.promoterId.slice(0, 8))
                ) : (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0 }}
                    onClick={() => setParams(withFilters(params, { promoterId: r.promoterId }))}
                    title={t('dist.commissions.promoterFilter')}
                  >
                    {r.promoterName ?? r.promoterId.slice(0, 8)}
                  </Button>
                ),
            },
            {
              title: t('dist.commissions.buyer'),
              width: 160,
              render: (_, r) => (
                <Stack>
                  {r.buyer}
                  <span className="cell-sub">
                    <Link to={distributionUrls.binding({ order: r.orderId })}>
                      {t('dist.commissions.binding')}
                    </Link>
                  </span>
                </Stack>
              ),
            },
            {
              title: t('dist.commissions.level'),
              width: 80,
              render: (_, r) => t(`dist.commissions.level.${r.level}`),
            },
            {
              title: t('dist.commissions.base'),
              width: 110,
              align: 'right',
              render: (_, r) => <Money fen={r.baseFen} />,
            },
            {
              title: t('dist.commissions.amount'),
              width: 110,
              align: 'right',
              render: (_, r) => <Money fen={r.amountFen} strong />,
            },
            {
              title: t('dist.commissions.clawed'),
              width: 100,
              align: 'right',
              render: (_, r) =>
                r.clawedFen ? <Money fen={r.clawedFen} danger /> : <span className="muted">-</span>,
            },
            {
              title: t('common.status'),
              width: 100,
              render: (_, r) => <CommissionStatusTag status={r.status} />,
            },
            {
              title: t('dist.commissions.review'),
              width: 170,
              render: (_, r) => (
                <Space size={4} wrap>
                  <ReviewTag review={r.review} />
                  {r.review === 'held' ? (
                    <Link to={distributionUrls.review()}>{t('dist.nav.review')}</Link>
                  ) : null}
                </Space>
              ),
            },
            { title: t('common.createdAt'), width: 150, render: (_, r) => formatDateTime(r.createdAt) },
            {
              title: t('dist.commissions.settleAfter'),
              width: 150,
              render: (_, r) => formatDateTime(r.settledAt ?? r.settleAfter),
            },
          ]}
        />
        <CursorPager
          page={(c?.length ?? 0) + 1}
          hasNext={!!list.data?.nextCursor}
          onPrev={() => setParams(prevPage(params))}
          onNext={() => list.data?.nextCursor && setParams(nextPage(params, list.data.nextCursor))}
        />
      </Card>
    </div>
  )
}
