import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { LoadError, PageHead } from '../components/bits'
import {
  type CouponFormValues,
  type CouponProblem,
  parseRecipients,
  SERVER_FIELD,
  toTemplateInput,
  toTemplatePatch,
  useRate,
  valuesOf,
} from '../couponForm'
import {
  COUPON_KINDS,
  type CouponTemplate,
  couponsApi,
  type IssueResult,
  TEMPLATE_STATUSES,
  type TemplateStatus,
} from '../couponsApi'
import { type ConsoleKey, useI18n } from '../i18n'

const STATUS_COLOR: Record<TemplateStatus, string> = { active: 'green', paused: 'orange', ended: 'default' }

/** 优惠券: templates by status with issued and used counts; create, edit, pause/resume/end, issue. */
export default function CouponTemplates() {
  const { t, lang } = useI18n()
  const { message } = App.useApp()
  const [sp, setSp] = useSearchParams()
  const status = TEMPLATE_STATUSES.find((s) => s === sp.get('status'))
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors[cursors.length - 1]
  const list = useResource(`coupon-templates:${status ?? ''}:${cursor ?? ''}`, () =>
    couponsApi.templates({ status, cursor, limit: 20 }),
  )
  const [editing, setEditing] = useState<CouponTemplate | 'new' | null>(null)
  const [issuing, setIssuing] = useState<CouponTemplate | null>(null)

  const move = async (tpl: CouponTemplate, event: 'pause' | 'resume' | 'end') => {
    try {
      await couponsApi.move(tpl.id, event)
      message.success(t('coupon.done'))
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead
        title={t('coupon.title')}
        sub={t('coupon.sub')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="coupon-new">
            {t('coupon.new')}
          </Button>
        }
      />
      <Card>
        <Tabs
          activeKey={status ?? 'all'}
          onChange={(k) => {
            setCursors([])
            setSp(k === 'all' ? {} : { status: k }, { replace: true })
          }}
          items={[
            { key: 'all', label: t('common.all') },
            ...TEMPLATE_STATUSES.map((s) => ({ key: s, label: t(`coupon.status.${s}`) })),
          ]}
        />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<CouponTemplate>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('coupon.empty') }}
          onRow={(c) => ({ 'data-testid': 'coupon-row', 'data-status': c.status }) as object}
          columns={[
            {
              title: t('coupon.name'),
              render: (_, c) => (
                <div>
                  <b>{c.name}</b>
                  <div className="muted">{t(`coupon.kind.${c.kind}`)}</div>
                </div>
              ),
            },
            {
              title: t('coupon.terms'),
              render: (_, c) => (
                <div>
                  <Tag color="red">{lang === 'en' ? c.label.en : c.label.zh}</Tag>
                  <div className="muted">{t(`coupon.scope.${c.scope}`)}</div>
                </div>
              ),
            },
            {
              title: t('coupon.validity'),
              width: 200,
              render: (_, c) =>
                c.validity === 'fixed' ? (
                  <span>
                    {formatDateTime(c.validFrom)}
                    <br />
                    {formatDateTime(c.validUntil)}
                  </span>
                ) : (
                  t('coupon.validDaysShort', { n: c.validDays ?? 0 })
                ),
            },
            {
              title: t('coupon.claimRange'),
              width: 170,
              render: (_, c) => (
                <span className="muted">
                  {formatDateTime(c.claimStartsAt)}
                  <br />
                  {formatDateTime(c.claimEndsAt)}
                </span>
              ),
            },
            {
              title: `${t('coupon.issued')} / ${t('coupon.used')}`,
              width: 140,
              align: 'right',
              render: (_, c) => (
                <div data-testid="coupon-counts">
                  <b>{c.issuedCount}</b> / {c.usedCount}
                  {c.totalLimit !== null ? <span className="muted"> ({c.totalLimit})</span> : null}
                  <div className="muted">{t('coupon.useRate', { n: useRate(c) })}</div>
                </div>
              ),
            },
            {
              title: t('common.status'),
              width: 90,
              render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`coupon.status.${c.status}`)}</Tag>,
            },
            {
              title: t('common.actions'),
              width: 230,
              fixed: 'right',
              render: (_, c) => (
                <Space size={0} wrap>
                  {c.status !== 'ended' ? (
                    <Button size="small" type="link" onClick={() => setEditing(c)}>
                      {t('common.edit')}
                    </Button>
                  ) : null}
                  {c.status === 'active' ? (
                    <>
                      <Button
                        size="small"
                        type="link"
                        onClick={() => setIssuing(c)}
                        data-testid="coupon-issue"
                      >
                        {t('coupon.issue')}
                      </Button>
                      <Button size="small" type="link" onClick={() => move(c, 'pause')}>
                        {t('coupon.pause')}
                      </Button>
                    </>
                  ) : null}
                  {c.status === 'paused' ? (
                    <Button size="small" type="link" onClick={() => move(c, 'resume')}>
                      {t('coupon.resume')}
                    </Button>
                  ) : null}
                  {c.status !== 'ended' ? (
                    <Popconfirm title={t('coupon.endConfirm')} onConfirm={() => move(c, 'end')}>
                      <Button size="small" type="link" danger>
                        {t('coupon.end')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        {cursors.length || list.data?.nextCursor ? (
          <Space style={{ marginTop: 12 }}>
            <Button size="small" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('common.prev')}
            </Button>
            <Button
              size="small"
              disabled={!list.data?.nextCursor}
              onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
            >
              {t('common.next')}
            </Button>
          </Space>
        ) : null}
      </Card>
      {editing ? (
        <TemplateForm
          saved={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void list.reload()
          }}
        />
      ) : null}
      {issuing ? (
        <IssueDialog
          template={issuing}
          onClose={() => setIssuing(null)}
          onIssued={() => void list.reload()}
        />
      ) : null}
    </div>
  )
}

interface FormShape
  extends Omit<CouponFormValues, 'validFrom' | 'validUntil' | 'claimStartsAt' | 'claimEndsAt'> {
  validRange?: [Dayjs, Dayjs] | null
  claimRange?: [Dayjs, Dayjs] | null
}

const iso = (d: Dayjs | null | undefined) => (d ? d.toISOString() : null)

function toShape(v: CouponFormValues): FormShape {
  const { validFrom, validUntil, claimStartsAt, claimEndsAt, ...rest } = v
  return {
    ...rest,
    validRange: validFrom && validUntil ? [dayjs(validFrom), dayjs(validUntil)] : null,
    claimRange: claimStartsAt && claimEndsAt ? [dayjs(claimStartsAt), dayjs(claimEndsAt)] : null,
  }
}

function fromShape(s: FormShape): CouponFormValues {
  const { validRange, claimRange, ...rest } = s
  return {
    ...rest,
    validFrom: iso(validRange?.[0]),
    validUntil: iso(validRange?.[1]),
    claimStartsAt: iso(claimRange?.[0]),
    claimEndsAt: iso(claimRange?.[1]),
  }
}

// Problems on date fields show on the range picker that holds them.
const SHAPE_FIELD: Record<string, keyof FormShape> = {
  validFrom: 'validRange',
  validUntil: 'validRange',
  claimStartsAt: 'claimRange',
  claimEndsAt: 'claimRange',
}

function TemplateForm({
  saved,
  onClose,
  onSaved,
}: {
  saved: CouponTemplate | null
  onClose: () => void
  onSaved: () => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormShape>()
  const [busy, setBusy] = useState(false)
  const [idemKey] = useState(() => crypto.randomUUID())
  const kind = Form.useWatch('kind', form) ?? saved?.kind ?? 'fixed'
  const scope = Form.useWatch('scope', form) ?? saved?.scope ?? 'all'
  const validity = Form.useWatch('validity', form) ?? saved?.validity ?? 'fixed'
  const locked = !!saved
  const categories = useResource(scope === 'categories' ? 'coupon-categories' : null, () => api.categories())
  const products = useResource(scope === 'products' ? 'coupon-products' : null, () =>
    api.products({ status: 'published', limit: 100 }),
  )

  const initial: FormShape = saved
    ? toShape(valuesOf(saved))
    : toShape({
        kind: 'fixed',
        scope: 'all',
        validity: 'fixed',
        perPersonLimit: 1,
        claimable: true,
        claimStartsAt: dayjs().startOf('minute').toISOString(),
        claimEndsAt: dayjs().add(30, 'day').endOf('day').toISOString(),
        validFrom: dayjs().startOf('minute').toISOString(),
        validUntil: dayjs().add(30, 'day').endOf('day').toISOString(),
      })

  const show = (problems: CouponProblem[]) =>
    form.setFields(
      problems.map((p) => ({
        name: SHAPE_FIELD[p.field] ?? p.field,
        errors: [t(`coupon.problem.${p.key}` as ConsoleKey)],
      })),
    )

  const submit = async () => {
    const values = fromShape({ ...initial, ...form.getFieldsValue(true) })
    form.setFields((Object.keys(initial) as (keyof FormShape)[]).map((name) => ({ name, errors: [] })))
    setBusy(true)
    try {
      if (saved) {
        const { patch, problems } = toTemplatePatch(saved, values)
        if (!patch) return show(problems)
        if (Object.keys(patch).length) await couponsApi.updateTemplate(saved.id, patch)
        message.success(t('common.saved'))
      } else {
        const { input, problems } = toTemplateInput(values)
        if (!input) return show(problems)
        await couponsApi.createTemplate(input, idemKey)
        message.success(t('coupon.created'))
      }
      onSaved()
    } catch (err) {
      const field = err instanceof ApiError && err.field && err.field in SERVER_FIELD ? err.field : undefined
      if (field)
        form.setFields([
          { name: SHAPE_FIELD[field] ?? SERVER_FIELD[field], errors: [(err as Error).message] },
        ])
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open
      width={640}
      title={saved ? t('coupon.edit') : t('coupon.new')}
      okText={t('common.save')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<FormShape> form={form} layout="vertical" initialValues={initial} data-testid="coupon-form">
        {locked ? (
          <Alert type="info" showIcon message={t('coupon.termsLocked')} style={{ marginBottom: 12 }} />
        ) : null}
        <Form.Item name="name" label={t('coupon.name')} required>
          <Input maxLength={60} placeholder="满199减30" />
        </Form.Item>
        <Form.Item name="kind" label={t('coupon.kind')}>
          <Radio.Group disabled={locked} optionType="button">
            {COUPON_KINDS.map((k) => (
              <Radio.Button key={k} value={k}>
                {t(`coupon.kind.${k}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Space size={12} wrap align="start">
          {kind === 'fixed' || kind === 'threshold' ? (
            <Form.Item name="amount" label={t('coupon.amount')} required>
              <Input disabled={locked} prefix="¥" style={{ width: 150 }} inputMode="decimal" />
            </Form.Item>
          ) : null}
          {kind === 'percent' ? (
            <>
              <Form.Item
                name="percentOff"
                label={t('coupon.percentOff')}
                extra={t('coupon.percentHint')}
                required
              >
                <Input disabled={locked} suffix="%" style={{ width: 150 }} inputMode="decimal" />
              </Form.Item>
              <Form.Item name="cap" label={t('coupon.cap')} extra={t('coupon.capHint')}>
                <Input disabled={locked} prefix="¥" style={{ width: 150 }} inputMode="decimal" />
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            name="threshold"
            label={kind === 'threshold' ? t('coupon.thresholdRequired') : t('coupon.threshold')}
            extra={kind === 'threshold' ? undefined : t('coupon.thresholdHint')}
            required={kind === 'threshold'}
          >
            <Input disabled={locked} prefix="¥" style={{ width: 150 }} inputMode="decimal" />
          </Form.Item>
        </Space>
        <Form.Item name="scope" label={t('coupon.scope')}>
          <Radio.Group disabled={locked}>
            {(['all', 'categories', 'products'] as const).map((s) => (
              <Radio key={s} value={s}>
                {t(`coupon.scope.${s}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {scope !== 'all' ? (
          <Form.Item name="scopeIds" label={t('coupon.scopeIds')}>
            <Select
              mode="multiple"
              disabled={locked}
              optionFilterProp="label"
              loading={categories.loading || products.loading}
              options={
                scope === 'categories'
                  ? (categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))
                  : (products.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))
              }
            />
          </Form.Item>
        ) : null}
        <Form.Item name="validity" label={t('coupon.validity')}>
          <Radio.Group disabled={locked}>
            <Radio value="fixed">{t('coupon.validity.fixed')}</Radio>
            <Radio value="after_claim">{t('coupon.validity.after_claim')}</Radio>
          </Radio.Group>
        </Form.Item>
        {validity === 'fixed' ? (
          <Form.Item name="validRange" label={t('coupon.validRange')} required>
            <DatePicker.RangePicker
              disabled={locked}
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
            />
          </Form.Item>
        ) : (
          <Form.Item name="validDays" label={t('coupon.validDays')} required>
            <InputNumber disabled={locked} min={1} max={3650} precision={0} />
          </Form.Item>
        )}
        <Form.Item name="claimRange" label={t('coupon.claimRange')} required>
          <DatePicker.RangePicker
            disabled={locked ? [true, false] : false}
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
          />
        </Form.Item>
        <Space size={12} wrap align="start">
          <Form.Item name="perPersonLimit" label={t('coupon.perPersonLimit')}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="totalLimit" label={t('coupon.totalLimit')} extra={t('coupon.totalHint')}>
            <InputNumber min={1} max={10_000_000} precision={0} placeholder={t('coupon.unlimited')} />
          </Form.Item>
        </Space>
        <Form.Item
          name="claimable"
          label={t('coupon.claimable')}
          extra={t('coupon.claimableHint')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function IssueDialog({
  template,
  onClose,
  onIssued,
}: {
  template: CouponTemplate
  onClose: () => void
  onIssued: () => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<IssueResult | null>(null)
  const [idemKey, setIdemKey] = useState(() => crypto.randomUUID())
  const parsed = parseRecipients(text)
  const tooMany = parsed.ids.length > 500

  const submit = async () => {
    setBusy(true)
    try {
      const r = await couponsApi.issue(template.id, parsed.ids, idemKey)
      setResult(r)
      setIdemKey(crypto.randomUUID())
      message.success(t('coupon.issueResult', { issued: r.issued.length, skipped: r.skipped.length }))
      onIssued()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open
      title={t('coupon.issueTitle', { name: template.name })}
      okText={t('coupon.issue')}
      okButtonProps={{ disabled: !parsed.ids.length || tooMany }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      cancelText={t('common.back')}
    >
      <p className="muted">{t('coupon.issueHint')}</p>
      <Form layout="vertical">
        <Form.Item
          label={t('coupon.recipients')}
          extra={t('coupon.recipientsCount', { n: parsed.ids.length })}
        >
          <Input.TextArea
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value)
              setResult(null)
            }}
            data-testid="coupon-recipients"
          />
        </Form.Item>
      </Form>
      {parsed.phones.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('coupon.phonesUnsupported', {
            n: parsed.phones.length,
            list: parsed.phones.slice(0, 5).join(', '),
          })}
        />
      ) : null}
      {parsed.invalid.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('coupon.invalid', { list: parsed.invalid.slice(0, 5).join(', ') })}
        />
      ) : null}
      {tooMany ? <Alert type="error" showIcon message={t('coupon.tooMany')} /> : null}
      {result ? (
        <Alert
          type={result.skipped.length ? 'warning' : 'success'}
          showIcon
          data-testid="coupon-issue-result"
          message={t('coupon.issueResult', { issued: result.issued.length, skipped: result.skipped.length })}
          description={
            result.skipped.length ? (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {result.skipped.slice(0, 20).map((s) => (
                  <li key={s.shopperId}>
                    <code>{s.shopperId.slice(0, 8)}</code> {s.reason}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </Modal>
  )
}
