import { Empty, Table } from 'antd'
import { useMemo } from 'react'
import { useResource } from '../../shared/useResource'
import { analyticsApi, type DayRange, type Retention } from '../analyticsApi'
import { percent } from '../analyticsView'
import { LoadError } from '../components/bits'
import { tr, useI18n } from '../i18n'
import { ChartCard, ExportButton, LazyChart, useChartStyle } from './AnalyticsBits'
import type { AnalyticsOption } from './AnalyticsChart'

type SourceRow = Retention['bySource'][number]

/** One line per acquisition source: the share of its customers who paid again N weeks later. */
function Curves({ rows, weeks }: { rows: SourceRow[]; weeks: number[] }) {
  const { t, lang } = useI18n()
  const s = useChartStyle()
  const option = useMemo<AnalyticsOption>(
    () => ({
      ...s.base,
      legend: { top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      tooltip: { ...s.tooltip, trigger: 'axis', valueFormatter: (v) => percent(Number(v)) },
      xAxis: {
        type: 'category',
        data: weeks.map((w) => t('an.ret.weekN', { n: w })),
        ...s.categoryAxis,
      },
      yAxis: {
        type: 'value',
        ...s.valueAxis,
        minInterval: 0,
        axisLabel: { ...s.axisLabel, formatter: (v: number) => `${Math.round(v * 100)}%` },
      },
      series: rows.map((r) => ({
        name: tr(t, 'an.source', r.source),
        type: 'line' as const,
        symbol: 'circle',
        symbolSize: 6,
        connectNulls: false,
        data: weeks.map((w) => r.retained.find((x) => x.week === w)?.rate ?? null),
      })),
    }),
    [rows, weeks, t, lang, s],
  )
  return <LazyChart option={option} height={260} testId="an-chart-retention" />
}

/** 留存: weekly retention cohorts by acquisition source over the range, as curves and a table. */
export function RetentionCard({ range }: { range: DayRange | null }) {
  const { t } = useI18n()
  const key = range ? JSON.stringify(range) : null
  const res = useResource(key && `an:retention:${key}`, async () => ({
    key,
    data: await analyticsApi.retention(range ?? {}),
  }))
  const r = res.data?.key === key ? res.data.data : undefined
  const rows = useMemo(() => (r?.bySource ?? []).filter((x) => x.customers > 0), [r])
  const weeks = useMemo(
    () => [...new Set(rows.flatMap((x) => x.retained.map((c) => c.week)))].sort((a, b) => a - b),
    [rows],
  )
  return (
    <>
      {res.error ? <LoadError error={res.error} onRetry={res.reload} /> : null}
      <ChartCard
        title={t('an.ret.title')}
        hint={t('an.ret.hint')}
        loading={!r && res.loading}
        testId="an-card-retention"
        extra={
          <ExportButton
            query={range ? { report: 'retention', ...range } : null}
            testId="an-export-retention"
          />
        }
        empty={
          r && (!rows.length || !weeks.length) ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('an.ret.empty')} />
          ) : undefined
        }
        chart={<Curves rows={rows} weeks={weeks} />}
        table={
          <Table<SourceRow>
            size="small"
            rowKey="source"
            pagination={false}
            scroll={{ x: true }}
            data-testid="an-table-retention"
            dataSource={rows}
            columns={[
              { title: t('an.source'), dataIndex: 'source', render: (v: string) => tr(t, 'an.source', v) },
              { title: t('an.ret.customers'), dataIndex: 'customers', align: 'right' },
              ...weeks.map((w) => ({
                title: t('an.ret.weekN', { n: w }),
                key: `w${w}`,
                align: 'right' as const,
                render: (_: unknown, x: SourceRow) => {
                  const c = x.retained.find((y) => y.week === w)
                  if (!c) return <span className="muted">-</span>
                  // Deeper red for a higher rate, so the table reads as a heat map.
                  const alpha = Math.min(0.85, 0.08 + c.rate)
                  return (
                    <span
                      className="an-heat"
                      style={{
                        background: `rgba(255, 77, 46, ${alpha})`,
                        color: alpha > 0.45 ? '#fff' : undefined,
                      }}
                    >
                      {percent(c.rate, 0)}
                    </span>
                  )
                },
              })),
            ]}
          />
        }
      />
    </>
  )
}
