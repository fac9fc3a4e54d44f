import { Card, DatePicker, Input, Space, Table, Tabs } from 'antd'
import dayjs from 'dayjs'
import type { HTMLAttributes } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../shared/types'
import { CursorPager, LoadError, Money, OrderStatusTag, PageHead, Thumb } from '../components/bits'
import { useOrders, useUrlParams } from '../hooks'
import { tr, useI18n } from '../i18n'
import { nextPage, parseOrderList, prevPage, urls, withFilters } from '../urls'

export default function Orders() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params, setParams] = useUrlParams(parseOrderList, urls.orders)
  const orders = useOrders(params)

  return (
    <div>
      <PageHead title={t('nav.orders')} />
      <Card>
        <Tabs
          activeKey={params.status ?? 'all'}
          onChange={(k) =>
            setParams(withFilters(params, { status: k === 'all' ? undefined : (k as OrderStatus) }))
          }
          items={[
            { key: 'all', label: t('common.all') },
            ...ORDER_STATUSES.map((s) => ({ key: s, label: tr(t, 'status', s) })),
          ]}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('order.searchPlaceholder')}
            defaultValue={params.q}
            key={params.q ?? ''}
            onSearch={(q) => setParams(withFilters(params, { q: q.trim() || undefined }))}
            style={{ width: 280 }}
            data-testid="order-search"
          />
          <DatePicker.RangePicker
            value={
              params.from || params.to
                ? [params.from ? dayjs(params.from) : null, params.to ? dayjs(params.to) : null]
                : null
            }
            onChange={(range) =>
              setParams(
                withFilters(params, {
                  from: range?.[0]?.format('YYYY-MM-DD') ?? undefined,
                  to: range?.[1]?.format('YYYY-MM-DD') ?? undefined,
                }),
              )
            }
            allowEmpty={[true, true]}
          />
        </Space>
        {orders.error ? <LoadError error={orders.error} onRetry={orders.reload} /> : null}
        <Table<Order>
          rowKey="id"
          loading={orders.loading}
          dataSource={orders.data?.items ?? []}
          pagination={false}
          scroll={{ x: 980 }}
          locale={{ emptyText: t('order.empty') }}
          onRow={(o) =>
            ({
              'data-testid': 'order-row',
              'data-order-id': o.id,
              'data-order-no': o.orderNo,
              className: 'clickable-row',
              onClick: () => navigate(urls.order(o.id)),
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('order.no'),
              dataIndex: 'orderNo',
              width: 200,
              render: (v: string, o) => (
                <Link to={urls.order(o.id)} onClick={(e) => e.stopPropagation()} className="mono">
                  {v}
                </Link>
              ),
            },
            {
              title: t('order.items'),
              render: (_, o) => (
                <div className="cell-product">
                  <Thumb src={o.lines[0]?.imageUrl} alt={o.lines[0]?.title ?? ''} size={40} />
                  <span>
                    <span className="cell-title">{o.lines[0]?.title}</span>
                    <span className="cell-sub">
                      {o.lines.length > 1 ? `+${o.lines.length - 1} · ` : ''}
                      {t('order.itemsCount', {
                        n: o.itemCount ?? o.lines.reduce((a, l) => a + l.quantity, 0),
                      })}
                    </span>
                  </span>
                </div>
              ),
            },
            { title: t('order.buyer'), width: 130, render: (_, o) => o.shopper?.phone ?? '-' },
            {
              title: t('order.total'),
              dataIndex: 'totalFen',
              width: 110,
              align: 'right',
              render: (v: number, o) => (
                <span>
                  <Money fen={v} strong />
                  {o.refundedFen > 0 ? (
                    <div className="cell-sub money-danger">-{formatFen(o.refundedFen)}</div>
                  ) : null}
                </span>
              ),
            },
            {
              title: t('order.fulfillment'),
              dataIndex: 'fulfillment',
              width: 100,
              render: (f: string) => t(f === 'pickup' ? 'order.pickup' : 'order.delivery'),
            },
            {
              title: t('order.status'),
              dataIndex: 'status',
              width: 110,
              render: (s: OrderStatus) => <OrderStatusTag status={s} />,
            },
            { title: t('order.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
          ]}
        />
        <CursorPager
          page={(params.c?.length ?? 0) + 1}
          hasNext={!!orders.data?.nextCursor}
          onPrev={() => setParams(prevPage(params), { push: true })}
          onNext={() =>
            orders.data?.nextCursor && setParams(nextPage(params, orders.data.nextCursor), { push: true })
          }
        />
      </Card>
    </div>
  )
}
