import { ErrorBlock, SearchBar, SideBar } from 'antd-mobile'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { ProductGrid } from '../components/ProductGrid'
import { PageLoading } from '../components/States'
import { useCategories, useProductFeed } from '../hooks'
import { useI18n } from '../i18n'

export default function CategoryPage() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const categories = useCategories()
  const list = categories.data ?? []
  const active = params.get('c') ?? list[0]?.id ?? ''
  const feed = useProductFeed({ categoryId: active || undefined })
  return (
    <div className="category-page">
      <div className="category-search">
        <SearchBar
          placeholder={t('home.search')}
          onSearch={(q) => q.trim() && navigate(`/search?q=${encodeURIComponent(q.trim())}`)}
        />
      </div>
      {categories.loading && !categories.data ? (
        <PageLoading />
      ) : list.length === 0 ? (
        <ErrorBlock status="empty" title={t('category.none')} description="" />
      ) : (
        <div className="category-body">
          <SideBar
            activeKey={active}
            onChange={(k) => setParams({ c: k }, { replace: true })}
            className="category-side"
          >
            {list.map((c) => (
              <SideBar.Item key={c.id} title={c.name} />
            ))}
          </SideBar>
          <div className="category-products">
            <ProductGrid {...feed} />
          </div>
        </div>
      )}
    </div>
  )
}
