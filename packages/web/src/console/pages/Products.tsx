import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd'
import { Link, useNavigate } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { api } from '../api'
import { CursorPager, LinkButton, LoadError, PageHead, Thumb } from '../components/bits'
import { useCategories, useProducts, useUrlParams } from '../hooks'
import { tr, useI18n } from '../i18n'
import type { ConsoleProduct, ProductStatus } from '../types'
import { nextPage, PRODUCT_STATUSES, parseProductList, prevPage, urls, withFilters } from '../urls'

const statusColor: Record<ProductStatus, string> = {
  draft: 'default',
  published: 'green',
  unpublished: 'orange',
}

function priceRange(p: ConsoleProduct): string {
  const prices = p.skus.filter((s) => s.status === 'active').map((s) => s.priceFen)
  if (prices.length === 0) return formatFen(p.priceFromFen)
  const lo = Math.min(...prices)
  const hi = Math.max(...prices)
  return lo === hi ? formatFen(lo) : `${formatFen(lo)} ~ ${formatFen(hi)}`
}

export default function Products() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [params, setParams] = useUrlParams(parseProductList, urls.products)
  const products = useProducts(params)
  const categories = useCategories()
  const catName = new Map((categories.data ?? []).map((c) => [c.id, c.name]))

  const shelf = async (p: ConsoleProduct, to: 'publish' | 'unpublish') => {
    try {
      await (to === 'publish' ? api.publish(p.id) : api.unpublish(p.id))
      message.success(t(to === 'publish' ? 'product.published' : 'product.unpublishedOk'))
      void products.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead
        title={t('nav.products')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate(urls.productNew())}
            data-testid="product-new"
          >
            {t('product.new')}
          </Button>
        }
      />
      <Card>
        <Tabs
          activeKey={params.status ?? 'all'}
          onChange={(k) =>
            setParams(withFilters(params, { status: k === 'all' ? undefined : (k as ProductStatus) }))
          }
          items={[
            { key: 'all', label: t('common.all') },
            ...PRODUCT_STATUSES.map((s) => ({ key: s, label: tr(t, 'product.status', s) })),
          ]}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('product.searchPlaceholder')}
            defaultValue={params.q}
            key={params.q ?? ''}
            onSearch={(q) => setParams(withFilters(params, { q: q.trim() || undefined }))}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            placeholder={t('product.category')}
            value={params.categoryId}
            onChange={(v) => setParams(withFilters(params, { categoryId: v || undefined }))}
            style={{ width: 180 }}
            options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Space>
        {products.error ? <LoadError error={products.error} onRetry={products.reload} /> : null}
        <Table<ConsoleProduct>
          rowKey="id"
          loading={products.loading}
          dataSource={products.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('product.title'),
              render: (_, p) => (
                <Link to={urls.product(p.id)} className="cell-product">
                  <Thumb src={p.coverUrl} alt={p.title} />
                  <span>
                    <span className="cell-title">{p.title}</span>
                    <span className="cell-sub">
                      {t('product.skuCount', { n: p.skus.filter((s) => s.status === 'active').length })}
                    </span>
                  </span>
                </Link>
              ),
            },
            {
              title: t('product.category'),
              dataIndex: 'categoryId',
              width: 120,
              render: (id: string | null) => (id ? (catName.get(id) ?? '-') : t('product.noCategory')),
            },
            { title: t('product.price'), width: 170, render: (_, p) => priceRange(p) },
            {
              title: t('product.stock'),
              width: 100,
              align: 'right',
              render: (_, p) => {
                const n = p.skus.filter((s) => s.status === 'active').reduce((a, s) => a + s.available, 0)
                return <span className={n <= 0 ? 'money-danger' : n <= 10 ? 'text-warn' : ''}>{n}</span>
              },
            },
            {
              title: t('product.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: ProductStatus) => <Tag color={statusColor[s]}>{tr(t, 'product.status', s)}</Tag>,
            },
            { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 150, render: formatDateTime },
            {
              title: t('common.actions'),
              width: 140,
              fixed: 'right',
              render: (_, p) => (
                <Space size="small">
                  <Link to={urls.product(p.id)}>{t('common.edit')}</Link>
                  {p.status === 'published' ? (
                    <Popconfirm
                      title={`${t('product.unpublish')}？`}
                      onConfirm={() => shelf(p, 'unpublish')}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                    >
                      <LinkButton>{t('product.unpublish')}</LinkButton>
                    </Popconfirm>
                  ) : (
                    <LinkButton onClick={() => void shelf(p, 'publish')}>{t('product.publish')}</LinkButton>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <CursorPager
          page={(params.c?.length ?? 0) + 1}
          hasNext={!!products.data?.nextCursor}
          onPrev={() => setParams(prevPage(params), { push: true })}
          onNext={() =>
            products.data?.nextCursor && setParams(nextPage(params, products.data.nextCursor), { push: true })
          }
        />
      </Card>
    </div>
  )
}
