import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  RollbackOutlined,
  SendOutlined,
  ShopOutlined,
} from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
} from 'antd'
import { useMemo, useRef, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { formatDateTime } from '../../shared/time'
import type { AfterSale, OrderLine, OrderStatus } from '../../shared/types'
import { api } from '../api'
import { AfterSaleStatusTag, LoadError, Money, OrderStatusTag, PageHead, Thumb } from '../components/bits'
import { dateTimeColumn, moneyColumn, priceColumn } from '../components/columns'
import { OrderReferral } from '../components/OrderReferral'
import { useBusyAction, useOrder, useUrlParams } from '../hooks'
import { tr, useI18n } from '../i18n'
import type { ConsoleOrder, PaymentRecord, RefundRecord } from '../types'
import { type OrderParams, parseOrder, urls } from '../urls'

const refundable = (l: OrderLine) => Math.max(0, l.quantity - (l.refundedQuantity ?? 0))

/** What a refund of the chosen lines gives back, before the server prorates any discount. */
export function refundPreview(
  order: Pick<ConsoleOrder, 'paidFen' | 'refundedFen' | 'lines'>,
  chosen: Record<string, number> | null,
): number {
  if (!chosen) return Math.max(0, order.paidFen - order.refundedFen)
  return order.lines.reduce((a, l) => a + l.unitPriceFen * Math.min(chosen[l.id] ?? 0, refundable(l)), 0)
}

type OrderDialogProps = {
  order: ConsoleOrder
  open: boolean
  onClose: () => void
  onDone: () => void
}

function RefundDialog({ order, open, onClose, onDone }: OrderDialogProps) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const lines = order.lines.filter((l) => refundable(l) > 0)
  const [scope, setScope] = useState<'whole' | 'lines'>('whole')
  const [chosen, setChosen] = useState<Record<string, number>>({})
  const [reason, setReason] = useState('')
  const [step, setStep] = useState<'form' | 'confirm'>('form')
  const [busy, run] = useBusyAction()
  const key = useRef(uuid())
  const amount = refundPreview(order, scope === 'whole' ? null : chosen)
  const picked = Object.entries(chosen).filter(([, q]) => q > 0)

  const next = () => {
    if (scope === 'lines' && picked.length === 0) return message.warning(t('order.refundPickLine'))
    if (!reason.trim()) return message.warning(t('common.required', { field: t('order.refundReason') }))
    setStep('confirm')
  }

  const submit = () =>
    run(async () => {
      try {
        await api.refund(
          order.id,
          {
            reason: reason.trim(),
            lines: scope === 'lines' ? picked.map(([lineId, quantity]) => ({ lineId, quantity })) : undefined,
          },
          key.current,
        )
      } finally {
        setStep('form')
      }
      key.current = uuid()
      message.success(t('order.refundDone'))
      onDone()
    })

  return (
    <Modal
      open={open}
      title={t('order.refundTitle')}
      onCancel={() => {
        setStep('form')
        onClose()
      }}
      width={640}
      footer={
        step === 'form'
          ? [
              <Button key="c" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="n" type="primary" onClick={next} data-testid="refund-next">
                {t('order.refundNext')}
              </Button>,
            ]
          : [
              <Button key="b" onClick={() => setStep('form')}>
                {t('common.back')}
              </Button>,
              <Button
                key="ok"
                type="primary"
                danger
                loading={busy}
                onClick={() => void submit()}
                data-testid="refund-confirm"
              >
                {t('order.refundConfirm')} {formatFen(amount)}
              </Button>,
            ]
      }
    >
      {step === 'confirm' ? (
        <Result
          status="warning"
          title={formatFen(amount)}
          subTitle={t('order.refundConfirmText', { amount: formatFen(amount) })}
        />
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('order.refundScope')}>
            <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} data-testid="refund-scope">
              <Radio.Button value="whole">{t('order.refundWhole')}</Radio.Button>
              <Radio.Button value="lines">{t('order.refundLines')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          {scope === 'lines' ? (
            <Table<OrderLine>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={lines}
              style={{ marginBottom: 16 }}
              columns={[
                {
                  width: 40,
                  render: (_, l) => (
                    <Checkbox
                      checked={(chosen[l.id] ?? 0) > 0}
                      onChange={(e) =>
                        setChosen((c) => ({ ...c, [l.id]: e.target.checked ? refundable(l) : 0 }))
                      }
                    />
                  ),
                },
                { title: t('order.lines'), render: (_, l) => `${l.title} ${l.specLabel}` },
                priceColumn(t('order.unitPrice'), 'unitPriceFen'),
                {
                  title: t('order.quantity'),
                  width: 150,
                  render: (_, l) => (
                    <Space>
                      <InputNumber
                        size="small"
                        min={0}
                        max={refundable(l)}
                        precision={0}
                        value={chosen[l.id] ?? 0}
                        onChange={(v) => setChosen((c) => ({ ...c, [l.id]: v ?? 0 }))}
                      />
                      <span className="muted">/ {refundable(l)}</span>
                    </Space>
                  ),
                },
              ]}
            />
          ) : null}
          <Form.Item label={t('order.refundReason')} required>
            <Input.TextArea
              rows={2}
              maxLength={200}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('order.refundReasonPlaceholder')}
              data-testid="refund-reason"
            />
          </Form.Item>
          <Alert type="info" showIcon title={`${t('order.refundAmount')}：${formatFen(amount)}`} />
        </Form>
      )}
    </Modal>
  )
}

function ShipDialog({ order, open, onClose, onDone }: OrderDialogProps) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ carrier: string; trackingNo: string }>()
  const [busy, run] = useBusyAction()
  const submit = async () => {
    const v = await form.validateFields()
    await run(async () => {
      await api.ship(order.id, v.carrier.trim(), v.trackingNo.trim())
      message.success(t('order.shipped'))
      onDone()
    })
  }
  return (
    <Modal
      open={open}
      title={t('order.ship')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={t('order.ship')}
      cancelText={t('common.cancel')}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ carrier: '顺丰速运', trackingNo: '' }}>
        <Form.Item name="carrier" label={t('order.carrier')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} data-testid="ship-carrier" />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label={t('order.trackingNo')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={60} data-testid="ship-tracking" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function CompleteDialog({ order, open, onClose, onDone }: OrderDialogProps) {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  const [busy, run] = useBusyAction()
  const needsCode = order.fulfillment === 'pickup'
  const submit = () =>
    run(async () => {
      await api.complete(order.id, needsCode ? code : undefined)
      onDone()
    })
  return (
    <Modal
      open={open}
      title={t('order.complete')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ disabled: needsCode && !/^\d{6}$/.test(code) }}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
    >
      {needsCode ? (
        <Form layout="vertical">
          <Form.Item label={t('order.pickupCode')} extra={t('order.pickupCodeHint')}>
            <Input
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              size="large"
              className="mono"
            />
          </Form.Item>
        </Form>
      ) : (
        <p>{t('order.complete')}？</p>
      )}
    </Modal>
  )
}

const paymentColor: Record<string, string> = {
  paid: 'green',
  succeeded: 'green',
  open: 'gold',
  pending: 'gold',
  closed: 'default',
  failed: 'red',
  refunded: 'purple',
}

/** How a payment or a refund stands, coloured by `paymentColor` (or `fallback` for a state it lacks). */
function PayStatusTag({
  status,
  fallback,
  ...rest
}: {
  status: string
  fallback?: string
  'data-testid'?: string
}) {
  const { t } = useI18n()
  return (
    <Tag color={paymentColor[status] ?? fallback} {...rest}>
      {tr(t, 'pay', status)}
    </Tag>
  )
}

export default function OrderDetail() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const { message } = App.useApp()
  const build = useMemo(() => (p: OrderParams) => urls.order(id, p), [id])
  const [params, setParams] = useUrlParams(parseOrder, build)
  const order = useOrder(id)
  const o = order.data

  if (order.error && !o) return <LoadError error={order.error} onRetry={order.reload} />
  if (!o) {
    return (
      <div className="console-loading">
        <Spin />
      </div>
    )
  }

  const status = o.status as OrderStatus
  const done = () => {
    setParams({})
    void order.reload()
  }
  const pickupReady = async () => {
    try {
      await api.readyForPickup(o.id)
      void order.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  const canRefund =
    ['paid', 'shipped', 'ready_for_pickup', 'completed'].includes(status) && o.paidFen > o.refundedFen
  const history = [...(o.history ?? [])].sort((a, b) => a.at.localeCompare(b.at))
  const noneLocale = {
    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.none')} />,
  }

  return (
    <div>
      <PageHead
        title={
          <Space>
            <Link to={urls.orders()} className="back-link">
              <ArrowLeftOutlined />
            </Link>
            {t('order.detail')} <span className="mono">{o.orderNo}</span>
            <OrderStatusTag status={status} testId="console-order-status" />
          </Space>
        }
        extra={
          <>
            {status === 'paid' && o.fulfillment === 'delivery' ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={() => setParams({ action: 'ship' }, { push: true })}
                data-testid="ship-button"
              >
                {t('order.ship')}
              </Button>
            ) : null}
            {status === 'paid' && o.fulfillment === 'pickup' ? (
              <Button type="primary" icon={<ShopOutlined />} onClick={() => void pickupReady()}>
                {t('order.readyForPickup')}
              </Button>
            ) : null}
            {status === 'shipped' || status === 'ready_for_pickup' ? (
              <Button
                icon={<CheckCircleOutlined />}
                onClick={() => setParams({ action: 'complete' }, { push: true })}
              >
                {t('order.complete')}
              </Button>
            ) : null}
            {canRefund ? (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setParams({ action: 'refund' }, { push: true })}
                data-testid="refund-button"
              >
                {t('order.refund')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('order.lines')} className="form-card">
            <Table<OrderLine>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={o.lines}
              columns={[
                {
                  title: t('order.items'),
                  render: (_, l) => (
                    <Link to={urls.product(l.productId)} className="cell-product">
                      <Thumb src={l.imageUrl} alt={l.title} size={40} />
                      <span>
                        <span className="cell-title">{l.title}</span>
                        <span className="cell-sub">
                          {l.specLabel}
                          {l.returnable7d ? <Tag className="tiny-tag">7天</Tag> : null}
                        </span>
                      </span>
                    </Link>
                  ),
                },
                priceColumn(t('order.unitPrice'), 'unitPriceFen'),
                { title: t('order.quantity'), dataIndex: 'quantity', align: 'right' },
                moneyColumn(t('order.amount'), 'amountFen'),
                {
                  title: t('order.refunded'),
                  align: 'right',
                  render: (_, l) =>
                    l.refundedFen > 0 ? (
                      <span className="money-danger">{`${formatFen(l.refundedFen)}（${l.refundedQuantity ?? ''}）`}</span>
                    ) : (
                      '-'
                    ),
                },
              ]}
            />
            <div className="amounts">
              <div>
                <span>{t('order.itemsFen')}</span>
                <Money fen={o.itemsFen} />
              </div>
              <div>
                <span>{t('order.shippingFen')}</span>
                <Money fen={o.shippingFen} />
              </div>
              {o.discountFen ? (
                <div>
                  <span>{t('order.discountFen')}</span>
                  <span>-{formatFen(o.discountFen)}</span>
                </div>
              ) : null}
              <div>
                <span>{t('order.totalFen')}</span>
                <Money fen={o.totalFen} />
              </div>
              <div className="amounts-strong">
                <span>{t('order.paidFen')}</span>
                <Money fen={o.paidFen} strong />
              </div>
              {o.refundedFen > 0 ? (
                <div>
                  <span>{t('order.refundedFen')}</span>
                  <span className="money-danger" data-testid="console-refunded">
                    -{formatFen(o.refundedFen)}
                  </span>
                </div>
              ) : null}
            </div>
          </Card>

          <Card title={t('order.payments')} className="form-card">
            <Table<PaymentRecord>
              rowKey="paymentId"
              size="small"
              pagination={false}
              dataSource={o.payments ?? []}
              locale={noneLocale}
              columns={[
                { title: t('order.provider'), dataIndex: 'provider' },
                {
                  title: t('order.tradeNo'),
                  dataIndex: 'outTradeNo',
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                moneyColumn(t('common.amount'), 'amountFen'),
                {
                  title: t('common.status'),
                  dataIndex: 'status',
                  render: (s: string) => <PayStatusTag status={s} />,
                },
                dateTimeColumn(t('order.paidAt'), 'paidAt'),
              ]}
            />
          </Card>

          <Card title={t('order.refunds')} className="form-card">
            <Table<RefundRecord>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={o.refunds ?? []}
              locale={noneLocale}
              columns={[
                dateTimeColumn(t('common.createdAt'), 'createdAt'),
                moneyColumn(t('as.amount'), 'amountFen', { danger: true }),
                { title: t('as.reason'), dataIndex: 'reason' },
                {
                  title: t('common.status'),
                  dataIndex: 'status',
                  render: (s: string) => (
                    <PayStatusTag status={s} fallback="blue" data-testid="refund-status" />
                  ),
                },
              ]}
            />
          </Card>

          {o.afterSales?.length ? (
            <Card title={t('order.afterSales')} className="form-card">
              <Table<AfterSale>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={o.afterSales}
                columns={[
                  { title: t('as.type'), dataIndex: 'type', render: (v: string) => tr(t, 'as', v) },
                  moneyColumn(t('as.amount'), 'amountFen'),
                  { title: t('as.reason'), dataIndex: 'reason' },
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    render: (s: string) => <AfterSaleStatusTag status={s} />,
                  },
                  dateTimeColumn(t('common.createdAt'), 'createdAt'),
                ]}
              />
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('order.info')} className="form-card">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('order.no')}>
                <span className="mono">{o.orderNo}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('order.createdAt')}>
                {formatDateTime(o.createdAt)}
              </Descriptions.Item>
              {o.paidAt ? (
                <Descriptions.Item label={t('order.paidAt')}>{formatDateTime(o.paidAt)}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('order.customer')}>
                {o.shopper ? `${o.shopper.nickname} ${o.shopper.phone}` : '-'}
              </Descriptions.Item>
              <Descriptions.Item label={t('order.fulfillment')}>
                {t(o.fulfillment === 'pickup' ? 'order.pickup' : 'order.delivery')}
              </Descriptions.Item>
              {o.address ? (
                <Descriptions.Item label={t('order.address')}>
                  {o.address.name} {o.address.phone}
                  <br />
                  {o.address.region} {o.address.detail}
                </Descriptions.Item>
              ) : null}
              {o.trackingNo ? (
                <Descriptions.Item label={t('order.tracking')}>
                  {o.carrier} <span className="mono">{o.trackingNo}</span>
                </Descriptions.Item>
              ) : null}
              {o.note ? <Descriptions.Item label={t('order.note')}>{o.note}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <OrderReferral orderId={o.id} />
          <Card title={t('order.history')} className="form-card">
            <Timeline
              items={history
                .map((h, i) => ({
                  key: `${h.at}-${i}`,
                  color:
                    h.to === 'refunded' || h.to === 'cancelled'
                      ? 'gray'
                      : i === history.length - 1
                        ? 'red'
                        : 'blue',
                  title: formatDateTime(h.at),
                  content: (
                    <div>
                      <b>{tr(t, 'status', h.to)}</b>
                      {h.from ? <span className="muted"> ← {tr(t, 'status', h.from)}</span> : null}
                      {h.reason ? <div className="muted">{h.reason}</div> : null}
                    </div>
                  ),
                }))
                .reverse()}
            />
          </Card>
        </Col>
      </Row>
      <RefundDialog order={o} open={params.action === 'refund'} onClose={() => setParams({})} onDone={done} />
      <ShipDialog order={o} open={params.action === 'ship'} onClose={() => setParams({})} onDone={done} />
      <CompleteDialog
        order={o}
        open={params.action === 'complete'}
        onClose={() => setParams({})}
        onDone={done}
      />
    </div>
  )
}
