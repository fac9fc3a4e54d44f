import { CheckCircleFilled, WarningFilled } from '@ant-design/icons'
import { Card, Col, Input, Row, Space, Table, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { LoadError, PageHead } from '../components/bits'
import { useLedger, useUrlParams } from '../hooks'
import { tr, useI18n } from '../i18n'
import type { LedgerAccount, LedgerTransfer } from '../types'
import { parseLedger, urls } from '../urls'

const kindColor: Record<string, string> = {
  asset: 'blue',
  liability: 'orange',
  revenue: 'green',
  expense: 'red',
  equity: 'purple',
}

export default function Ledger() {
  const { t } = useI18n()
  const [params, setParams] = useUrlParams(parseLedger, urls.ledger)
  const { accounts, transfers } = useLedger(params)
  const sum = (accounts.data ?? []).reduce((a, x) => a + x.balanceFen, 0)

  return (
    <div>
      <PageHead title={t('nav.ledger')} sub={t('ledger.debitPositive')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card
            title={t('ledger.accounts')}
            extra={
              accounts.data ? (
                sum === 0 ? (
                  <Tag icon={<CheckCircleFilled />} color="success" data-testid="ledger-balanced">
                    {t('ledger.balanced')}
                  </Tag>
                ) : (
                  <Tag icon={<WarningFilled />} color="error">
                    {t('ledger.unbalanced')}
                  </Tag>
                )
              ) : null
            }
          >
            {accounts.error ? <LoadError error={accounts.error} onRetry={accounts.reload} /> : null}
            <Table<LedgerAccount>
              rowKey="code"
              size="small"
              loading={accounts.loading}
              dataSource={accounts.data ?? []}
              pagination={false}
              columns={[
                {
                  title: t('ledger.account'),
                  dataIndex: 'code',
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                {
                  title: t('ledger.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => <Tag color={kindColor[k]}>{tr(t, 'kind', k)}</Tag>,
                },
                {
                  title: t('ledger.balance'),
                  dataIndex: 'balanceFen',
                  align: 'right',
                  render: (v: number) => (
                    <span className={`mono${v < 0 ? ' money-danger' : ''}`}>{formatFen(v)}</span>
                  ),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <b>{t('ledger.sum')}</b>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <b className="mono">{formatFen(sum)}</b>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            title={t('ledger.transfers')}
            extra={
              <Input.Search
                allowClear
                size="small"
                placeholder={t('ledger.orderFilter')}
                defaultValue={params.orderId}
                key={params.orderId ?? ''}
                onSearch={(v) => setParams({ orderId: v.trim() || undefined })}
                style={{ width: 260 }}
              />
            }
          >
            {transfers.error ? <LoadError error={transfers.error} onRetry={transfers.reload} /> : null}
            <Table<LedgerTransfer>
              rowKey="id"
              size="small"
              loading={transfers.loading}
              dataSource={transfers.data ?? []}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              columns={[
                { title: t('common.createdAt'), dataIndex: 'createdAt', width: 140, render: formatDateTime },
                {
                  title: t('ledger.transferKind'),
                  dataIndex: 'kind',
                  width: 150,
                  render: (k: string) => <Tag>{k}</Tag>,
                },
                {
                  title: t('ledger.entries'),
                  render: (_, tr) => (
                    <Space orientation="vertical" size={0}>
                      {tr.entries.map((e, i) => (
                        <span key={i} className="mono ledger-entry">
                          <span>{e.account}</span>
                          <span className={e.amountFen < 0 ? 'money-danger' : 'text-ok'}>
                            {e.amountFen > 0 ? `+${formatFen(e.amountFen)}` : formatFen(e.amountFen)}
                          </span>
                        </span>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: t('ledger.memo'),
                  width: 160,
                  render: (_, x) =>
                    x.orderId ? (
                      <Link to={urls.order(x.orderId)}>{x.memo || t('order.detail')}</Link>
                    ) : (
                      x.memo
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  )
}
