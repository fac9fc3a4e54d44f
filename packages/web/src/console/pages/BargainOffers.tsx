import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import { fenToYuanString, formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { type BargainOffer, bargainApi, type OfferStatus } from '../bargainApi'
import { type OfferField, type OfferFormValues, rate, SERVER_FIELD, toOfferInput } from '../bargainForm'
import { CursorPager, LoadError, Money, PageHead, Thumb } from '../components/bits'
import { type ConsoleKey, useI18n } from '../i18n'
import type { ConsoleProduct } from '../types'

const statusColor: Record<OfferStatus, string> = { active: 'green', paused: 'gold', ended: 'default' }

/** Bargain offers: the list with figures, create and edit with validation, pause / resume / end. */
export default function BargainOffers() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [sp, setSp] = useSearchParams()
  const status = (sp.get('status') as OfferStatus | null) ?? undefined
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors[cursors.length - 1]
  const list = useResource(`bargain-offers:${status ?? ''}:${cursor ?? ''}`, () =>
    bargainApi.offers({ status, cursor, limit: 20 }),
  )
  const [editing, setEditing] = useState<BargainOffer | 'new' | null>(null)

  const move = async (o: BargainOffer, event: 'pause' | 'resume' | 'end') => {
    try {
      await bargainApi.move(o.id, event)
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead
        title={t('bargain.offers')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="bargain-new">
            {t('bargain.new')}
          </Button>
        }
      />
      <Card>
        <Tabs
          activeKey={status ?? 'all'}
          onChange={(k) => {
            setCursors([])
            setSp(k === 'all' ? {} : { status: k }, { replace: true })
          }}
          items={[
            { key: 'all', label: t('common.all') },
            ...(['active', 'paused', 'ended'] as const).map((s) => ({
              key: s,
              label: t(`bargain.status.${s}`),
            })),
          ]}
        />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<BargainOffer>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('bargain.empty') }}
          onRow={(o) => ({ 'data-testid': 'bargain-offer-row', 'data-offer-id': o.id }) as object}
          columns={[
            {
              title: t('bargain.product'),
              render: (_, o) => (
                <div className="cell-product">
                  <Thumb src={o.imageUrl} alt={o.title} size={40} />
                  <span>
                    <span className="cell-title">{o.title}</span>
                    <span className="cell-sub">{o.specLabel}</span>
                  </span>
                </div>
              ),
            },
            {
              title: t('bargain.price'),
              width: 170,
              render: (_, o) => (
                <span>
                  <Money fen={o.startPriceFen} /> → <Money fen={o.floorPriceFen} strong />
                  <div className="cell-sub">
                    {t('bargain.helpersShort', { n: o.helpersNeeded })} ·{' '}
                    {t('bargain.minutes', { n: o.timeLimitMinutes })}
                  </div>
                </span>
              ),
            },
            {
              title: t('bargain.window'),
              width: 170,
              render: (_, o) => (
                <span className="cell-sub">
                  {formatDateTime(o.startsAt)}
                  <br />
                  {formatDateTime(o.endsAt)}
                </span>
              ),
            },
            {
              title: t('bargain.figures'),
              width: 300,
              render: (_, o) => <Figures o={o} />,
            },
            {
              title: t('common.status'),
              width: 90,
              render: (_, o) => (
                <Tag color={statusColor[o.status]} data-testid="bargain-offer-status">
                  {t(`bargain.status.${o.status}`)}
                </Tag>
              ),
            },
            {
              title: t('common.actions'),
              width: 170,
              fixed: 'right',
              render: (_, o) => (
                <Space size={4} wrap>
                  {o.status !== 'ended' ? (
                    <Button size="small" type="link" onClick={() => setEditing(o)}>
                      {t('common.edit')}
                    </Button>
                  ) : null}
                  {o.status === 'active' ? (
                    <Button size="small" type="link" onClick={() => move(o, 'pause')}>
                      {t('bargain.pause')}
                    </Button>
                  ) : null}
                  {o.status === 'paused' ? (
                    <Button size="small" type="link" onClick={() => move(o, 'resume')}>
                      {t('bargain.resume')}
                    </Button>
                  ) : null}
                  {o.status !== 'ended' ? (
                    <Popconfirm title={t('bargain.endConfirm')} onConfirm={() => move(o, 'end')}>
                      <Button size="small" type="link" danger>
                        {t('bargain.end')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        <CursorPager
          page={cursors.length + 1}
          hasNext={!!list.data?.nextCursor}
          onPrev={() => setCursors(cursors.slice(0, -1))}
          onNext={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
        />
      </Card>
      {editing ? (
        <OfferDialog
          offer={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            message.success(t('bargain.saved'))
            void list.reload()
          }}
        />
      ) : null}
    </div>
  )
}

/** Started → reached → ordered → paid, with the paid GMV. */
function Figures({ o }: { o: BargainOffer }) {
  const { t } = useI18n()
  const f = o.figures
  return (
    <div className="cell-sub" data-testid="bargain-figures">
      <div>
        {t('bargain.started')} <b>{f.started}</b> · {t('bargain.reached')} <b>{f.reached}</b> (
        {t('bargain.rate', { n: rate(f.reached, f.started) })}) · {t('bargain.ordered')} <b>{f.ordered}</b> ·{' '}
        {t('bargain.paid')} <b>{f.paid}</b>
      </div>
      <div>
        {t('bargain.gmv')} <Money fen={f.paidGmvFen} strong />
        {o.stockCap !== null ? ` · ${o.orderedCount}/${o.stockCap}` : ''}
      </div>
    </div>
  )
}

type FormShape = Omit<OfferFormValues, 'startsAt' | 'endsAt'> & {
  productId?: string
  window?: [Dayjs, Dayjs]
}

function OfferDialog({
  offer,
  onClose,
  onSaved,
}: {
  offer: BargainOffer | null
  onClose: () => void
  onSaved: () => void
}) {
  const { t } = useI18n()
  const [form] = Form.useForm<FormShape>()
  const [busy, setBusy] = useState(false)
  const attempt = useRef(uuid())
  const [products, setProducts] = useState<ConsoleProduct[]>([])
  const [searching, setSearching] = useState(false)
  const productId = Form.useWatch('productId', form)
  const skuId = Form.useWatch('skuId', form)

  const search = async (q?: string) => {
    setSearching(true)
    try {
      const page = await api.products({ q: q?.trim() || undefined, status: 'published', limit: 20 })
      setProducts(page.items)
    } finally {
      setSearching(false)
    }
  }
  useEffect(() => {
    if (!offer) void search()
  }, [offer])

  const product = products.find((p) => p.id === productId)
  const sku = product?.skus.find((s) => s.id === skuId)
  const skuPriceFen = offer ? offer.skuPriceFen : sku?.priceFen

  const initial = useMemo<FormShape>(
    () =>
      offer
        ? {
            startPrice: fenToYuanString(offer.startPriceFen),
            floorPrice: fenToYuanString(offer.floorPriceFen),
            helpersNeeded: offer.helpersNeeded,
            timeLimitMinutes: offer.timeLimitMinutes,
            window: [dayjs(offer.startsAt), dayjs(offer.endsAt)],
            perShopperLimit: offer.perShopperLimit,
            stockCap: offer.stockCap,
            payWithinMinutes: offer.payWithinMinutes,
            buyAtCurrentPrice: offer.buyAtCurrentPrice,
            helperDailyLimit: offer.helperDailyLimit,
            deviceDailyLimit: offer.deviceDailyLimit,
          }
        : {
            helpersNeeded: 5,
            timeLimitMinutes: 24 * 60,
            window: [dayjs().startOf('minute'), dayjs().add(7, 'day').startOf('minute')],
            perShopperLimit: 1,
            payWithinMinutes: 30,
            buyAtCurrentPrice: false,
            helperDailyLimit: 3,
            deviceDailyLimit: 5,
          },
    [offer],
  )

  const showProblems = (problems: { field: OfferField; message: string }[]) =>
    form.setFields(
      problems.map((p) => ({
        name: p.field === 'startsAt' || p.field === 'endsAt' ? 'window' : p.field,
        errors: [p.message],
      })),
    )

  const save = async () => {
    const v = await form.validateFields()
    const values: OfferFormValues = {
      ...v,
      skuId: offer ? undefined : v.skuId,
      startsAt: v.window?.[0]?.toISOString(),
      endsAt: v.window?.[1]?.toISOString(),
    }
    const { input, problems } = toOfferInput(values, skuPriceFen)
    if (!input) {
      showProblems(
        problems.map((p) => ({ field: p.field, message: t(`bargain.problem.${p.key}` as ConsoleKey) })),
      )
      return
    }
    setBusy(true)
    try {
      if (offer) {
        const { skuId: _sku, ...patch } = input
        await bargainApi.update(offer.id, patch)
      } else await bargainApi.create(input, attempt.current)
      onSaved()
    } catch (err) {
      const field = err instanceof ApiError && err.field ? SERVER_FIELD[err.field] : undefined
      if (field) showProblems([{ field, message: (err as Error).message }])
      else Modal.error({ content: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open
      width={640}
      title={offer ? t('bargain.edit') : t('bargain.new')}
      onCancel={onClose}
      onOk={save}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {offer ? (
        <div className="muted" style={{ marginBottom: 12 }}>
          {t('bargain.editNote')}
        </div>
      ) : null}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="bargain-form">
        {offer ? (
          <Form.Item label={t('bargain.product')}>
            <Input value={`${offer.title} ${offer.specLabel} · ${formatFen(offer.skuPriceFen)}`} disabled />
          </Form.Item>
        ) : (
          <Space.Compact block>
            <Form.Item
              name="productId"
              label={t('bargain.product')}
              rules={[{ required: true, message: t('bargain.problem.required') }]}
              style={{ flex: 2 }}
            >
              <Select
                showSearch
                filterOption={false}
                onSearch={(q) => void search(q)}
                loading={searching}
                placeholder={t('bargain.productSearch')}
                options={products.map((p) => ({ value: p.id, label: p.title }))}
                onChange={() => form.setFieldValue('skuId', undefined)}
                data-testid="bargain-product"
              />
            </Form.Item>
            <Form.Item
              name="skuId"
              label={t('bargain.sku')}
              rules={[{ required: true, message: t('bargain.problem.required') }]}
              style={{ flex: 1 }}
            >
              <Select
                options={(product?.skus ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.specLabel || product?.title} · ${formatFen(s.priceFen)}`,
                }))}
                data-testid="bargain-sku"
              />
            </Form.Item>
          </Space.Compact>
        )}
        <Space.Compact block>
          <Form.Item
            name="startPrice"
            label={t('bargain.startPrice')}
            extra={
              skuPriceFen !== undefined
                ? `${t('bargain.startPriceHint')}: ${formatFen(skuPriceFen)}`
                : t('bargain.startPriceHint')
            }
            style={{ flex: 1 }}
          >
            <Input inputMode="decimal" prefix="¥" data-testid="bargain-start-price" />
          </Form.Item>
          <Form.Item name="floorPrice" label={t('bargain.floorPrice')} style={{ flex: 1 }}>
            <Input inputMode="decimal" prefix="¥" data-testid="bargain-floor-price" />
          </Form.Item>
          <Form.Item name="helpersNeeded" label={t('bargain.helpersNeeded')} style={{ flex: 1 }}>
            <InputNumber
              min={1}
              max={100}
              precision={0}
              style={{ width: '100%' }}
              data-testid="bargain-helpers"
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="window"
          label={t('bargain.window')}
          rules={[{ required: true, message: t('bargain.problem.required') }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="timeLimitMinutes" label={t('bargain.timeLimit')} style={{ flex: 1 }}>
            <InputNumber min={5} max={10080} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="payWithinMinutes" label={t('bargain.payWithin')} style={{ flex: 1 }}>
            <InputNumber min={5} max={10080} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="perShopperLimit" label={t('bargain.perShopperLimit')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="stockCap"
            label={t('bargain.stockCap')}
            extra={t('bargain.stockCapHint')}
            style={{ flex: 1 }}
          >
            <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="buyAtCurrentPrice" valuePropName="checked" extra={t('bargain.buyAtCurrentHint')}>
          <Checkbox>{t('bargain.buyAtCurrent')}</Checkbox>
        </Form.Item>
        <div className="section-title">{t('bargain.limits')}</div>
        <Space.Compact block>
          <Form.Item name="helperDailyLimit" label={t('bargain.helperDailyLimit')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="deviceDailyLimit" label={t('bargain.deviceDailyLimit')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Modal>
  )
}
