import { Button, ErrorBlock, ProgressBar, Toast } from 'antd-mobile'
import { useEffect, useMemo, useState } from 'react'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatCountdown } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { PageError, PageLoading } from '../components/States'
import { type FlashItem, type FlashSlot, flashSaleApi, phaseAt, soldPercent } from '../flashsaleApi'
import { useI18n } from '../i18n'
import { useSession } from '../session'
import '../flashsale.css'

const hhmm = (iso: string) => {
  const d = new Date(iso)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

/** The server's clock, ticking: countdowns follow it, not the phone's own time. */
function useServerNow(serverNow: string | undefined) {
  const [offset, setOffset] = useState(0)
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    if (serverNow) setOffset(Date.parse(serverNow) - Date.now())
  }, [serverNow])
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])
  return now + offset
}

/** `/flash-sale`: today's slots (in progress, upcoming, ended), a countdown by server time, the SKUs. */
export default function FlashSale() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const loc = useLocation()
  const { token } = useSession()
  const [sp, setSp] = useSearchParams()
  const data = useResource('flash-slots', (signal) => flashSaleApi.slots(signal))
  const serverMs = useServerNow(data.data?.serverNow)
  const [busy, setBusy] = useState('')
  const slots = data.data?.slots ?? []
  const chosen =
    slots.find((s) => s.id === sp.get('slot')) ??
    slots.find((s) => phaseAt(s, serverMs) === 'live') ??
    slots.find((s) => phaseAt(s, serverMs) === 'upcoming') ??
    slots[slots.length - 1]
  const phase = chosen ? phaseAt(chosen, serverMs) : 'ended'

  // A slot starting or ending changes what can be bought: read the stock again at that moment.
  const nextEdge = useMemo(
    () =>
      Math.min(
        ...slots.flatMap((s) => [Date.parse(s.startsAt), Date.parse(s.endsAt)]).filter((x) => x > serverMs),
      ),
    [slots, serverMs],
  )
  useEffect(() => {
    if (Number.isFinite(nextEdge) && nextEdge - serverMs < 1000) {
      const id = setTimeout(data.reload, 1200)
      return () => clearTimeout(id)
    }
  }, [nextEdge, serverMs, data.reload])

  const buy = async (slot: FlashSlot, item: FlashItem) => {
    if (!token) {
      navigate(`/login?redirect=${encodeURIComponent(loc.pathname + loc.search)}`)
      return
    }
    setBusy(item.skuId)
    try {
      const p = await flashSaleApi.buy(slot.id, item.skuId)
      Toast.show({ icon: 'success', content: t('flashsale.bought') })
      navigate(`/orders/${encodeURIComponent(p.orderId)}`)
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
      data.reload()
    } finally {
      setBusy('')
    }
  }

  if (!data.data)
    return (
      <Page title={t('flashsale.title')}>
        {data.error ? <PageError error={data.error} onRetry={data.reload} /> : <PageLoading />}
      </Page>
    )

  return (
    <Page title={t('flashsale.title')} className="fs-page">
      {slots.length === 0 ? (
        <ErrorBlock status="empty" title={t('flashsale.none')} description="">
          <Link to="/">{t('notFound.home')}</Link>
        </ErrorBlock>
      ) : (
        <>
          <div className="fs-strip" data-testid="fs-strip">
            {slots.map((s) => {
              const p = phaseAt(s, serverMs)
              return (
                <button
                  type="button"
                  key={s.id}
                  className={`fs-slot${s.id === chosen?.id ? ' fs-slot-on' : ''}`}
                  onClick={() => setSp({ slot: s.id }, { replace: true })}
                  data-testid="fs-slot"
                  data-phase={p}
                >
                  <b>{hhmm(s.startsAt)}</b>
                  <span>{t(`flashsale.${p}`)}</span>
                </button>
              )
            })}
          </div>
          {chosen ? (
            <div className="fs-countdown" data-testid="fs-countdown">
              {phase === 'live' ? (
                <>
                  {chosen.title} ·{' '}
                  <b>{t('flashsale.endsIn', { t: formatCountdown(Date.parse(chosen.endsAt) - serverMs) })}</b>
                </>
              ) : phase === 'upcoming' ? (
                <>
                  {chosen.title} ·{' '}
                  <b>
                    {t('flashsale.startsIn', { t: formatCountdown(Date.parse(chosen.startsAt) - serverMs) })}
                  </b>
                </>
              ) : (
                t('flashsale.over')
              )}
            </div>
          ) : null}
          {chosen?.items.map((i) => {
            const soldOut = phase === 'live' && (i.soldOut || i.left <= 0)
            return (
              <div
                key={i.skuId}
                className={`card fs-card${soldOut ? ' fs-sold-out' : ''}`}
                data-testid="fs-item"
                data-sku={i.skuId}
              >
                <Link to={`/products/${encodeURIComponent(i.productId)}`}>
                  <Img src={i.imageUrl} alt={i.title} className="fs-card-img" />
                </Link>
                <div className="fs-card-body">
                  <div className="fs-card-title">{i.title}</div>
                  <div className="muted">{i.specLabel}</div>
                  <div className="fs-price" data-testid="fs-price">
                    {formatFen(i.flashPriceFen)}
                    <s>{formatFen(i.priceFen)}</s>
                  </div>
                  <div className="fs-row">
                    <ProgressBar className="fs-progress" percent={soldPercent(i)} />
                    <span>{t('flashsale.sold', { p: soldPercent(i) })}</span>
                  </div>
                  <div className="fs-row">
                    <span>
                      {phase === 'live' && !soldOut ? `${t('flashsale.left', { n: i.left })} · ` : ''}
                      {t('flashsale.limit', { n: i.perPersonLimit })}
                    </span>
                    <Button
                      size="small"
                      color="danger"
                      disabled={phase !== 'live' || soldOut}
                      loading={busy === i.skuId}
                      onClick={() => buy(chosen, i)}
                      data-testid="fs-buy"
                    >
                      {soldOut
                        ? t('flashsale.soldOut')
                        : phase === 'upcoming'
                          ? t('flashsale.soon')
                          : phase === 'ended'
                            ? t('flashsale.ended')
                            : t('flashsale.buy')}
                    </Button>
                  </div>
                </div>
              </div>
            )
          })}
        </>
      )}
    </Page>
  )
}
