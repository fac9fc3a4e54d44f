import { Button, Stepper, Tag, Toast } from 'antd-mobile'
import { useRef, useState } from 'react'
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import '../community.css'
import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { formatCutoff, maxQuantity } from '../community'
import { communityApi } from '../communityApi'
import { Page } from '../components/Layout'
import { PageError, PageLoading } from '../components/States'
import { markPaying, useCountdown } from '../hooks'
import { useI18n } from '../i18n'
import { useSession } from '../session'
import { PointLine } from './CommunityPoints'

/**
 * 社区团购活动页, opened from a leader's link (`?leader=` and optionally `&point=`): the SKUs with
 * price, limit and what is left, the cutoff countdown, the pickup date and the leader's point;
 * ordering places the order through that leader and hands off to the cashier. Without a leader in
 * the link, the shopper's chosen pickup point names one.
 */
export default function CommunityCampaign() {
  const { campaignId = '' } = useParams()
  const [sp] = useSearchParams()
  const loc = useLocation()
  const navigate = useNavigate()
  const { t, lang } = useI18n()
  const { token } = useSession()
  const campaign = useResource(`cm-campaign:${campaignId}`, () => communityApi.campaign(campaignId))
  const linkPoint = sp.get('point')
  const point = useResource(linkPoint ? `cm-point:${linkPoint}` : null, () => communityApi.point(linkPoint!))
  const chosen = useResource(token ? `cm-chosen:${token}` : null, () => communityApi.chosen())
  const leaderMe = useResource(token ? `cm-leader-me:${token}` : null, () => communityApi.leaderMe())
  const leaderId = sp.get('leader') ?? chosen.data?.pickupPoint?.leaderId ?? null
  const leaderPoint =
    point.data?.leaderId === leaderId
      ? point.data
      : chosen.data?.pickupPoint?.leaderId === leaderId
        ? chosen.data?.pickupPoint
        : null
  const [qty, setQty] = useState<Record<string, number>>({})
  const [busy, setBusy] = useState(false)
  const attempt = useRef(uuid())
  const msLeft = useCountdown(campaign.data?.cutoffAt)

  if (campaign.error)
    return (
      <Page title={t('community.campaign.title')}>
        <PageError error={campaign.error} onRetry={campaign.reload} />
      </Page>
    )
  const c = campaign.data
  if (!c)
    return (
      <Page title={t('community.campaign.title')}>
        <PageLoading />
      </Page>
    )

  const countdown = formatCutoff(msLeft, lang)
  const open = c.status === 'open' && !!countdown
  const items = c.skus
    .map((s) => ({ skuId: s.skuId, quantity: qty[s.skuId] ?? 0, priceFen: s.priceFen }))
    .filter((i) => i.quantity > 0)
  const totalFen = items.reduce((a, i) => a + i.quantity * i.priceFen, 0)
  const isLeader = leaderMe.data?.leader?.status === 'active'

  const order = async () => {
    if (!token) {
      navigate(`/login?redirect=${encodeURIComponent(loc.pathname + loc.search)}`)
      return
    }
    if (!leaderId) return
    if (!items.length) {
      Toast.show({ content: t('community.campaign.chooseSome') })
      return
    }
    setBusy(true)
    let orderId: string | null = null
    try {
      const placed = await communityApi.order(
        c.id,
        { leaderId, items: items.map(({ skuId, quantity }) => ({ skuId, quantity })) },
        attempt.current,
      )
      orderId = placed.id
      const pay = await api.pay(placed.id, uuid())
      if (!pay.payUrl) {
        navigate('/community/pickups', { replace: true })
        return
      }
      markPaying(placed.id)
      window.location.href = pay.payUrl
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'network')) attempt.current = uuid()
      Toast.show({ icon: 'fail', content: (err as Error).message })
      setBusy(false)
      if (orderId) navigate(`/orders/${encodeURIComponent(orderId)}`)
      void campaign.reload()
    }
  }

  return (
    <Page title={t('community.campaign.title')} className="cm-campaign">
      <section className="card cm-hero" data-testid="cm-campaign" data-status={c.status}>
        <div className="cm-hero-title">{c.title}</div>
        <div className="muted">{t(`community.campaign.status.${c.status}`)}</div>
        {open ? (
          <>
            <div className="muted" style={{ marginTop: 8 }}>
              {t('community.campaign.cutoffIn')}
            </div>
            <div className="cm-countdown" data-testid="cm-countdown">
              {countdown}
            </div>
          </>
        ) : (
          <div className="cm-countdown">{t('community.campaign.closed')}</div>
        )}
        <div className="muted" style={{ marginTop: 6 }}>
          {t('community.campaign.pickupDate')}：{c.pickupDate}
        </div>
      </section>
      <section className="card" data-testid="cm-leader-point">
        <div className="muted">{t('community.campaign.pickupAt')}</div>
        {leaderPoint ? (
          <>
            <PointLine p={leaderPoint} />
            {!leaderPoint.active ? (
              <div className="cm-closed">{t('community.campaign.leaderGone')}</div>
            ) : null}
          </>
        ) : leaderId ? (
          <div className="muted">{point.error?.message ?? '…'}</div>
        ) : (
          <>
            <div className="cm-closed">{t('community.campaign.noLeader')}</div>
            <Button
              size="small"
              fill="outline"
              style={{ marginTop: 8 }}
              onClick={() => navigate('/community/points')}
            >
              {t('community.points.title')}
            </Button>
          </>
        )}
      </section>
      <section className="card">
        {c.skus.map((s) => {
          const max = maxQuantity(s)
          return (
            <div className="cm-sku" key={s.skuId} data-testid="cm-sku">
              <div className="cm-sku-main">
                <div>{s.title}</div>
                {s.specLabel ? <div className="muted">{s.specLabel}</div> : null}
                <div>
                  <span className="cm-price">{formatFen(s.priceFen)}</span>{' '}
                  <Tag color="warning" fill="outline">
                    {t('community.campaign.limit', { n: s.perPersonLimit })}
                  </Tag>{' '}
                  {s.remaining != null ? (
                    <Tag color={s.remaining > 0 ? 'default' : 'danger'} fill="outline">
                      {s.remaining > 0
                        ? t('community.campaign.left', { n: s.remaining })
                        : t('community.campaign.soldOut')}
                    </Tag>
                  ) : null}
                </div>
              </div>
              <Stepper
                min={0}
                max={max}
                disabled={!open || max === 0}
                value={qty[s.skuId] ?? 0}
                onChange={(v) => setQty((q) => ({ ...q, [s.skuId]: v }))}
                data-testid="cm-qty"
              />
            </div>
          )
        })}
      </section>
      {isLeader ? (
        <section className="card">
          <Button
            block
            fill="outline"
            onClick={() => navigate(`/community/leader?campaign=${encodeURIComponent(c.id)}`)}
          >
            {t('community.campaign.workbench')}
          </Button>
        </section>
      ) : null}
      {token ? (
        <section className="card">
          <Button block fill="none" onClick={() => navigate('/community/pickups')}>
            {t('community.campaign.myPickups')}
          </Button>
        </section>
      ) : null}
      {open ? (
        <div className="cm-bar">
          <div className="cm-bar-total">
            {t('community.campaign.total')}
            <span className="cm-price" data-testid="cm-total">
              {formatFen(totalFen)}
            </span>
          </div>
          <Button
            color="primary"
            shape="rounded"
            loading={busy}
            disabled={!leaderId || (!!token && !items.length)}
            onClick={order}
            data-testid="cm-order"
          >
            {token ? t('community.campaign.order') : t('community.campaign.loginToOrder')}
          </Button>
        </div>
      ) : null}
    </Page>
  )
}
