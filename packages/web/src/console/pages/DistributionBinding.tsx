import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Table, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { LoadError, PageHead } from '../components/bits'
import { trOr } from '../components/DistributionBits'
import { type BindingHistoryRow, distributionApi } from '../distributionApi'
import { distributionUrls, isId, parseBinding } from '../distributionUrls'
import { useUrlParams } from '../hooks'
import { useI18n } from '../i18n'
import { urls } from '../urls'

/**
 * 客户绑定: which promoter a customer belongs to and why, every bind and refused touch since, and
 * moving the customer to another promoter with a reason (audited). Reached by customer id, or by
 * an order (`?order=`), whose buyer it shows.
 */
export default function DistributionBinding() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params, setParams] = useUrlParams(parseBinding, distributionUrls.binding)
  const [typed, setTyped] = useState(params.customer ?? '')
  const [moving, setMoving] = useState(false)

  // An order names its buyer: look them up once, then show the customer.
  const order = useResource(params.order && !params.customer ? `binding-order:${params.order}` : null, () =>
    api.order(params.order as string),
  )
  useEffect(() => {
    const id = order.data?.shopper?.id
    if (id) navigate(distributionUrls.binding({ customer: id }), { replace: true })
  }, [order.data, navigate])
  useEffect(() => setTyped(params.customer ?? ''), [params.customer])

  const customer = params.customer
  const view = useResource(customer ? `binding:${customer}` : null, () =>
    distributionApi.binding(customer as string),
  )
  const promoters = useResource('promoters-for-binding', () => distributionApi.promoters({}))
  const nameOf = (promoterId: string | null) => {
    if (!promoterId) return '-'
    const p = promoters.data?.items.find((x) => x.id === promoterId)
    return p?.nickname ?? promoterId.slice(0, 8)
  }
  const b = view.data?.binding

  return (
    <div>
      <PageHead title={t('dist.binding.title')} sub={t('dist.binding.sub')} />
      <Card style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          onFinish={() => isId(typed) && setParams({ customer: typed.trim() }, { push: true })}
        >
          <Form.Item
            label={t('dist.binding.customer')}
            validateStatus={typed && !isId(typed) ? 'error' : undefined}
            style={{ flex: 1, minWidth: 320 }}
          >
            <Input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder={t('dist.binding.customerPlaceholder')}
              allowClear
              data-testid="binding-customer"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!isId(typed)} data-testid="binding-lookup">
            {t('dist.binding.lookup')}
          </Button>
        </Form>
      </Card>
      {order.error ? <LoadError error={order.error} onRetry={order.reload} /> : null}
      {view.error ? <LoadError error={view.error} onRetry={view.reload} /> : null}
      {customer && view.data ? (
        <>
          <Card
            title={t('dist.binding.promoter')}
            style={{ marginBottom: 16 }}
            data-testid="binding-card"
            extra={
              <Button onClick={() => setMoving(true)} data-testid="binding-move">
                {t('dist.binding.move')}
              </Button>
            }
          >
            {b ? (
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('dist.binding.promoter')}>
                  <Link
                    to={distributionUrls.commissions({ promoterId: b.promoterId })}
                    data-testid="binding-promoter"
                  >
                    {b.promoterNickname}
                  </Link>
                </Descriptions.Item>
                <Descriptions.Item label={t('dist.binding.why')}>{b.reasonText}</Descriptions.Item>
                <Descriptions.Item label={t('dist.binding.boundAt')}>
                  {formatDateTime(b.boundAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t('dist.binding.lockedUntil')}>
                  {b.permanent ? (
                    <Tag color="purple">{t('dist.binding.permanent')}</Tag>
                  ) : (
                    formatDateTime(b.lockedUntil)
                  )}
                </Descriptions.Item>
                {b.shareToken ? (
                  <Descriptions.Item label={t('dist.binding.share')}>
                    <code>{b.shareToken}</code>
                  </Descriptions.Item>
                ) : null}
                {b.orderId ? (
                  <Descriptions.Item label={t('dist.binding.order')}>
                    <Link to={urls.order(b.orderId)}>{b.orderId.slice(0, 8)}</Link>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            ) : (
              <Empty description={t('dist.binding.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card title={t('dist.binding.history')}>
            <Table<BindingHistoryRow & { key: number }>
              rowKey="key"
              size="small"
              dataSource={view.data.history.map((h, key) => ({ ...h, key }))}
              pagination={false}
              onRow={() => ({ 'data-testid': 'binding-history-row' }) as object}
              columns={[
                { title: t('common.createdAt'), width: 160, render: (_, h) => formatDateTime(h.at) },
                {
                  title: t('common.actions'),
                  width: 120,
                  render: (_, h) => trOr(t, `dist.binding.action.${h.action}`, h.action),
                },
                {
                  title: t('dist.binding.why'),
                  render: (_, h) => trOr(t, `dist.binding.reason.${h.reason}`, h.reason),
                },
                { title: t('dist.binding.from'), width: 140, render: (_, h) => nameOf(h.fromPromoterId) },
                { title: t('dist.binding.to'), width: 140, render: (_, h) => nameOf(h.toPromoterId) },
              ]}
            />
          </Card>
          <MoveDialog
            open={moving}
            customerId={customer}
            currentPromoterId={b?.promoterId}
            onClose={() => setMoving(false)}
            onMoved={() => {
              setMoving(false)
              void view.reload()
            }}
          />
        </>
      ) : null}
    </div>
  )
}

/** Picks an active promoter and a reason; the server refuses a cycle or an inactive promoter, shown here. */
function MoveDialog({
  open,
  customerId,
  currentPromoterId,
  onClose,
  onMoved,
}: {
  open: boolean
  customerId: string
  currentPromoterId: string | undefined
  onClose: () => void
  onMoved: () => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ promoterId: string; reason: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const active = useResource(open ? 'promoters-active' : null, () =>
    distributionApi.promoters({ status: 'active' }),
  )

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      await distributionApi.moveBinding(customerId, v.promoterId, v.reason.trim())
      message.success(t('dist.binding.moved'))
      form.resetFields()
      onMoved()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t('dist.binding.moveTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'binding-move-ok' }}
      destroyOnHidden
      forceRender
    >
      <p className="muted">{t('dist.binding.moveHint')}</p>
      {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="binding-move-form">
        <Form.Item
          name="promoterId"
          label={t('dist.binding.newPromoter')}
          rules={[
            { required: true, message: t('common.required', { field: t('dist.binding.newPromoter') }) },
          ]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={active.loading}
            options={(active.data?.items ?? [])
              .filter((p) => p.id !== currentPromoterId)
              .map((p) => ({
                value: p.id,
                label: `${p.nickname ?? p.shopperId.slice(0, 8)}${p.phoneMasked ? ` ${p.phoneMasked}` : ''}`,
              }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('dist.binding.moveReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('dist.binding.moveReason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
