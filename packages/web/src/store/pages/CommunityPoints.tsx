import { Button, Input, Tag, Toast } from 'antd-mobile'
import { useEffect, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import '../community.css'
import { useResource } from '../../shared/useResource'
import { CITY_CENTRE, formatDistance, formatHours } from '../community'
import { communityApi, type PickupPoint } from '../communityApi'
import { Page } from '../components/Layout'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'
import { useSession } from '../session'

type Origin = { lat: number; lng: number; from: 'here' | 'centre' | 'typed' }

/** "纬度,经度" typed by the shopper, or null. */
function parsePlace(s: string): { lat: number; lng: number } | null {
  const m = s.trim().match(/^(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)$/)
  if (!m) return null
  const lat = Number(m[1])
  const lng = Number(m[2])
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null
}

/** 选择自提点: the nearest open points with distance and hours; choosing one remembers it. */
export default function CommunityPoints() {
  const { t } = useI18n()
  const { token } = useSession()
  const navigate = useNavigate()
  const [origin, setOrigin] = useState<Origin>({ ...CITY_CENTRE, from: 'centre' })
  const [locating, setLocating] = useState(false)
  const [typed, setTyped] = useState('')
  const [saving, setSaving] = useState<string | null>(null)

  const locate = () => {
    if (!navigator.geolocation) {
      Toast.show({ content: t('community.points.denied') })
      return
    }
    setLocating(true)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false)
        setOrigin({ lat: p.coords.latitude, lng: p.coords.longitude, from: 'here' })
      },
      () => {
        setLocating(false)
        Toast.show({ content: t('community.points.denied') })
      },
      { timeout: 8000, maximumAge: 300_000 },
    )
  }
  // Ask once on arrival; a refusal leaves the city centre.
  useEffect(() => {
    if (navigator.geolocation) locate()
  }, [])

  const at = `${origin.lat.toFixed(5)},${origin.lng.toFixed(5)}`
  const nearest = useResource(`cm-nearest:${at}`, () =>
    communityApi.nearest({ lat: origin.lat, lng: origin.lng }),
  )
  const chosen = useResource(token ? `cm-chosen:${token}:${at}` : null, () =>
    communityApi.chosen({ lat: origin.lat, lng: origin.lng }),
  )
  const chosenId = chosen.data?.pickupPoint?.id ?? null

  const search = () => {
    const p = parsePlace(typed)
    if (!p) {
      Toast.show({ content: t('community.points.typedBad') })
      return
    }
    setOrigin({ ...p, from: 'typed' })
  }

  const choose = async (p: PickupPoint) => {
    if (!token) {
      navigate(`/login?redirect=${encodeURIComponent('/community/points')}`)
      return
    }
    setSaving(p.id)
    try {
      await communityApi.choose(p.id)
      Toast.show({ icon: 'success', content: t('community.points.saved') })
      await chosen.reload()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setSaving(null)
    }
  }

  const fromKey =
    origin.from === 'here'
      ? 'community.points.fromHere'
      : origin.from === 'typed'
        ? 'community.points.fromTyped'
        : 'community.points.fromCentre'

  return (
    <Page title={t('community.points.title')}>
      {token ? (
        <section className="card" data-testid="cm-chosen">
          <div className="muted">{t('community.points.chosen')}</div>
          {chosen.data?.pickupPoint ? (
            <>
              <PointLine p={chosen.data.pickupPoint} />
              {!chosen.data.pickupPoint.active ? (
                <div className="cm-closed">{t('community.points.paused')}</div>
              ) : null}
            </>
          ) : (
            <div className="cm-point-name">{chosen.data ? t('community.points.none') : '…'}</div>
          )}
        </section>
      ) : null}
      <section className="card">
        <div className="cm-locate">
          <Button size="small" color="primary" fill="outline" loading={locating} onClick={locate}>
            {locating ? t('community.points.locating') : t('community.points.locate')}
          </Button>
          <Input
            value={typed}
            onChange={setTyped}
            placeholder={t('community.points.typed')}
            onEnterPress={search}
            data-testid="cm-typed"
          />
          <Button size="small" onClick={search}>
            {t('community.points.search')}
          </Button>
        </div>
        <div className="muted" style={{ marginTop: 6, fontSize: 12 }} data-testid="cm-origin">
          {t(fromKey)}
        </div>
      </section>
      <div className="cm-section-title">{t('community.points.nearby')}</div>
      {nearest.error ? <PageError error={nearest.error} onRetry={nearest.reload} /> : null}
      {!nearest.data && !nearest.error ? <PageLoading /> : null}
      {nearest.data && !nearest.data.items.length ? (
        <div className="card muted">{t('community.points.empty', { km: nearest.data.radiusKm })}</div>
      ) : null}
      {nearest.data?.items.map((p) => (
        <section
          key={p.id}
          className={`card ${p.id === chosenId ? 'cm-chosen' : ''}`}
          data-testid="cm-point"
          data-point-id={p.id}
        >
          <PointLine
            p={p}
            action={
              p.id === chosenId ? (
                <Tag color="primary" fill="outline">
                  {t('community.points.current')}
                </Tag>
              ) : (
                <Button
                  size="small"
                  color="primary"
                  shape="rounded"
                  loading={saving === p.id}
                  onClick={() => void choose(p)}
                  data-testid="cm-choose"
                >
                  {token ? t('community.points.choose') : t('community.points.loginToChoose')}
                </Button>
              )
            }
          />
        </section>
      ))}
    </Page>
  )
}

/** A point: name, distance, address, leader, hours and whether it is open now. */
export function PointLine({ p, action }: { p: PickupPoint; action?: React.ReactNode }) {
  const { t, lang } = useI18n()
  return (
    <div className="cm-point">
      <div className="cm-point-main">
        <div className="cm-point-name">
          {p.name} <span className="cm-distance">{formatDistance(p.distanceM)}</span>
        </div>
        <div className="cm-point-meta">
          <div>{p.address}</div>
          <div>{t('community.points.leader', { name: p.leaderName })}</div>
          <div>
            <span className={p.openNow ? 'cm-open' : 'cm-closed'}>
              {p.openNow ? t('community.points.openNow') : t('community.points.closedNow')}
            </span>{' '}
            · {formatHours(p.hours, lang)}
            {p.hoursNote ? ` · ${p.hoursNote}` : ''}
          </div>
        </div>
      </div>
      {action}
    </div>
  )
}
