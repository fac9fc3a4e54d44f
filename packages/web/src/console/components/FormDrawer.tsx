import { App, Button, Drawer, type FormInstance, Space } from 'antd'
import dayjs from 'dayjs'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../shared/api'
import { uuid } from '../../shared/random'
import { useI18n } from '../i18n'

/**
 * A drawer form that creates a record or edits one. Each opening starts from the form's initial values
 * (or the record's, its window as `period`) with a fresh idempotency key; a refused save gets a new key,
 * a network failure keeps it so that the retry is the same request. The server's field errors land on
 * their fields (`fieldOf` maps the server's name to the form's), anything else in a message.
 */
export function useDrawerForm<R extends { startsAt: string; endsAt: string }, V>({
  form,
  open,
  record,
  toValues,
  fieldOf,
}: {
  form: FormInstance
  open: boolean
  record: R | undefined
  toValues: (record: R) => V
  fieldOf: (serverField: string | undefined) => string | (string | number)[] | undefined
}) {
  const { message } = App.useApp()
  const [saving, setSaving] = useState(false)
  const key = useRef(uuid())

  useEffect(() => {
    if (!open) return
    key.current = uuid()
    form.resetFields()
    if (record)
      form.setFieldsValue({ ...toValues(record), period: [dayjs(record.startsAt), dayjs(record.endsAt)] })
  }, [open, record, form, toValues])

  /** Runs one save with the current idempotency key. */
  const save = async (run: (idempotencyKey: string) => Promise<void>) => {
    setSaving(true)
    try {
      await run(key.current)
    } catch (err) {
      const field = err instanceof ApiError ? fieldOf(err.field) : undefined
      if (field) {
        form.setFields([{ name: field as never, errors: [(err as Error).message] }])
        form.scrollToField(field as never)
      } else message.error((err as Error).message)
      if (!(err instanceof ApiError && err.code === 'network')) key.current = uuid()
    } finally {
      setSaving(false)
    }
  }

  return { saving, save }
}

/** What a page hands an editor drawer besides the record. */
export interface EditorProps<T> {
  open: boolean
  onClose: () => void
  onSaved: (saved: T) => void
}

/** Rules for a required field, its name in the message. */
export function useRequired() {
  const { t } = useI18n()
  return (field: string) => [{ required: true, message: t('common.required', { field }) }]
}

/** The large drawer around such a form: cancel and save at the top, the form inside. */
export function FormDrawer({
  title,
  open,
  onClose,
  saving,
  onSave,
  saveTestId,
  footer,
  children,
}: {
  title: ReactNode
  open: boolean
  onClose: () => void
  saving: boolean
  onSave: () => void
  saveTestId: string
  footer?: ReactNode
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      size="large"
      destroyOnHidden
      footer={footer}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  )
}
