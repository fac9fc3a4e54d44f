import { SearchBar } from 'antd-mobile'
import { useSearchParams } from 'react-router-dom'
import { Page } from '../components/Layout'
import { ProductGrid } from '../components/ProductGrid'
import { useProductFeed } from '../hooks'
import { useI18n } from '../i18n'

export default function SearchPage() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const feed = useProductFeed({ q })
  return (
    <Page title={t('search.title')}>
      <div className="search-bar-wrap">
        <SearchBar
          defaultValue={q}
          placeholder={t('home.search')}
          onSearch={(v) => setParams({ q: v.trim() }, { replace: true })}
        />
      </div>
      {q ? <div className="search-caption">{t('search.results', { q })}</div> : null}
      <ProductGrid {...feed} />
    </Page>
  )
}
