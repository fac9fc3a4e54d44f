import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, Card, Col, DatePicker, Row, Segmented, Skeleton, Space, Tooltip, theme } from 'antd'
import dayjs from 'dayjs'
import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react'
import { formatFen } from '../../shared/money'
import { type DayRange, exportReport, type Funnel } from '../analyticsApi'
import { funnelRows, percent, type RangePreset } from '../analyticsView'
import { type ConsoleKey, useI18n } from '../i18n'
import type { AnalyticsOption } from './AnalyticsChart'

/** ECharts comes in its own chunk, after the figures and tables render. */
const Chart = lazy(() => import('./AnalyticsChart'))

const num = (n: number) => n.toLocaleString()
/** Axis labels in whole yuan, from values in yuan. */
export const axisYuan = (v: number) => formatFen(v * 100, { trimZeros: true })

/** Series colours: the brand's red first, then hues that stay apart on a light card. */
export const PALETTE = [
  '#ff4d2e',
  '#2f6bff',
  '#13a8a8',
  '#f5a623',
  '#8b5cf6',
  '#eb2f96',
  '#52c41a',
  '#8c8c8c',
]

/** Axis, grid and text styles from the antd theme, shared by every analytics chart. */
export function useChartStyle() {
  const { token } = theme.useToken()
  // One object per theme, so the charts' memoised options are not rebuilt on every render.
  return useMemo(() => {
    const axisLabel = { color: token.colorTextTertiary, fontSize: 11 }
    return {
      token,
      base: {
        color: PALETTE,
        textStyle: { fontFamily: token.fontFamily },
        animationDuration: 500,
      },
      axisLabel,
      categoryAxis: {
        axisTick: { show: false },
        axisLine: { lineStyle: { color: token.colorBorder } },
        axisLabel,
      },
      valueAxis: {
        axisLabel,
        splitLine: { lineStyle: { color: token.colorBorderSecondary } },
        minInterval: 1,
      },
      tooltip: {
        backgroundColor: token.colorBgElevated,
        borderColor: token.colorBorderSecondary,
        textStyle: { color: token.colorText, fontSize: 12 },
        extraCssText: 'box-shadow: 0 6px 16px rgba(0,0,0,.08); border-radius: 6px;',
      },
    }
  }, [token])
}

/** A chart on the page, lazily: a quiet placeholder of its height until ECharts arrives. */
export function LazyChart({
  option,
  height,
  testId,
}: {
  option: AnalyticsOption
  height: number
  testId?: string
}) {
  return (
    <Suspense fallback={<div style={{ height }} />}>
      <div className="an-chart" data-testid={testId}>
        <Chart option={option} height={height} />
      </div>
    </Suspense>
  )
}

/**
 * A card with a chart and its number table: beside it on a wide screen (`side`), or under it.
 * `empty` replaces both when there is nothing to draw.
 */
export function ChartCard({
  title,
  hint,
  extra,
  chart,
  table,
  side = true,
  loading,
  empty,
  testId,
}: {
  title: ReactNode
  hint?: ReactNode
  extra?: ReactNode
  chart: ReactNode
  table: ReactNode
  side?: boolean
  loading?: boolean
  empty?: ReactNode
  testId?: string
}) {
  return (
    <Card
      className="an-card"
      title={
        <Space size={6}>
          <span>{title}</span>
          {hint ? (
            <Tooltip title={hint}>
              <span className="an-hint">?</span>
            </Tooltip>
          ) : null}
        </Space>
      }
      extra={extra}
      data-testid={testId}
    >
      {loading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : empty ? (
        empty
      ) : side ? (
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} xxl={13}>
            {chart}
          </Col>
          <Col xs={24} xxl={11}>
            {table}
          </Col>
        </Row>
      ) : (
        <>
          {chart}
          <div style={{ marginTop: 12 }}>{table}</div>
        </>
      )}
    </Card>
  )
}

/** The range presets as a segmented control, with a day picker for the custom range. */
export function RangeBar<P extends RangePreset>({
  presets,
  value,
  custom,
  onChange,
  testId,
}: {
  presets: readonly P[]
  value: P
  custom: DayRange
  onChange: (preset: P, custom: DayRange) => void
  testId?: string
}) {
  const { t } = useI18n()
  return (
    <Space wrap>
      <Segmented
        value={value}
        onChange={(v) => onChange(v as P, custom)}
        options={presets.map((p) => ({ value: p, label: t(`an.range.${p}` as ConsoleKey) }))}
        data-testid={testId}
      />
      {value === 'custom' ? (
        <DatePicker.RangePicker
          allowClear={false}
          value={custom.from && custom.to ? [dayjs(custom.from), dayjs(custom.to)] : null}
          disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          onChange={(v) =>
            onChange(value, { from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })
          }
          aria-label={t('an.range.custom')}
        />
      ) : null}
    </Space>
  )
}

/** A headline figure: the number large, a line of context under it. */
export function Figure({
  label,
  value,
  foot,
  testId,
  accent,
}: {
  label: ReactNode
  value: ReactNode
  foot?: ReactNode
  testId?: string
  accent?: boolean
}) {
  return (
    <Card className={`an-figure${accent ? ' an-figure-accent' : ''}`} data-testid={testId}>
      <div className="an-figure-label">{label}</div>
      <div className="an-figure-value">{value}</div>
      {foot ? <div className="an-figure-foot">{foot}</div> : null}
    </Card>
  )
}

/** A donut of shares of a whole, with the total in its middle. */
export function Donut({
  items,
  center,
  testId,
  money,
}: {
  items: { name: string; value: number }[]
  center: string
  testId: string
  money?: boolean
}) {
  const s = useChartStyle()
  // Keyed by content: callers build `items` afresh on each render.
  const sig = JSON.stringify(items)
  const option = useMemo<AnalyticsOption>(
    () => ({
      ...s.base,
      tooltip: {
        ...s.tooltip,
        trigger: 'item',
        formatter: (p) => {
          const x = Array.isArray(p) ? p[0] : p
          const v = Number(x.value)
          return `${x.marker}${x.name}: <b>${money ? formatFen(v * 100) : num(v)}</b> (${x.percent}%)`
        },
      },
      legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { fontSize: 12 } },
      series: [
        {
          type: 'pie',
          radius: ['48%', '72%'],
          center: ['50%', '44%'],
          avoidLabelOverlap: true,
          itemStyle: { borderColor: '#fff', borderWidth: 2, borderRadius: 4 },
          label: {
            show: true,
            position: 'center',
            formatter: () => center,
            fontSize: 16,
            fontWeight: 600,
            color: s.token.colorText,
          },
          emphasis: { scale: true, scaleSize: 4 },
          labelLine: { show: false },
          data: JSON.parse(sig) as typeof items,
        },
      ],
    }),
    [sig, center, s, money],
  )
  return <LazyChart option={option} height={260} testId={testId} />
}

/** Horizontal bars, one category a row, largest at the top. */
export function Bars({
  items,
  testId,
  money,
  color,
}: {
  items: { name: string; value: number }[]
  testId: string
  money?: boolean
  color?: string
}) {
  const s = useChartStyle()
  const sig = JSON.stringify(items)
  const option = useMemo<AnalyticsOption>(() => {
    const rows = (JSON.parse(sig) as typeof items).reverse()
    return {
      ...s.base,
      grid: { left: 4, right: 48, top: 8, bottom: 4, containLabel: true },
      tooltip: { ...s.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        ...s.valueAxis,
        axisLabel: { ...s.axisLabel, formatter: money ? axisYuan : undefined },
      },
      yAxis: { type: 'category', data: rows.map((r) => r.name), ...s.categoryAxis },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          itemStyle: { color: color ?? s.token.colorPrimary, borderRadius: [0, 4, 4, 0] },
          label: {
            show: true,
            position: 'right',
            color: s.token.colorTextSecondary,
            fontSize: 11,
            formatter: (p) => (money ? axisYuan(Number(p.value)) : num(Number(p.value))),
          },
          data: rows.map((r) => r.value),
        },
      ],
    }
  }, [sig, s, money, color])
  return <LazyChart option={option} height={Math.max(180, 44 * items.length + 24)} testId={testId} />
}

/** The sharing funnel: view → share → open → order, as a funnel of people. */
export function FunnelChart({
  f,
  testId = 'an-chart-funnel',
  height = 260,
}: {
  f: Funnel
  testId?: string
  height?: number
}) {
  const { t, lang } = useI18n()
  const s = useChartStyle()
  const option = useMemo<AnalyticsOption>(() => {
    const rows = funnelRows(f.steps)
    return {
      ...s.base,
      tooltip: {
        ...s.tooltip,
        trigger: 'item',
        formatter: (p) => {
          const x = Array.isArray(p) ? p[0] : p
          const r = rows[x.dataIndex]
          return `${x.marker}${x.name}: <b>${num(r.people)}</b><br/>${t('an.funnel.fromPrevious')}: ${percent(r.fromPrevious)}`
        },
      },
      series: [
        {
          type: 'funnel',
          left: '8%',
          right: '8%',
          top: 8,
          bottom: 8,
          minSize: '18%',
          sort: 'none',
          min: 0,
          // Views are not always reported, so the widest step sets the scale, not the first.
          max: Math.max(1, ...rows.map((r) => r.people)),
          gap: 3,
          label: {
            position: 'inside',
            color: '#fff',
            fontSize: 12,
            formatter: (p) => `${p.name}  ${num(Number(p.value))}`,
          },
          itemStyle: { borderWidth: 0 },
          data: rows.map((r, i) => ({
            name: t(`an.funnel.${r.step}` as ConsoleKey),
            value: r.people,
            itemStyle: { color: ['#ff4d2e', '#ff7a45', '#ffa066', '#f5a623'][i] },
          })),
        },
      ],
    }
  }, [f, t, lang, s])
  return <LazyChart option={option} height={height} testId={testId} />
}

/** Exports a report to Excel; while it downloads, the button shows how much has arrived. */
export function ExportButton({
  query,
  testId,
}: {
  query: Parameters<typeof exportReport>[0] | null
  testId?: string
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [bytes, setBytes] = useState<number | null>(null)
  const run = async () => {
    if (!query) return
    setBytes(0)
    try {
      await exportReport(query, setBytes)
      message.success(t('an.export.done'))
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBytes(null)
    }
  }
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={bytes !== null}
      disabled={!query}
      onClick={run}
      data-testid={testId}
    >
      {bytes === null ? t('an.export') : t('an.export.progress', { kb: Math.ceil(bytes / 1024) })}
    </Button>
  )
}
