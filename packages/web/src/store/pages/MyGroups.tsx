import { ErrorBlock } from 'antd-mobile'
import { Link } from 'react-router-dom'
import '../groupbuy.css'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { useMyGroups } from '../groupbuyHooks'
import { useI18n } from '../i18n'

/** 我的拼团: the groups the shopper opened or joined, newest first, each with its state. */
export default function MyGroups() {
  const { t } = useI18n()
  const groups = useMyGroups()
  const items = groups.data?.items ?? []
  return (
    <Page title={t('groupbuy.mine')} className="gb-mine-page">
      {groups.error && !groups.data ? <PageError error={groups.error} onRetry={groups.reload} /> : null}
      {!groups.data && !groups.error ? <PageLoading /> : null}
      {groups.data && items.length === 0 ? (
        <ErrorBlock status="empty" title={t('groupbuy.mineEmpty')} description="">
          <Link to="/deals" className="gb-link">
            {t('groupbuy.goZone')}
          </Link>
        </ErrorBlock>
      ) : null}
      {items.map((g) => (
        <Link
          key={g.id}
          to={`/groups/${encodeURIComponent(g.id)}`}
          className="card gb-mine"
          data-testid="gb-my-group"
          data-status={g.status}
        >
          <Img src={g.deal.imageUrl} alt={g.deal.productTitle} className="gb-mine-img" />
          <div className="gb-mine-body">
            <div className="gb-deal-title">{g.deal.title || g.deal.productTitle}</div>
            <div className="muted">
              {t('groupbuy.members', { n: g.paidSeats, size: g.groupSize })}
              {g.me?.isOpener ? ` · ${t('groupbuy.opener')}` : ''}
            </div>
            <div className="gb-mine-foot">
              <Price fen={g.priceFen} size="sm" />
              <span className={`gb-status gb-status-${g.status}`}>{t(`groupbuy.status.${g.status}`)}</span>
            </div>
          </div>
        </Link>
      ))}
    </Page>
  )
}
