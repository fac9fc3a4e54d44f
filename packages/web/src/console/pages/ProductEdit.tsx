import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
} from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { uuid } from '../../shared/random'
import { api } from '../api'
import { LoadError, PageHead } from '../components/bits'
import { ImagesField } from '../components/ImagesField'
import { useCategories, useProduct } from '../hooks'
import { tr, useI18n } from '../i18n'
import { fromProduct, type SkuRow, type SpecDef, syncRows, toSkuInputs, usableSpecs } from '../skuEditor'
import type { ConsoleProduct, ProductInput } from '../types'
import { urls } from '../urls'

interface Basics {
  title: string
  subtitle: string
  categoryId: string | null
  images: string[]
  description: string
  returnable7d: boolean
}

const statusColor = { draft: 'default', published: 'green', unpublished: 'orange' } as const

export default function ProductEdit() {
  const { id } = useParams()
  const isNew = !id || id === 'new'
  const product = useProduct(isNew ? null : id)
  if (!isNew && product.error) return <LoadError error={product.error} onRetry={product.reload} />
  if (!isNew && !product.data) {
    return (
      <div className="console-loading">
        <Spin />
      </div>
    )
  }
  return (
    <ProductForm
      key={product.data?.id ?? 'new'}
      product={isNew ? null : (product.data ?? null)}
      onSaved={(p) => product.setData(p)}
    />
  )
}

function ProductForm({
  product,
  onSaved,
}: {
  product: ConsoleProduct | null
  onSaved: (p: ConsoleProduct) => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const categories = useCategories()
  const [form] = Form.useForm<Basics>()
  const initial = useMemo(
    () => (product ? fromProduct(product) : { specs: [] as SpecDef[], rows: syncRows([], []) }),
    [product],
  )
  const [specs, setSpecs] = useState<SpecDef[]>(initial.specs)
  const [rows, setRows] = useState<SkuRow[]>(initial.rows)
  const [bad, setBad] = useState<string | null>(null)
  const [saving, setSaving] = useState<false | 'save' | 'publish'>(false)
  const [batch, setBatch] = useState<{ price: string; stock: number | null }>({ price: '', stock: null })
  const createKey = useRef(uuid())

  useEffect(() => setRows((r) => syncRows(specs, r)), [specs])

  const names = usableSpecs(specs).map((s) => s.name)
  const patchRow = (key: string, change: Partial<SkuRow>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)))

  const save = async (publish: boolean) => {
    let basics: Basics
    try {
      basics = await form.validateFields()
    } catch {
      return
    }
    const { skus, problem } = toSkuInputs(rows)
    if (problem) {
      setBad(`${problem.key}:${problem.field}`)
      message.error(t('product.badPrice'))
      return
    }
    setBad(null)
    const body: ProductInput = {
      title: basics.title.trim(),
      subtitle: basics.subtitle?.trim() ?? '',
      description: basics.description ?? '',
      categoryId: basics.categoryId ?? null,
      images: basics.images ?? [],
      specNames: names,
      returnable7d: !!basics.returnable7d,
      skus,
    }
    setSaving(publish ? 'publish' : 'save')
    try {
      let saved = product
        ? await api.updateProduct(product.id, body)
        : await api.createProduct(body, createKey.current)
      if (publish && saved.status !== 'published') saved = await api.publish(saved.id)
      message.success(t('product.saved'))
      createKey.current = uuid()
      if (!product) navigate(urls.product(saved.id), { replace: true })
      else onSaved(saved)
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setSaving(false)
    }
  }

  const shelf = async (to: 'publish' | 'unpublish') => {
    if (!product) return
    try {
      onSaved(await (to === 'publish' ? api.publish(product.id) : api.unpublish(product.id)))
      message.success(t(to === 'publish' ? 'product.published' : 'product.unpublishedOk'))
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  const specColumns = names.map((n) => ({
    title: n,
    key: `spec-${n}`,
    width: 90,
    render: (_: unknown, r: SkuRow) => r.spec[n],
  }))

  return (
    <div className="product-edit">
      <PageHead
        title={
          <Space>
            <Link to={urls.products()} className="back-link">
              <ArrowLeftOutlined />
            </Link>
            {product ? t('product.edit') : t('product.new')}
            {product ? (
              <Tag color={statusColor[product.status]}>{tr(t, 'product.status', product.status)}</Tag>
            ) : null}
          </Space>
        }
        extra={
          <>
            {product?.status === 'published' ? (
              <Button onClick={() => void shelf('unpublish')}>{t('product.unpublish')}</Button>
            ) : product ? (
              <Button onClick={() => void shelf('publish')}>{t('product.publish')}</Button>
            ) : null}
            <Button onClick={() => void save(false)} loading={saving === 'save'} data-testid="product-save">
              {t('common.save')}
            </Button>
            {product?.status !== 'published' ? (
              <Button
                type="primary"
                onClick={() => void save(true)}
                loading={saving === 'publish'}
                data-testid="product-save-publish"
              >
                {t('product.saveAndPublish')}
              </Button>
            ) : null}
          </>
        }
      />
      <Form<Basics>
        form={form}
        layout="vertical"
        initialValues={
          product
            ? {
                title: product.title,
                subtitle: product.subtitle,
                categoryId: product.categoryId,
                images: product.images,
                description: product.description,
                returnable7d: product.returnable7d,
              }
            : { title: '', subtitle: '', categoryId: null, images: [], description: '', returnable7d: true }
        }
      >
        <Card title={t('product.basic')} className="form-card">
          <Row gutter={24}>
            <Col xs={24} md={14}>
              <Form.Item
                name="title"
                label={t('product.title')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    max: 60,
                    message: t('common.required', { field: t('product.title') }),
                  },
                ]}
              >
                <Input maxLength={60} showCount data-testid="product-title" />
              </Form.Item>
              <Form.Item name="subtitle" label={t('product.subtitle')}>
                <Input maxLength={120} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="categoryId" label={t('product.category')}>
                <Select
                  allowClear
                  placeholder={t('product.noCategory')}
                  options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                />
              </Form.Item>
              <Form.Item name="returnable7d" label={t('product.returnable7d')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="images" label={t('product.images')} extra={t('product.imagesHint')}>
            <ImagesField />
          </Form.Item>
          <Form.Item name="description" label={t('product.description')}>
            <Input.TextArea rows={5} maxLength={5000} showCount />
          </Form.Item>
        </Card>
      </Form>

      <Card title={t('product.specs')} className="form-card">
        {specs.map((s, i) => (
          <div className="spec-row" key={i}>
            <Input
              placeholder={t('product.specName')}
              value={s.name}
              maxLength={20}
              style={{ width: 180 }}
              onChange={(e) =>
                setSpecs((all) => all.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
              }
            />
            <Select
              mode="tags"
              placeholder={t('product.specValues')}
              value={s.values}
              style={{ flex: 1 }}
              tokenSeparators={[',', '，']}
              onChange={(values: string[]) =>
                setSpecs((all) => all.map((x, j) => (j === i ? { ...x, values } : x)))
              }
              open={false}
              suffixIcon={null}
            />
            <Button
              icon={<DeleteOutlined />}
              onClick={() => setSpecs((all) => all.filter((_, j) => j !== i))}
            />
          </div>
        ))}
        {specs.length < 3 ? (
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => setSpecs((all) => [...all, { name: '', values: [] }])}
          >
            {t('product.addSpec')}
          </Button>
        ) : null}
      </Card>

      <Card
        title={t('product.skus')}
        className="form-card"
        extra={
          rows.length > 1 ? (
            <Space>
              <Input
                size="small"
                placeholder={t('product.batchPrice')}
                style={{ width: 130 }}
                value={batch.price}
                onChange={(e) => setBatch((b) => ({ ...b, price: e.target.value }))}
              />
              {rows.some((r) => !r.id) ? (
                <InputNumber
                  size="small"
                  min={0}
                  placeholder={t('product.batchStock')}
                  style={{ width: 130 }}
                  value={batch.stock}
                  onChange={(v) => setBatch((b) => ({ ...b, stock: v }))}
                />
              ) : null}
              <Button
                size="small"
                onClick={() =>
                  setRows((rs) =>
                    rs.map((r) => ({
                      ...r,
                      price: batch.price || r.price,
                      initialStock: !r.id && batch.stock !== null ? batch.stock : r.initialStock,
                    })),
                  )
                }
              >
                {t('product.apply')}
              </Button>
            </Space>
          ) : null
        }
      >
        <Table<SkuRow>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 760 }}
          columns={[
            ...(specColumns.length
              ? specColumns
              : [{ title: t('product.specs'), key: 'single', width: 90, render: () => t('product.single') }]),
            {
              title: t('product.skuPrice'),
              width: 130,
              render: (_, r) => (
                <Input
                  prefix="¥"
                  value={r.price}
                  status={bad === `${r.key}:price` ? 'error' : undefined}
                  onChange={(e) => patchRow(r.key, { price: e.target.value })}
                  inputMode="decimal"
                  data-testid="sku-price"
                />
              ),
            },
            {
              title: t('product.skuListPrice'),
              width: 130,
              render: (_, r) => (
                <Input
                  prefix="¥"
                  value={r.listPrice}
                  status={bad === `${r.key}:listPrice` ? 'error' : undefined}
                  onChange={(e) => patchRow(r.key, { listPrice: e.target.value })}
                  inputMode="decimal"
                />
              ),
            },
            {
              title: t('product.skuCode'),
              width: 140,
              render: (_, r) => (
                <Input
                  value={r.code}
                  maxLength={64}
                  onChange={(e) => patchRow(r.key, { code: e.target.value })}
                />
              ),
            },
            {
              title: product
                ? `${t('product.skuStock')} / ${t('product.skuCurrentStock')}`
                : t('product.skuStock'),
              width: 130,
              render: (_, r) =>
                r.id ? (
                  <Link to={urls.inventory({ q: r.code || product?.title })}>{r.available ?? 0}</Link>
                ) : (
                  <InputNumber
                    min={0}
                    max={1_000_000}
                    precision={0}
                    value={r.initialStock}
                    onChange={(v) => patchRow(r.key, { initialStock: v })}
                    style={{ width: '100%' }}
                    data-testid="sku-stock"
                  />
                ),
            },
            {
              title: t('product.skuActive'),
              width: 70,
              render: (_, r) => (
                <Switch size="small" checked={r.active} onChange={(active) => patchRow(r.key, { active })} />
              ),
            },
          ]}
        />
      </Card>
    </div>
  )
}
