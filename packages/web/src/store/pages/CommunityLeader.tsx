import { Button, Input, Stepper, Tabs, Tag, Toast } from 'antd-mobile'
import { useEffect, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import '../community.css'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import {
  campaignLink,
  countByStatus,
  normalizePickupCode,
  pickupCodeReady,
  type RecentCampaign,
  receiptProblem,
  rememberCampaign,
} from '../community'
import { communityApi, type PickingLine } from '../communityApi'
import { Page } from '../components/Layout'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'
import { useSession } from '../session'
import { PointLine } from './CommunityPoints'

const RECENT_KEY = 'liebian.store.community.recent'

function readRecent(): RecentCampaign[] {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as RecentCampaign[]
  } catch {
    return []
  }
}

/**
 * 团长工作台 (active leaders only): earnings, and for a campaign (`?campaign=`, opened from its
 * page or its ID) the point's paid orders with masked shoppers, pickup verification by code, and
 * the receipt of the goods against the picking list.
 */
export default function CommunityLeader() {
  const { t } = useI18n()
  const { token } = useSession()
  const [sp, setSp] = useSearchParams()
  const me = useResource(token ? `cm-leader-me:${token}` : null, () => communityApi.leaderMe())
  const active = me.data?.leader?.status === 'active'
  const earnings = useResource(active ? `cm-earnings:${token}` : null, () => communityApi.earnings())
  const campaignId = sp.get('campaign')
  const tab = sp.get('tab') ?? 'orders'
  // Bumped by a verification or a receipt, so the orders and the picking list are read again.
  const [rev, setRev] = useState(0)
  const changed = () => {
    setRev((r) => r + 1)
    void earnings.reload()
  }

  if (me.error)
    return (
      <Page title={t('community.leader.title')}>
        <PageError error={me.error} onRetry={me.reload} />
      </Page>
    )
  if (!me.data)
    return (
      <Page title={t('community.leader.title')}>
        <PageLoading />
      </Page>
    )
  const leader = me.data.leader
  if (!active)
    return (
      <Page title={t('community.leader.title')}>
        <section className="card" data-testid="cm-not-leader">
          <div className="cm-point-name">
            {leader
              ? t(`community.leader.status.${leader.status as 'applied'}`)
              : t('community.leader.notLeader')}
          </div>
          {leader?.reason ? <div className="muted">{leader.reason}</div> : null}
        </section>
      </Page>
    )

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(sp)
    if (v) next.set(k, v)
    else next.delete(k)
    setSp(next, { replace: true })
  }

  return (
    <Page title={t('community.leader.title')}>
      <section className="card cm-hero" data-testid="cm-earnings">
        <div className="muted">{t('community.leader.earnings')}</div>
        {earnings.error ? <div>{earnings.error.message}</div> : null}
        <div className="cm-figures" style={{ marginTop: 8 }}>
          <div>
            <div className="cm-figure">{formatFen(earnings.data?.frozenFen ?? 0)}</div>
            <div className="muted">{t('community.leader.frozen')}</div>
          </div>
          <div>
            <div className="cm-figure">{formatFen(earnings.data?.settledFen ?? 0)}</div>
            <div className="muted">{t('community.leader.settled')}</div>
          </div>
          <div>
            <div className="cm-figure">{earnings.data?.orders ?? 0}</div>
            <div className="muted">{t('community.leader.orderCount')}</div>
          </div>
        </div>
      </section>
      <CampaignPicker
        current={campaignId}
        onPick={(id) => set('campaign', id)}
        leaderId={leader?.id ?? ''}
        pointId={me.data.pickupPoint?.id ?? null}
      />
      {campaignId ? (
        <Tabs activeKey={tab} onChange={(k) => set('tab', k)}>
          <Tabs.Tab key="orders" title={t('community.leader.tab.orders')}>
            <LeaderOrders campaignId={campaignId} rev={rev} />
          </Tabs.Tab>
          <Tabs.Tab key="verify" title={t('community.leader.tab.verify')}>
            <VerifyPickup campaignId={campaignId} onVerified={changed} />
          </Tabs.Tab>
          <Tabs.Tab key="receipt" title={t('community.leader.tab.receipt')}>
            <Receipt campaignId={campaignId} rev={rev} onReceived={changed} />
          </Tabs.Tab>
        </Tabs>
      ) : null}
      {me.data.pickupPoint ? (
        <section className="card">
          <PointLine p={me.data.pickupPoint} />
        </section>
      ) : null}
    </Page>
  )
}

/** The campaign being worked on: from its page, a recent one, or a pasted ID. */
function CampaignPicker({
  current,
  onPick,
  leaderId,
  pointId,
}: {
  current: string | null
  onPick: (id: string) => void
  leaderId: string
  pointId: string | null
}) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [typed, setTyped] = useState('')
  const [recent, setRecent] = useState(readRecent)
  const campaign = useResource(current ? `cm-campaign:${current}` : null, () =>
    communityApi.campaign(current!),
  )
  const copyLink = async (id: string) => {
    const link = `${location.origin}${campaignLink(id, leaderId, pointId)}`
    try {
      await navigator.clipboard.writeText(link)
      Toast.show({ icon: 'success', content: t('community.leader.linkCopied') })
    } catch {
      Toast.show({ content: link, duration: 6000 })
    }
  }
  useEffect(() => {
    if (!campaign.data) return
    const next = rememberCampaign(readRecent(), { id: campaign.data.id, title: campaign.data.title })
    localStorage.setItem(RECENT_KEY, JSON.stringify(next))
    setRecent(next)
  }, [campaign.data])
  return (
    <section className="card" data-testid="cm-campaign-picker">
      <div className="muted">{t('community.leader.campaign')}</div>
      {campaign.data ? (
        <div className="cm-point">
          <div className="cm-point-main">
            <div className="cm-point-name">{campaign.data.title}</div>
            <div className="cm-point-meta">
              {t(`community.campaign.status.${campaign.data.status}`)} · {t('community.campaign.pickupDate')}{' '}
              {campaign.data.pickupDate}
            </div>
          </div>
          <Button
            size="small"
            fill="outline"
            onClick={() => navigate(campaignLink(campaign.data!.id, leaderId, pointId))}
          >
            {t('community.leader.open')}
          </Button>
          <Button size="small" color="primary" onClick={() => void copyLink(campaign.data!.id)}>
            {t('community.leader.copyLink')}
          </Button>
        </div>
      ) : campaign.error ? (
        <div className="cm-closed">{campaign.error.message}</div>
      ) : (
        <div className="muted" style={{ fontSize: 12 }}>
          {t('community.leader.campaignHint')}
        </div>
      )}
      <div className="cm-locate" style={{ marginTop: 8 }}>
        <Input value={typed} onChange={setTyped} placeholder={t('community.leader.campaignId')} />
        <Button size="small" disabled={!typed.trim()} onClick={() => onPick(typed.trim())}>
          {t('community.leader.open')}
        </Button>
      </div>
      {recent.filter((r) => r.id !== current).length ? (
        <div style={{ marginTop: 8 }}>
          <span className="muted">{t('community.leader.recent')}：</span>
          {recent
            .filter((r) => r.id !== current)
            .map((r) => (
              <Tag key={r.id} fill="outline" style={{ marginRight: 6 }} onClick={() => onPick(r.id)}>
                {r.title}
              </Tag>
            ))}
        </div>
      ) : null}
    </section>
  )
}

function LeaderOrders({ campaignId, rev }: { campaignId: string; rev: number }) {
  const { t } = useI18n()
  const orders = useResource(`cm-leader-orders:${campaignId}:${rev}`, () =>
    communityApi.leaderOrders(campaignId),
  )
  if (orders.error) return <PageError error={orders.error} onRetry={orders.reload} />
  if (!orders.data) return <PageLoading />
  const items = orders.data.items
  const n = countByStatus(items)
  return (
    <div data-testid="cm-leader-orders">
      <div className="cm-section-title">
        {t('community.leader.summary', { n: items.length, ready: n.ready ?? 0, done: n.picked_up ?? 0 })}
      </div>
      {!items.length ? <div className="card muted">{t('community.leader.ordersEmpty')}</div> : null}
      {items.map((o) => (
        <section className="card" key={o.orderId} data-testid="cm-leader-order" data-status={o.status}>
          <div className="cm-point">
            <div className="cm-point-main">
              <div className="cm-point-name">{o.shopper}</div>
              <div className="cm-point-meta">
                {o.lines.map((l) => (
                  <div key={`${l.title}-${l.specLabel}`}>
                    {l.title}
                    {l.specLabel ? ` ${l.specLabel}` : ''} × {l.quantity}
                  </div>
                ))}
                <div>
                  {o.orderNo} · {formatFen(o.totalFen)}
                  {o.refundedFen
                    ? ` · ${t('community.pickups.refunded', { amount: formatFen(o.refundedFen) })}`
                    : ''}
                </div>
                {o.pickedUpAt ? (
                  <div>{t('community.pickups.pickedUpAt', { at: formatDateTime(o.pickedUpAt) })}</div>
                ) : null}
              </div>
            </div>
            <Tag color={o.status === 'ready' ? 'success' : o.status === 'picked_up' ? 'default' : 'primary'}>
              {t(`community.pickups.status.${o.status}`)}
            </Tag>
          </div>
        </section>
      ))}
    </div>
  )
}

function VerifyPickup({ campaignId, onVerified }: { campaignId: string; onVerified: () => void }) {
  const { t } = useI18n()
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const verify = async () => {
    if (!pickupCodeReady(code)) return
    setBusy(true)
    try {
      await communityApi.verify(campaignId, normalizePickupCode(code))
      setResult({ ok: true, text: t('community.leader.verified') })
      setCode('')
      onVerified()
    } catch (err) {
      setResult({ ok: false, text: `${t('community.leader.refused')}：${(err as Error).message}` })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card" data-testid="cm-verify">
      <div>{t('community.leader.verifyLabel')}</div>
      <Input
        className="cm-code-input"
        value={code}
        onChange={(v) => {
          setCode(v)
          setResult(null)
        }}
        inputMode="numeric"
        maxLength={60}
        placeholder="0000 0000"
        onEnterPress={() => void verify()}
        data-testid="cm-verify-code"
      />
      <Button
        block
        color="primary"
        shape="rounded"
        loading={busy}
        disabled={!pickupCodeReady(code)}
        onClick={() => void verify()}
        data-testid="cm-verify-submit"
      >
        {t('community.leader.verify')}
      </Button>
      {result ? (
        <div
          className={`cm-result ${result.ok ? 'cm-result-ok' : 'cm-result-fail'}`}
          data-testid="cm-verify-result"
          data-ok={result.ok}
          role="status"
        >
          {result.text}
        </div>
      ) : null}
    </section>
  )
}

function Receipt({
  campaignId,
  rev,
  onReceived,
}: {
  campaignId: string
  rev: number
  onReceived: () => void
}) {
  const { t } = useI18n()
  const list = useResource(`cm-picking:${campaignId}:${rev}`, () => communityApi.pickingList(campaignId))
  const lines: PickingLine[] = list.data?.points[0]?.lines ?? []
  const [given, setGiven] = useState<Record<string, { received: number; damaged: number }>>({})
  const [busy, setBusy] = useState(false)
  if (list.error) return <PageError error={list.error} onRetry={list.reload} />
  if (!list.data) return <PageLoading />
  if (!lines.length) return <div className="card muted">{t('community.leader.receiptEmpty')}</div>
  const receivedAt = lines.find((l) => l.receivedAt)?.receivedAt ?? null
  const lineValue = (l: PickingLine) =>
    given[l.skuId] ?? { received: l.received ?? l.quantity, damaged: l.damaged ?? 0 }
  const submit = async () => {
    const bad = lines.findIndex((l) => receiptProblem({ expected: l.quantity, ...lineValue(l) }))
    if (bad >= 0) {
      Toast.show({ icon: 'fail', content: t('community.leader.receiptBad', { n: bad + 1 }) })
      return
    }
    setBusy(true)
    try {
      const r = await communityApi.receive(
        campaignId,
        lines.map((l) => ({ skuId: l.skuId, ...lineValue(l) })),
      )
      Toast.show({
        icon: 'success',
        content:
          t('community.leader.receiptOk', { n: r.ready }) +
          (r.refunded.length ? `；${t('community.leader.receiptRefunds', { n: r.refunded.length })}` : ''),
      })
      onReceived()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card" data-testid="cm-receipt">
      {receivedAt ? (
        <div className="cm-result cm-result-ok" style={{ marginTop: 0 }}>
          {t('community.leader.receiptDone', { at: formatDateTime(receivedAt) })}
        </div>
      ) : null}
      {lines.map((l) => {
        const v = lineValue(l)
        return (
          <div className="cm-receipt-row" key={l.skuId} data-testid="cm-receipt-line">
            <div className="cm-sku-main">
              <div>
                {l.title}
                {l.specLabel ? ` ${l.specLabel}` : ''}
              </div>
              <div className="muted">
                {t('community.leader.receiptExpected', { n: l.quantity, unit: l.unit })}
              </div>
            </div>
            <div>
              <div className="muted" style={{ fontSize: 12 }}>
                {t('community.leader.received')}
              </div>
              <Stepper
                min={0}
                max={l.quantity}
                disabled={!!receivedAt}
                value={v.received}
                onChange={(n) => setGiven((g) => ({ ...g, [l.skuId]: { ...v, received: n } }))}
              />
            </div>
            <div>
              <div className="muted" style={{ fontSize: 12 }}>
                {t('community.leader.damaged')}
              </div>
              <Stepper
                min={0}
                max={v.received}
                disabled={!!receivedAt}
                value={v.damaged}
                onChange={(n) => setGiven((g) => ({ ...g, [l.skuId]: { ...v, damaged: n } }))}
              />
            </div>
          </div>
        )
      })}
      {!receivedAt ? (
        <Button
          block
          color="primary"
          shape="rounded"
          loading={busy}
          onClick={() => void submit()}
          style={{ marginTop: 12 }}
          data-testid="cm-receipt-submit"
        >
          {t('community.leader.receiptSubmit')}
        </Button>
      ) : null}
    </section>
  )
}
