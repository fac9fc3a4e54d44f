import { Card, Col, Empty, List, Row, Skeleton, Statistic, Table, theme } from 'antd'
import { lazy, Suspense, useMemo } from 'react'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import type { Order } from '../../shared/types'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { LoadError, Money, OrderStatusTag, PageHead } from '../components/bits'
import type { EChartOption } from '../components/EChart'
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

/** ECharts is the bulk of this page, so it comes in its own chunk after the figures render. */
const EChart = lazy(() => import('../components/EChart'))

const CHART_HEIGHT = 240

/** Seven days of GMV in yuan as a line, paid orders as bars on a second axis. */
function Trend({ points }: { points: DayFigure[] }) {
  const { t, lang } = useI18n()
  const { token } = theme.useToken()
  const option = useMemo<EChartOption>(() => {
    const primary = token.colorPrimary
    const muted = token.colorTextTertiary
    const ordersColor = token.colorPrimaryBorder
    const gmvName = t('dash.trendGmv')
    const ordersName = t('dash.trendOrders')
    const axisLabel = { color: muted, fontSize: 11 }
    return {
      color: [primary, ordersColor],
      textStyle: { fontFamily: token.fontFamily },
      grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: token.colorFillTertiary } },
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params]
          const p = points[list[0]?.dataIndex ?? 0]
          if (!p) return ''
          return [
            `<b>${p.day}</b>`,
            `${list[0]?.marker ?? ''}${gmvName}: ${formatFen(p.gmvFen)}`,
            `${list[1]?.marker ?? ''}${ordersName}: ${p.orders}`,
          ].join('<br/>')
        },
      },
      xAxis: {
        type: 'category',
        data: points.map((p) => p.day.slice(5)),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: token.colorBorder } },
        axisLabel,
      },
      yAxis: [
        {
          type: 'value',
          name: `${gmvName} (¥)`,
          nameTextStyle: { color: muted, align: 'left' },
          minInterval: 1,
          axisLabel: { ...axisLabel, formatter: (v: number) => formatFen(v * 100, { trimZeros: true }) },
          splitLine: { lineStyle: { color: token.colorBorderSecondary } },
        },
        {
          type: 'value',
          name: ordersName,
          nameTextStyle: { color: muted, align: 'right' },
          minInterval: 1,
          axisLabel,
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: gmvName,
          type: 'line',
          yAxisIndex: 0,
          z: 3,
          symbol: 'circle',
          symbolSize: 7,
          itemStyle: { color: primary, borderColor: token.colorBgContainer, borderWidth: 2 },
          lineStyle: { width: 2.5, color: primary },
          areaStyle: {
            color: {
              type: 'linear',
              x: 0,
              y: 0,
              x2: 0,
              y2: 1,
              colorStops: [
                { offset: 0, color: `${primary}40` },
                { offset: 1, color: `${primary}00` },
              ],
            },
          },
          data: points.map((p) => p.gmvFen / 100),
        },
        {
          name: ordersName,
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 18,
          itemStyle: { color: ordersColor, borderRadius: [3, 3, 0, 0] },
          data: points.map((p) => p.orders),
        },
      ],
    }
    // `lang` re-labels the chart when the language changes.
  }, [points, t, lang, token])
  return (
    <Suspense fallback={<div style={{ height: CHART_HEIGHT }} />}>
      <EChart option={option} height={CHART_HEIGHT} />
    </Suspense>
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
