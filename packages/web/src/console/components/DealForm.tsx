import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useRef, useState } from 'react'
import { formatFen } from '../../shared/money'
import { api } from '../api'
import { DEAL_TYPES, type Deal, type DealType, groupBuyApi } from '../groupbuyApi'
import { type DealFormValues, formFieldOf, toDealInput, toFormValues } from '../groupbuyForm'
import { useI18n } from '../i18n'
import type { ConsoleProduct } from '../types'
import { type EditorProps, FormDrawer, useDrawerForm, useRequired } from './FormDrawer'

const FORM_FIELDS = new Set([
  'type',
  'productId',
  'skuId',
  'title',
  'period',
  'groupSize',
  'timeLimitMinutes',
  'perPersonLimit',
  'ladderSteps',
  'groupPrice',
  'luckyDrawWinners',
  'importTaxPercent',
  'flashSlotId',
  'autoFillPercent',
  'freeToOpen',
  'openerDiscount',
  'newCustomersOnly',
  'openerReward',
  'openerRewardPercent',
])

type Values = Omit<DealFormValues, 'startsAt' | 'endsAt'> & { period?: [Dayjs, Dayjs] }

/** Product search and SKU choice for a deal. */
function useProductOptions(initial?: { productId: string; productTitle: string }) {
  const [products, setProducts] = useState<ConsoleProduct[]>([])
  const [loading, setLoading] = useState(false)
  const seq = useRef(0)
  const search = async (q: string) => {
    const my = ++seq.current
    setLoading(true)
    try {
      const page = await api.products({ q: q.trim() || undefined, status: 'published', limit: 20 })
      if (my === seq.current) setProducts(page.items)
    } finally {
      if (my === seq.current) setLoading(false)
    }
  }
  useEffect(() => {
    void search('')
  }, [])
  const options = useMemo(() => {
    const list = products.map((p) => ({ value: p.id, label: p.title }))
    if (initial && !list.some((o) => o.value === initial.productId))
      list.unshift({ value: initial.productId, label: initial.productTitle })
    return list
  }, [products, initial])
  return { products, options, loading, search }
}

/** The drawer that creates a deal or edits one; the server's field errors land on their fields. */
export function DealForm({ deal, open, onClose, onSaved }: { deal?: Deal } & EditorProps<Deal>) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const { saving, save } = useDrawerForm({
    form,
    open,
    record: deal,
    toValues: toFormValues,
    fieldOf: (apiField) => {
      const field = formFieldOf(apiField)
      return field && FORM_FIELDS.has(field) ? field : undefined
    },
  })
  const required = useRequired()
  const type = (Form.useWatch('type', form) ?? deal?.type ?? 'standard') as DealType
  const productId = Form.useWatch('productId', form) as string | undefined
  const freeToOpen = Form.useWatch('freeToOpen', form) as boolean | undefined
  const products = useProductOptions(
    deal ? { productId: deal.productId, productTitle: deal.productTitle } : undefined,
  )
  const product = products.products.find((p) => p.id === productId)
  const skuOptions = product
    ? product.skus.map((s) => ({
        value: s.id,
        label: `${s.specLabel || product.title} · ${formatFen(s.priceFen)} · ${s.available}`,
      }))
    : deal
      ? [
          {
            value: deal.skuId,
            label: `${deal.specLabel || deal.productTitle} · ${formatFen(deal.singlePriceFen)}`,
          },
        ]
      : []

  const submit = async (v: Values) => {
    const input = toDealInput({
      ...v,
      type: v.type ?? type,
      startsAt: v.period?.[0]?.toISOString(),
      endsAt: v.period?.[1]?.toISOString(),
    })
    await save(async (idempotencyKey) => {
      const saved = deal
        ? await groupBuyApi.updateDeal(deal.id, input)
        : await groupBuyApi.createDeal(input, idempotencyKey)
      message.success(deal ? t('groupbuy.edited') : t('groupbuy.created'))
      onSaved(saved)
    })
  }

  const yuanInput = { min: 0, precision: 2, prefix: '¥', style: { width: '100%' } }

  return (
    <FormDrawer
      title={deal ? t('groupbuy.edit') : t('groupbuy.create')}
      open={open}
      onClose={onClose}
      saving={saving}
      onSave={() => form.submit()}
      saveTestId="deal-save"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          type: 'standard',
          groupSize: 2,
          timeLimitMinutes: 1440,
          perPersonLimit: 1,
          freeToOpen: false,
          newCustomersOnly: false,
          ladderSteps: [{}, {}],
          period: [dayjs().startOf('minute'), dayjs().add(30, 'day').startOf('day')],
        }}
        data-testid="deal-form"
      >
        <Divider titlePlacement="start">{t('groupbuy.sectionBasics')}</Divider>
        <Form.Item name="type" label={t('groupbuy.type')}>
          <Radio.Group
            optionType="button"
            options={DEAL_TYPES.map((x) => ({ value: x, label: t(`groupbuy.type.${x}`) }))}
            disabled={!!deal}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="productId" label={t('groupbuy.product')} rules={required(t('groupbuy.product'))}>
              <Select
                showSearch={{ filterOption: false, onSearch: (q) => void products.search(q) }}
                placeholder={t('groupbuy.productSearch')}
                options={products.options}
                loading={products.loading}
                onChange={() => form.setFieldValue('skuId', undefined)}
                disabled={!!deal}
                data-testid="deal-product"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="skuId" label={t('groupbuy.sku')} rules={required(t('groupbuy.sku'))}>
              <Select options={skuOptions} disabled={!!deal} data-testid="deal-sku" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('groupbuy.title')} extra={t('groupbuy.titleHint')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="period" label={t('groupbuy.period')} rules={required(t('groupbuy.period'))}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>

        <Divider titlePlacement="start">{t('groupbuy.sectionRules')}</Divider>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              name="groupSize"
              label={type === 'ladder' ? t('groupbuy.groupSizeLadder') : t('groupbuy.groupSize')}
              rules={required(t('groupbuy.groupSize'))}
            >
              <InputNumber min={2} max={500} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="timeLimitMinutes"
              label={t('groupbuy.timeLimit')}
              rules={required(t('groupbuy.timeLimit'))}
            >
              <InputNumber min={5} max={10080} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="perPersonLimit" label={t('groupbuy.perPersonLimit')}>
              <InputNumber min={1} max={99} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {type === 'ladder' ? (
          <Form.Item label={t('groupbuy.ladderSteps')} extra={t('groupbuy.ladderHint')} required>
            <Form.List name="ladderSteps">
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" data-testid="ladder-step">
                      <Form.Item name={[f.name, 'size']} rules={required(t('groupbuy.ladderSize'))}>
                        <InputNumber min={2} max={500} precision={0} placeholder={t('groupbuy.ladderSize')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'price']} rules={required(t('groupbuy.ladderPrice'))}>
                        <InputNumber
                          {...yuanInput}
                          style={{ width: 140 }}
                          placeholder={t('groupbuy.ladderPrice')}
                        />
                      </Form.Item>
                      {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(f.name)} /> : null}
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    onClick={() => add()}
                    icon={<PlusOutlined />}
                    disabled={fields.length >= 10}
                  >
                    {t('groupbuy.ladderAdd')}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </>
              )}
            </Form.List>
          </Form.Item>
        ) : (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="groupPrice"
                label={type === 'lucky_draw' ? t('groupbuy.tokenPrice') : t('groupbuy.groupPrice')}
                rules={required(t('groupbuy.groupPrice'))}
              >
                <InputNumber {...yuanInput} data-testid="deal-group-price" />
              </Form.Item>
            </Col>
            {type === 'lucky_draw' ? (
              <Col span={12}>
                <Form.Item
                  name="luckyDrawWinners"
                  label={t('groupbuy.luckyDrawWinners')}
                  rules={required(t('groupbuy.luckyDrawWinners'))}
                >
                  <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
            {type === 'cross_border' ? (
              <Col span={12}>
                <Form.Item
                  name="importTaxPercent"
                  label={t('groupbuy.importTaxRate')}
                  rules={required(t('groupbuy.importTaxRate'))}
                >
                  <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
            {type === 'flash' ? (
              <Col span={12}>
                <Form.Item
                  name="flashSlotId"
                  label={t('groupbuy.flashSlotId')}
                  rules={required(t('groupbuy.flashSlotId'))}
                >
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        )}
        <Form.Item name="autoFillPercent" label={t('groupbuy.autoFill')} extra={t('groupbuy.autoFillHint')}>
          <InputNumber min={1} max={100} precision={2} suffix="%" style={{ width: 200 }} />
        </Form.Item>

        <Divider titlePlacement="start">{t('groupbuy.sectionPerks')}</Divider>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="freeToOpen" label={t('groupbuy.freeToOpen')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="openerDiscount" label={t('groupbuy.openerDiscount')}>
              <InputNumber {...yuanInput} disabled={!!freeToOpen} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="newCustomersOnly" label={t('groupbuy.newCustomersOnly')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="openerReward"
              label={t('groupbuy.openerRewardFen')}
              extra={t('groupbuy.openerRewardHint')}
            >
              <InputNumber {...yuanInput} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="openerRewardPercent" label={t('groupbuy.openerRewardBp')}>
              <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  )
}
