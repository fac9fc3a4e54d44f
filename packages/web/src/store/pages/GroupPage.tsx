import { Button, ErrorBlock, Popup, Toast } from 'antd-mobile'
import { CheckCircleFill, ClockCircleFill, CloseCircleFill, GiftOutline } from 'antd-mobile-icons'
import { useEffect, useState } from 'react'
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import '../groupbuy.css'
import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { formatCountdown } from '../../shared/time'
import { api } from '../api'
import { DealTags, SeatCircles } from '../components/GroupBuyBits'
import { GroupBuySheet } from '../components/GroupBuySheet'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { groupClosed, ladderStepReached, rememberGroupReturn, winnerNames } from '../groupbuy'
import { type GroupView, groupBuyApi } from '../groupbuyApi'
import { useLiveGroup, useServerCountdown } from '../groupbuyHooks'
import { markPaying } from '../hooks'
import { useI18n } from '../i18n'
import { useSession } from '../session'

/** What a shared group link opens: the group, its seats and clock, live; invite or join from here. */
export default function GroupPage() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const { group: g, error, reload } = useLiveGroup(id)

  if (error && !g) {
    const gone = error instanceof ApiError && error.status === 404
    return (
      <Page title={t('groupbuy.group')}>
        {gone ? (
          <ErrorBlock status="empty" title={t('groupbuy.shareNotFound')} description="" />
        ) : (
          <PageError error={error} onRetry={reload} />
        )}
      </Page>
    )
  }
  if (!g)
    return (
      <Page title={t('groupbuy.group')}>
        <PageLoading />
      </Page>
    )
  return <GroupBody g={g} reload={reload} />
}

function GroupBody({ g, reload }: { g: GroupView; reload: () => Promise<unknown> }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const loc = useLocation()
  const { token } = useSession()
  const [search] = useSearchParams()
  const justPaid = search.get('paid') === '1'
  const confirming = justPaid && g.me?.seatStatus === 'held'
  // Back from the cashier: the payment notification may trail the shopper; look until it lands.
  useEffect(() => {
    if (!confirming) return
    const timer = setInterval(() => void reload(), 2000)
    return () => clearInterval(timer)
  }, [confirming, reload])
  const left = useServerCountdown(g.status === 'forming' ? g.expiresAt : null, g.serverNow)
  const [joining, setJoining] = useState(false)
  const [invite, setInvite] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const deal = g.deal
  const me = g.me
  const inGroup = me && (me.seatStatus === 'paid' || me.seatStatus === 'held')
  const step = deal.type === 'ladder' ? ladderStepReached(deal.ladderSteps, g.paidSeats) : undefined
  const nextStep =
    deal.type === 'ladder'
      ? [...(deal.ladderSteps ?? [])].sort((a, b) => a.size - b.size).find((s) => s.size > g.paidSeats)
      : undefined

  const toLogin = () => navigate(`/login?redirect=${encodeURIComponent(loc.pathname + loc.search)}`)

  const share = async () => {
    setBusy('invite')
    try {
      const s = await groupBuyApi.share('group', g.id, 'link')
      setInvite(`${window.location.origin}${s.path}`)
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setBusy(null)
    }
  }

  const copy = async () => {
    if (!invite) return
    try {
      await navigator.clipboard.writeText(invite)
      Toast.show({ icon: 'success', content: t('groupbuy.copied') })
    } catch {
      Toast.show(t('groupbuy.copyFailed'))
    }
  }

  const payHeld = async () => {
    if (!me) return
    setBusy('pay')
    try {
      const p = await api.pay(me.orderId, uuid())
      if (!p.payUrl) throw new Error(t('common.loadFailed'))
      markPaying(me.orderId)
      rememberGroupReturn(me.orderId, g.id)
      window.location.href = p.payUrl
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
      setBusy(null)
    }
  }

  const banner = (() => {
    switch (g.status) {
      case 'succeeded':
        return {
          icon: <CheckCircleFill />,
          title: t('groupbuy.banner.succeeded'),
          hint: step
            ? t('groupbuy.ladderReached', { size: step.size, price: formatFen(step.priceFen) })
            : t('groupbuy.banner.succeededHint'),
        }
      case 'drawn':
        return { icon: <GiftOutline />, title: t('groupbuy.banner.drawn'), hint: '' }
      case 'failed':
        return { icon: <CloseCircleFill />, title: t('groupbuy.banner.failed'), hint: '' }
      case 'cancelled':
        return { icon: <CloseCircleFill />, title: t('groupbuy.banner.cancelled'), hint: '' }
      case 'opening':
        return { icon: <ClockCircleFill />, title: t('groupbuy.banner.opening'), hint: '' }
      default:
        return {
          icon: <ClockCircleFill />,
          title: t('groupbuy.banner.forming', { n: g.seatsLeft }),
          hint:
            left > 0
              ? t('groupbuy.banner.formingHint', { time: formatCountdown(left) })
              : t('groupbuy.banner.expired'),
        }
    }
  })()

  return (
    <Page title={t('groupbuy.group')} className="gb-page">
      <div className={`gb-banner gb-banner-${g.status}`}>
        <div className="gb-banner-title">
          {banner.icon}
          <span data-testid="gb-status" data-status={g.status}>
            {banner.title}
          </span>
        </div>
        {banner.hint ? <div className="gb-banner-hint">{banner.hint}</div> : null}
        {g.status === 'forming' && left > 0 ? (
          <div className="gb-clock" data-testid="gb-countdown">
            {formatCountdown(left)
              .split(':')
              .map((part, i) => (
                <span key={i}>{part}</span>
              ))}
          </div>
        ) : null}
      </div>

      <Link to={`/products/${encodeURIComponent(deal.productId)}`} className="card gb-product">
        <Img src={deal.imageUrl} alt={deal.productTitle} className="gb-product-img" />
        <div className="gb-product-body">
          <div className="gb-product-title">{deal.title || deal.productTitle}</div>
          <div className="muted">{deal.specLabel}</div>
          <DealTags deal={deal} />
          <div className="gb-product-price">
            <span className="gb-chip">{t('groupbuy.nPeople', { n: g.groupSize })}</span>
            <Price fen={g.priceFen} size="md" />
            <s className="muted">{formatFen(deal.singlePriceFen)}</s>
          </div>
        </div>
      </Link>

      <div className="card gb-seats-card">
        <div className="gb-seats-head">
          <b>{t('groupbuy.members', { n: g.paidSeats, size: g.groupSize })}</b>
          {g.status === 'forming' ? (
            <span className="gb-short" data-testid="gb-short">
              {t('groupbuy.shortToSucceed', { n: g.seatsLeft })}
            </span>
          ) : null}
        </div>
        <SeatCircles group={g} />
        {deal.type === 'ladder' && g.status === 'forming' ? (
          <div className="gb-ladder-progress">
            {step ? (
              <div>{t('groupbuy.ladderReached', { size: step.size, price: formatFen(step.priceFen) })}</div>
            ) : null}
            {nextStep ? (
              <div className="muted">
                {t('groupbuy.ladderNext', {
                  n: nextStep.size - g.paidSeats,
                  price: formatFen(nextStep.priceFen),
                })}
              </div>
            ) : null}
          </div>
        ) : null}
        {me ? (
          <div className="gb-me" data-testid="gb-me" data-seat={me.seatStatus}>
            {t(`groupbuy.mySeat.${me.seatStatus}`)}
            {me.won === true ? <b className="gb-won"> · {t('groupbuy.draw.youWon')}</b> : null}
            {me.won === false ? <span> · {t('groupbuy.draw.youLost')}</span> : null}
          </div>
        ) : null}
      </div>

      {g.draw ? (
        <div className="card gb-draw" data-testid="gb-draw">
          <div className="section-title">{t('groupbuy.banner.drawn')}</div>
          <div className="gb-draw-row">
            <span className="muted">{t('groupbuy.draw.seedHash')}</span>
            <code>{g.draw.seedHash}</code>
          </div>
          <div className="gb-draw-row">
            <span className="muted">{t('groupbuy.draw.seed')}</span>
            <code>{g.draw.seed ?? t('groupbuy.draw.seedPending')}</code>
          </div>
          {g.draw.winners.length ? (
            <div className="gb-draw-row">
              <span className="muted">{t('groupbuy.draw.winners')}</span>
              <span data-testid="gb-winners">{winnerNames(g).join('、')}</span>
            </div>
          ) : null}
          {g.draw.seed ? <div className="muted">{t('groupbuy.draw.verify')}</div> : null}
        </div>
      ) : null}

      <div className="card muted gb-rules">
        <b>{t('groupbuy.rules')}</b>
        <div>{t('groupbuy.rulesText', { n: deal.groupSize, minutes: deal.timeLimitMinutes })}</div>
      </div>

      <div className="action-bar-space" />
      <div className="gb-actions">
        {confirming ? (
          <Button shape="rounded" block disabled loading data-testid="gb-confirming">
            {t('groupbuy.waitingPay')}
          </Button>
        ) : me?.seatStatus === 'held' ? (
          <Button
            color="primary"
            shape="rounded"
            block
            loading={busy === 'pay'}
            onClick={payHeld}
            data-testid="gb-pay"
          >
            {t('groupbuy.payNow')}
          </Button>
        ) : g.status === 'forming' && inGroup ? (
          <Button
            color="primary"
            shape="rounded"
            block
            loading={busy === 'invite'}
            onClick={share}
            data-testid="gb-invite"
          >
            {t('groupbuy.invite')}
          </Button>
        ) : g.status === 'forming' && !inGroup ? (
          <Button
            color="primary"
            shape="rounded"
            block
            onClick={() => (token ? setJoining(true) : toLogin())}
            data-testid="gb-join"
          >
            {token ? t('groupbuy.joinThis') : t('groupbuy.loginToJoin')} <Price fen={g.priceFen} size="sm" />
          </Button>
        ) : groupClosed(g.status) ? (
          <Button
            shape="rounded"
            block
            onClick={() => navigate(`/products/${encodeURIComponent(deal.productId)}`)}
            data-testid="gb-open-another"
          >
            {t('groupbuy.openAnother')}
          </Button>
        ) : null}
        {me ? (
          <Button shape="rounded" onClick={() => navigate(`/orders/${encodeURIComponent(me.orderId)}`)}>
            {t('groupbuy.viewOrder')}
          </Button>
        ) : null}
      </div>

      {joining ? (
        <GroupBuySheet deal={deal} groupId={g.id} visible onClose={() => setJoining(false)} />
      ) : null}

      <Popup
        visible={invite !== null}
        onMaskClick={() => setInvite(null)}
        onClose={() => setInvite(null)}
        showCloseButton
        bodyClassName="sheet"
      >
        <div className="sheet-title">{t('groupbuy.inviteTitle')}</div>
        <div className="muted gb-invite-hint">{t('groupbuy.inviteHint')}</div>
        <input
          readOnly
          value={invite ?? ''}
          className="gb-invite-link"
          data-testid="gb-invite-link"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button block color="primary" shape="rounded" onClick={copy} data-testid="gb-copy">
          {t('groupbuy.copy')}
        </Button>
      </Popup>
    </Page>
  )
}
