import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { formatFen } from '../../shared/money'
import { api } from '../api'
import { useI18n } from '../i18n'
import { type Campaign, luckyDrawApi, type PrizeKind } from '../luckydrawApi'
import {
  BP_WHOLE,
  bpToPercent,
  type CampaignValues,
  formFieldOf,
  poolSum,
  toInput,
  toValues,
} from '../luckydrawForm'
import { type EditorProps, FormDrawer, useDrawerForm, useRequired } from './FormDrawer'

type Values = Omit<CampaignValues, 'startsAt' | 'endsAt'> & { period?: [Dayjs, Dayjs] }

/** Every active SKU of the shop's published products, for product prizes (searchable by name). */
function useSkuOptions() {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([])
  useEffect(() => {
    let live = true
    api
      .products({ status: 'published', limit: 100 })
      .then((page) => {
        if (!live) return
        setOptions(
          page.items.flatMap((p) =>
            p.skus
              .filter((s) => s.status === 'active')
              .map((s) => ({
                value: s.id,
                label: `${p.title}${s.specLabel ? ` · ${s.specLabel}` : ''} · ${formatFen(s.priceFen)}`,
              })),
          ),
        )
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])
  return options
}

/** The drawer that creates or edits a lucky draw: window, chances, and the prize pool with its live sum. */
export function LuckyDrawForm({
  campaign,
  open,
  onClose,
  onSaved,
}: { campaign?: Campaign } & EditorProps<Campaign>) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const { saving, save } = useDrawerForm({ form, open, record: campaign, toValues, fieldOf: formFieldOf })
  const required = useRequired()
  const skuOptions = useSkuOptions()
  const prizes = (Form.useWatch('prizes', form) ?? []) as Values['prizes']
  const noPrizePercent = Form.useWatch('noPrizePercent', form) as number | null | undefined
  const sum = useMemo(
    () => poolSum({ prizes, noPrizePercent: noPrizePercent ?? null }),
    [prizes, noPrizePercent],
  )
  const awarded = new Map(campaign?.prizes.map((p) => [p.id, p.awarded]))

  const submit = async (v: Values) => {
    const input = toInput({
      ...v,
      description: v.description ?? '',
      startsAt: v.period?.[0]?.toISOString() ?? '',
      endsAt: v.period?.[1]?.toISOString() ?? '',
    })
    await save(async (idempotencyKey) => {
      const saved = campaign
        ? await luckyDrawApi.update(campaign.id, input)
        : await luckyDrawApi.create(input, idempotencyKey)
      message.success(campaign ? t('luckydraw.saved') : t('luckydraw.created'))
      onSaved(saved)
    })
  }

  const count = { min: 0, max: 100, precision: 0, style: { width: '100%' } }
  const pct = { min: 0, max: 100, precision: 2, suffix: '%', style: { width: '100%' } }

  return (
    <FormDrawer
      title={campaign ? t('luckydraw.edit') : t('luckydraw.create')}
      open={open}
      onClose={onClose}
      saving={saving}
      onSave={() => form.submit()}
      saveTestId="ld-save"
      footer={
        <Alert
          type={sum.ok ? 'success' : 'warning'}
          showIcon
          data-testid="ld-sum"
          data-ok={sum.ok}
          title={
            <Typography.Text>
              {t('luckydraw.sum', {
                prizes: bpToPercent(sum.prizesBp),
                total: bpToPercent(sum.totalBp),
                whole: bpToPercent(BP_WHOLE),
              })}
            </Typography.Text>
          }
          description={sum.ok ? undefined : t('luckydraw.sumHint')}
        />
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          dailyChances: 1,
          shareDailyCap: 3,
          inviteVisitChances: 1,
          inviteOrderChances: 3,
          inviteDailyCap: 10,
          noPrizePercent: 100,
          prizes: [{ kind: 'points', stock: 100, percent: 0 }],
          period: [dayjs().startOf('minute'), dayjs().add(7, 'day').startOf('day')],
        }}
        data-testid="ld-form"
      >
        <Divider titlePlacement="start">{t('luckydraw.sectionBasics')}</Divider>
        <Form.Item name="title" label={t('luckydraw.titleField')} rules={required(t('luckydraw.titleField'))}>
          <Input maxLength={60} showCount />
        </Form.Item>
        <Form.Item name="description" label={t('luckydraw.description')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="period" label={t('luckydraw.window')} rules={required(t('luckydraw.window'))}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>

        <Divider titlePlacement="start">{t('luckydraw.sectionChances')}</Divider>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="dailyChances" label={t('luckydraw.dailyChances')} rules={required('')}>
              <InputNumber {...count} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="shareDailyCap" label={t('luckydraw.shareDailyCap')} rules={required('')}>
              <InputNumber {...count} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="inviteDailyCap" label={t('luckydraw.inviteDailyCap')} rules={required('')}>
              <InputNumber {...count} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="inviteVisitChances"
              label={t('luckydraw.inviteVisitChances')}
              rules={required('')}
            >
              <InputNumber {...count} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="inviteOrderChances"
              label={t('luckydraw.inviteOrderChances')}
              rules={required('')}
            >
              <InputNumber {...count} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('luckydraw.sectionPool')}</Divider>
        <Form.List name="prizes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => {
                const kind = (prizes[f.name]?.kind ?? 'points') as PrizeKind
                const id = prizes[f.name]?.id
                const won = id ? (awarded.get(id) ?? 0) : 0
                return (
                  <div key={f.key} className="ld-prize-row" data-testid="ld-prize-row">
                    <Row gutter={8} align="top">
                      <Col span={5}>
                        <Form.Item name={[f.name, 'kind']} label={t('luckydraw.kind')} rules={required('')}>
                          <Select
                            options={(['product', 'points', 'coupon'] as const).map((k) => ({
                              value: k,
                              label: t(`luckydraw.kind.${k}`),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col span={7}>
                        <Form.Item
                          name={[f.name, 'name']}
                          label={t('luckydraw.prizeName')}
                          rules={required(t('luckydraw.prizeName'))}
                        >
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col span={4}>
                        <Form.Item
                          name={[f.name, 'stock']}
                          label={t('luckydraw.stock')}
                          rules={required('')}
                          extra={won ? t('luckydraw.wonSoFar', { n: won }) : undefined}
                        >
                          <InputNumber min={won} max={1_000_000} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col span={5}>
                        <Form.Item
                          name={[f.name, 'percent']}
                          label={t('luckydraw.probability')}
                          rules={required('')}
                        >
                          <InputNumber {...pct} data-testid="ld-prize-percent" />
                        </Form.Item>
                      </Col>
                      <Col span={3}>
                        <Button
                          type="text"
                          danger
                          icon={<MinusCircleOutlined />}
                          disabled={fields.length <= 1 || won > 0}
                          title={won > 0 ? t('luckydraw.cannotRemoveWon') : undefined}
                          onClick={() => remove(f.name)}
                          style={{ marginTop: 30 }}
                        />
                      </Col>
                    </Row>
                    <Row gutter={8}>
                      {kind === 'product' ? (
                        <Col span={12}>
                          <Form.Item
                            name={[f.name, 'skuId']}
                            label={t('luckydraw.sku')}
                            rules={required(t('luckydraw.sku'))}
                          >
                            <Select showSearch optionFilterProp="label" options={skuOptions} />
                          </Form.Item>
                        </Col>
                      ) : (
                        <Col span={6}>
                          <Form.Item
                            name={[f.name, 'amount']}
                            label={kind === 'points' ? t('luckydraw.points') : t('luckydraw.couponValue')}
                            rules={required('')}
                          >
                            <InputNumber
                              min={kind === 'points' ? 1 : 0.01}
                              precision={kind === 'points' ? 0 : 2}
                              prefix={kind === 'coupon' ? '¥' : undefined}
                              style={{ width: '100%' }}
                            />
                          </Form.Item>
                        </Col>
                      )}
                      {kind === 'coupon' ? (
                        <Col span={6}>
                          <Form.Item name={[f.name, 'reference']} label={t('luckydraw.couponRef')}>
                            <Input maxLength={100} />
                          </Form.Item>
                        </Col>
                      ) : null}
                      <Col span={kind === 'coupon' ? 12 : kind === 'product' ? 12 : 18}>
                        <Form.Item name={[f.name, 'imageUrl']} label={t('luckydraw.image')}>
                          <Input maxLength={500} placeholder="/uploads/…" />
                        </Form.Item>
                      </Col>
                    </Row>
                  </div>
                )
              })}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                disabled={fields.length >= 8}
                onClick={() => add({ kind: 'points', stock: 100, percent: 0 })}
              >
                {t('luckydraw.addPrize')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={12} style={{ marginTop: 16 }} align="bottom">
          <Col span={8}>
            <Form.Item name="noPrizePercent" label={t('luckydraw.noPrize')} rules={required('')}>
              <InputNumber {...pct} data-testid="ld-noprize-percent" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item>
              <Button
                onClick={() => form.setFieldValue('noPrizePercent', bpToPercent(Math.max(0, sum.restBp)))}
                disabled={sum.restBp < 0}
              >
                {t('luckydraw.fillRest')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  )
}
