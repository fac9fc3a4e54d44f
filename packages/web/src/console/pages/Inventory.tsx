import { App, Card, Drawer, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd'
import { useRef } from 'react'
import { Link } from 'react-router-dom'
import { uuid } from '../../shared/random'
import { formatDateTime } from '../../shared/time'
import { api } from '../api'
import { CursorPager, LinkButton, LoadError, PageHead } from '../components/bits'
import { priceColumn } from '../components/columns'
import { useBusyAction, useInventory, useMovements, useUrlParams } from '../hooks'
import { tr, useI18n } from '../i18n'
import type { InventoryRow, Movement } from '../types'
import { nextPage, parseInventory, prevPage, urls, withFilters } from '../urls'

const movementColor: Record<string, string> = {
  receive: 'green',
  adjust: 'blue',
  reserve: 'gold',
  release: 'default',
  sell: 'volcano',
  return: 'cyan',
}

function AdjustDialog({
  row,
  onClose,
  onDone,
}: {
  row: InventoryRow | undefined
  onClose: () => void
  onDone: () => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ delta: number; note: string }>()
  const delta = Form.useWatch('delta', form) ?? 0
  const [busy, run] = useBusyAction()
  const key = useRef(uuid())

  const submit = async () => {
    if (!row) return
    const v = await form.validateFields()
    await run(async () => {
      await api.adjustStock(row.skuId, v.delta, v.note.trim(), key.current)
      key.current = uuid()
      message.success(t('inventory.adjusted'))
      form.resetFields()
      onDone()
    })
  }

  return (
    <Modal
      open={!!row}
      title={`${t('inventory.adjust')} · ${row?.productTitle ?? ''}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      forceRender
    >
      {row ? (
        <p className="muted">
          {row.specLabel} · {t('inventory.onHand')} {row.onHand} · {t('inventory.reserved')} {row.reserved} ·{' '}
          {t('inventory.available')} <b>{row.available}</b>
        </p>
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ delta: 0, note: '' }}>
        <Form.Item
          name="delta"
          label={t('inventory.delta')}
          extra={
            row
              ? `${t('inventory.deltaHint')} · ${t('inventory.after', { n: row.available + (delta || 0) })}`
              : t('inventory.deltaHint')
          }
          rules={[
            {
              required: true,
              validator: (_, v) =>
                v
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('common.required', { field: t('inventory.delta') }))),
            },
          ]}
        >
          <InputNumber
            precision={0}
            min={-1_000_000}
            max={1_000_000}
            style={{ width: '100%' }}
            data-testid="adjust-delta"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('inventory.note')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('inventory.note') }),
            },
          ]}
        >
          <Input maxLength={200} placeholder={t('inventory.notePlaceholder')} data-testid="adjust-note" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function MovementsDrawer({ skuId, title, onClose }: { skuId?: string; title: string; onClose: () => void }) {
  const { t } = useI18n()
  const movements = useMovements(skuId)
  return (
    <Drawer open={!!skuId} onClose={onClose} title={`${t('inventory.movements')} · ${title}`} size={560}>
      {movements.error ? <LoadError error={movements.error} onRetry={movements.reload} /> : null}
      <Table<Movement>
        rowKey="id"
        size="small"
        loading={movements.loading}
        dataSource={movements.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('common.createdAt'), dataIndex: 'at', width: 140, render: formatDateTime },
          {
            title: t('ledger.transferKind'),
            dataIndex: 'kind',
            width: 100,
            render: (k: string) => <Tag color={movementColor[k]}>{tr(t, 'movement', k)}</Tag>,
          },
          {
            title: t('inventory.delta'),
            dataIndex: 'quantity',
            align: 'right',
            width: 80,
            render: (q: number) => (
              <b className={q < 0 ? 'money-danger' : 'text-ok'}>{q > 0 ? `+${q}` : q}</b>
            ),
          },
          {
            title: t('common.note'),
            render: (_, m) =>
              m.orderId ? <Link to={urls.order(m.orderId)}>{t('movement.order')}</Link> : m.note,
          },
        ]}
      />
    </Drawer>
  )
}

export default function Inventory() {
  const { t } = useI18n()
  const [params, setParams] = useUrlParams(parseInventory, urls.inventory)
  const inventory = useInventory(params)
  const rows = inventory.data?.items ?? []
  const adjusting = rows.find((r) => r.skuId === params.adjust)
  const watching = rows.find((r) => r.skuId === params.movements)

  return (
    <div>
      <PageHead title={t('nav.inventory')} />
      <Card>
        <Space style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('inventory.searchPlaceholder')}
            defaultValue={params.q}
            key={params.q ?? ''}
            onSearch={(q) => setParams(withFilters(params, { q: q.trim() || undefined }))}
            style={{ width: 280 }}
          />
        </Space>
        {inventory.error ? <LoadError error={inventory.error} onRetry={inventory.reload} /> : null}
        <Table<InventoryRow>
          rowKey="skuId"
          loading={inventory.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('inventory.product'),
              dataIndex: 'productTitle',
              ellipsis: true,
              render: (v: string, r) => <Link to={urls.product(r.productId)}>{v}</Link>,
            },
            {
              title: t('inventory.spec'),
              dataIndex: 'specLabel',
              width: 160,
              render: (v: string) => v || '-',
            },
            {
              title: t('inventory.code'),
              dataIndex: 'code',
              width: 120,
              render: (v: string | null) => v ?? '-',
            },
            priceColumn(t('product.price'), 'priceFen', { width: 100 }),
            { title: t('inventory.onHand'), dataIndex: 'onHand', width: 90, align: 'right' },
            { title: t('inventory.reserved'), dataIndex: 'reserved', width: 90, align: 'right' },
            {
              title: t('inventory.available'),
              dataIndex: 'available',
              width: 90,
              align: 'right',
              render: (v: number) => (
                <b className={v <= 0 ? 'money-danger' : v <= 10 ? 'text-warn' : ''}>{v}</b>
              ),
            },
            {
              title: t('common.actions'),
              width: 160,
              fixed: 'right',
              render: (_, r) => (
                <Space>
                  <LinkButton
                    onClick={() => setParams({ ...params, adjust: r.skuId }, { push: true })}
                    data-testid="adjust-stock"
                  >
                    {t('inventory.adjust')}
                  </LinkButton>
                  <LinkButton onClick={() => setParams({ ...params, movements: r.skuId }, { push: true })}>
                    {t('inventory.movements')}
                  </LinkButton>
                </Space>
              ),
            },
          ]}
        />
        <CursorPager
          page={(params.c?.length ?? 0) + 1}
          hasNext={!!inventory.data?.nextCursor}
          onPrev={() => setParams(prevPage(params), { push: true })}
          onNext={() =>
            inventory.data?.nextCursor &&
            setParams(nextPage(params, inventory.data.nextCursor), { push: true })
          }
        />
      </Card>
      <AdjustDialog
        row={adjusting}
        onClose={() => setParams({ ...params, adjust: undefined })}
        onDone={() => {
          setParams({ ...params, adjust: undefined })
          void inventory.reload()
        }}
      />
      <MovementsDrawer
        skuId={watching?.skuId ?? params.movements}
        title={watching ? `${watching.productTitle} ${watching.specLabel}` : ''}
        onClose={() => setParams({ ...params, movements: undefined })}
      />
    </div>
  )
}
