import {
  BarChart,
  type BarSeriesOption,
  FunnelChart,
  type FunnelSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
  TreeChart,
  type TreeSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components'
import { type ComposeOption, use } from 'echarts/core'
import EChart, { type EChartOption } from '../components/EChart'

// The analytics charts draw pies, funnels and trees too: registered here, in the analytics chunk,
// so the rest of the console does not load them.
use([BarChart, LineChart, PieChart, FunnelChart, TreeChart, GridComponent, LegendComponent, TooltipComponent])

export type AnalyticsOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | FunnelSeriesOption
  | TreeSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>

/** The console's ECharts box, for the analytics pages' wider set of series. */
export default function AnalyticsChart({
  option,
  height,
  testId,
}: {
  option: AnalyticsOption
  height?: number
  testId?: string
}) {
  // EChart's option type names only the line and bar series it registers; the rest are registered above.
  return <EChart option={option as EChartOption} height={height} data-testid={testId} />
}
