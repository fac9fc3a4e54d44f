import { ErrorBlock } from 'antd-mobile'
import { Link } from 'react-router-dom'
import '../groupbuy.css'
import { formatFen } from '../../shared/money'
import { DealTags, LadderSummary } from '../components/GroupBuyBits'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { useDeals } from '../groupbuyHooks'
import { useI18n } from '../i18n'

/** 拼团专区: every active deal as a card leading to its product page. */
export default function Deals() {
  const { t } = useI18n()
  const deals = useDeals()
  const items = deals.data?.items ?? []
  return (
    <Page title={t('groupbuy.zone')} className="gb-deals-page">
      <div className="gb-zone-hero">
        <b>{t('groupbuy.zone')}</b>
        <span>{t('groupbuy.zoneHint')}</span>
      </div>
      {deals.error && !deals.data ? <PageError error={deals.error} onRetry={deals.reload} /> : null}
      {!deals.data && !deals.error ? <PageLoading /> : null}
      {deals.data && items.length === 0 ? (
        <ErrorBlock status="empty" title={t('groupbuy.empty')} description="" />
      ) : null}
      <div className="gb-deal-list">
        {items.map((d) => (
          <Link
            key={d.id}
            to={`/products/${encodeURIComponent(d.productId)}`}
            className="card gb-deal"
            data-testid="gb-deal"
            data-deal-id={d.id}
          >
            <Img src={d.imageUrl} alt={d.productTitle} className="gb-deal-img" />
            <div className="gb-deal-body">
              <div className="gb-deal-title">{d.title || d.productTitle}</div>
              <div className="gb-deal-marks">
                <span className="gb-chip">{t('groupbuy.nPeople', { n: d.groupSize })}</span>
                <DealTags deal={d} />
              </div>
              <LadderSummary deal={d} />
              <div className="gb-deal-foot">
                <Price fen={d.groupPriceFen} size="md" />
                <s className="muted">{formatFen(d.singlePriceFen)}</s>
                <span className="gb-deal-go">{t('groupbuy.open')}</span>
              </div>
            </div>
          </Link>
        ))}
      </div>
    </Page>
  )
}
