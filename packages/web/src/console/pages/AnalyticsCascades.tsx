import { AreaChartOutlined, CrownOutlined } from '@ant-design/icons'
import { AutoComplete, Button, Card, Col, Empty, Row, Segmented, Select, Space, Table, Tag } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { analyticsApi, type Cascade, type CascadeNode, type GenerationRow } from '../analyticsApi'
import {
  analyticsUrls,
  CASCADE_RANGES,
  type CascadeParams,
  cascadeTree,
  funnelRows,
  type NodeRole,
  parseCascade,
  percent,
  personLabel,
  pickOf,
  rangeOf,
  roleOf,
  shopDay,
  type TreeDatum,
  visibleLeaves,
} from '../analyticsView'
import { api } from '../api'
import { bargainApi } from '../bargainApi'
import { LoadError, Money, PageHead } from '../components/bits'
import { distributionApi } from '../distributionApi'
import { groupBuyApi } from '../groupbuyApi'
import { useUrlParams } from '../hooks'
import { type ConsoleKey, useI18n } from '../i18n'
import { luckyDrawApi } from '../luckydrawApi'
import {
  Bars,
  ChartCard,
  ExportButton,
  Figure,
  FunnelChart,
  LazyChart,
  RangeBar,
  useChartStyle,
} from './AnalyticsBits'
import type { AnalyticsOption } from './AnalyticsChart'
import '../analytics.css'

const num = (n: number) => n.toLocaleString()
const DAY_MS = 86_400_000

/** Node colours by what the person did. */
const ROLE_COLOR: Record<NodeRole | 'campaign', string> = {
  campaign: '#141a2e',
  seed: '#ff4d2e',
  buyer: '#f5a623',
  sharer: '#2f6bff',
  visitor: '#bfbfbf',
}

/** The share tree, left to right: one column a generation, under the campaign. */
function ShareTree({ tree, label }: { tree: TreeDatum; label: (id: string) => string }) {
  const { t, lang } = useI18n()
  const s = useChartStyle()
  const leaves = visibleLeaves(tree)
  const height = Math.min(1400, Math.max(360, leaves * 30 + 40))
  const option = useMemo<AnalyticsOption>(() => {
    const paint = (d: TreeDatum): object => ({
      ...d,
      node: undefined,
      itemStyle: { color: ROLE_COLOR[d.role], borderColor: '#fff', borderWidth: 1.5 },
      label:
        d.role === 'campaign'
          ? {
              position: 'bottom',
              align: 'left',
              distance: 8,
              fontWeight: 600,
              color: s.token.colorText,
              width: 160,
              overflow: 'truncate',
            }
          : undefined,
      children: d.children.map(paint),
      // The node itself travels for the tooltip.
      person: d.node,
    })
    return {
      ...s.base,
      tooltip: {
        ...s.tooltip,
        trigger: 'item',
        formatter: (p) => {
          const x = Array.isArray(p) ? p[0] : p
          const n = (x.data as { person?: CascadeNode }).person
          if (!n) return `<b>${x.name}</b>`
          const role = t(`an.cx.role.${roleOf(n)}` as ConsoleKey)
          return [
            `<b>${label(n.id)}</b> · ${role} · ${t('an.cx.genN', { n: n.generation })}`,
            `${t('an.cx.firstSeen')}: ${formatDateTime(n.at)}`,
            `${t('an.shares')} ${n.shares} · ${t('an.cx.sends')} ${n.sends} · ${t('an.cx.opens')} ${n.opens}`,
            `${t('an.cx.orders')} ${n.orders} · ${formatFen(n.gmvFen)}`,
            `${t('an.cx.children')} ${n.children} · ${t('an.cx.descendants')} ${n.descendants} · ${formatFen(n.descendantGmvFen)}`,
          ].join('<br/>')
        },
      },
      series: [
        {
          type: 'tree',
          data: [paint(tree)],
          symbol: 'circle',
          orient: 'LR',
          layout: 'orthogonal',
          top: 16,
          bottom: 16,
          left: 24,
          right: 120,
          roam: false,
          expandAndCollapse: true,
          initialTreeDepth: -1,
          animationDurationUpdate: 400,
          edgeShape: 'polyline',
          edgeForkPosition: '50%',
          lineStyle: { color: '#d9d9d9', width: 1.2, curveness: 0.4 },
          label: {
            position: 'top',
            distance: 6,
            fontSize: 11,
            color: s.token.colorTextSecondary,
          },
          leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left', distance: 6 } },
          emphasis: { focus: 'ancestor' },
        },
      ],
    }
  }, [tree, label, t, lang, s])
  return (
    <div className="an-tree-scroll">
      <LazyChart option={option} height={height} testId="an-chart-tree" />
    </div>
  )
}

/** People, sharers, opens and buyers per generation, as grouped bars. */
function GenerationBars({ rows }: { rows: GenerationRow[] }) {
  const { t, lang } = useI18n()
  const s = useChartStyle()
  const option = useMemo<AnalyticsOption>(
    () => ({
      ...s.base,
      color: ['#ff4d2e', '#2f6bff', '#13a8a8', '#f5a623'],
      legend: { top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      tooltip: { ...s.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: rows.map((r) => t('an.cx.genN', { n: r.generation })),
        ...s.categoryAxis,
      },
      yAxis: { type: 'value', ...s.valueAxis },
      series: (['people', 'sharers', 'opens', 'buyers'] as const).map((k) => ({
        name: t(k === 'people' ? 'an.cx.people' : (`an.cx.${k}` as ConsoleKey)),
        type: 'bar' as const,
        barMaxWidth: 14,
        itemStyle: { borderRadius: [3, 3, 0, 0] },
        data: rows.map((r) => r[k]),
      })),
    }),
    [rows, t, lang, s],
  )
  return <LazyChart option={option} height={260} testId="an-chart-generations" />
}

/** 裂变链路: a campaign's or product's share tree, generation by generation, with its top spreaders. */
export default function AnalyticsCascades() {
  const { t } = useI18n()
  const [params, setParams] = useUrlParams(parseCascade, analyticsUrls.cascades)
  const [now] = useState(() => Date.now())
  const [typed, setTyped] = useState<string | undefined>(undefined)
  const range = rangeOf(params.range, now, params)
  const pick = pickOf(params)
  const key = range && pick ? JSON.stringify({ range, pick }) : null
  // Each answer carries its key: the last pick's tree is not shown under a new pick while it loads.
  const cascade = useResource(key && `an:cascade:${key}`, async () => ({
    key,
    cascade: await analyticsApi.cascades({ ...range, ...pick, limit: 500 }),
  }))
  // The funnel needs bounded days: "all time" reads as the last year.
  const funnelRange = range && (range.from ? range : { from: shopDay(now - 365 * DAY_MS), to: shopDay(now) })
  const funnelOf = useResource(key && `an:cx-funnel:${key}`, async () => ({
    key,
    funnel: await analyticsApi.funnel({ ...funnelRange, ...pick }),
  }))
  const f = funnelOf.data?.key === key ? funnelOf.data.funnel : undefined
  const products = useResource('an:products', () => api.products({ limit: 100 }))
  const deals = useResource('an:deals', () => groupBuyApi.deals())
  const offers = useResource('an:offers', () => bargainApi.offers({ limit: 100 }))
  const draws = useResource('an:draws', () => luckyDrawApi.list())
  const promoters = useResource('an:promoters', () => distributionApi.promoters({}))

  const names = useMemo(() => {
    const m = new Map<string, string>()
    for (const p of promoters.data?.items ?? []) {
      const name = p.nickname || p.phoneMasked
      if (name) m.set(p.shopperId, name)
    }
    return m
  }, [promoters.data])
  const words = useMemo(() => ({ customer: t('an.cx.customer'), visitor: t('an.cx.visitor') }), [t])
  const label = useMemo(() => (id: string) => personLabel(id, names, words), [names, words])

  const productOptions = (products.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))
  // Campaign keys as analytics stores them: `deal:<id>`, `bargain:<id>`, `draw:<id>`.
  const campaignGroups = [
    {
      label: t('groupbuy.nav'),
      items: (deals.data?.items ?? []).map((d) => ({ key: `deal:${d.id}`, name: d.title || d.productTitle })),
    },
    {
      label: t('bargain.nav'),
      items: (offers.data?.items ?? []).map((o) => ({ key: `bargain:${o.id}`, name: o.title })),
    },
    {
      label: t('luckydraw.nav'),
      items: (draws.data ?? []).map((d) => ({ key: `draw:${d.id}`, name: d.title })),
    },
  ].filter((g) => g.items.length)
  const campaignOptions = campaignGroups.map((g) => ({
    label: g.label,
    options: g.items.map((i) => ({
      value: i.key,
      label: `${i.name} · ${i.key.slice(0, i.key.indexOf(':') + 9)}`,
    })),
  }))
  const pickedName =
    params.kind === 'product'
      ? productOptions.find((o) => o.value === params.key)?.label
      : campaignGroups.flatMap((g) => g.items).find((i) => i.key === params.key)?.name
  const c: Cascade | undefined = cascade.data?.key === key ? cascade.data.cascade : undefined
  const tree = useMemo(
    () =>
      c
        ? cascadeTree(c.nodes, pickedName ?? c.campaign ?? '', label, {
            collapseBelow: c.nodes.length > 120 ? 3 : undefined,
          })
        : null,
    [c, pickedName, label],
  )
  const gmv = c?.generations.reduce((sum, g) => sum + g.gmvFen, 0) ?? 0
  const empty = c && c.people === 0
  const set = (change: Partial<CascadeParams>) => setParams({ ...params, ...change })

  return (
    <div className="an-page" data-testid="cascade-page">
      <PageHead
        title={t('an.cx.title')}
        sub={t('an.cx.sub')}
        extra={
          <>
            <ExportButton
              query={range && pick ? { report: 'cascades', ...range, ...pick } : null}
              testId="cx-export"
            />
            <Link to={analyticsUrls.dashboard()}>
              <Button icon={<AreaChartOutlined />}>{t('an.nav.dashboard')}</Button>
            </Link>
          </>
        }
      />
      <Card className="an-picker">
        <Segmented
          value={params.kind}
          onChange={(v) => set({ kind: v as CascadeParams['kind'], key: undefined })}
          options={(['product', 'campaign'] as const).map((k) => ({ value: k, label: t(`an.cx.kind.${k}`) }))}
          data-testid="cx-kind"
        />
        {params.kind === 'product' ? (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 360 }}
            placeholder={t('an.cx.pickProduct')}
            value={params.key}
            onChange={(v) => set({ key: v })}
            options={productOptions}
            loading={products.loading}
            data-testid="cx-product"
          />
        ) : (
          <AutoComplete
            style={{ width: 420 }}
            placeholder={t('an.cx.pickCampaign')}
            value={typed ?? params.key}
            options={campaignOptions}
            onChange={(v) => setTyped(v)}
            onSelect={(v: string) => {
              setTyped(undefined)
              set({ key: v })
            }}
            onBlur={() => {
              if (typed !== undefined) set({ key: typed.trim() || undefined })
              setTyped(undefined)
            }}
            filterOption={(input, o) =>
              String(o?.label ?? '')
                .toLowerCase()
                .includes(input.toLowerCase())
            }
            data-testid="cx-campaign"
          />
        )}
        <RangeBar
          presets={CASCADE_RANGES}
          value={params.range}
          custom={params}
          onChange={(preset, r) =>
            set({ range: preset, ...(preset === 'custom' ? r : { from: undefined, to: undefined }) })
          }
          testId="cx-range"
        />
      </Card>

      {cascade.error ? <LoadError error={cascade.error} onRetry={cascade.reload} /> : null}
      {!pick ? (
        <Card>
          <Empty description={t('an.cx.pickFirst')} />
        </Card>
      ) : !range ? (
        <div className="muted">{t('an.pickDates')}</div>
      ) : empty ? (
        <Card>
          <Empty description={t('an.cx.empty')} data-testid="cx-empty" />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {[
              { k: 'people', label: t('an.cx.people'), value: c ? num(c.people) : '-' },
              { k: 'roots', label: t('an.cx.roots'), value: c ? num(c.roots) : '-' },
              { k: 'depth', label: t('an.cx.depth'), value: c ? num(c.maxDepth) : '-' },
              { k: 'mean', label: t('an.cx.meanSize'), value: c ? c.meanTreeSize.toFixed(2) : '-' },
              { k: 'gmv', label: t('an.cx.gmv'), value: c ? <Money fen={gmv} /> : '-' },
            ].map((f, i) => (
              <Col xs={12} md={8} xl={i === 4 ? 4 : 5} key={f.k} flex={i === 4 ? 'auto' : undefined}>
                <Figure label={f.label} value={f.value} accent={f.k === 'depth'} testId={`cx-fig-${f.k}`} />
              </Col>
            ))}
          </Row>

          <Card
            className="an-card an-gap"
            title={t('an.cx.tree')}
            loading={!c && cascade.loading}
            extra={
              <Space size={16}>
                {c?.truncated ? <Tag color="gold">{t('an.cx.truncated', { n: c.nodes.length })}</Tag> : null}
                <div className="an-legend">
                  {(['seed', 'buyer', 'sharer', 'visitor'] as const).map((r) => (
                    <span key={r}>
                      <i style={{ background: ROLE_COLOR[r] }} />
                      {t(`an.cx.role.${r}`)}
                    </span>
                  ))}
                </div>
              </Space>
            }
            data-testid="cx-card-tree"
          >
            <div className="muted" style={{ marginBottom: 8 }}>
              {t('an.cx.treeHint')}
            </div>
            {tree ? <ShareTree tree={tree} label={label} /> : null}
          </Card>

          <Row gutter={[16, 16]} className="an-gap">
            <Col xs={24}>
              <ChartCard
                title={t('an.cx.generations')}
                loading={!c && cascade.loading}
                testId="cx-card-generations"
                chart={c ? <GenerationBars rows={c.generations} /> : null}
                table={
                  <Table<GenerationRow>
                    size="small"
                    rowKey="generation"
                    pagination={false}
                    data-testid="cx-table-generations"
                    dataSource={c?.generations ?? []}
                    columns={[
                      {
                        title: t('an.cx.generation'),
                        dataIndex: 'generation',
                        render: (n: number) => t('an.cx.genN', { n }),
                      },
                      { title: t('an.cx.people'), dataIndex: 'people', align: 'right', render: num },
                      { title: t('an.cx.sharers'), dataIndex: 'sharers', align: 'right', render: num },
                      { title: t('an.cx.sends'), dataIndex: 'sends', align: 'right', render: num },
                      { title: t('an.cx.opens'), dataIndex: 'opens', align: 'right', render: num },
                      { title: t('an.cx.buyers'), dataIndex: 'buyers', align: 'right', render: num },
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
            <Col xs={24} xl={14}>
              <Card
                className="an-card"
                title={
                  <Space>
                    <CrownOutlined style={{ color: '#f5a623' }} />
                    {t('an.cx.top')}
                  </Space>
                }
                extra={<span className="muted">{t('an.cx.topHint')}</span>}
                data-testid="cx-card-top"
              >
                <Table<CascadeNode>
                  size="small"
                  rowKey="id"
                  loading={!c && cascade.loading}
                  pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
                  data-testid="cx-table-top"
                  // A node's `children` is a count, not nested rows.
                  expandable={{ childrenColumnName: 'subRows' }}
                  dataSource={c?.topSpreaders ?? []}
                  columns={[
                    { title: '#', width: 40, render: (_, __, i) => <b>{i + 1}</b> },
                    {
                      title: t('an.cx.person'),
                      dataIndex: 'id',
                      render: (id: string, n) => (
                        <Space size={6}>
                          <span>{label(id)}</span>
                          <Tag color={n.generation === 0 ? 'volcano' : 'default'} variant="filled">
                            {t('an.cx.genN', { n: n.generation })}
                          </Tag>
                        </Space>
                      ),
                    },
                    { title: t('an.cx.opens'), dataIndex: 'opens', align: 'right', render: num },
                    { title: t('an.cx.children'), dataIndex: 'children', align: 'right', render: num },
                    {
                      title: t('an.cx.descendants'),
                      dataIndex: 'descendants',
                      align: 'right',
                      render: (v: number) => <b>{num(v)}</b>,
                    },
                    {
                      title: t('an.cx.descendantGmv'),
                      dataIndex: 'descendantGmvFen',
                      align: 'right',
                      render: (v: number) => <Money fen={v} />,
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <ChartCard
                title={t('an.cx.funnel')}
                loading={!f && funnelOf.loading}
                side={false}
                testId="cx-card-funnel"
                chart={f ? <FunnelChart f={f} testId="cx-chart-funnel" height={200} /> : null}
                table={
                  <Table
                    size="small"
                    rowKey="step"
                    pagination={false}
                    data-testid="cx-table-funnel"
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
                    ]}
                  />
                }
              />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('an.cx.sizes')}
                hint={t('an.cx.sizesHint')}
                loading={!c && cascade.loading}
                testId="cx-card-sizes"
                chart={
                  c ? (
                    <Bars
                      testId="cx-chart-sizes"
                      items={c.sizes.map((b) => ({ name: b.band, value: b.trees }))}
                    />
                  ) : null
                }
                table={
                  <Table
                    size="small"
                    rowKey="band"
                    pagination={false}
                    data-testid="cx-table-sizes"
                    dataSource={c?.sizes ?? []}
                    columns={[
                      { title: t('an.cx.size'), dataIndex: 'band' },
                      { title: t('an.cx.trees'), dataIndex: 'trees', align: 'right', render: num },
                    ]}
                  />
                }
              />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('an.cx.depths')}
                hint={t('an.cx.depthsHint')}
                loading={!c && cascade.loading}
                testId="cx-card-depths"
                chart={
                  c ? (
                    <Bars
                      testId="cx-chart-depths"
                      color="#2f6bff"
                      items={c.depths.map((d) => ({
                        name: t('an.cx.depthN', { n: d.depth }),
                        value: d.trees,
                      }))}
                    />
                  ) : null
                }
                table={
                  <Table
                    size="small"
                    rowKey="depth"
                    pagination={false}
                    data-testid="cx-table-depths"
                    dataSource={c?.depths ?? []}
                    columns={[
                      {
                        title: t('an.cx.depth'),
                        dataIndex: 'depth',
                        render: (n: number) => t('an.cx.depthN', { n }),
                      },
                      { title: t('an.cx.trees'), dataIndex: 'trees', align: 'right', render: num },
                    ]}
                  />
                }
              />
            </Col>
          </Row>
        </>
      )}
    </div>
  )
}
