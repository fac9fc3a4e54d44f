import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  message,
  Select,
  Space,
  Table,
  Tag,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import { fenToYuanString, formatFen, yuanToFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { LoadError, PageHead } from '../components/bits'
import { CreateButton, ResourceTable } from '../components/ResourceTable'
import {
  type Campaign,
  type CampaignStatus,
  type CampaignSummary,
  flashSaleApi,
  formFieldOf,
  type SlotInput,
} from '../flashsaleApi'
import { type ConsoleKey, useI18n } from '../i18n'
import type { InventoryRow } from '../types'

const statusColor: Record<CampaignStatus, string> = { draft: 'default', scheduled: 'blue', ended: 'default' }

interface FormShape {
  title: string
  slots: {
    range?: [Dayjs, Dayjs]
    skus: { skuId?: string; flashYuan?: string; stock?: number; perPersonLimit?: number }[]
  }[]
}

/** A SKU picker over the inventory list: shows price and what is available to carve. */
function SkuSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n()
  const [rows, setRows] = useState<InventoryRow[]>([])
  const search = async (q?: string) =>
    setRows((await api.inventory({ q: q?.trim() || undefined, limit: 30 })).items)
  useEffect(() => {
    void search()
  }, [])
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={search}
      placeholder={t('flashsale.skuSearch')}
      style={{ width: 260 }}
      data-testid="fs-sku-select"
      options={rows.map((r) => ({
        value: r.skuId,
        label: `${r.productTitle} ${r.specLabel} · ${formatFen(r.priceFen)} · ${t('flashsale.available', { n: r.available })}`,
      }))}
    />
  )
}

/** Create or edit a draft: title and slots, each with its SKUs; server errors land on their field. */
function CampaignEditor({
  campaign,
  onClose,
  onSaved,
}: {
  campaign?: Campaign
  onClose: () => void
  onSaved: (c: Campaign) => void
}) {
  const { t } = useI18n()
  const [form] = Form.useForm<FormShape>()
  const [busy, setBusy] = useState(false)
  const initial: FormShape = campaign
    ? {
        title: campaign.title,
        slots: campaign.slots.map((s) => ({
          range: [dayjs(s.startsAt), dayjs(s.endsAt)],
          skus: s.skus.map((k) => ({
            skuId: k.skuId,
            flashYuan: fenToYuanString(k.flashPriceFen),
            stock: k.stock,
            perPersonLimit: k.perPersonLimit,
          })),
        })),
      }
    : {
        title: '',
        slots: [
          {
            range: [dayjs().add(1, 'hour').startOf('hour'), dayjs().add(2, 'hour').startOf('hour')],
            skus: [{ stock: 100, perPersonLimit: 1 }],
          },
        ],
      }

  const save = async () => {
    // Field rules show their own messages; nothing to send until they pass.
    const v = await form.validateFields().catch(() => undefined)
    if (!v) return
    const slots: SlotInput[] = v.slots.map((s) => ({
      startsAt: s.range![0].toISOString(),
      endsAt: s.range![1].toISOString(),
      skus: s.skus.map((k) => ({
        skuId: k.skuId!,
        flashPriceFen: yuanToFen(k.flashYuan) ?? 0,
        stock: Number(k.stock),
        perPersonLimit: Number(k.perPersonLimit),
      })),
    }))
    setBusy(true)
    try {
      const saved = campaign
        ? await flashSaleApi.update(campaign.id, { title: v.title, slots })
        : await flashSaleApi.create({ title: v.title, slots })
      message.success(t('flashsale.saved'))
      onSaved(saved)
    } catch (err) {
      const name = err instanceof ApiError ? formFieldOf(err.field) : undefined
      if (name) form.setFields([{ name: name as never, errors: [(err as Error).message] }])
      else Modal.error({ content: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }

  const req = [{ required: true, message: t('flashsale.required') }]
  return (
    <Modal
      open
      width={900}
      title={campaign ? t('flashsale.edit') : t('flashsale.create')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'fs-save' } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="title" label={t('flashsale.titleField')} rules={req}>
          <Input maxLength={60} data-testid="fs-title" />
        </Form.Item>
        <Form.List name="slots">
          {(slots, { add, remove }) => (
            <>
              {slots.map((slot) => (
                <Card
                  key={slot.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={t('flashsale.slot', { n: slot.name + 1 })}
                  extra={
                    <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(slot.name)}>
                      {t('flashsale.removeSlot')}
                    </Button>
                  }
                >
                  <Form.Item name={[slot.name, 'range']} label={t('flashsale.range')} rules={req}>
                    <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                  <Form.List name={[slot.name, 'skus']}>
                    {(skus, sk) => (
                      <>
                        {skus.map((k) => (
                          <Space key={k.key} align="start" wrap>
                            <Form.Item name={[k.name, 'skuId']} label={t('flashsale.sku')} rules={req}>
                              <SkuSelect />
                            </Form.Item>
                            <Form.Item
                              name={[k.name, 'flashYuan']}
                              label={t('flashsale.flashPrice')}
                              rules={req}
                            >
                              <Input style={{ width: 110 }} inputMode="decimal" />
                            </Form.Item>
                            <Form.Item name={[k.name, 'stock']} label={t('flashsale.stock')} rules={req}>
                              <InputNumber min={1} precision={0} style={{ width: 100 }} />
                            </Form.Item>
                            <Form.Item
                              name={[k.name, 'perPersonLimit']}
                              label={t('flashsale.limit')}
                              rules={req}
                            >
                              <InputNumber min={1} max={999} precision={0} style={{ width: 90 }} />
                            </Form.Item>
                            <Form.Item label=" ">
                              <Button icon={<DeleteOutlined />} onClick={() => sk.remove(k.name)} />
                            </Form.Item>
                          </Space>
                        ))}
                        <Button
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => sk.add({ stock: 100, perPersonLimit: 1 })}
                        >
                          {t('flashsale.addSku')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ skus: [{ stock: 100, perPersonLimit: 1 }] })}
              >
                {t('flashsale.addSlot')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  )
}

/** One campaign: its slots with live figures per SKU (carved, held, sold, left), and its actions. */
function CampaignDetail({ id }: { id: string }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const c = useResource(`flash-campaign-${id}`, () => flashSaleApi.get(id))
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState('')
  const reload = c.reload
  useEffect(() => {
    // Live figures while a sale can move them.
    const timer = setInterval(() => void reload(), 5000)
    return () => clearInterval(timer)
  }, [reload])
  const act = (key: string, confirm: ConsoleKey, run: () => Promise<Campaign>) =>
    Modal.confirm({
      content: t(confirm),
      onOk: async () => {
        setBusy(key)
        try {
          c.setData(await run())
        } catch (err) {
          Modal.error({ content: (err as Error).message })
        } finally {
          setBusy('')
        }
      },
    })
  if (!c.data) return c.error ? <LoadError error={c.error} onRetry={c.reload} /> : <Card loading />
  const d = c.data
  return (
    <div>
      <PageHead
        title={d.title}
        sub={<Tag color={statusColor[d.status]}>{t(`flashsale.status.${d.status}`)}</Tag>}
        extra={
          <Space>
            <Button onClick={() => navigate('/flash-sales')}>{t('common.back')}</Button>
            {d.status === 'draft' ? (
              <>
                <Button onClick={() => setEditing(true)}>{t('flashsale.edit')}</Button>
                <Button
                  type="primary"
                  loading={busy === 'schedule'}
                  data-testid="fs-schedule"
                  onClick={() =>
                    act('schedule', 'flashsale.scheduleConfirm', () => flashSaleApi.schedule(d.id))
                  }
                >
                  {t('flashsale.schedule')}
                </Button>
              </>
            ) : null}
            {d.status !== 'ended' ? (
              <Button
                danger
                loading={busy === 'end'}
                onClick={() => act('end', 'flashsale.endConfirm', () => flashSaleApi.end(d.id))}
              >
                {t('flashsale.end')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card title={t('flashsale.live')}>
        {d.slots.map((s, i) => (
          <div key={s.id} style={{ marginBottom: 16 }} data-testid="fs-slot-figures">
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('flashsale.slot', { n: i + 1 })}>
                {formatDateTime(s.startsAt)} – {formatDateTime(s.endsAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('flashsale.window')}>
                <Tag color={s.phase === 'live' ? 'red' : undefined}>{t(`flashsale.phase.${s.phase}`)}</Tag>
              </Descriptions.Item>
            </Descriptions>
            <Table
              rowKey="skuId"
              size="small"
              pagination={false}
              dataSource={s.skus}
              columns={[
                { title: t('flashsale.sku'), render: (_, k) => `${k.title} ${k.specLabel}` },
                { title: t('flashsale.price'), align: 'right', render: (_, k) => formatFen(k.priceFen) },
                {
                  title: t('flashsale.flashPrice'),
                  align: 'right',
                  render: (_, k) => formatFen(k.flashPriceFen),
                },
                { title: t('flashsale.limit'), align: 'right', dataIndex: 'perPersonLimit' },
                { title: t('flashsale.carved'), align: 'right', render: (_, k) => k.carved || k.stock },
                { title: t('flashsale.held'), align: 'right', dataIndex: 'held' },
                { title: t('flashsale.sold'), align: 'right', dataIndex: 'sold' },
                { title: t('flashsale.taken'), align: 'right', dataIndex: 'taken' },
                { title: t('flashsale.returned'), align: 'right', dataIndex: 'returned' },
                { title: t('flashsale.left'), align: 'right', render: (_, k) => <b>{k.left}</b> },
              ]}
            />
          </div>
        ))}
      </Card>
      {editing ? (
        <CampaignEditor
          campaign={d}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false)
            c.setData(saved)
          }}
        />
      ) : null}
    </div>
  )
}

/** 限时秒杀: campaigns and, at `/flash-sales/:id`, one campaign with its live figures. */
export default function FlashSales() {
  const { id } = useParams()
  const { t } = useI18n()
  const navigate = useNavigate()
  const list = useResource(id ? null : 'flash-campaigns', () => flashSaleApi.list())
  const [creating, setCreating] = useState(false)
  if (id) return <CampaignDetail id={id} />
  return (
    <div>
      <PageHead
        title={t('flashsale.campaigns')}
        sub={t('flashsale.sub')}
        extra={
          <CreateButton onClick={() => setCreating(true)} testId="fs-create">
            {t('flashsale.create')}
          </CreateButton>
        }
      />
      <Card>
        <ResourceTable<CampaignSummary>
          resource={list}
          rows={list.data}
          emptyText={t('flashsale.empty')}
          rowTestId="fs-row"
          onOpen={(c) => navigate(`/flash-sales/${encodeURIComponent(c.id)}`)}
          columns={[
            { title: t('flashsale.titleField'), dataIndex: 'title' },
            {
              title: t('flashsale.window'),
              render: (_, c) => `${formatDateTime(c.startsAt)} – ${formatDateTime(c.endsAt)}`,
            },
            { title: t('flashsale.slots'), dataIndex: 'slotCount', align: 'right', width: 80 },
            {
              title: '',
              width: 100,
              render: (_, c) => <Tag color={statusColor[c.status]}>{t(`flashsale.status.${c.status}`)}</Tag>,
            },
          ]}
        />
      </Card>
      {creating ? (
        <CampaignEditor
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false)
            navigate(`/flash-sales/${encodeURIComponent(c.id)}`)
          }}
        />
      ) : null}
    </div>
  )
}
