import { Alert, Form, Input, Modal, Space, Tag, Tooltip } from 'antd'
import { type ReactNode, useState } from 'react'
import type {
  CommissionReview,
  CommissionStatus,
  FraudFlag,
  PromoterStatus,
  WithdrawalStatus,
} from '../distributionApi'
import { type ConsoleKey, useI18n } from '../i18n'

const promoterColor: Record<PromoterStatus, string> = {
  applied: 'gold',
  active: 'green',
  expired: 'default',
  suspended: 'red',
}
const commissionColor: Record<CommissionStatus, string> = {
  frozen: 'blue',
  settled: 'green',
  void: 'default',
  clawed: 'orange',
}
const reviewColor: Record<CommissionReview, string> = {
  none: 'default',
  held: 'red',
  cleared: 'green',
  confirmed: 'volcano',
}
const withdrawalColor: Record<WithdrawalStatus, string> = {
  requested: 'gold',
  approved: 'blue',
  paid: 'green',
  rejected: 'default',
}

export function PromoterStatusTag({ status }: { status: PromoterStatus }) {
  const { t } = useI18n()
  return (
    <Tag color={promoterColor[status]} data-testid="promoter-status" data-status={status}>
      {t(`dist.promoters.status.${status}`)}
    </Tag>
  )
}

export function CommissionStatusTag({ status }: { status: CommissionStatus }) {
  const { t } = useI18n()
  return (
    <Tag color={commissionColor[status]} data-testid="commission-status" data-status={status}>
      {t(`dist.commissions.status.${status}`)}
    </Tag>
  )
}

export function ReviewTag({ review }: { review: CommissionReview }) {
  const { t } = useI18n()
  if (review === 'none') return <span className="muted">{t('dist.commissions.review.none')}</span>
  return (
    <Tag color={reviewColor[review]} data-testid="commission-review" data-review={review}>
      {t(`dist.commissions.review.${review}`)}
    </Tag>
  )
}

export function WithdrawalStatusTag({ status }: { status: WithdrawalStatus }) {
  const { t } = useI18n()
  return (
    <Tag color={withdrawalColor[status]} data-testid="withdrawal-status" data-status={status}>
      {t(`dist.withdrawals.status.${status}`)}
    </Tag>
  )
}

/** A table cell's title over its smaller second line. */
export function Stack({ children }: { children: ReactNode }) {
  return <span style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>{children}</span>
}

/** The fraud rules a commission tripped, in the reader's language. */
export function FlagList({ flags, compact }: { flags: FraudFlag[]; compact?: boolean }) {
  const { lang } = useI18n()
  if (!flags.length) return null
  if (compact)
    return (
      <Space size={4} wrap>
        {flags.map((f) => (
          <Tooltip key={f.rule} title={lang === 'en' ? f.en : f.zh}>
            <Tag color="red">{f.rule}</Tag>
          </Tooltip>
        ))}
      </Space>
    )
  return (
    <ul className="flag-list" style={{ margin: 0, paddingLeft: 18 }}>
      {flags.map((f) => (
        <li key={f.rule} data-testid="fraud-flag" data-rule={f.rule}>
          {lang === 'en' ? f.en : f.zh}
        </li>
      ))}
    </ul>
  )
}

/** A key looked up at run time (a source, a reason code), or the raw value when there is none. */
export function trOr(t: (k: ConsoleKey) => string, key: string, fallback: string): string {
  const text = t(key as ConsoleKey)
  return text === key ? fallback : text
}

/**
 * A dialog asking for one line of text (a reason, a reference) before an action; the action's
 * refusal shows inside it, so the operator can correct and try again.
 */
export function TextPrompt({
  open,
  title,
  hint,
  label,
  placeholder,
  okText,
  danger,
  required = true,
  testId,
  onClose,
  onSubmit,
}: {
  open: boolean
  title: ReactNode
  hint?: ReactNode
  label: string
  placeholder?: string
  okText?: string
  danger?: boolean
  required?: boolean
  testId: string
  onClose: () => void
  onSubmit: (text: string) => Promise<void>
}) {
  const { t } = useI18n()
  const [form] = Form.useForm<{ text: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    const { text } = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      await onSubmit(text?.trim() ?? '')
      form.resetFields()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={open}
      title={title}
      onCancel={() => {
        setError(null)
        onClose()
      }}
      onOk={() => void submit()}
      okText={okText ?? t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, 'data-testid': `${testId}-ok` }}
      confirmLoading={busy}
      destroyOnHidden
      forceRender
    >
      {hint ? <p className="muted">{hint}</p> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" /> : null}
      <Form form={form} layout="vertical" data-testid={testId}>
        <Form.Item
          name="text"
          label={label}
          rules={
            required
              ? [{ required: true, whitespace: true, message: t('common.required', { field: label }) }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
