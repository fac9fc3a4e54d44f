import {
  Button,
  Checkbox,
  Dialog,
  Popup,
  Radio,
  Selector,
  Stepper,
  Steps,
  TextArea,
  Toast,
} from 'antd-mobile'
import { ClockCircleOutline, LocationFill } from 'antd-mobile-icons'
import { useState } from 'react'
import { useParams, useSearchParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { formatCountdown, formatDateTime } from '../../shared/time'
import type { AfterSaleType, Order, OrderLine } from '../../shared/types'
import { api } from '../api'
import { useGroupBuyReturn } from '../components/GroupBuyReturn'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { markPaying, useCountdown, useOrder, useShop } from '../hooks'
import { type StoreKey, useI18n } from '../i18n'

/** How many of a line can still be refunded: the units not yet paid back. */
export function refundableQuantity(l: OrderLine): number {
  if (l.refundedQuantity !== undefined) return Math.max(0, l.quantity - l.refundedQuantity)
  if (l.refundedFen <= 0 || l.unitPriceFen <= 0) return l.quantity
  return Math.max(0, l.quantity - Math.ceil(l.refundedFen / l.unitPriceFen))
}

const AFTER_SALE_OPEN = new Set(['paid', 'shipped', 'ready_for_pickup', 'completed'])

function AfterSaleSheet({
  order,
  visible,
  onClose,
  onDone,
}: {
  order: Order
  visible: boolean
  onClose: () => void
  onDone: () => void
}) {
  const { t } = useI18n()
  const lines = order.lines.filter((l) => refundableQuantity(l) > 0)
  const [type, setType] = useState<AfterSaleType>(order.status === 'paid' ? 'refund_only' : 'return_refund')
  const [chosen, setChosen] = useState<Record<string, number>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, refundableQuantity(l)])),
  )
  const [reasonKey, setReasonKey] = useState<string[]>([])
  const [detail, setDetail] = useState('')
  const [busy, setBusy] = useState(false)
  const reasons: StoreKey[] = [
    'afterSale.reasons.notWanted',
    'afterSale.reasons.wrong',
    'afterSale.reasons.quality',
    'afterSale.reasons.late',
  ]

  const submit = async () => {
    const picked = Object.entries(chosen)
      .filter(([, q]) => q > 0)
      .map(([lineId, quantity]) => ({ lineId, quantity }))
    if (picked.length === 0) {
      Toast.show(t('afterSale.pickLine'))
      return
    }
    const reason = [reasonKey[0] ? t(reasonKey[0] as StoreKey) : '', detail.trim()].filter(Boolean).join('：')
    if (!reason) {
      Toast.show(t('afterSale.needReason'))
      return
    }
    setBusy(true)
    try {
      await api.afterSale(order.id, { type, reason, lines: picked }, uuid())
      Toast.show({ icon: 'success', content: t('afterSale.submitted') })
      onDone()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Popup
      visible={visible}
      onMaskClick={onClose}
      onClose={onClose}
      showCloseButton
      bodyClassName="sheet"
      destroyOnClose
    >
      <div className="sheet-title">{t('afterSale.title')}</div>
      <div className="form-label">{t('afterSale.type')}</div>
      <Radio.Group value={type} onChange={(v) => setType(v as AfterSaleType)}>
        <div className="radio-row">
          <Radio value="refund_only">{t('afterSale.refund_only')}</Radio>
          <Radio value="return_refund">{t('afterSale.return_refund')}</Radio>
        </div>
      </Radio.Group>
      <div className="form-label">{t('afterSale.lines')}</div>
      {lines.map((l) => (
        <div className="after-sale-line" key={l.id}>
          <Checkbox
            checked={(chosen[l.id] ?? 0) > 0}
            onChange={(on) => setChosen((c) => ({ ...c, [l.id]: on ? refundableQuantity(l) : 0 }))}
          />
          <Img src={l.imageUrl} alt={l.title} className="order-line-img small" />
          <div className="order-line-body">
            <div className="order-line-title">{l.title}</div>
            <div className="order-line-spec">{l.specLabel}</div>
          </div>
          <Stepper
            min={0}
            max={refundableQuantity(l)}
            value={chosen[l.id] ?? 0}
            onChange={(q) => setChosen((c) => ({ ...c, [l.id]: q }))}
          />
        </div>
      ))}
      <div className="form-label">{t('afterSale.reason')}</div>
      <Selector
        columns={2}
        value={reasonKey}
        onChange={setReasonKey}
        options={reasons.map((k) => ({ label: t(k), value: k }))}
      />
      <TextArea
        className="after-sale-detail"
        value={detail}
        onChange={setDetail}
        placeholder={t('afterSale.reasonPlaceholder')}
        maxLength={200}
        rows={3}
        showCount
      />
      <Button
        block
        color="primary"
        shape="rounded"
        loading={busy}
        onClick={submit}
        data-testid="after-sale-submit"
      >
        {t('afterSale.submit')}
      </Button>
    </Popup>
  )
}

export default function OrderDetail() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const [search] = useSearchParams()
  const paidAtCashier = search.get('paid') === '1'
  const order = useOrder(id, paidAtCashier)
  useGroupBuyReturn(id)
  const shop = useShop()
  const o = order.data
  const left = useCountdown(o?.status === 'pending_payment' ? o.expiresAt : null)
  const [busy, setBusy] = useState<string | null>(null)
  const [afterSale, setAfterSale] = useState(false)

  if (order.error && !o)
    return (
      <Page title={t('order.title')}>
        <PageError error={order.error} onRetry={order.reload} />
      </Page>
    )
  if (!o)
    return (
      <Page title={t('order.title')}>
        <PageLoading />
      </Page>
    )

  const act = async (name: string, fn: () => Promise<unknown>, confirm?: string) => {
    if (
      confirm &&
      !(await Dialog.confirm({
        content: confirm,
        confirmText: t('common.confirm'),
        cancelText: t('common.cancel'),
      }))
    )
      return
    setBusy(name)
    try {
      await fn()
      await order.reload()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setBusy(null)
    }
  }

  const pay = async () => {
    setBusy('pay')
    try {
      const p = await api.pay(o.id, uuid())
      if (!p.payUrl) throw new Error(t('common.loadFailed'))
      markPaying(o.id)
      window.location.href = p.payUrl
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
      setBusy(null)
    }
  }

  const count = o.lines.reduce((a, l) => a + l.quantity, 0)
  const hint =
    o.status === 'pending_payment'
      ? order.watching && paidAtCashier
        ? t('statusHint.waitingPay')
        : t('statusHint.pending_payment', { time: formatCountdown(left) })
      : t(`statusHint.${o.status}`)
  const canAfterSale = AFTER_SALE_OPEN.has(o.status) && o.lines.some((l) => refundableQuantity(l) > 0)
  const history = [...(o.history ?? [])].sort((a, b) => a.at.localeCompare(b.at))

  return (
    <Page title={t('order.title')} className="order-page">
      <div className={`order-status-banner banner-${o.status}`}>
        <div className="order-status-title">
          {o.status === 'pending_payment' ? <ClockCircleOutline /> : null}
          <span data-testid="order-status" data-status={o.status}>
            {t(`status.${o.status}`)}
          </span>
        </div>
        <div className="order-status-hint" data-testid="order-status-hint">
          {hint}
        </div>
      </div>

      {o.fulfillment === 'delivery' && o.address ? (
        <div className="card checkout-address">
          <LocationFill className="checkout-address-icon" />
          <div>
            <div className="address-card-who">
              <b>{o.address.name}</b> <span className="address-card-phone">{o.address.phone}</span>
            </div>
            <div className="address-card-where">
              {o.address.region} {o.address.detail}
            </div>
          </div>
        </div>
      ) : o.fulfillment === 'pickup' ? (
        <div className="card checkout-address">
          <LocationFill className="checkout-address-icon" />
          <div>
            <div className="address-card-who">
              <b>{t('checkout.pickup')}</b>
            </div>
            {shop.data?.pickupAddress ? (
              <div className="address-card-where">{shop.data.pickupAddress}</div>
            ) : null}
            <div className="address-card-where">
              {o.pickupCode ? `${t('order.pickupCode')}：${o.pickupCode}` : t('checkout.pickupHint')}
            </div>
          </div>
        </div>
      ) : null}

      <div className="card">
        {o.lines.map((l) => (
          <div className="order-line" key={l.id} data-testid="order-line">
            <Img src={l.imageUrl} alt={l.title} className="order-line-img" />
            <div className="order-line-body">
              <div className="order-line-title">{l.title}</div>
              <div className="order-line-spec">{l.specLabel}</div>
              {l.returnable7d ? <div className="order-line-tag">{t('product.return7d')}</div> : null}
            </div>
            <div className="order-line-side">
              <Price fen={l.unitPriceFen} size="sm" />
              <div className="muted">×{l.quantity}</div>
              {l.refundedFen > 0 ? (
                <div className="order-line-refund">
                  {t('order.lineRefunded', { amount: formatFen(l.refundedFen) })}
                </div>
              ) : null}
            </div>
          </div>
        ))}
        <div className="kv-list amounts">
          <div className="kv">
            <span>{t('order.items')}</span>
            <span>{formatFen(o.itemsFen)}</span>
          </div>
          <div className="kv">
            <span>{t('order.shipping')}</span>
            <span>{o.shippingFen ? formatFen(o.shippingFen) : t('checkout.free')}</span>
          </div>
          {o.refundedFen > 0 ? (
            <div className="kv">
              <span>{t('order.refunded')}</span>
              <span className="text-danger" data-testid="order-refunded">
                -{formatFen(o.refundedFen)}
              </span>
            </div>
          ) : null}
          <div className="kv kv-total">
            <span>{t('common.pcs', { n: count })}</span>
            <span>
              {o.paidFen > 0 ? t('order.paid') : t('order.total')}{' '}
              <Price fen={o.paidFen > 0 ? o.paidFen : o.totalFen} size="md" />
            </span>
          </div>
        </div>
      </div>

      <div className="card kv-list">
        <div className="kv">
          <span>{t('order.no')}</span>
          <span>
            {o.orderNo}{' '}
            <button
              type="button"
              className="link-btn"
              onClick={() => {
                void navigator.clipboard?.writeText(o.orderNo)
                Toast.show(t('order.copied'))
              }}
            >
              {t('order.copy')}
            </button>
          </span>
        </div>
        <div className="kv">
          <span>{t('order.createdAt')}</span>
          <span>{formatDateTime(o.createdAt)}</span>
        </div>
        {o.paidAt ? (
          <div className="kv">
            <span>{t('order.paidAt')}</span>
            <span>{formatDateTime(o.paidAt)}</span>
          </div>
        ) : null}
        <div className="kv">
          <span>{t('order.fulfillment')}</span>
          <span>{t(o.fulfillment === 'pickup' ? 'checkout.pickup' : 'checkout.delivery')}</span>
        </div>
        {o.trackingNo ? (
          <div className="kv">
            <span>{t('order.tracking')}</span>
            <span>
              {o.carrier} {o.trackingNo}
            </span>
          </div>
        ) : null}
        {o.note ? (
          <div className="kv">
            <span>{t('order.note')}</span>
            <span>{o.note}</span>
          </div>
        ) : null}
      </div>

      {history.length > 0 ? (
        <div className="card">
          <div className="section-title">{t('order.history')}</div>
          <Steps direction="vertical" current={history.length - 1} className="order-steps">
            {history
              .map((h, i) => (
                <Steps.Step
                  key={`${h.at}-${i}`}
                  status={i === history.length - 1 ? 'process' : 'finish'}
                  title={
                    t(`event.${h.event}` as StoreKey) === `event.${h.event}`
                      ? t(`status.${h.to}` as StoreKey)
                      : t(`event.${h.event}` as StoreKey)
                  }
                  description={[formatDateTime(h.at), h.reason].filter(Boolean).join(' · ')}
                />
              ))
              .reverse()}
          </Steps>
        </div>
      ) : null}

      {o.afterSales?.length ? (
        <div className="card">
          <div className="section-title">{t('order.afterSales')}</div>
          {o.afterSales.map((a) => (
            <div className="after-sale-row" key={a.id}>
              <div>
                <b>{t(`afterSale.${a.type}` as StoreKey)}</b>{' '}
                <span className="muted">{formatDateTime(a.createdAt)}</span>
                <div className="muted">{a.reason}</div>
              </div>
              <span className={`after-sale-status as-${a.status}`}>
                {t(`afterSale.status.${a.status}` as StoreKey)}
              </span>
            </div>
          ))}
        </div>
      ) : null}

      <div className="action-bar-space" />
      <div className="order-actions">
        {o.status === 'pending_payment' ? (
          <>
            <Button
              shape="rounded"
              size="small"
              loading={busy === 'cancel'}
              onClick={() => act('cancel', () => api.cancel(o.id), t('order.cancelConfirm'))}
              data-testid="cancel-order"
            >
              {t('order.cancel')}
            </Button>
            <Button
              shape="rounded"
              size="small"
              color="primary"
              loading={busy === 'pay'}
              onClick={pay}
              data-testid="pay-button"
            >
              {t('order.pay')} {left > 0 ? formatCountdown(left) : ''}
            </Button>
          </>
        ) : null}
        {canAfterSale ? (
          <Button shape="rounded" size="small" onClick={() => setAfterSale(true)} data-testid="after-sale">
            {t('order.afterSale')}
          </Button>
        ) : null}
        {o.status === 'shipped' ? (
          <Button
            shape="rounded"
            size="small"
            color="primary"
            loading={busy === 'receipt'}
            onClick={() => act('receipt', () => api.confirmReceipt(o.id), t('order.confirmReceiptAsk'))}
            data-testid="confirm-receipt"
          >
            {t('order.confirmReceipt')}
          </Button>
        ) : null}
      </div>
      {canAfterSale ? (
        <AfterSaleSheet
          order={o}
          visible={afterSale}
          onClose={() => setAfterSale(false)}
          onDone={() => {
            setAfterSale(false)
            void order.reload()
          }}
        />
      ) : null}
    </Page>
  )
}
