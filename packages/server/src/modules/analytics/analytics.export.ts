import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Lang } from '../../platform/errors.js'
import type { AnalyticsService } from './analytics.service.js'

/** The reports that export to Excel, each the same numbers as its JSON route. */
export const EXPORT_REPORTS = ['overview', 'funnel', 'cascades', 'retention'] as const
export type ExportReport = (typeof EXPORT_REPORTS)[number]

/** How a column's numbers read: money in yuan (from fen), a rate as a percentage. */
type Kind = 'text' | 'int' | 'number' | 'yuan' | 'rate'
interface Column {
  key: string
  zh: string
  en: string
  kind: Kind
}
interface Table {
  zh: string
  en: string
  columns: Column[]
  rows: readonly object[]
}

const FORMAT: Record<Kind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  number: '0.00',
  yuan: '#,##0.00',
  rate: '0.0%',
}

const col = (key: string, zh: string, en: string, kind: Kind = 'int'): Column => ({ key, zh, en, kind })

const SOURCE_NAMES: Record<string, [string, string]> = {
  all: ['全部', 'All'],
  share: ['分享', 'Share'],
  promoter: ['推广员', 'Promoter'],
  group: ['拼团', 'Group buy'],
  live: ['直播', 'Live'],
  community: ['社区团购', 'Community buying'],
  creator: ['达人', 'Creator'],
  flash: ['秒杀', 'Flash sale'],
  bargain: ['砍价', 'Bargain'],
  direct: ['直接购买', 'Direct'],
}

const STEP_NAMES: Record<string, [string, string]> = {
  view: ['浏览', 'View'],
  share: ['分享', 'Share'],
  open: ['打开分享', 'Open'],
  order: ['分享下单', 'Order'],
}

/** Counters of the overview, in the order the summary sheet lists them. */
const COUNTERS: Column[] = [
  col('orders', '订单数', 'Orders'),
  col('gmvFen', '成交额（元）', 'GMV (yuan)', 'yuan'),
  col('netGmvFen', '净成交额（元）', 'Net GMV (yuan)', 'yuan'),
  col('averageOrderFen', '客单价（元）', 'Average order (yuan)', 'yuan'),
  col('refunds', '退款笔数', 'Refunds'),
  col('refundFen', '退款金额（元）', 'Refunded (yuan)', 'yuan'),
  col('newCustomers', '新客数', 'New customers'),
  col('shares', '分享链接数', 'Share links'),
  col('shareActions', '分享次数', 'Share actions'),
  col('opens', '打开次数', 'Opens'),
  col('firstOpens', '首次打开', 'First opens'),
  col('views', '浏览次数', 'Page views'),
  col('clicks', '点击次数', 'Taps'),
  col('groupsOpened', '开团数', 'Groups opened'),
  col('groupsJoined', '参团数', 'Group joins'),
  col('groupsSucceeded', '成团数', 'Groups succeeded'),
  col('groupsFailed', '失败团数', 'Groups failed'),
  col('commissionFen', '佣金（元）', 'Commission (yuan)', 'yuan'),
  col('draws', '抽奖次数', 'Draws'),
  col('bargainsStarted', '发起砍价', 'Bargains started'),
]

const BY: Column[] = [
  col('orders', '订单数', 'Orders'),
  col('gmvFen', '成交额（元）', 'GMV (yuan)', 'yuan'),
  col('newCustomers', '新客数', 'New customers'),
  col('shares', '分享链接数', 'Share links'),
  col('shareActions', '分享次数', 'Share actions'),
  col('opens', '打开次数', 'Opens'),
  col('firstOpens', '首次打开', 'First opens'),
]

type Overview = Awaited<ReturnType<AnalyticsService['overview']>>
type Funnel = Awaited<ReturnType<AnalyticsService['funnel']>>
type Cascades = Awaited<ReturnType<AnalyticsService['cascades']>>
type Retention = Awaited<ReturnType<AnalyticsService['retention']>>

/** Key–value rows, each with its own kind. */
const pairs = (zh: string, en: string, rows: [Column, unknown][]): Table => ({
  zh,
  en,
  columns: [col('name', '指标', 'Metric', 'text'), col('value', '数值', 'Value', 'number')],
  rows: rows.map(([c, value]) => ({ name: c, value, kind: c.kind })),
})

function overviewTables(o: Overview): Table[] {
  const t = o.totals
  const summary: [Column, unknown][] = [
    ...COUNTERS.map((c): [Column, unknown] => [c, t[c.key] ?? 0]),
    [col('newOrders', '新客首单数', 'New customers’ first orders'), o.customers.new.orders],
    [col('newGmv', '新客首单成交额（元）', 'New customers’ GMV (yuan)', 'yuan'), o.customers.new.gmvFen],
    [col('returningOrders', '老客订单数', 'Returning orders'), o.customers.returning.orders],
    [col('returningGmv', '老客成交额（元）', 'Returning GMV (yuan)', 'yuan'), o.customers.returning.gmvFen],
    [col('successRate', '成团率', 'Group success rate', 'rate'), o.groups.successRate],
    [
      col('fillMean', '平均成团用时（分钟）', 'Mean time to fill (minutes)', 'number'),
      o.groups.timeToFill?.meanMinutes,
    ],
    [
      col('fillMedian', '成团用时中位数（分钟）', 'Median time to fill (minutes)', 'number'),
      o.groups.timeToFill?.medianMinutes,
    ],
    [col('commissionShare', '佣金占成交额', 'Commission share of GMV', 'rate'), o.commission.shareOfGmv],
  ]
  return [
    pairs('汇总', 'Summary', summary),
    {
      zh: '每日',
      en: 'Daily',
      columns: [
        col('day', '日期', 'Day', 'text'),
        ...COUNTERS.filter((c) => c.key !== 'averageOrderFen' && c.key !== 'netGmvFen'),
      ],
      rows: o.days,
    },
    {
      zh: '按来源',
      en: 'By source',
      columns: [col('source', '来源', 'Source', 'text'), ...BY],
      rows: o.bySource,
    },
    {
      zh: '按渠道',
      en: 'By channel',
      columns: [col('channel', '渠道', 'Channel', 'text'), ...BY],
      rows: o.byChannel,
    },
    {
      zh: '推广员排行',
      en: 'Top promoters',
      columns: [
        col('rank', '排名', 'Rank'),
        col('nickname', '昵称', 'Nickname', 'text'),
        col('phoneMasked', '手机号', 'Phone', 'text'),
        col('orders', '订单数', 'Orders'),
        col('gmvFen', '成交额（元）', 'GMV (yuan)', 'yuan'),
        col('buyers', '下单人数', 'Buyers'),
        col('newCustomers', '新客数', 'New customers'),
        col('shopperId', '顾客编号', 'Shopper id', 'text'),
      ],
      rows: o.topPromoters,
    },
  ]
}

function funnelTables(f: Funnel): Table[] {
  return [
    {
      zh: '漏斗',
      en: 'Funnel',
      columns: [
        col('step', '步骤', 'Step', 'text'),
        col('people', '人数', 'People'),
        col('rate', '转化率', 'Rate', 'rate'),
      ],
      rows: f.steps,
    },
    pairs('汇总', 'Summary', [
      [col('orders', '分享订单数', 'Orders through shares'), f.orders],
      [col('gmvFen', '分享成交额（元）', 'GMV through shares (yuan)', 'yuan'), f.gmvFen],
    ]),
  ]
}

const NODE: Column[] = [
  col('id', '顾客', 'Shopper', 'text'),
  col('parent', '上一代', 'Brought in by', 'text'),
  col('generation', '代', 'Generation'),
  col('shares', '分享链接数', 'Share links'),
  col('sends', '发送次数', 'Sends'),
  col('opens', '打开人数', 'Opens'),
  col('orders', '订单数', 'Orders'),
  col('gmvFen', '成交额（元）', 'GMV (yuan)', 'yuan'),
  col('children', '直接带来', 'Children'),
  col('descendants', '带来总人数', 'Descendants'),
  col('descendantGmvFen', '带来成交额（元）', 'Descendants’ GMV (yuan)', 'yuan'),
]

function cascadeTables(c: Cascades): Table[] {
  return [
    pairs('汇总', 'Summary', [
      [col('people', '参与人数', 'People'), c.people],
      [col('roots', '起点人数', 'Roots'), c.roots],
      [col('maxDepth', '最大深度', 'Deepest generation'), c.maxDepth],
      [col('meanTreeSize', '平均树规模', 'Mean tree size', 'number'), c.meanTreeSize],
    ]),
    {
      zh: '代际',
      en: 'Generations',
      columns: [
        col('generation', '代', 'Generation'),
        col('people', '人数', 'People'),
        col('sharers', '分享人数', 'Sharers'),
        col('sends', '发送次数', 'Sends'),
        col('opens', '打开人数', 'Opens'),
        col('buyers', '下单人数', 'Buyers'),
        col('orders', '订单数', 'Orders'),
        col('gmvFen', '成交额（元）', 'GMV (yuan)', 'yuan'),
      ],
      rows: c.generations,
    },
    {
      zh: '树规模',
      en: 'Tree sizes',
      columns: [col('band', '规模', 'Size', 'text'), col('trees', '树数', 'Trees')],
      rows: c.sizes,
    },
    {
      zh: '树深度',
      en: 'Tree depths',
      columns: [col('depth', '深度', 'Depth'), col('trees', '树数', 'Trees')],
      rows: c.depths,
    },
    { zh: '传播达人', en: 'Top spreaders', columns: NODE, rows: c.topSpreaders },
    { zh: '节点', en: 'Nodes', columns: NODE, rows: c.nodes },
  ]
}

function retentionTables(r: Retention): Table[] {
  const weeks = Math.max(0, ...r.cohorts.map((c) => c.retained.length))
  const weekCols = Array.from({ length: weeks }, (_, i) =>
    col(`w${i + 1}`, `第${i + 1}周`, `Week ${i + 1}`, 'rate'),
  )
  const flat = (retained: { week: number; rate: number }[]) =>
    Object.fromEntries(retained.map((x) => [`w${x.week}`, x.rate]))
  return [
    {
      zh: '留存',
      en: 'Cohorts',
      columns: [
        col('week', '首购周（周一）', 'First week (Monday)', 'text'),
        col('source', '来源', 'Source', 'text'),
        col('customers', '人数', 'Customers'),
        ...weekCols,
      ],
      rows: r.cohorts.map((c) => ({
        week: c.week,
        source: c.source,
        customers: c.customers,
        ...flat(c.retained),
      })),
    },
    {
      zh: '按来源',
      en: 'By source',
      columns: [col('source', '来源', 'Source', 'text'), col('customers', '人数', 'Customers'), ...weekCols],
      rows: r.bySource.map((s) => ({ source: s.source, customers: s.customers, ...flat(s.retained) })),
    },
  ]
}

export type ExportData =
  | { report: 'overview'; data: Overview }
  | { report: 'funnel'; data: Funnel }
  | { report: 'cascades'; data: Cascades }
  | { report: 'retention'; data: Retention }

const REPORT_NAMES: Record<ExportReport, [string, string]> = {
  overview: ['经营概览', 'Overview'],
  funnel: ['分享漏斗', 'Sharing funnel'],
  cascades: ['裂变树', 'Cascade'],
  retention: ['留存', 'Retention'],
}

function tablesOf(d: ExportData): Table[] {
  switch (d.report) {
    case 'overview':
      return overviewTables(d.data)
    case 'funnel':
      return funnelTables(d.data)
    case 'cascades':
      return cascadeTables(d.data)
    case 'retention':
      return retentionTables(d.data)
  }
}

/**
 * Streams the report as an .xlsx workbook: one sheet per table, headers in the reader's language,
 * money in yuan and rates as percentages, then a sheet saying what it covers. Rows are written and
 * flushed one by one, so a large cascade never sits in memory twice.
 */
export async function writeWorkbook(
  out: Writable,
  d: ExportData,
  about: { from?: string | null; to?: string | null; campaign?: string | null; at: Date },
  lang: Lang,
) {
  const en = lang === 'en'
  const t = (zh: string, e: string) => (en ? e : zh)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true })
  wb.created = about.at
  const label = (v: unknown, key: string) => {
    if (typeof v !== 'string') return v
    const names = key === 'step' ? STEP_NAMES : key === 'source' ? SOURCE_NAMES : undefined
    const n = names?.[v]
    return n ? t(n[0], n[1]) : v
  }
  for (const table of tablesOf(d)) {
    const ws = wb.addWorksheet(t(table.zh, table.en), { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = table.columns.map((c) => ({
      header: t(c.zh, c.en),
      key: c.key,
      width: c.kind === 'text' ? 18 : 14,
      style: FORMAT[c.kind] ? { numFmt: FORMAT[c.kind] } : {},
    }))
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).commit()
    for (const row of table.rows as Record<string, unknown>[]) {
      const cells = table.columns.map((c) => {
        const v = row[c.key]
        if (v instanceof Object && 'zh' in v) return t((v as Column).zh, (v as Column).en)
        if (v === null || v === undefined) return null
        const kind = (row.kind as Kind | undefined) ?? c.kind
        return kind === 'yuan' ? Number(v) / 100 : label(v, c.key)
      })
      const r = ws.addRow(cells)
      const kind = row.kind as Kind | undefined
      if (kind && FORMAT[kind]) r.getCell(2).numFmt = FORMAT[kind]!
      r.commit()
    }
    ws.commit()
  }
  const info = wb.addWorksheet(t('说明', 'About'))
  info.columns = [
    { header: t('项目', 'Item'), key: 'k', width: 16 },
    { header: t('内容', 'Value'), key: 'v', width: 40 },
  ]
  const [zh, e] = REPORT_NAMES[d.report]
  const rows: [string, string][] = [
    [t('报表', 'Report'), t(zh, e)],
    ...(about.from ? [[t('开始日期', 'From'), about.from] as [string, string]] : []),
    ...(about.to ? [[t('结束日期', 'To'), about.to] as [string, string]] : []),
    ...(about.campaign ? [[t('活动', 'Campaign'), about.campaign] as [string, string]] : []),
    [t('时区', 'Time zone'), 'Asia/Shanghai'],
    [t('金额单位', 'Money'), t('元', 'yuan')],
    [t('导出时间', 'Exported at'), about.at.toISOString()],
  ]
  for (const [k, v] of rows) info.addRow([k, v]).commit()
  info.commit()
  await wb.commit()
}
