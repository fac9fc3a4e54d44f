import { Button, TextArea, Toast } from 'antd-mobile'
import { useMemo, useRef, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { useResource } from '../../shared/useResource'
import { api, type CheckoutInput } from '../api'
import { refreshCartCount } from '../cartCount'
import { AddressSheets, FulfillmentChoice, useFulfillment } from '../components/FulfillmentChoice'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { markPaying } from '../hooks'
import { useI18n } from '../i18n'
import { productShareToken } from '../shareVia'
import { specLabel } from '../sku'

interface Line {
  key: string
  title: string
  specLabel: string
  imageUrl: string | null
  priceFen: number
  quantity: number
  productId?: string
}

/** What is being bought: one SKU (buy now, `?sku=&qty=&p=`) or chosen cart lines (`?cart=id,id`). */
function useCheckoutLines(params: URLSearchParams) {
  const skuId = params.get('sku')
  const productId = params.get('p')
  const qty = Math.max(1, Number(params.get('qty') ?? 1) || 1)
  const cartIds = (params.get('cart') ?? '').split(',').filter(Boolean)
  const key = skuId ? `buy:${skuId}:${productId}:${qty}` : `cart:${cartIds.join(',')}`
  const r = useResource<Line[]>(key, async () => {
    if (skuId) {
      if (!productId)
        return [{ key: skuId, title: '', specLabel: '', imageUrl: null, priceFen: 0, quantity: qty }]
      const p = await api.product(productId)
      const sku = p.skus.find((s) => s.id === skuId)
      return sku
        ? [
            {
              key: sku.id,
              title: p.title,
              specLabel: specLabel(p.specNames, sku.spec),
              imageUrl: sku.imageUrl ?? p.images[0] ?? null,
              priceFen: sku.priceFen,
              quantity: qty,
            },
          ]
        : []
    }
    const cart = await api.cart()
    return cart.items
      .filter((i) => cartIds.includes(i.id))
      .map((i) => ({
        key: i.id,
        title: i.title,
        specLabel: i.specLabel,
        imageUrl: i.imageUrl,
        priceFen: i.priceFen,
        quantity: i.quantity,
        productId: i.productId,
      }))
  })
  // Arrived by a promoter's share of one of these products: the order is credited to them.
  const shareToken = productShareToken(skuId ? [productId] : (r.data ?? []).map((l) => l.productId))
  const input: Pick<CheckoutInput, 'items' | 'cartItemIds' | 'attribution'> = {
    ...(skuId ? { items: [{ skuId, quantity: qty }] } : { cartItemIds: cartIds }),
    ...(shareToken ? { attribution: { shareToken } } : {}),
  }
  return { ...r, input }
}

export default function Checkout() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const lines = useCheckoutLines(params)
  const delivery = useFulfillment()
  const [note, setNote] = useState('')
  const [stage, setStage] = useState<'idle' | 'submitting' | 'redirecting'>('idle')
  const attempt = useRef(uuid())

  const itemsFen = useMemo(
    () => (lines.data ?? []).reduce((a, l) => a + l.priceFen * l.quantity, 0),
    [lines.data],
  )
  const count = (lines.data ?? []).reduce((a, l) => a + l.quantity, 0)

  const submit = async () => {
    if (!delivery.ready()) return
    setStage('submitting')
    let orderId: string | null = null
    try {
      const order = await api.checkout(
        {
          ...lines.input,
          fulfillment: delivery.fulfillment,
          addressId: delivery.addressIdToSend,
          note: note.trim() || undefined,
        },
        attempt.current,
      )
      orderId = order.id
      void refreshCartCount()
      const pay = await api.pay(order.id, uuid())
      if (!pay.payUrl) {
        navigate(`/orders/${order.id}`, { replace: true })
        return
      }
      markPaying(order.id)
      setStage('redirecting')
      window.location.href = pay.payUrl
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'network')) attempt.current = uuid()
      Toast.show({ icon: 'fail', content: (err as Error).message })
      setStage('idle')
      if (orderId) navigate(`/orders/${orderId}`, { replace: true })
    }
  }

  if (lines.error)
    return (
      <Page title={t('checkout.title')}>
        <PageError error={lines.error} onRetry={lines.reload} />
      </Page>
    )
  if (!lines.data)
    return (
      <Page title={t('checkout.title')}>
        <PageLoading />
      </Page>
    )

  return (
    <Page title={t('checkout.title')} className="checkout-page">
      <div className="card checkout-fulfillment">
        <FulfillmentChoice state={delivery} />
        <div className="checkout-stripe" />
      </div>

      <div className="card">
        {lines.data.map((l) => (
          <div className="order-line" key={l.key}>
            <Img src={l.imageUrl} alt={l.title} className="order-line-img" />
            <div className="order-line-body">
              <div className="order-line-title">{l.title}</div>
              <div className="order-line-spec">{l.specLabel}</div>
            </div>
            <div className="order-line-side">
              <Price fen={l.priceFen} size="sm" />
              <div className="muted">×{l.quantity}</div>
            </div>
          </div>
        ))}
        {lines.data.length === 0 ? <div className="muted center pad">{t('checkout.nothing')}</div> : null}
      </div>

      <div className="card kv-list">
        <div className="kv">
          <span>{t('checkout.items')}</span>
          <span>{formatFen(itemsFen)}</span>
        </div>
        <div className="kv">
          <span>{t('checkout.shipping')}</span>
          <span>{t('checkout.free')}</span>
        </div>
        <div className="kv kv-note">
          <span>{t('checkout.note')}</span>
          <TextArea
            value={note}
            onChange={setNote}
            placeholder={t('checkout.notePlaceholder')}
            maxLength={200}
            autoSize={{ minRows: 1, maxRows: 3 }}
          />
        </div>
      </div>

      <div className="action-bar-space" />
      <div className="submit-bar">
        <div className="submit-bar-total">
          <span className="muted">{t('common.pcs', { n: count })}</span> {t('checkout.payable')}
          <Price fen={itemsFen} size="md" />
        </div>
        <Button
          color="primary"
          shape="rounded"
          className="submit-bar-btn"
          loading={stage !== 'idle'}
          loadingText={stage === 'redirecting' ? t('checkout.redirecting') : t('checkout.submitting')}
          disabled={lines.data.length === 0}
          onClick={submit}
          data-testid="submit-order"
        >
          {t('checkout.submit')}
        </Button>
      </div>

      <AddressSheets state={delivery} addTestId="address-add" />
    </Page>
  )
}
