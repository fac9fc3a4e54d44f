import { ApartmentOutlined, ReloadOutlined } from '@ant-design/icons'
import { Button, Col, Empty, Row, Table, Tag } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { useResource } from '../../shared/useResource'
import { analyticsApi, type Breakdown, type KFactor, type Overview } from '../analyticsApi'
import {
  type AnalyticsParams,
  analyticsUrls,
  daysIn,
  funnelRows,
  parseAnalytics,
  percent,
  RANGE_PRESETS,
  rangeOf,
  sharesOf,
} from '../analyticsView'
import { LoadError, Money, PageHead } from '../components/bits'
import { useUrlParams } from '../hooks'
import { type ConsoleKey, tr, useI18n } from '../i18n'
import {
  axisYuan,
  Bars,
  ChartCard,
  Donut,
  ExportButton,
  Figure,
  FunnelChart,
  LazyChart,
  RangeBar,
  useChartStyle,
} from './AnalyticsBits'
import type { AnalyticsOption } from './AnalyticsChart'
import { GoalsCard } from './AnalyticsGoals'
import { RetentionCard } from './AnalyticsRetention'
import '../analytics.css'

const num = (n: number) => n.toLocaleString()
const yuan = (fen: number) => fen / 100

/** GMV per day as a line, paid orders as bars on a second axis. */
function GmvTrend({ o }: { o: Overview }) {
  const { t, lang } = useI18n()
  const s = useChartStyle()
  const option = useMemo<AnalyticsOption>(() => {
    const gmv = t('an.gmv')
    const orders = t('an.orders')
    const primary = s.token.colorPrimary
    return {
      ...s.base,
      legend: { top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      tooltip: {
        ...s.tooltip,
        trigger: 'axis',
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params]
          const d = o.days[list[0]?.dataIndex ?? 0]
          if (!d) return ''
          return [
            `<b>${d.day}</b>`,
            `${list[0]?.marker ?? ''}${gmv}: ${formatFen(d.gmvFen)}`,
            `${list[1]?.marker ?? ''}${orders}: ${d.orders}`,
          ].join('<br/>')
        },
      },
      xAxis: { type: 'category', data: o.days.map((d) => d.day.slice(5)), ...s.categoryAxis },
      yAxis: [
        { type: 'value', ...s.valueAxis, axisLabel: { ...s.axisLabel, formatter: axisYuan } },
        { type: 'value', ...s.valueAxis, splitLine: { show: false } },
      ],
      series: [
        {
          name: gmv,
          type: 'line',
          smooth: 0.25,
          symbol: 'circle',
          symbolSize: 6,
          showSymbol: o.days.length <= 31,
          z: 3,
          itemStyle: { color: primary, borderColor: '#fff', borderWidth: 1.5 },
          lineStyle: { width: 2.5 },
          areaStyle: {
            color: {
              type: 'linear',
              x: 0,
              y: 0,
              x2: 0,
              y2: 1,
              colorStops: [
                { offset: 0, color: `${primary}38` },
                { offset: 1, color: `${primary}00` },
              ],
            },
          },
          data: o.days.map((d) => yuan(d.gmvFen)),
        },
        {
          name: orders,
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 16,
          itemStyle: { color: '#ffc2b3', borderRadius: [3, 3, 0, 0] },
          data: o.days.map((d) => d.orders),
        },
      ],
    }
    // `lang` re-labels the chart when the language changes.
  }, [o, t, lang, s])
  return <LazyChart option={option} height={280} testId="an-chart-gmv" />
}

/** Commission per day against GMV: bars of commission, a line of its share. */
function CommissionTrend({ o }: { o: Overview }) {
  const { t, lang } = useI18n()
  const s = useChartStyle()
  const option = useMemo<AnalyticsOption>(
    () => ({
      ...s.base,
      legend: { top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      tooltip: { ...s.tooltip, trigger: 'axis' },
      xAxis: { type: 'category', data: o.days.map((d) => d.day.slice(5)), ...s.categoryAxis },
      yAxis: [
        { type: 'value', ...s.valueAxis, axisLabel: { ...s.axisLabel, formatter: axisYuan } },
        {
          type: 'value',
          ...s.valueAxis,
          minInterval: 0,
          splitLine: { show: false },
          axisLabel: { ...s.axisLabel, formatter: (v: number) => `${Math.round(v * 100)}%` },
        },
      ],
      series: [
        {
          name: t('an.commission'),
          type: 'bar',
          barMaxWidth: 16,
          itemStyle: { color: '#8b5cf6', borderRadius: [3, 3, 0, 0] },
          tooltip: { valueFormatter: (v) => formatFen(Number(v) * 100) },
          data: o.days.map((d) => yuan(d.commissionFen)),
        },
        {
          name: t('an.commissionShare'),
          type: 'line',
          yAxisIndex: 1,
          symbol: 'circle',
          symbolSize: 5,
          itemStyle: { color: '#f5a623' },
          tooltip: { valueFormatter: (v) => percent(Number(v)) },
          data: o.days.map((d) => (d.gmvFen > 0 ? d.commissionFen / d.gmvFen : 0)),
        },
      ],
    }),
    [o, t, lang, s],
  )
  return <LazyChart option={option} height={240} testId="an-chart-commission" />
}

/** The K-factor's four measured terms and what each is made of. */
function KTerms({ k }: { k: KFactor }) {
  const { t } = useI18n()
  const rows = [
    { term: 's', value: k.s, of: `${num(k.sharers)} / ${num(k.buyers)}`, label: t('an.k.s') },
    { term: 'f', value: k.f, of: `${num(k.sends)} / ${num(k.sharers)}`, label: t('an.k.f') },
    { term: 'r', value: k.r, of: `${num(k.opens)} / ${num(k.sends)}`, label: t('an.k.r') },
    { term: 'c', value: k.c, of: `${num(k.newBuyers)} / ${num(k.opens)}`, label: t('an.k.c') },
    { term: 'K', value: k.k, of: `${num(k.newBuyers)} / ${num(k.buyers)}`, label: t('an.k.k') },
  ]
  return (
    <Table
      size="small"
      rowKey="term"
      pagination={false}
      dataSource={rows}
      data-testid="an-table-k"
      columns={[
        {
          title: t('an.k.term'),
          dataIndex: 'term',
          width: 56,
          render: (v: string) => <b className="mono">{v}</b>,
        },
        { title: t('an.k.meaning'), dataIndex: 'label' },
        {
          title: t('an.k.counts'),
          dataIndex: 'of',
          align: 'right',
          render: (v: string) => <span className="mono">{v}</span>,
        },
        {
          title: t('an.k.value'),
          dataIndex: 'value',
          align: 'right',
          render: (v: number, r) => (
            <b className={r.term === 'K' ? 'an-k-value' : ''}>{v.toFixed(r.term === 'f' ? 2 : 3)}</b>
          ),
        },
      ]}
    />
  )
}

const cycle = (d: number) => (d < 1 ? `${Math.round(d * 24)}h` : `${d.toFixed(1)}d`)

/** 数据分析: the operator's fission dashboard for a range of days; every chart with its number table. */
export default function Analytics() {
  const { t } = useI18n()
  const [params, setParams] = useUrlParams(parseAnalytics, analyticsUrls.dashboard)
  // Re-reading "today" on each render would move the range at midnight under a page left open.
  const [now] = useState(() => Date.now())
  const range = rangeOf(params.range, now, params)
  const key = range ? JSON.stringify(range) : null
  const overview = useResource(key && `an:overview:${key}`, () => analyticsApi.overview(range ?? {}))
  const kf = useResource(key && `an:k:${key}`, () => analyticsApi.kFactor(range ?? {}))
  const funnel = useResource(key && `an:funnel:${key}`, () => analyticsApi.funnel(range ?? {}))
  const o = overview.data
  const k = kf.data
  const f = funnel.data
  const reload = () => {
    void overview.reload()
    void kf.reload()
    void funnel.reload()
  }

  const source = (name: string) => tr(t, 'an.source', name)
  const channel = (name: string) => tr(t, 'an.channel', name)
  const sources = o?.bySource.filter((b) => b.orders > 0) ?? []
  const sourceShares = sharesOf(sources.map((b) => b.gmvFen))
  const channels = o?.byChannel.filter((b) => b.shares + b.shareActions + b.opens + b.orders > 0) ?? []
  const totals = o?.totals ?? {}
  const gmv = totals.gmvFen ?? 0
  const orders = totals.orders ?? 0
  const customers = o?.customers
  const newVsReturning = customers
    ? [
        {
          key: 'new',
          name: t('an.customers.new'),
          orders: customers.new.orders,
          gmvFen: customers.new.gmvFen,
        },
        {
          key: 'returning',
          name: t('an.customers.returning'),
          orders: customers.returning.orders,
          gmvFen: customers.returning.gmvFen,
        },
      ]
    : []
  const nvrShares = sharesOf(newVsReturning.map((r) => r.gmvFen))
  const groups = o?.groups
  const inProgress = groups ? Math.max(0, groups.opened - groups.succeeded - groups.failed) : 0
  const covers = o ? t('an.covers', { from: o.from, to: o.to, days: daysIn(o) }) : ''
  const empty = (text: ConsoleKey) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(text)} />

  return (
    <div className="an-page" data-testid="analytics-page">
      <PageHead
        title={t('an.title')}
        sub={covers || t('an.sub')}
        extra={
          <>
            <RangeBar
              presets={RANGE_PRESETS}
              value={params.range}
              custom={params}
              onChange={(preset, c) =>
                setParams({ range: preset, ...(preset === 'custom' ? c : {}) } as AnalyticsParams)
              }
              testId="an-range"
            />
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            <ExportButton query={range ? { report: 'overview', ...range } : null} testId="an-export" />
            <Link to={analyticsUrls.cascades()}>
              <Button icon={<ApartmentOutlined />}>{t('an.toExplorer')}</Button>
            </Link>
          </>
        }
      />
      {!range ? <div className="muted an-gap">{t('an.pickDates')}</div> : null}
      {overview.error ? <LoadError error={overview.error} onRetry={overview.reload} /> : null}
      {kf.error ? <LoadError error={kf.error} onRetry={kf.reload} /> : null}

      <Row gutter={[16, 16]}>
        <Col xs={12} xl={6}>
          <Figure
            label={t('an.gmv')}
            value={o ? <Money fen={gmv} /> : '-'}
            foot={
              o
                ? t('an.gmv.foot', {
                    net: formatFen(totals.netGmvFen ?? gmv),
                    refunds: formatFen(totals.refundFen ?? 0),
                  })
                : null
            }
            testId="an-fig-gmv"
          />
        </Col>
        <Col xs={12} xl={6}>
          <Figure
            label={t('an.orders')}
            value={o ? num(orders) : '-'}
            foot={o ? t('an.orders.foot', { avg: formatFen(totals.averageOrderFen ?? 0) }) : null}
            testId="an-fig-orders"
          />
        </Col>
        <Col xs={12} xl={6}>
          <Figure
            label={t('an.newCustomers')}
            value={o ? num(totals.newCustomers ?? 0) : '-'}
            foot={
              o
                ? t('an.newCustomers.foot', {
                    share: percent(orders ? (customers?.new.orders ?? 0) / orders : null),
                  })
                : null
            }
            testId="an-fig-new"
          />
        </Col>
        <Col xs={12} xl={6}>
          <Figure
            accent
            label={t('an.k', { days: k?.windowDays ?? 7 })}
            value={k ? k.k.toFixed(2) : '-'}
            foot={
              k ? (
                <>
                  <div>
                    {k.cycleTime
                      ? t('an.k.cycle', {
                          median: cycle(k.cycleTime.medianDays),
                          p90: cycle(k.cycleTime.p90Days),
                        })
                      : t('an.k.noCycle')}
                  </div>
                  <div>{t('an.k.activation', { what: tr(t, 'an.activation', k.activation) })}</div>
                </>
              ) : null
            }
            testId="an-fig-k"
          />
        </Col>
      </Row>

      <Row gutter={[16, 16]} className="an-gap">
        <Col xs={24}>
          <ChartCard
            title={t('an.trend')}
            loading={!o && overview.loading}
            chart={o ? <GmvTrend o={o} /> : null}
            side={false}
            testId="an-card-trend"
            table={
              <Table
                size="small"
                rowKey="day"
                data-testid="an-table-days"
                dataSource={o ? [...o.days].reverse() : []}
                pagination={{ pageSize: 7, size: 'small', hideOnSinglePage: true }}
                columns={[
                  { title: t('an.day'), dataIndex: 'day' },
                  {
                    title: t('an.gmv'),
                    dataIndex: 'gmvFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                  { title: t('an.orders'), dataIndex: 'orders', align: 'right', render: num },
                  { title: t('an.newCustomers'), dataIndex: 'newCustomers', align: 'right', render: num },
                  { title: t('an.shares'), dataIndex: 'shares', align: 'right', render: num },
                  { title: t('an.opens'), dataIndex: 'firstOpens', align: 'right', render: num },
                  {
                    title: t('an.refunds'),
                    dataIndex: 'refundFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                ]}
              />
            }
          />
        </Col>
      </Row>

      <Row gutter={[16, 16]} className="an-gap">
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('an.funnel')}
            hint={t('an.funnel.hint')}
            loading={!f && funnel.loading}
            testId="an-card-funnel"
            empty={
              f && f.steps[0]?.people === 0 && f.steps[1]?.people === 0 ? empty('an.funnel.empty') : undefined
            }
            chart={f ? <FunnelChart f={f} /> : null}
            table={
              <Table
                size="small"
                rowKey="step"
                pagination={false}
                data-testid="an-table-funnel"
                dataSource={f ? funnelRows(f.steps) : []}
                columns={[
                  {
                    title: t('an.funnel.step'),
                    dataIndex: 'step',
                    render: (v: string) => t(`an.funnel.${v}` as ConsoleKey),
                  },
                  { title: t('an.people'), dataIndex: 'people', align: 'right', render: num },
                  {
                    title: t('an.funnel.fromPrevious'),
                    dataIndex: 'fromPrevious',
                    align: 'right',
                    render: (v: number) => percent(v),
                  },
                  {
                    title: t('an.funnel.fromFirst'),
                    dataIndex: 'fromFirst',
                    align: 'right',
                    render: (v: number) => percent(v),
                  },
                ]}
                footer={
                  f
                    ? () => t('an.funnel.orders', { orders: num(f.orders), gmv: formatFen(f.gmvFen) })
                    : undefined
                }
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('an.bySource')}
            hint={t('an.bySource.hint')}
            loading={!o && overview.loading}
            testId="an-card-source"
            empty={o && !sources.length ? empty('an.noOrders') : undefined}
            chart={
              <Donut
                testId="an-chart-source"
                money
                center={formatFen(gmv, { trimZeros: true })}
                items={sources.map((b) => ({ name: source(b.source ?? ''), value: yuan(b.gmvFen) }))}
              />
            }
            table={
              <Table<Breakdown>
                size="small"
                rowKey="source"
                pagination={false}
                data-testid="an-table-source"
                dataSource={sources}
                columns={[
                  { title: t('an.source'), dataIndex: 'source', render: (v: string) => source(v) },
                  { title: t('an.orders'), dataIndex: 'orders', align: 'right', render: num },
                  {
                    title: t('an.gmv'),
                    dataIndex: 'gmvFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                  { title: t('an.shareOf'), align: 'right', render: (_, __, i) => percent(sourceShares[i]) },
                ]}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('an.customers')}
            hint={t('an.customers.hint')}
            loading={!o && overview.loading}
            testId="an-card-customers"
            empty={o && !orders ? empty('an.noOrders') : undefined}
            chart={
              <Donut
                testId="an-chart-customers"
                money
                center={`${num(customers?.new.customers ?? 0)} ${t('an.customers.newShort')}`}
                items={newVsReturning.map((r) => ({ name: r.name, value: yuan(r.gmvFen) }))}
              />
            }
            table={
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                data-testid="an-table-customers"
                dataSource={newVsReturning}
                columns={[
                  { title: t('an.customers.kind'), dataIndex: 'name' },
                  { title: t('an.orders'), dataIndex: 'orders', align: 'right', render: num },
                  {
                    title: t('an.gmv'),
                    dataIndex: 'gmvFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                  { title: t('an.shareOf'), align: 'right', render: (_, __, i) => percent(nvrShares[i]) },
                ]}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('an.groups')}
            hint={t('an.groups.hint')}
            loading={!o && overview.loading}
            testId="an-card-groups"
            empty={
              groups && !groups.opened && !groups.succeeded && !groups.failed
                ? empty('an.groups.empty')
                : undefined
            }
            chart={
              <Donut
                testId="an-chart-groups"
                center={
                  groups?.successRate != null
                    ? percent(groups.successRate, 0)
                    : t('an.groups.openCount', { n: groups?.opened ?? 0 })
                }
                items={[
                  { name: t('an.groups.succeeded'), value: groups?.succeeded ?? 0 },
                  { name: t('an.groups.failed'), value: groups?.failed ?? 0 },
                  { name: t('an.groups.inProgress'), value: inProgress },
                ]}
              />
            }
            table={
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                showHeader={false}
                data-testid="an-table-groups"
                dataSource={
                  groups
                    ? [
                        { key: 'opened', label: t('an.groups.opened'), value: num(groups.opened) },
                        { key: 'succeeded', label: t('an.groups.succeeded'), value: num(groups.succeeded) },
                        { key: 'failed', label: t('an.groups.failed'), value: num(groups.failed) },
                        { key: 'rate', label: t('an.groups.rate'), value: percent(groups.successRate) },
                        {
                          key: 'fill',
                          label: t('an.groups.fill'),
                          value: groups.timeToFill
                            ? t('an.groups.fillValue', {
                                median: Math.round(groups.timeToFill.medianMinutes),
                                mean: Math.round(groups.timeToFill.meanMinutes),
                              })
                            : '-',
                        },
                      ]
                    : []
                }
                columns={[
                  { dataIndex: 'label' },
                  { dataIndex: 'value', align: 'right', render: (v: string) => <b>{v}</b> },
                ]}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('an.channels')}
            hint={t('an.channels.hint')}
            loading={!o && overview.loading}
            testId="an-card-channels"
            empty={o && !channels.length ? empty('an.channels.empty') : undefined}
            chart={
              <Bars
                testId="an-chart-channels"
                color="#2f6bff"
                items={channels.map((b) => ({ name: channel(b.channel ?? ''), value: b.firstOpens }))}
              />
            }
            table={
              <Table<Breakdown>
                size="small"
                rowKey="channel"
                pagination={false}
                data-testid="an-table-channels"
                dataSource={channels}
                columns={[
                  { title: t('an.channel'), dataIndex: 'channel', render: (v: string) => channel(v) },
                  { title: t('an.shares'), dataIndex: 'shares', align: 'right', render: num },
                  { title: t('an.opens'), dataIndex: 'firstOpens', align: 'right', render: num },
                  { title: t('an.orders'), dataIndex: 'orders', align: 'right', render: num },
                  {
                    title: t('an.gmv'),
                    dataIndex: 'gmvFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                ]}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('an.k.title')}
            hint={k?.activationText}
            loading={!k && kf.loading}
            testId="an-card-k"
            side={false}
            chart={
              k ? (
                <div className="an-k-formula" data-testid="an-k-formula">
                  <span>K</span>=<span>s</span>·<span>f</span>·<span>r</span>·<span>c</span>
                  <Tag color="volcano" style={{ marginLeft: 12 }}>
                    {t('an.k.window', { days: k.windowDays })}
                  </Tag>
                </div>
              ) : null
            }
            table={k ? <KTerms k={k} /> : null}
          />
        </Col>
        <Col xs={24}>
          <ChartCard
            title={t('an.commissionTitle')}
            hint={t('an.commission.hint')}
            loading={!o && overview.loading}
            testId="an-card-commission"
            extra={
              o ? (
                <span className="muted" data-testid="an-commission-share">
                  {t('an.commission.total', {
                    fen: formatFen(o.commission.fen),
                    share: percent(o.commission.shareOfGmv, 2),
                  })}
                </span>
              ) : null
            }
            chart={o ? <CommissionTrend o={o} /> : null}
            table={
              <Table
                size="small"
                rowKey="day"
                data-testid="an-table-commission"
                dataSource={o ? [...o.days].reverse().filter((d) => d.gmvFen > 0 || d.commissionFen > 0) : []}
                pagination={{ pageSize: 6, size: 'small', hideOnSinglePage: true }}
                locale={{ emptyText: t('an.noOrders') }}
                columns={[
                  { title: t('an.day'), dataIndex: 'day' },
                  {
                    title: t('an.gmv'),
                    dataIndex: 'gmvFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                  {
                    title: t('an.commission'),
                    dataIndex: 'commissionFen',
                    align: 'right',
                    render: (v: number) => <Money fen={v} />,
                  },
                  {
                    title: t('an.commissionShare'),
                    align: 'right',
                    render: (_, d) => percent(d.gmvFen > 0 ? d.commissionFen / d.gmvFen : null, 2),
                  },
                ]}
              />
            }
          />
        </Col>
      </Row>
      <div className="an-gap">
        <RetentionCard range={range} />
      </div>
      <div className="an-gap">
        <GoalsCard />
      </div>
      <div className="muted an-foot">{t('an.foot')}</div>
    </div>
  )
}
