import { ActionSheet, ErrorBlock, Tag } from 'antd-mobile'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { Page } from '../components/Layout'
import { useNotice } from '../components/LuckyDrawEntry'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'
import '../luckydraw.css'
import { luckyDrawApi, type MyPrize } from '../luckydrawApi'

/** 我的奖品: prizes won, newest first; a product prize is claimed by choosing a shipping address. */
export default function MyPrizes() {
  const { t } = useI18n()
  const prizes = useResource('luckydraw-prizes', () => luckyDrawApi.prizes())
  const [claiming, setClaiming] = useState<MyPrize | null>(null)
  const [notice, notify] = useNotice()
  const addresses = useResource(claiming ? 'luckydraw-addresses' : null, () => api.addresses())

  const claim = async (addressId: string) => {
    if (!claiming) return
    try {
      await luckyDrawApi.claim(claiming.id, addressId)
      notify(t('luckydraw.claimed'))
      setClaiming(null)
      prizes.reload()
    } catch (err) {
      notify((err as Error).message)
    }
  }

  const what = (p: MyPrize) =>
    p.kind === 'points'
      ? t('luckydraw.kind.pointsN', { n: p.amount ?? 0 })
      : p.kind === 'coupon'
        ? t('luckydraw.kind.couponN', { v: formatFen(p.amount ?? 0, { trimZeros: true }) })
        : t('luckydraw.kind.product')
  const items = prizes.data ?? []

  return (
    <Page title={t('luckydraw.myPrizes')}>
      {prizes.error ? <PageError error={prizes.error} onRetry={prizes.reload} /> : null}
      {!prizes.data && !prizes.error ? <PageLoading /> : null}
      {prizes.data && items.length === 0 ? (
        <ErrorBlock status="empty" title={t('luckydraw.noPrizes')} description="">
          <Link to="/luckydraw">{t('luckydraw.goDraw')}</Link>
        </ErrorBlock>
      ) : null}
      {items.map((p) => (
        <div key={p.id} className="card ld-prize" data-testid="ld-my-prize" data-status={p.status}>
          <div className="ld-prize-head">
            <b>{p.name}</b>
            <Tag color={p.status === 'pending' ? 'warning' : p.status === 'claimed' ? 'primary' : 'success'}>
              {t(`luckydraw.award.${p.status}.${p.kind === 'product' ? 'product' : 'entitlement'}`)}
            </Tag>
          </div>
          <div className="muted">
            {what(p)} · {p.campaignTitle} · {formatDateTime(p.createdAt)}
          </div>
          {p.address ? (
            <div className="muted">
              {p.address.name} {p.address.phone} {p.address.region} {p.address.detail}
            </div>
          ) : null}
          {p.kind === 'product' && p.status === 'pending' ? (
            <button type="button" className="ld-claim" onClick={() => setClaiming(p)} data-testid="ld-claim">
              {t('luckydraw.claim')}
            </button>
          ) : null}
        </div>
      ))}
      {notice}
      <ActionSheet
        visible={!!claiming}
        onClose={() => setClaiming(null)}
        cancelText={t('common.cancel')}
        extra={
          addresses.data && addresses.data.length === 0 ? (
            <Link to="/addresses">{t('luckydraw.addAddress')}</Link>
          ) : (
            t('luckydraw.chooseAddress')
          )
        }
        actions={(addresses.data ?? []).map((a) => ({
          key: a.id,
          text: `${a.name} ${a.phone}`,
          description: `${a.region} ${a.detail}`,
          onClick: () => claim(a.id),
        }))}
      />
    </Page>
  )
}
