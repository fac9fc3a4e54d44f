import { Button, ErrorBlock, InfiniteScroll, Tabs } from 'antd-mobile'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import type { OrderSummary } from '../../shared/types'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { StatusText } from '../components/OrderBits'
import { Price } from '../components/Price'
import { useOrderList } from '../hooks'
import { useI18n } from '../i18n'

const TABS = ['', 'pending_payment', 'paid', 'shipped', 'completed', 'refunded'] as const

function OrderCard({ o }: { o: OrderSummary }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const lines = o.lines ?? []
  const count = o.itemCount ?? lines.reduce((a, l) => a + l.quantity, 0)
  return (
    <Link to={`/orders/${o.id}`} className="card order-card" data-testid="order-card" data-order-id={o.id}>
      <div className="order-card-head">
        <span className="muted">
          {t('orders.no')} {o.orderNo}
        </span>
        <StatusText status={o.status} />
      </div>
      {lines.length === 1 ? (
        <div className="order-line">
          <Img src={lines[0].imageUrl} alt={lines[0].title} className="order-line-img" />
          <div className="order-line-body">
            <div className="order-line-title">{lines[0].title}</div>
            <div className="order-line-spec">{lines[0].specLabel}</div>
          </div>
          <div className="order-line-side">
            <Price fen={lines[0].unitPriceFen} size="sm" />
            <div className="muted">×{lines[0].quantity}</div>
          </div>
        </div>
      ) : lines.length > 1 ? (
        <div className="order-card-thumbs">
          {lines.slice(0, 4).map((l) => (
            <Img key={l.id} src={l.imageUrl} alt={l.title} className="order-line-img" />
          ))}
        </div>
      ) : null}
      <div className="order-card-total">
        {t(o.status === 'pending_payment' ? 'orders.totalDue' : 'orders.totalOf', { n: count })}{' '}
        <Price fen={o.totalFen} size="sm" />
      </div>
      {o.status === 'pending_payment' ? (
        <div className="order-card-actions">
          <Button
            size="small"
            shape="rounded"
            color="primary"
            onClick={(e) => {
              e.preventDefault()
              navigate(`/orders/${o.id}`)
            }}
          >
            {t('order.pay')}
          </Button>
        </div>
      ) : null}
    </Link>
  )
}

export default function Orders() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams()
  const status = params.get('status') ?? ''
  const list = useOrderList(status)
  return (
    <Page title={t('orders.title')} className="orders-page">
      <Tabs
        activeKey={status || 'all'}
        onChange={(k) => setParams(k === 'all' ? {} : { status: k }, { replace: true })}
        className="orders-tabs"
      >
        {TABS.map((s) => (
          <Tabs.Tab key={s || 'all'} title={s ? t(`status.${s}`) : t('common.all')} />
        ))}
      </Tabs>
      <div className="orders-list">
        {list.items.map((o) => (
          <OrderCard key={o.id} o={o} />
        ))}
        {!list.hasMore && list.items.length === 0 && !list.error ? (
          <ErrorBlock status="empty" title={t('orders.empty')} description="" />
        ) : null}
        {list.error ? (
          <button type="button" className="feed-error" onClick={list.retry}>
            {list.error.message} · <span className="link-btn">{t('common.retry')}</span>
          </button>
        ) : null}
        <InfiniteScroll loadMore={list.loadMore} hasMore={list.hasMore}>
          {list.hasMore ? (
            <span className="muted">{t('common.loading')}</span>
          ) : list.items.length ? (
            <span className="muted">— {t('common.noMore')} —</span>
          ) : null}
        </InfiniteScroll>
      </div>
    </Page>
  )
}
