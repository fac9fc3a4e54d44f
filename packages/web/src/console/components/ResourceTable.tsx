import { PlusOutlined } from '@ant-design/icons'
import { Button, Table, type TableProps } from 'antd'
import type { HTMLAttributes, ReactNode } from 'react'
import { LoadError } from './bits'

/** The page head's primary "new …" button. */
export function CreateButton({
  onClick,
  testId,
  children,
}: {
  onClick: () => void
  testId: string
  children: ReactNode
}) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  )
}

/**
 * The rows of one loaded resource: its load error with a retry above, twenty rows a page; each row is
 * found by `rowTestId` (and `rowData`'s data- attributes) and opens on a click.
 */
export function ResourceTable<T extends { id: string }>({
  resource,
  rows,
  emptyText,
  rowTestId,
  rowData,
  onOpen,
  ...table
}: {
  resource: { error: Error | undefined; loading: boolean; reload: () => unknown }
  rows: T[] | undefined
  emptyText: ReactNode
  rowTestId: string
  rowData?: (row: T) => Record<`data-${string}`, string>
  onOpen: (row: T) => void
} & Omit<TableProps<T>, 'rowKey' | 'loading' | 'dataSource' | 'pagination' | 'locale' | 'onRow'>) {
  return (
    <>
      {resource.error ? <LoadError error={resource.error} onRetry={resource.reload} /> : null}
      <Table<T>
        rowKey="id"
        loading={resource.loading}
        dataSource={rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText }}
        onRow={(row) =>
          ({
            'data-testid': rowTestId,
            ...rowData?.(row),
            className: 'clickable-row',
            onClick: () => onOpen(row),
          }) as HTMLAttributes<HTMLElement>
        }
        {...table}
      />
    </>
  )
}
