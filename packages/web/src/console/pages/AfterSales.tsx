import { App, Card, Input, Modal, Popconfirm, Space, Table, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import type { AfterSale } from '../../shared/types'
import { api } from '../api'
import { AfterSaleStatusTag, LinkButton, LoadError, Money, PageHead } from '../components/bits'
import { useAfterSales, useUrlParams } from '../hooks'
import { tr, useI18n } from '../i18n'
import { parseAfterSales, urls } from '../urls'

const STATUSES = ['requested', 'approved', 'rejected', 'refunded', 'cancelled']

export default function AfterSales() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [params, setParams] = useUrlParams(parseAfterSales, urls.afterSales)
  const list = useAfterSales(params)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)

  const approve = async (a: AfterSale) => {
    try {
      await api.approveAfterSale(a.id)
      message.success(t('as.approved'))
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  const reject = async () => {
    if (!params.reject || !reason.trim()) return
    setBusy(true)
    try {
      await api.rejectAfterSale(params.reject, reason.trim())
      message.success(t('as.rejected'))
      setReason('')
      setParams({ ...params, reject: undefined })
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      <PageHead title={t('nav.afterSales')} />
      <Card>
        <Tabs
          activeKey={params.status ?? 'all'}
          onChange={(k) => setParams({ status: k === 'all' ? undefined : k })}
          items={[
            { key: 'all', label: t('common.all') },
            ...STATUSES.map((s) => ({ key: s, label: tr(t, 'as.status', s) })),
          ]}
        />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<AfterSale>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
            {
              title: t('as.order'),
              dataIndex: 'orderId',
              width: 120,
              render: (id: string) => <Link to={urls.order(id)}>{t('order.detail')}</Link>,
            },
            {
              title: t('as.type'),
              dataIndex: 'type',
              width: 130,
              render: (v: string, a) => (
                <Space size={4}>
                  {tr(t, 'as', v)}
                  {a.noReasonReturn ? <Tag color="orange">{t('as.noReason')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('as.amount'),
              dataIndex: 'amountFen',
              width: 110,
              align: 'right',
              render: (v: number) => <Money fen={v} strong />,
            },
            {
              title: t('as.reason'),
              dataIndex: 'reason',
              render: (v: string, a) =>
                a.rejectReason ? `${v}（${t('as.rejectReason')}：${a.rejectReason}）` : v,
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: string) => <AfterSaleStatusTag status={s} />,
            },
            {
              title: t('common.actions'),
              width: 130,
              fixed: 'right',
              render: (_, a) =>
                a.status === 'requested' ? (
                  <Space>
                    <Popconfirm
                      title={t('as.approveConfirm')}
                      onConfirm={() => approve(a)}
                      okText={t('as.approve')}
                      cancelText={t('common.cancel')}
                    >
                      <LinkButton data-testid="as-approve">{t('as.approve')}</LinkButton>
                    </Popconfirm>
                    <LinkButton danger onClick={() => setParams({ ...params, reject: a.id }, { push: true })}>
                      {t('as.reject')}
                    </LinkButton>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={!!params.reject}
        title={t('as.reject')}
        onCancel={() => setParams({ ...params, reject: undefined })}
        onOk={() => void reject()}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={busy}
        okText={t('as.reject')}
        cancelText={t('common.cancel')}
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('as.rejectReason')}
        />
      </Modal>
    </div>
  )
}
