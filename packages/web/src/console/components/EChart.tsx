import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components'
import { type ComposeOption, init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { type CSSProperties, useEffect, useRef } from 'react'

use([LineChart, BarChart, GridComponent, TooltipComponent, CanvasRenderer])

export type EChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption
>

/** One ECharts instance on a div: follows `option`, resizes with its box, disposed on unmount. */
export default function EChart({
  option,
  height = 240,
  ...rest
}: {
  option: EChartOption
  height?: number
  style?: CSSProperties
  className?: string
  'data-testid'?: string
}) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<ReturnType<typeof init> | null>(null)

  useEffect(() => {
    const div = el.current
    if (!div) return
    const c = init(div)
    chart.current = c
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => c.resize())
    ro?.observe(div)
    return () => {
      ro?.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={el} {...rest} style={{ width: '100%', height, ...rest.style }} />
}
