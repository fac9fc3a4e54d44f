import { NoticeBar, SearchBar, Tabs } from 'antd-mobile'
import { SoundOutline } from 'antd-mobile-icons'
import { useEffect } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { FlashSaleHomeEntry } from '../components/FlashSaleEntry'
import { GroupBuyHomeEntry } from '../components/GroupBuyEntry'
import { Img } from '../components/Img'
import { LuckyDrawHomeEntry } from '../components/LuckyDrawEntry'
import { ProductGrid } from '../components/ProductGrid'
import { useCategories, useProductFeed, useShop } from '../hooks'
import { useI18n } from '../i18n'

export default function Home() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const categoryId = params.get('c') ?? ''
  const shop = useShop()
  const categories = useCategories()
  const feed = useProductFeed({ categoryId: categoryId || undefined })
  const top = (categories.data ?? []).filter((c) => !c.parentId)

  useEffect(() => {
    if (shop.data?.name) document.title = shop.data.name
  }, [shop.data?.name])

  return (
    <div className="home">
      <header className="home-hero">
        <div className="home-shop">
          <div className="home-logo">{[...(shop.data?.name ?? t('app.title'))][0]}</div>
          <div>
            <div className="home-shop-name" data-testid="shop-name">
              {shop.data?.name ?? '\u00a0'}
            </div>
            <div className="home-shop-tags">
              <span>{t('product.return7d')}</span>
              <span>{t('product.shipping').split(' · ')[0]}</span>
            </div>
          </div>
        </div>
        <SearchBar
          className="home-search"
          placeholder={t('home.search')}
          onSearch={(q) => q.trim() && navigate(`/search?q=${encodeURIComponent(q.trim())}`)}
        />
      </header>
      {shop.data?.announcement ? (
        <NoticeBar
          className="home-notice"
          icon={<SoundOutline />}
          content={shop.data.announcement}
          color="alert"
        />
      ) : null}
      {top.length > 0 ? (
        <div
          className="home-categories"
          style={{ gridTemplateColumns: `repeat(${top.length <= 6 ? top.length : 5}, 1fr)` }}
        >
          {top.slice(0, 10).map((c) => (
            <Link key={c.id} to={`/category?c=${c.id}`} className="home-category">
              <Img src={c.iconUrl} alt={c.name} className="home-category-icon" />
              <span>{c.name}</span>
            </Link>
          ))}
        </div>
      ) : null}
      <FlashSaleHomeEntry />
      <GroupBuyHomeEntry />
      <LuckyDrawHomeEntry />
      <div className="home-feed-head">
        <Tabs
          activeKey={categoryId || 'all'}
          onChange={(k) => setParams(k === 'all' ? {} : { c: k }, { replace: true })}
          className="home-tabs"
        >
          <Tabs.Tab title={t('home.recommend')} key="all" />
          {top.map((c) => (
            <Tabs.Tab title={c.name} key={c.id} />
          ))}
        </Tabs>
      </div>
      <ProductGrid {...feed} />
    </div>
  )
}
