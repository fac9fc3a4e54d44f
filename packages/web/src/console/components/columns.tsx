import type { TableColumnType } from 'antd'
import type { ReactNode } from 'react'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { Money } from './bits'

/** A right-aligned price in fen, as plain text. */
export function priceColumn<T>(
  title: ReactNode,
  dataIndex: keyof T & string,
  extra: TableColumnType<T> = {},
): TableColumnType<T> {
  return { title, dataIndex, align: 'right', render: (v: number) => formatFen(v), ...extra }
}

/** A right-aligned amount in fen, drawn as `Money`. */
export function moneyColumn<T>(
  title: ReactNode,
  dataIndex: keyof T & string,
  { danger }: { danger?: boolean } = {},
): TableColumnType<T> {
  return { title, dataIndex, align: 'right', render: (v: number) => <Money fen={v} danger={danger} /> }
}

/** A date and time, `-` when there is none. */
export function dateTimeColumn<T>(title: ReactNode, dataIndex: keyof T & string): TableColumnType<T> {
  return { title, dataIndex, render: (v: string | null) => formatDateTime(v) }
}
