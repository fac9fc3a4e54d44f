import { ErrorBlock, InfiniteScroll } from 'antd-mobile'
import { Link } from 'react-router-dom'
import type { ProductCard } from '../../shared/types'
import { useI18n } from '../i18n'
import { Img } from './Img'
import { Price } from './Price'

export function ProductTile({ p }: { p: ProductCard }) {
  const { t } = useI18n()
  return (
    <Link to={`/products/${p.id}`} className="product-tile" data-testid="product-card" data-product-id={p.id}>
      <div className="product-tile-img">
        <Img src={p.coverUrl} alt={p.title} />
        {p.soldOut ? <div className="sold-out-mask">{t('product.soldOut')}</div> : null}
      </div>
      <div className="product-tile-body">
        <div className="product-tile-title">{p.title}</div>
        {p.subtitle ? <div className="product-tile-sub">{p.subtitle}</div> : null}
        <div className="product-tile-foot">
          <Price fen={p.priceFromFen} size="md" />
        </div>
      </div>
    </Link>
  )
}

/** A two-column product feed that loads the next page as it nears the bottom. */
export function ProductGrid({
  items,
  hasMore,
  loadMore,
  error,
  retry,
}: {
  items: ProductCard[]
  hasMore: boolean
  loadMore: () => Promise<void>
  error?: Error
  retry: () => void
}) {
  const { t } = useI18n()
  return (
    <>
      <div className="product-grid">
        {items.map((p) => (
          <ProductTile key={p.id} p={p} />
        ))}
      </div>
      {error ? (
        <button type="button" className="feed-error" onClick={retry}>
          {error.message} · <span className="link-btn">{t('common.retry')}</span>
        </button>
      ) : null}
      {!hasMore && !error && items.length === 0 ? (
        <ErrorBlock status="empty" title={t('common.empty')} description="" />
      ) : null}
      <InfiniteScroll loadMore={loadMore} hasMore={hasMore}>
        {hasMore ? (
          <span className="muted">{t('common.loading')}</span>
        ) : items.length > 0 ? (
          <span className="muted">— {t('common.noMore')} —</span>
        ) : null}
      </InfiniteScroll>
    </>
  )
}
