import { Button, Tabs, Toast } from 'antd-mobile'
import { CheckCircleOutline } from 'antd-mobile-icons'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import '../promoter.css'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { Page } from '../components/Layout'
import { PromoterShareKit } from '../components/PromoterShareKit'
import { PromoterCommissions, PromoterCustomers, PromoterWithdraw } from '../components/PromoterTabs'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'
import { parsePromoterTab, promoterStage } from '../promoter'
import { type Earnings, type PromoterMe, promoterApi, type StoreProgram } from '../promoterApi'
import { useSession } from '../session'

/**
 * 推广中心: the program's rules in plain sentences and applying; for promoters their earnings,
 * commissions, customers, share kit and withdrawals, one tab each (`?tab=`).
 */
export default function PromoterCenter() {
  const { t } = useI18n()
  const { token } = useSession()
  const [sp, setSp] = useSearchParams()
  // A link naming a product (`?product=`) opens its share kit.
  const tab = parsePromoterTab(sp.get('tab') ?? (sp.get('product') ? 'share' : null))
  const program = useResource('promoter-program', () => promoterApi.program())
  const me = useResource(token ? `promoter-me:${token}` : null, () => promoterApi.me())
  const stage = promoterStage(me.data)
  const isPromoter = stage === 'active' || stage === 'expired' || stage === 'suspended'
  const earnings = useResource(isPromoter ? `promoter-earnings:${token}` : null, () => promoterApi.earnings())

  const setTab = (k: string) => {
    const next = new URLSearchParams(sp)
    next.set('tab', k)
    setSp(next, { replace: true })
  }

  if (token && !me.data && !me.error) return <Page title={t('promoter.center')}>{<PageLoading />}</Page>

  return (
    <Page title={t('promoter.center')} className="promoter-page">
      {me.error ? <PageError error={me.error} onRetry={me.reload} /> : null}
      <StatusCard me={me.data} signedIn={!!token} onApplied={() => void me.reload()} />
      {isPromoter ? (
        <>
          <EarningsCard earnings={earnings.data} error={earnings.error} onRetry={earnings.reload} />
          <Tabs activeKey={tab} onChange={setTab} className="promoter-tabs">
            <Tabs.Tab key="commissions" title={t('promoter.tab.commissions')}>
              <PromoterCommissions />
            </Tabs.Tab>
            <Tabs.Tab key="customers" title={t('promoter.tab.customers')}>
              <PromoterCustomers />
            </Tabs.Tab>
            <Tabs.Tab key="share" title={t('promoter.tab.share')}>
              <PromoterShareKit active={stage === 'active'} productId={sp.get('product')} />
            </Tabs.Tab>
            <Tabs.Tab key="withdraw" title={t('promoter.tab.withdraw')}>
              <PromoterWithdraw
                availableFen={earnings.data?.availableFen ?? 0}
                onWithdrawn={() => void earnings.reload()}
              />
            </Tabs.Tab>
          </Tabs>
        </>
      ) : null}
      <RulesCard program={program.data} error={program.error} onRetry={program.reload} />
    </Page>
  )
}

/** Where the shopper stands, with the one thing they can do about it. */
function StatusCard({
  me,
  signedIn,
  onApplied,
}: {
  me: PromoterMe | undefined
  signedIn: boolean
  onApplied: () => void
}) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [sp] = useSearchParams()
  const invitedBy = sp.get('invitedBy') ?? undefined
  const [busy, setBusy] = useState(false)
  const stage = promoterStage(me)
  const p = me?.promoter

  const apply = async () => {
    setBusy(true)
    try {
      const r = await promoterApi.apply(invitedBy)
      Toast.show({
        icon: 'success',
        content: r.status === 'active' ? t('promoter.status.active') : t('promoter.applied'),
      })
      onApplied()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }

  const canApply = stage === 'none' || stage === 'expired'
  return (
    <section
      className={`card promoter-status promoter-status-${stage}`}
      data-testid="promoter-status"
      data-status={stage}
    >
      <div className="promoter-status-title">
        {stage === 'active' ? <CheckCircleOutline /> : null}
        {t(`promoter.status.${stage}`)}
      </div>
      <div className="promoter-status-hint">{t(`promoter.hint.${stage}`)}</div>
      {p?.activatedAt && stage === 'active' ? (
        <div className="muted">{t('promoter.since', { date: formatDateTime(p.activatedAt) })}</div>
      ) : null}
      {p?.expiresAt && stage === 'active' ? (
        <div className="muted">{t('promoter.until', { date: formatDateTime(p.expiresAt) })}</div>
      ) : null}
      {p?.reason && stage === 'suspended' ? (
        <div className="muted">{t('promoter.reason', { reason: p.reason })}</div>
      ) : null}
      {canApply && invitedBy ? (
        <div className="muted">{t('promoter.invitedBy', { id: invitedBy.slice(0, 8) })}</div>
      ) : null}
      {canApply ? (
        signedIn ? (
          <Button
            block
            color="primary"
            shape="rounded"
            loading={busy}
            onClick={apply}
            className="promoter-apply"
            data-testid="promoter-apply"
          >
            {stage === 'expired' ? t('promoter.applyAgain') : t('promoter.apply')}
          </Button>
        ) : (
          <Button
            block
            color="primary"
            shape="rounded"
            className="promoter-apply"
            onClick={() =>
              navigate(
                `/login?redirect=${encodeURIComponent(`/promoter${invitedBy ? `?invitedBy=${invitedBy}` : ''}`)}`,
              )
            }
            data-testid="promoter-login"
          >
            {t('promoter.loginToApply')}
          </Button>
        )
      ) : null}
    </section>
  )
}

function EarningsCard({
  earnings,
  error,
  onRetry,
}: {
  earnings: Earnings | undefined
  error: Error | undefined
  onRetry: () => void
}) {
  const { t } = useI18n()
  if (error)
    return (
      <section className="card">
        <PageError error={error} onRetry={onRetry} />
      </section>
    )
  const cell = (key: 'frozen' | 'available' | 'withdrawing' | 'withdrawn', fen: number | undefined) => (
    <div className={`promoter-money promoter-money-${key}`} data-testid={`earnings-${key}`}>
      <div className="promoter-money-amount">{earnings ? formatFen(fen) : '--'}</div>
      <div className="promoter-money-label">{t(`promoter.${key}`)}</div>
    </div>
  )
  return (
    <section className="card promoter-earnings" aria-label={t('promoter.earnings')}>
      <div className="promoter-earnings-main">
        {cell('available', earnings?.availableFen)}
        {cell('frozen', earnings?.frozenFen)}
      </div>
      <div className="promoter-earnings-sub">
        {cell('withdrawing', earnings?.withdrawingFen)}
        {cell('withdrawn', earnings?.withdrawnFen)}
      </div>
      <div className="muted promoter-earnings-hint">{t('promoter.frozenHint')}</div>
    </section>
  )
}

function RulesCard({
  program,
  error,
  onRetry,
}: {
  program: StoreProgram | undefined
  error: Error | undefined
  onRetry: () => void
}) {
  const { t } = useI18n()
  return (
    <section className="card promoter-rules" data-testid="promoter-rules">
      <div className="section-title">{t('promoter.rules')}</div>
      {error ? <PageError error={error} onRetry={onRetry} /> : null}
      {!program && !error ? <PageLoading /> : null}
      {program && program.rules.length === 0 ? <div className="muted">{t('promoter.rulesNone')}</div> : null}
      {program?.rules.length ? (
        <ol className="promoter-rules-list">
          {program.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}
