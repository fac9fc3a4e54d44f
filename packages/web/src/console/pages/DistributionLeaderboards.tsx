import { DownloadOutlined, TrophyOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Segmented, Space, Table } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useResource } from '../../shared/useResource'
import { LoadError, Money, PageHead } from '../components/bits'
import { Stack } from '../components/DistributionBits'
import { distributionApi, type LeaderboardQuery, type LeaderboardRow } from '../distributionApi'
import { distributionUrls, type LeaderboardParams, parseLeaderboard } from '../distributionUrls'
import { useUrlParams } from '../hooks'
import { useI18n } from '../i18n'

const medal = ['#f5b301', '#a6a6a6', '#c87533']

/** The API's query for the page's params: a custom range as local whole days. */
function queryOf(p: LeaderboardParams): LeaderboardQuery | null {
  if (p.range !== 'custom') return { metric: p.metric, range: p.range, by: p.by }
  if (!p.from || !p.to) return null
  return { metric: p.metric, range: 'custom', by: p.by, from: p.from, to: p.to }
}

/** 排行榜: people or departments ranked by GMV, orders or new customers over a period; exported as .xlsx. */
export default function DistributionLeaderboards() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [params, setParams] = useUrlParams(parseLeaderboard, distributionUrls.leaderboards)
  const query = queryOf(params)
  const board = useResource(query ? `leaderboard:${JSON.stringify(query)}` : null, () =>
    distributionApi.leaderboard(query as LeaderboardQuery),
  )
  const [exporting, setExporting] = useState(false)

  const exportXlsx = async () => {
    if (!query) return
    setExporting(true)
    try {
      await distributionApi.exportLeaderboard(query)
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setExporting(false)
    }
  }

  const value = (r: LeaderboardRow) =>
    params.metric === 'gmv' ? <Money fen={r.value} strong /> : <b>{r.value.toLocaleString()}</b>

  return (
    <div>
      <PageHead
        title={t('dist.board.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={exportXlsx}
            loading={exporting}
            disabled={!query}
            data-testid="leaderboard-export"
          >
            {t('dist.board.export')}
          </Button>
        }
      />
      <Card>
        <Space wrap size="large" style={{ marginBottom: 16 }}>
          <Space>
            <span className="muted">{t('dist.board.metric')}</span>
            <Segmented
              value={params.metric}
              onChange={(v) => setParams({ ...params, metric: v as LeaderboardParams['metric'] })}
              options={(['gmv', 'orders', 'new_customers'] as const).map((m) => ({
                value: m,
                label: t(`dist.board.metric.${m}`),
              }))}
              data-testid="leaderboard-metric"
            />
          </Space>
          <Space>
            <span className="muted">{t('dist.board.by')}</span>
            <Segmented
              value={params.by}
              onChange={(v) => setParams({ ...params, by: v as LeaderboardParams['by'] })}
              options={(['person', 'department'] as const).map((b) => ({
                value: b,
                label: t(`dist.board.by.${b}`),
              }))}
              data-testid="leaderboard-by"
            />
          </Space>
          <Space>
            <span className="muted">{t('dist.board.range')}</span>
            <Segmented
              value={params.range}
              onChange={(v) => setParams({ ...params, range: v as LeaderboardParams['range'] })}
              options={(['today', 'week', 'month', 'custom'] as const).map((r) => ({
                value: r,
                label: t(`dist.board.range.${r}`),
              }))}
              data-testid="leaderboard-range"
            />
            {params.range === 'custom' ? (
              <DatePicker.RangePicker
                value={params.from && params.to ? [dayjs(params.from), dayjs(params.to)] : null}
                onChange={(v) =>
                  setParams({
                    ...params,
                    from: v?.[0]?.format('YYYY-MM-DD'),
                    to: v?.[1]?.format('YYYY-MM-DD'),
                  })
                }
                aria-label={t('dist.board.range.custom')}
              />
            ) : null}
          </Space>
        </Space>
        {!query ? <div className="muted">{t('dist.board.pickDates')}</div> : null}
        {board.data?.range ? (
          <div className="muted" style={{ marginBottom: 8 }} data-testid="leaderboard-covers">
            {t('dist.board.covers', { from: board.data.range.fromDay, to: board.data.range.toDay })}
          </div>
        ) : null}
        {board.error ? <LoadError error={board.error} onRetry={board.reload} /> : null}
        <Table<LeaderboardRow>
          rowKey={(r) => `${r.rank}:${r.id}`}
          loading={board.loading}
          dataSource={board.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('dist.board.empty') }}
          onRow={(r) => ({ 'data-testid': 'leaderboard-row', 'data-rank': r.rank }) as object}
          columns={[
            {
              title: t('dist.board.rank'),
              width: 80,
              render: (_, r) =>
                r.rank <= 3 ? (
                  <TrophyOutlined
                    style={{ color: medal[r.rank - 1], fontSize: 18 }}
                    aria-label={String(r.rank)}
                  />
                ) : (
                  r.rank
                ),
            },
            {
              title: t('dist.board.name'),
              render: (_, r) => (
                <Stack>
                  <span className="cell-title">{r.name}</span>
                  <span className="cell-sub">
                    {params.by === 'person'
                      ? [r.departmentName, r.employeeNo, r.phoneMasked].filter(Boolean).join(' · ')
                      : r.staffCount != null
                        ? t('dist.board.people', { n: r.staffCount })
                        : ''}
                  </span>
                </Stack>
              ),
            },
            {
              title: t(`dist.board.metric.${params.metric}`),
              width: 160,
              align: 'right',
              render: (_, r) => value(r),
            },
          ]}
        />
      </Card>
    </div>
  )
}
