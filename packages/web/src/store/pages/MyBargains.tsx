import { ErrorBlock, ProgressBar } from 'antd-mobile'
import { Link } from 'react-router-dom'
import '../bargain.css'
import { formatFen } from '../../shared/money'
import { useResource } from '../../shared/useResource'
import { cutPercent } from '../bargain'
import { bargainApi } from '../bargainApi'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'

/** 我的砍价: every bargain the shopper started, newest first. */
export default function MyBargains() {
  const { t } = useI18n()
  const list = useResource('my-bargains', () => bargainApi.mine())
  return (
    <Page title={t('bargain.mine')}>
      {list.error && !list.data ? <PageError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <PageLoading /> : null}
      {list.data?.length === 0 ? (
        <ErrorBlock status="empty" title={t('bargain.empty')} description="" />
      ) : null}
      {list.data?.map((b) => (
        <Link
          key={b.id}
          to={`/bargains/${encodeURIComponent(b.id)}`}
          className="card bargain-product"
          data-testid="my-bargain"
        >
          <Img src={b.imageUrl} alt={b.title} className="bargain-product-img" />
          <div className="bargain-product-body">
            <div className="bargain-product-title">{b.title}</div>
            <div className="bargain-product-price">
              <Price fen={b.currentPriceFen} size="sm" />
              <s className="muted">{formatFen(b.startPriceFen)}</s>
              <span className={`bargain-chip bargain-chip-${b.status}`}>
                {t(`bargain.status.${b.status}`)}
              </span>
            </div>
            <ProgressBar percent={cutPercent(b)} />
            <div className="muted">
              {t('bargain.progress', { n: b.helpersCount, total: b.helpersNeeded })}
            </div>
          </div>
        </Link>
      ))}
    </Page>
  )
}
