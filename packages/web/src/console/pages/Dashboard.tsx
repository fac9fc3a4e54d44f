import { Card, Col, Empty, List, Row, Skeleton, Statistic, Table } from 'antd'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import type { Order } from '../../shared/types'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { LoadError, Money, OrderStatusTag, PageHead } from '../components/bits'
import { useDashboard } from '../hooks'
import { type ConsoleKey, useI18n } from '../i18n'
import { urls } from '../urls'

/** Today's headline figures, by the names `/console/dashboard` answers with. */
const FIGURES: { key: string; label: ConsoleKey; money?: boolean; link?: string }[] = [
  { key: 'todayGmvFen', label: 'dash.gmv', money: true },
  { key: 'todayOrders', label: 'dash.orders', link: urls.orders() },
  { key: 'todayPaidOrders', label: 'dash.paidOrders' },
  { key: 'avgOrderFen', label: 'dash.avgOrder', money: true },
]

/** Work waiting for the operator, each a link to where it is done. */
const TODO: { key: string; label: ConsoleKey; link: string }[] = [
  { key: 'toShip', label: 'dash.toShip', link: urls.orders({ status: 'paid' }) },
  { key: 'toPickUp', label: 'dash.toPickUp', link: urls.orders({ status: 'ready_for_pickup' }) },
  { key: 'openAfterSales', label: 'dash.afterSales', link: urls.afterSales({ status: 'requested' }) },
  { key: 'lowStockSkus', label: 'dash.lowStockSkus', link: urls.inventory() },
]

interface DayFigure {
  day: string
  gmvFen: number
  orders: number
}

/** A 7-day GMV line as plain SVG, when the dashboard answers with a series. */
function Trend({ points }: { points: DayFigure[] }) {
  const w = 560
  const h = 160
  const max = Math.max(1, ...points.map((p) => p.gmvFen))
  const step = points.length > 1 ? w / (points.length - 1) : w
  const xy = points.map((p, i) => [i * step, h - 20 - (p.gmvFen / max) * (h - 40)] as const)
  const line = xy.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ')
  return (
    <svg viewBox={`-24 0 ${w + 48} ${h + 10}`} className="trend" role="img">
      <title>GMV</title>
      <defs>
        <linearGradient id="trendFill" x1="0" x2="0" y1="0" y2="1">
          <stop offset="0" stopColor="#ff4d2e" stopOpacity="0.25" />
          <stop offset="1" stopColor="#ff4d2e" stopOpacity="0" />
        </linearGradient>
      </defs>
      {xy.length > 1 ? <path d={`${line} L${w},${h - 20} L0,${h - 20} Z`} fill="url(#trendFill)" /> : null}
      <path d={line} fill="none" stroke="#ff4d2e" strokeWidth="2.5" />
      {xy.map(([x, y], i) => (
        <g key={points[i].day}>
          <circle cx={x} cy={y} r="3.5" fill="#fff" stroke="#ff4d2e" strokeWidth="2" />
          <text x={x} y={h + 4} textAnchor="middle" fontSize="11" fill="#8c8c8c">
            {points[i].day.slice(5)}
          </text>
          <title>{`${points[i].day} ${formatFen(points[i].gmvFen)} · ${points[i].orders}`}</title>
        </g>
      ))}
    </svg>
  )
}

export default function Dashboard() {
  const { t } = useI18n()
  const dash = useDashboard()
  const recent = useResource('dash:recent', () => api.orders({ limit: 6 }))
  const stock = useResource('dash:stock', () => api.inventory({ limit: 100 }))
  const d = dash.data ?? {}
  const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null)
  const paid = num('todayPaidOrders')
  const gmv = num('todayGmvFen')
  const figures = FIGURES.map((f) => ({
    ...f,
    value: f.key === 'avgOrderFen' ? (paid && gmv !== null ? Math.round(gmv / paid) : 0) : num(f.key),
  }))
  const series = Array.isArray(d.last7Days) ? (d.last7Days as DayFigure[]) : null
  const low = (stock.data?.items ?? [])
    .filter((r) => r.available <= 10)
    .sort((a, b) => a.available - b.available)
    .slice(0, 6)

  return (
    <div>
      <PageHead title={t('dash.title')} sub={formatDateTime(new Date().toISOString()).slice(0, 10)} />
      {dash.error ? <LoadError error={dash.error} onRetry={dash.reload} /> : null}
      <Row gutter={[16, 16]}>
        {dash.loading && !dash.data
          ? [0, 1, 2, 3].map((i) => (
              <Col xs={12} lg={6} key={i}>
                <Card>
                  <Skeleton active paragraph={{ rows: 1 }} />
                </Card>
              </Col>
            ))
          : figures.map((f) => (
              <Col xs={12} lg={6} key={f.key}>
                <Card className={`stat-card${f.money ? ' stat-money' : ''}`}>
                  <Statistic
                    title={f.link ? <Link to={f.link}>{t(f.label)}</Link> : t(f.label)}
                    value={f.value === null ? '-' : f.money ? formatFen(f.value) : f.value}
                    data-testid={`dash-${f.key}`}
                  />
                </Card>
              </Col>
            ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          {series ? (
            <Card title={t('dash.trend')} style={{ marginBottom: 16 }}>
              <Trend points={series} />
            </Card>
          ) : null}
          <Card title={t('dash.recentOrders')} extra={<Link to={urls.orders()}>{t('dash.viewAll')}</Link>}>
            {recent.error ? <LoadError error={recent.error} onRetry={recent.reload} /> : null}
            <Table<Order>
              size="small"
              rowKey="id"
              loading={recent.loading && !recent.data}
              dataSource={recent.data?.items ?? []}
              pagination={false}
              columns={[
                {
                  title: t('order.no'),
                  dataIndex: 'orderNo',
                  render: (v: string, o) => <Link to={urls.order(o.id)}>{v}</Link>,
                },
                {
                  title: t('order.items'),
                  render: (_, o) => o.lines[0]?.title + (o.lines.length > 1 ? ` +${o.lines.length - 1}` : ''),
                },
                {
                  title: t('order.total'),
                  dataIndex: 'totalFen',
                  align: 'right',
                  render: (v: number) => <Money fen={v} />,
                },
                {
                  title: t('order.status'),
                  dataIndex: 'status',
                  render: (s) => <OrderStatusTag status={s} />,
                },
                { title: t('order.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('dash.todo')} style={{ marginBottom: 16 }}>
            <div className="todo-grid">
              {TODO.map((x) => (
                <Link key={x.key} to={x.link} className="todo-item">
                  <b className={(num(x.key) ?? 0) > 0 ? 'todo-hot' : ''}>{num(x.key) ?? '-'}</b>
                  <span>{t(x.label)}</span>
                </Link>
              ))}
            </div>
          </Card>
          <Card title={t('dash.lowStock')} extra={<Link to={urls.inventory()}>{t('dash.viewAll')}</Link>}>
            {low.length === 0 && !stock.loading ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noLowStock')} />
            ) : (
              <List
                loading={stock.loading && !stock.data}
                dataSource={low}
                renderItem={(r) => (
                  <List.Item
                    extra={<b className={r.available <= 0 ? 'money-danger' : 'text-warn'}>{r.available}</b>}
                  >
                    <List.Item.Meta
                      title={
                        <Link to={urls.inventory({ q: r.code ?? r.productTitle })}>{r.productTitle}</Link>
                      }
                      description={r.specLabel || r.code}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  )
}
