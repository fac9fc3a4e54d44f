import { Button, Tag } from 'antd-mobile'
import { useEffect, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import '../community.css'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { groupPickups, spacedCode } from '../community'
import { communityApi, type MyPickup } from '../communityApi'
import { Page } from '../components/Layout'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'
import { useSession } from '../session'

const STATUS_COLOR: Record<string, string> = {
  ready: 'success',
  awaiting_goods: 'primary',
  pending_payment: 'warning',
}

/** 我的提货: each campaign order with its pickup code large and as a QR code, the point, date and status. */
export default function CommunityPickups() {
  const { t } = useI18n()
  const { token } = useSession()
  const pickups = useResource(token ? `cm-pickups:${token}` : null, () => communityApi.pickups())
  return (
    <Page title={t('community.pickups.title')}>
      {pickups.error ? <PageError error={pickups.error} onRetry={pickups.reload} /> : null}
      {!pickups.data && !pickups.error ? <PageLoading /> : null}
      {pickups.data && !pickups.data.items.length ? (
        <div className="card muted">{t('community.pickups.empty')}</div>
      ) : null}
      {groupPickups(pickups.data?.items ?? []).map((g) => (
        <div key={g.group} data-testid={`cm-group-${g.group}`}>
          <div className="cm-section-title">{t(`community.pickups.group.${g.group}`)}</div>
          {g.items.map((p) => (
            <PickupCard key={p.orderId} p={p} />
          ))}
        </div>
      ))}
    </Page>
  )
}

function PickupCard({ p }: { p: MyPickup }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const short = (p.shortages ?? []).reduce((a, s) => a + s.quantity, 0)
  return (
    <section className="card" data-testid="cm-pickup" data-status={p.status} data-order-id={p.orderId}>
      <div className="cm-point">
        <div className="cm-point-main">
          <div className="cm-point-name">{p.campaignTitle}</div>
          <div className="cm-point-meta">
            <div>
              {t('community.campaign.pickupDate')}：{p.pickupDate}
            </div>
            <div>
              {p.pickupPointName} · {p.address}
            </div>
            <div>
              {p.orderNo} · {formatFen(p.totalFen)}
              {p.refundedFen
                ? ` · ${t('community.pickups.refunded', { amount: formatFen(p.refundedFen) })}`
                : ''}
            </div>
            {short ? <div>{t('community.pickups.short', { n: short })}</div> : null}
            {p.pickedUpAt ? (
              <div>{t('community.pickups.pickedUpAt', { at: formatDateTime(p.pickedUpAt) })}</div>
            ) : null}
          </div>
        </div>
        <Tag color={STATUS_COLOR[p.status] ?? 'default'}>{t(`community.pickups.status.${p.status}`)}</Tag>
      </div>
      {p.pickupCode ? (
        <div style={{ marginTop: 10 }}>
          <div className="muted" style={{ textAlign: 'center' }}>
            {t('community.pickups.code')}
          </div>
          <div className="cm-code" data-testid="cm-code">
            {spacedCode(p.pickupCode)}
          </div>
          <PickupQr orderId={p.orderId} />
          <div className="muted" style={{ textAlign: 'center', fontSize: 12, marginTop: 6 }}>
            {t('community.pickups.codeHint')}
          </div>
        </div>
      ) : null}
      {p.status === 'pending_payment' ? (
        <Button
          size="small"
          color="primary"
          style={{ marginTop: 8 }}
          onClick={() => navigate(`/orders/${encodeURIComponent(p.orderId)}`)}
        >
          {t('community.pickups.pay')}
        </Button>
      ) : null}
    </section>
  )
}

/** The QR code of a pickup, fetched with the shopper's token and shown from a blob URL. */
function PickupQr({ orderId }: { orderId: string }) {
  const { t } = useI18n()
  const [src, setSrc] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    const ac = new AbortController()
    let url: string | null = null
    communityApi
      .pickupQr(orderId, ac.signal)
      .then((blob) => {
        url = URL.createObjectURL(blob)
        setSrc(url)
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setFailed(true)
      })
    return () => {
      ac.abort()
      if (url) URL.revokeObjectURL(url)
    }
  }, [orderId])
  if (failed) return <div className="muted">{t('community.pickups.qrFailed')}</div>
  return src ? (
    <img className="cm-qr" src={src} alt={t('community.pickups.code')} data-testid="cm-qr" />
  ) : (
    <div className="cm-qr" />
  )
}
