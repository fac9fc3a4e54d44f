import { Button, ErrorBlock, Popup, Radio, Space, Toast } from 'antd-mobile'
import { useEffect, useRef, useState } from 'react'
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import '../bargain.css'
import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { formatCountdown } from '../../shared/time'
import type { Fulfillment } from '../../shared/types'
import { useResource } from '../../shared/useResource'
import { bargainDeadline, bargainShareUrl, msLeft } from '../bargain'
import { type BargainView, bargainApi } from '../bargainApi'
import { bargainErrorText, HelperAvatar, HelperList, PriceBar } from '../components/BargainBits'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { useAddresses } from '../hooks'
import { useI18n } from '../i18n'
import { useSession } from '../session'

/** A bargain: its price bar, its helpers, its clock; share it, help cut it, or buy at its price. */
export default function BargainPage() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const { token } = useSession()
  const fetchedAt = useRef(Date.now())
  const bargain = useResource(`bargain:${id}:${token ?? ''}`, async () => {
    const b = await bargainApi.get(id)
    fetchedAt.current = Date.now()
    return b
  })
  const [search] = useSearchParams()
  const shareToken = search.get('s')

  // A friend arrived by a shared link: record the open once (attribution; best effort).
  useEffect(() => {
    if (shareToken) void bargainApi.openShare(shareToken).catch(() => undefined)
  }, [shareToken])

  // New cuts show up while the bargain runs.
  const running = bargain.data?.status === 'ongoing'
  const { reload } = bargain
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => void reload(), 10_000)
    return () => clearInterval(timer)
  }, [running, reload])

  if (bargain.error && !bargain.data) {
    const gone = bargain.error instanceof ApiError && bargain.error.status === 404
    return (
      <Page title={t('bargain.title')}>
        {gone ? (
          <ErrorBlock status="empty" title={t('bargain.notFound')} description="" />
        ) : (
          <PageError error={bargain.error} onRetry={reload} />
        )}
      </Page>
    )
  }
  if (!bargain.data)
    return (
      <Page title={t('bargain.title')}>
        <PageLoading />
      </Page>
    )
  return (
    <BargainBody
      b={bargain.data}
      fetchedAt={fetchedAt.current}
      onChange={(b) => {
        fetchedAt.current = Date.now()
        bargain.setData(b)
      }}
      reload={reload}
    />
  )
}

function useTick(active: boolean) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [active])
  return now
}

function BargainBody({
  b,
  fetchedAt,
  onChange,
  reload,
}: {
  b: BargainView
  fetchedAt: number
  onChange: (b: BargainView) => void
  reload: () => Promise<unknown>
}) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const loc = useLocation()
  const { token } = useSession()
  const deadline = bargainDeadline(b)
  const now = useTick(!!deadline)
  const left = msLeft(deadline, b.serverTime, fetchedAt, now)
  const [busy, setBusy] = useState(false)
  const [sharing, setSharing] = useState(false)
  const [ordering, setOrdering] = useState(false)
  const [lastCut, setLastCut] = useState<{ cutFen: number; newCustomer: boolean } | null>(null)
  const shareUrl = b.share ? bargainShareUrl(window.location.origin, b.id, b.share.token) : ''

  const toLogin = () => navigate(`/login?redirect=${encodeURIComponent(loc.pathname + loc.search)}`)

  const help = async () => {
    if (!token) return toLogin()
    setBusy(true)
    try {
      const r = await bargainApi.help(b.id)
      setLastCut({ cutFen: r.cutFen, newCustomer: r.newCustomer })
      onChange(r.bargain)
    } catch (err) {
      Toast.show({ icon: 'fail', content: bargainErrorText(err, t) })
      void reload()
    } finally {
      setBusy(false)
    }
  }

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shareUrl)
      Toast.show({ icon: 'success', content: t('bargain.copied') })
    } catch {
      Toast.show(t('bargain.copyFailed'))
    }
  }

  const hint = (() => {
    switch (b.status) {
      case 'ongoing':
        return left > 0 ? t('bargain.endsIn', { time: formatCountdown(left) }) : t('bargain.expiredHint')
      case 'reached':
        return left > 0 ? t('bargain.payWithin', { time: formatCountdown(left) }) : t('bargain.expiredHint')
      case 'ordered':
        return t('bargain.orderedHint')
      case 'completed':
        return t('bargain.completedHint')
      default:
        return t('bargain.expiredHint')
    }
  })()

  const left2floor = b.currentPriceFen - b.floorPriceFen
  const buyLabel =
    b.status === 'reached'
      ? t('bargain.buyAt', { price: formatFen(b.currentPriceFen) })
      : t('bargain.buyCurrent', { price: formatFen(b.currentPriceFen) })

  return (
    <Page title={t('bargain.title')} className="bargain-page">
      <div className={`bargain-head bargain-head-${b.status}`}>
        <div className="bargain-starter">
          <HelperAvatar name={b.starter.nickname} src={b.starter.avatarUrl} />
          <span>{b.mine ? t('bargain.mine') : t('bargain.startedBy', { name: b.starter.nickname })}</span>
        </div>
        <div className="bargain-status" data-testid="bargain-status" data-status={b.status}>
          {b.status === 'reached' ? t('bargain.reachedHint') : t(`bargain.status.${b.status}`)}
        </div>
        <div className="bargain-hint" data-testid="bargain-countdown">
          {hint}
        </div>
      </div>

      <Link to={`/products/${encodeURIComponent(b.product.id)}`} className="card bargain-product">
        <Img src={b.product.imageUrl} alt={b.product.title} className="bargain-product-img" />
        <div className="bargain-product-body">
          <div className="bargain-product-title">{b.product.title}</div>
          <div className="muted">{b.product.specLabel}</div>
          <div className="bargain-product-price">
            <span className="muted">{t('bargain.current')}</span>
            <Price fen={b.currentPriceFen} size="md" />
            <s className="muted">{formatFen(b.startPriceFen)}</s>
          </div>
        </div>
      </Link>

      <div className="card">
        <PriceBar b={b} />
        <div className="bargain-summary">
          <span>{t('bargain.cutSoFar', { amount: formatFen(b.cutFen) })}</span>
          {left2floor > 0 ? (
            <span className="bargain-accent">
              {t('bargain.leftToCut', { amount: formatFen(left2floor) })}
            </span>
          ) : null}
        </div>
        {b.status === 'ongoing' ? (
          <div className="muted bargain-summary">
            {t('bargain.helpersLeft', { n: b.helpersNeeded - b.helpersCount })}
          </div>
        ) : null}
        {lastCut ? (
          <div className="bargain-lastcut" data-testid="bargain-lastcut">
            {t(lastCut.newCustomer ? 'bargain.youCutNew' : 'bargain.youCut', {
              amount: formatFen(lastCut.cutFen),
            })}
          </div>
        ) : null}
      </div>

      <div className="card">
        <div className="section-title">
          {t('bargain.helpers', { n: b.helpersCount, total: b.helpersNeeded })}
        </div>
        <HelperList helpers={b.helpers} />
      </div>

      <div className="card muted bargain-rules">
        <b>{t('bargain.rules')}</b>
        <div>{t('bargain.rulesText', { n: b.helpersNeeded })}</div>
      </div>

      <div className="action-bar-space" />
      <div className="bargain-actions">
        {b.mine ? (
          <>
            {b.share && b.status === 'ongoing' ? (
              <Button
                color="primary"
                shape="rounded"
                block
                onClick={() => setSharing(true)}
                data-testid="bargain-share"
              >
                {t('bargain.share')}
              </Button>
            ) : null}
            {b.canOrder ? (
              <Button
                color={b.status === 'reached' ? 'primary' : 'default'}
                shape="rounded"
                block
                onClick={() => setOrdering(true)}
                data-testid="bargain-buy"
              >
                {buyLabel}
              </Button>
            ) : null}
            {b.orderId ? (
              <Button
                shape="rounded"
                block
                onClick={() => navigate(`/orders/${encodeURIComponent(b.orderId!)}`)}
              >
                {t('bargain.viewOrder')}
              </Button>
            ) : null}
          </>
        ) : b.status === 'ongoing' && !b.helped && left > 0 ? (
          <Button
            color="primary"
            shape="rounded"
            block
            loading={busy}
            onClick={help}
            data-testid="bargain-help"
          >
            {token ? t('bargain.help') : t('bargain.loginToHelp')}
          </Button>
        ) : (
          <>
            {b.helped ? (
              <Button shape="rounded" block disabled>
                {t('bargain.helped')}
              </Button>
            ) : null}
            <Button
              color="primary"
              shape="rounded"
              block
              onClick={() => navigate(`/products/${encodeURIComponent(b.product.id)}`)}
              data-testid="bargain-start-own"
            >
              {t('bargain.startOwn')}
            </Button>
          </>
        )}
      </div>

      <Popup
        visible={sharing}
        onMaskClick={() => setSharing(false)}
        onClose={() => setSharing(false)}
        showCloseButton
        bodyClassName="sheet"
      >
        <div className="sheet-title">{t('bargain.shareTitle')}</div>
        <div className="muted bargain-share-hint">{t('bargain.shareHint')}</div>
        <input
          readOnly
          value={shareUrl}
          className="bargain-share-link"
          data-testid="bargain-share-link"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button block color="primary" shape="rounded" onClick={copy}>
          {t('bargain.copy')}
        </Button>
      </Popup>

      {ordering ? <OrderSheet b={b} onClose={() => setOrdering(false)} /> : null}
    </Page>
  )
}

/** Pickup or delivery to the default address, then the order page to pay. */
function OrderSheet({ b, onClose }: { b: BargainView; onClose: () => void }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const addresses = useAddresses()
  const [fulfillment, setFulfillment] = useState<Fulfillment>('pickup')
  const [busy, setBusy] = useState(false)
  const attempt = useRef(uuid())
  const address = addresses.data?.find((a) => a.isDefault) ?? addresses.data?.[0]

  const submit = async () => {
    if (fulfillment === 'delivery' && !address) {
      Toast.show(t('bargain.noAddress'))
      navigate('/addresses')
      return
    }
    setBusy(true)
    try {
      const o = await bargainApi.order(
        b.id,
        { fulfillment, addressId: fulfillment === 'delivery' ? address?.id : undefined },
        attempt.current,
      )
      navigate(`/orders/${encodeURIComponent(o.id)}`)
    } catch (err) {
      Toast.show({ icon: 'fail', content: bargainErrorText(err, t) })
      attempt.current = uuid()
      setBusy(false)
    }
  }

  return (
    <Popup visible onMaskClick={onClose} onClose={onClose} showCloseButton bodyClassName="sheet">
      <div className="sheet-title">{t('bargain.orderTitle')}</div>
      <div className="bargain-order-price">
        <Price fen={b.currentPriceFen} size="lg" />
      </div>
      <Radio.Group value={fulfillment} onChange={(v) => setFulfillment(v as Fulfillment)}>
        <Space direction="vertical">
          <Radio value="pickup">{t('bargain.pickup')}</Radio>
          <Radio value="delivery">
            {t('bargain.delivery')}
            {fulfillment === 'delivery' && address ? (
              <div className="muted bargain-address">
                {address.name} {address.phone} · {address.region} {address.detail}
              </div>
            ) : null}
          </Radio>
        </Space>
      </Radio.Group>
      <Button
        block
        color="primary"
        shape="rounded"
        loading={busy}
        onClick={submit}
        className="bargain-order-submit"
        data-testid="bargain-place-order"
      >
        {t('bargain.placeOrder')}
      </Button>
    </Popup>
  )
}
