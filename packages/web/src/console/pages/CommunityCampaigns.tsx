import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { CAMPAIGN_STATUSES, type Campaign, type CampaignStatus, communityApi } from '../communityApi'
import { type CampaignFormValues, type CampaignProblem, toCampaignInput } from '../communityForm'
import { LoadError, PageHead } from '../components/bits'
import { type ConsoleKey, useI18n } from '../i18n'

export const CAMPAIGN_COLOR: Record<CampaignStatus, string> = {
  draft: 'default',
  open: 'green',
  closed: 'blue',
  receiving: 'purple',
  completed: 'cyan',
  cancelled: 'red',
}

/** 团购活动: campaigns by status, and the form that drafts a new one. */
export default function CommunityCampaigns() {
  const { t } = useI18n()
  const [sp, setSp] = useSearchParams()
  const status = CAMPAIGN_STATUSES.find((s) => s === sp.get('status'))
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors[cursors.length - 1]
  const list = useResource(`community-campaigns:${status ?? ''}:${cursor ?? ''}`, () =>
    communityApi.campaigns({ status, cursor, limit: 20 }),
  )
  const [creating, setCreating] = useState(false)

  return (
    <div>
      <PageHead
        title={t('cm.campaigns.title')}
        sub={t('cm.campaigns.sub')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="campaign-new"
          >
            {t('cm.campaigns.new')}
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
            ...CAMPAIGN_STATUSES.map((s) => ({ key: s, label: t(`cm.campaigns.status.${s}`) })),
          ]}
        />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Campaign>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('cm.campaigns.empty') }}
          onRow={(c) => ({ 'data-testid': 'campaign-row', 'data-status': c.status }) as object}
          columns={[
            {
              title: t('cm.campaigns.name'),
              render: (_, c) => (
                <Link to={`/community-campaigns/${encodeURIComponent(c.id)}`}>{c.title}</Link>
              ),
            },
            { title: t('cm.campaigns.cutoff'), width: 160, render: (_, c) => formatDateTime(c.cutoffAt) },
            { title: t('cm.campaigns.pickupDate'), width: 120, dataIndex: 'pickupDate' },
            {
              title: t('cm.campaigns.commissionShort'),
              width: 130,
              align: 'right',
              render: (_, c) => `${c.commissionBp / 100}%`,
            },
            {
              title: t('common.status'),
              width: 100,
              render: (_, c) => (
                <Tag color={CAMPAIGN_COLOR[c.status]}>{t(`cm.campaigns.status.${c.status}`)}</Tag>
              ),
            },
            { title: t('common.createdAt'), width: 160, render: (_, c) => formatDateTime(c.createdAt) },
            {
              title: t('common.actions'),
              width: 90,
              render: (_, c) => (
                <Link to={`/community-campaigns/${encodeURIComponent(c.id)}`}>
                  {t('cm.campaigns.detail')}
                </Link>
              ),
            },
          ]}
        />
        {cursors.length || list.data?.nextCursor ? (
          <Space style={{ marginTop: 12 }}>
            <Button size="small" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('common.prev')}
            </Button>
            <Button
              size="small"
              disabled={!list.data?.nextCursor}
              onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
            >
              {t('common.next')}
            </Button>
          </Space>
        ) : null}
      </Card>
      {creating ? (
        <CampaignForm
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false)
            void list.reload()
          }}
        />
      ) : null}
    </div>
  )
}

interface FormShape extends Omit<CampaignFormValues, 'cutoffAt' | 'pickupDate'> {
  cutoffAt?: Dayjs | null
  pickupDate?: Dayjs | null
}

/** `skus.0.price` → the Form.List path `['skus', 0, 'price']`. */
const pathOf = (field: string) => field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))
// The server names money and commission fields in fen and basis points.
const fromServer = (field: string) =>
  field
    .replace(/priceFen$/, 'price')
    .replace(/costFen$/, 'cost')
    .replace(/commissionBp$/, 'commissionPercent')

function CampaignForm({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormShape>()
  const [busy, setBusy] = useState(false)
  const [idemKey] = useState(() => crypto.randomUUID())
  const [touched, setTouched] = useState<string[]>([])
  const skus = useResource('campaign-skus', () => api.inventory({ limit: 100 }))
  const skuOptions = (skus.data?.items ?? []).map((s) => ({
    value: s.skuId,
    label: `${s.productTitle}${s.specLabel ? ` · ${s.specLabel}` : ''} (${formatFen(s.priceFen)})`,
  }))

  const submit = async () => {
    const v = form.getFieldsValue(true) as FormShape
    const values: CampaignFormValues = {
      ...v,
      cutoffAt: v.cutoffAt ? v.cutoffAt.toISOString() : null,
      pickupDate: v.pickupDate ? v.pickupDate.format('YYYY-MM-DD') : null,
    }
    form.setFields(touched.map((f) => ({ name: pathOf(f) as never, errors: [] })))
    const { input, problems } = toCampaignInput(values, new Date())
    if (!input) return show(problems)
    setBusy(true)
    try {
      await communityApi.createCampaign(input, idemKey)
      message.success(t('cm.campaigns.created'))
      onSaved()
    } catch (err) {
      if (err instanceof ApiError && err.field) {
        const f = fromServer(err.field)
        setTouched((x) => [...x, f])
        form.setFields([{ name: pathOf(f) as never, errors: [err.message] }])
      }
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const show = (problems: CampaignProblem[]) => {
    setTouched(problems.map((p) => p.field))
    const onForm = problems.filter((p) => p.field !== 'skus')
    form.setFields(
      onForm.map((p) => ({
        name: pathOf(p.field) as never,
        errors: [t(`cm.problem.${p.key}` as ConsoleKey)],
      })),
    )
    if (problems.some((p) => p.field === 'skus')) message.error(t('cm.campaigns.addSku'))
  }

  const pick = (index: number, skuId: string) => {
    const row = skus.data?.items.find((s) => s.skuId === skuId)
    const current = form.getFieldValue(['skus', index]) ?? {}
    if (row && !current.price) form.setFieldValue(['skus', index, 'price'], (row.priceFen / 100).toFixed(2))
  }

  return (
    <Modal
      open
      width={1100}
      title={t('cm.campaigns.new')}
      okText={t('common.save')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
    >
      <Form<FormShape>
        form={form}
        layout="vertical"
        data-testid="campaign-form"
        initialValues={{
          cutoffAt: dayjs().add(2, 'day').hour(20).minute(0).second(0),
          pickupDate: dayjs().add(3, 'day'),
          commissionPercent: '10',
          skus: [{ perPersonLimit: 5, unit: '份' }],
        }}
      >
        <Space size={12} wrap align="start">
          <Form.Item name="title" label={t('cm.campaigns.name')} required>
            <Input maxLength={60} style={{ width: 300 }} placeholder="周末鲜果团" />
          </Form.Item>
          <Form.Item name="cutoffAt" label={t('cm.campaigns.cutoff')} required>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="pickupDate" label={t('cm.campaigns.pickupDate')} required>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="commissionPercent"
            label={t('cm.campaigns.commission')}
            extra={t('cm.campaigns.commissionHint')}
          >
            <Input suffix="%" style={{ width: 120 }} inputMode="decimal" />
          </Form.Item>
        </Space>
        <h4>{t('cm.campaigns.skus')}</h4>
        <Form.List name="skus">
          {(fields, { add, remove }) => (
            <div data-testid="campaign-skus">
              {fields.map((f) => (
                <Space key={f.key} size={8} align="start" wrap style={{ width: '100%' }}>
                  <Form.Item name={[f.name, 'skuId']} label={t('cm.campaigns.sku')} required>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 260 }}
                      loading={skus.loading}
                      options={skuOptions}
                      onChange={(v: string) => pick(f.name, v)}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'price']} label={t('cm.campaigns.price')} required>
                    <Input prefix="¥" style={{ width: 100 }} inputMode="decimal" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'perPersonLimit']} label={t('cm.campaigns.perPerson')}>
                    <InputNumber min={1} max={999} precision={0} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'totalCap']} label={t('cm.campaigns.cap')}>
                    <InputNumber
                      min={1}
                      precision={0}
                      style={{ width: 90 }}
                      placeholder={t('cm.campaigns.capHint')}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'supplier']} label={t('cm.campaigns.supplier')} required>
                    <Input maxLength={60} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} label={t('cm.campaigns.unit')} required>
                    <Input maxLength={10} style={{ width: 60 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'cost']} label={t('cm.campaigns.cost')} required>
                    <Input prefix="¥" style={{ width: 100 }} inputMode="decimal" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'commissionPercent']} label={t('cm.campaigns.skuCommission')}>
                    <Input
                      suffix="%"
                      style={{ width: 120 }}
                      placeholder={t('cm.campaigns.skuCommissionHint')}
                    />
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                    />
                  </Form.Item>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ perPersonLimit: 5, unit: '份' })}>
                {t('cm.campaigns.addSku')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  )
}
