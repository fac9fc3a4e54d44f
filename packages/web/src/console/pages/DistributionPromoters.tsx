import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Tabs } from 'antd'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { LoadError, Money, PageHead } from '../components/bits'
import { PromoterStatusTag, Stack, TextPrompt, trOr } from '../components/DistributionBits'
import { distributionApi, PROMOTER_STATUSES, type Promoter, type PromoterStatus } from '../distributionApi'
import { distributionUrls } from '../distributionUrls'
import { useI18n } from '../i18n'

/** 推广员: applications to review, active, expired and suspended promoters; approve, suspend with a reason, reinstate. */
export default function DistributionPromoters() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [sp, setSp] = useSearchParams()
  const status = (PROMOTER_STATUSES as readonly string[]).includes(sp.get('status') ?? '')
    ? (sp.get('status') as PromoterStatus)
    : undefined
  const list = useResource(`promoters:${status ?? ''}`, () => distributionApi.promoters({ status }))
  const [suspending, setSuspending] = useState<Promoter | null>(null)

  const act = async (p: Promoter, action: 'approve' | 'reinstate') => {
    try {
      await distributionApi.reviewPromoter(p.id, action)
      message.success(t('dist.promoters.done'))
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead title={t('dist.promoters.title')} />
      <Card>
        <Tabs
          activeKey={status ?? 'all'}
          onChange={(k) => setSp(k === 'all' ? {} : { status: k }, { replace: true })}
          items={[
            { key: 'all', label: t('common.all') },
            ...PROMOTER_STATUSES.map((s) => ({ key: s, label: t(`dist.promoters.status.${s}`) })),
          ]}
        />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Promoter>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('dist.promoters.empty') }}
          onRow={(p) =>
            ({ 'data-testid': 'promoter-row', 'data-promoter-id': p.id, 'data-status': p.status }) as object
          }
          expandable={{ expandedRowRender: (p) => <PromoterDetail p={p} /> }}
          columns={[
            {
              title: t('dist.promoters.name'),
              render: (_, p) => (
                <Stack>
                  <span className="cell-title">{p.nickname ?? p.shopperId.slice(0, 8)}</span>
                  <span className="cell-sub">{p.phoneMasked}</span>
                </Stack>
              ),
            },
            {
              title: t('common.status'),
              width: 100,
              render: (_, p) => <PromoterStatusTag status={p.status} />,
            },
            {
              title: t('dist.promoters.source'),
              width: 100,
              render: (_, p) => trOr(t, `dist.promoters.source.${p.source}`, p.source),
            },
            {
              title: t('dist.promoters.appliedAt'),
              width: 150,
              render: (_, p) => formatDateTime(p.appliedAt),
            },
            {
              title: t('dist.promoters.activatedAt'),
              width: 150,
              render: (_, p) => formatDateTime(p.activatedAt),
            },
            {
              title: t('dist.promoters.expiresAt'),
              width: 150,
              render: (_, p) => formatDateTime(p.expiresAt),
            },
            {
              title: t('dist.promoters.reason'),
              render: (_, p) => <span className="muted">{p.reason ?? ''}</span>,
            },
            {
              title: t('common.actions'),
              width: 160,
              fixed: 'right',
              render: (_, p) => (
                <Space size={4}>
                  {p.status === 'applied' ? (
                    <Popconfirm
                      title={t('dist.promoters.approveConfirm')}
                      onConfirm={() => act(p, 'approve')}
                    >
                      <Button size="small" type="link" data-testid="promoter-approve">
                        {t('dist.promoters.approve')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {p.status === 'suspended' ? (
                    <Popconfirm
                      title={t('dist.promoters.reinstateConfirm')}
                      onConfirm={() => act(p, 'reinstate')}
                    >
                      <Button size="small" type="link" data-testid="promoter-reinstate">
                        {t('dist.promoters.reinstate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      type="link"
                      danger
                      onClick={() => setSuspending(p)}
                      data-testid="promoter-suspend"
                    >
                      {t('dist.promoters.suspend')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <TextPrompt
        open={!!suspending}
        title={t('dist.promoters.suspendTitle')}
        hint={t('dist.promoters.suspendHint')}
        label={t('dist.promoters.reason')}
        placeholder={t('dist.promoters.reasonPlaceholder')}
        okText={t('dist.promoters.suspend')}
        danger
        testId="suspend-form"
        onClose={() => setSuspending(null)}
        onSubmit={async (reason) => {
          if (!suspending) return
          await distributionApi.reviewPromoter(suspending.id, 'suspend', reason)
          setSuspending(null)
          message.success(t('dist.promoters.done'))
          void list.reload()
        }}
      />
    </div>
  )
}

/** A promoter's money, and links to their commissions and withdrawals. */
function PromoterDetail({ p }: { p: Promoter }) {
  const { t } = useI18n()
  const earnings = useResource(`promoter-earnings:${p.id}`, () => distributionApi.promoterEarnings(p.id))
  return (
    <div data-testid="promoter-detail">
      {earnings.error ? <LoadError error={earnings.error} onRetry={earnings.reload} /> : null}
      <Descriptions size="small" column={4} title={t('dist.promoters.earnings')}>
        {(['frozen', 'available', 'withdrawing', 'withdrawn'] as const).map((k) => (
          <Descriptions.Item key={k} label={t(`dist.money.${k}`)}>
            <Money fen={earnings.data?.[`${k}Fen`]} />
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Space>
        <Link to={distributionUrls.commissions({ promoterId: p.id })}>
          {t('dist.promoters.viewCommissions')}
        </Link>
        <Link to={distributionUrls.withdrawals({ promoterId: p.id })}>
          {t('dist.promoters.viewWithdrawals')}
        </Link>
      </Space>
    </div>
  )
}
