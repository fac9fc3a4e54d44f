import { App, Button, Card, Popconfirm, Space, Table, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { LoadError, Money, PageHead } from '../components/bits'
import { TextPrompt, WithdrawalStatusTag } from '../components/DistributionBits'
import { type ConsoleWithdrawal, distributionApi, WITHDRAWAL_STATUSES } from '../distributionApi'
import { distributionUrls, parseWithdrawalList } from '../distributionUrls'
import { useUrlParams } from '../hooks'
import { useI18n } from '../i18n'

/** 提现审核: withdrawals by status; approve, reject with a reason, record a payout made by hand. */
export default function DistributionWithdrawals() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [params, setParams] = useUrlParams(parseWithdrawalList, distributionUrls.withdrawals)
  const list = useResource(`withdrawals:${params.status ?? ''}:${params.promoterId ?? ''}`, () =>
    distributionApi.withdrawals(params),
  )
  const [rejecting, setRejecting] = useState<ConsoleWithdrawal | null>(null)
  const [paying, setPaying] = useState<ConsoleWithdrawal | null>(null)

  const approve = async (w: ConsoleWithdrawal) => {
    try {
      await distributionApi.approveWithdrawal(w.id)
      message.success(t('dist.withdrawals.done'))
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead title={t('dist.withdrawals.title')} />
      <Card>
        <Tabs
          activeKey={params.status ?? 'all'}
          onChange={(k) =>
            setParams({ ...params, status: k === 'all' ? undefined : (k as ConsoleWithdrawal['status']) })
          }
          items={[
            { key: 'all', label: t('common.all') },
            ...WITHDRAWAL_STATUSES.map((s) => ({ key: s, label: t(`dist.withdrawals.status.${s}`) })),
          ]}
        />
        {params.promoterId ? (
          <Tag
            closable
            onClose={() => setParams({ ...params, promoterId: undefined })}
            style={{ marginBottom: 12 }}
          >
            {t('dist.withdrawals.promoter')}:{' '}
            {list.data?.items[0]?.promoterName ?? params.promoterId.slice(0, 8)}
          </Tag>
        ) : null}
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<ConsoleWithdrawal>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('dist.withdrawals.empty') }}
          onRow={(w) =>
            ({
              'data-testid': 'withdrawal-row',
              'data-withdrawal-id': w.id,
              'data-status': w.status,
            }) as object
          }
          columns={[
            {
              title: t('dist.withdrawals.promoter'),
              render: (_, w) => (
                <Link to={distributionUrls.commissions({ promoterId: w.promoterId })}>
                  {w.promoterName ?? w.promoterId.slice(0, 8)}
                </Link>
              ),
            },
            {
              title: t('dist.withdrawals.amount'),
              width: 110,
              align: 'right',
              render: (_, w) => <Money fen={w.amountFen} />,
            },
            {
              title: t('dist.withdrawals.fee'),
              width: 100,
              align: 'right',
              render: (_, w) => <Money fen={w.feeFen} />,
            },
            {
              title: t('dist.withdrawals.payout'),
              width: 110,
              align: 'right',
              render: (_, w) => <Money fen={w.payoutFen} strong />,
            },
            {
              title: t('common.status'),
              width: 100,
              render: (_, w) => <WithdrawalStatusTag status={w.status} />,
            },
            {
              title: t('dist.withdrawals.requestedAt'),
              width: 150,
              render: (_, w) => formatDateTime(w.requestedAt),
            },
            { title: t('dist.withdrawals.paidAt'), width: 150, render: (_, w) => formatDateTime(w.paidAt) },
            {
              title: t('common.note'),
              render: (_, w) => (
                <span className="muted">
                  {w.reason ?? ''}
                  {w.providerRef ? ` ${w.providerRef}` : ''}
                </span>
              ),
            },
            {
              title: t('common.actions'),
              width: 190,
              fixed: 'right',
              render: (_, w) => (
                <Space size={4}>
                  {w.status === 'requested' ? (
                    <>
                      <Popconfirm
                        title={t('dist.withdrawals.approveConfirm', { amount: formatFen(w.payoutFen) })}
                        onConfirm={() => approve(w)}
                      >
                        <Button size="small" type="link" data-testid="withdrawal-approve">
                          {t('dist.withdrawals.approve')}
                        </Button>
                      </Popconfirm>
                      <Button
                        size="small"
                        type="link"
                        danger
                        onClick={() => setRejecting(w)}
                        data-testid="withdrawal-reject"
                      >
                        {t('dist.withdrawals.reject')}
                      </Button>
                    </>
                  ) : null}
                  {w.status === 'approved' && (!w.provider || w.provider === 'manual') ? (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => setPaying(w)}
                      data-testid="withdrawal-paid"
                    >
                      {t('dist.withdrawals.markPaid')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <TextPrompt
        open={!!rejecting}
        title={t('dist.withdrawals.rejectTitle')}
        hint={t('dist.withdrawals.rejectHint')}
        label={t('dist.withdrawals.reason')}
        okText={t('dist.withdrawals.reject')}
        danger
        testId="reject-withdrawal-form"
        onClose={() => setRejecting(null)}
        onSubmit={async (reason) => {
          if (!rejecting) return
          await distributionApi.rejectWithdrawal(rejecting.id, reason)
          setRejecting(null)
          message.success(t('dist.withdrawals.done'))
          void list.reload()
        }}
      />
      <TextPrompt
        open={!!paying}
        title={t('dist.withdrawals.markPaid')}
        hint={t('dist.withdrawals.markPaidHint')}
        label={t('dist.withdrawals.reference')}
        testId="paid-withdrawal-form"
        onClose={() => setPaying(null)}
        onSubmit={async (reference) => {
          if (!paying) return
          await distributionApi.recordPaid(paying.id, reference)
          setPaying(null)
          message.success(t('dist.withdrawals.done'))
          void list.reload()
        }}
      />
    </div>
  )
}
