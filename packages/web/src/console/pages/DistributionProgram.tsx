import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Skeleton } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../../shared/api'
import { uuid } from '../../shared/random'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { LoadError, PageHead } from '../components/bits'
import { distributionApi } from '../distributionApi'
import {
  formFieldOf,
  otherRates,
  type ProgramField,
  type ProgramFormValues,
  toProgramBody,
  toProgramForm,
} from '../distributionForm'
import { type ConsoleKey, useI18n } from '../i18n'

/** The form item a problem shows under: a problem with the qualifications as a whole, under the first. */
const itemOf = (field: ProgramField): keyof ProgramFormValues =>
  field === 'qualifications' ? 'applyEnabled' : field

/**
 * 推广计划: who may become a promoter, the binding rule, settlement and withdrawal terms, and the
 * commission plan. The server's compliance guard has the last word: its refusal lands on the field
 * it names, in the operator's language; a second level needs the warning read and acknowledged.
 */
export default function DistributionProgram() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const view = useResource('distribution-program', () => distributionApi.program())
  const [form] = Form.useForm<ProgramFormValues>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string | null>(null)
  const attempt = useRef(uuid())
  const values = Form.useWatch([], form) as Partial<ProgramFormValues> | undefined

  useEffect(() => {
    if (view.data) form.setFieldsValue(toProgramForm(view.data))
  }, [view.data, form])

  const showProblem = (field: ProgramField, text: string) => {
    form.setFields([{ name: itemOf(field), errors: [text] }])
    form.scrollToField(itemOf(field), { block: 'center' })
  }

  const save = async () => {
    if (!view.data) return
    setBanner(null)
    const v = { ...toProgramForm(view.data), ...form.getFieldsValue(true) } as ProgramFormValues
    const { body, problems } = toProgramBody(v, view.data)
    if (!body) {
      form.setFields(
        problems.map((p) => ({
          name: itemOf(p.field),
          errors: [t(`dist.program.problem.${p.key}` as ConsoleKey)],
        })),
      )
      if (problems[0]) form.scrollToField(itemOf(problems[0].field), { block: 'center' })
      return
    }
    setSaving(true)
    try {
      const saved = await distributionApi.saveProgram(body, attempt.current)
      attempt.current = uuid()
      view.setData(saved)
      message.success(t('dist.program.saved'))
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'network')) attempt.current = uuid()
      const field = err instanceof ApiError ? formFieldOf(err.field, v.rateKind) : undefined
      if (field) showProblem(field, (err as Error).message)
      else setBanner((err as Error).message)
    } finally {
      setSaving(false)
    }
  }

  const two = values?.levels === 2
  const rateKind = values?.rateKind ?? 'rate'
  const others = view.data ? otherRates(view.data.plan) : undefined

  return (
    <div>
      <PageHead
        title={t('dist.program.title')}
        sub={
          view.data
            ? view.data.version > 0
              ? t('dist.program.version', { n: view.data.version, at: formatDateTime(view.data.updatedAt) })
              : t('dist.program.default')
            : t('dist.program.sub')
        }
        extra={
          <Button
            type="primary"
            loading={saving}
            onClick={save}
            disabled={!view.data}
            data-testid="program-save"
          >
            {t('common.save')}
          </Button>
        }
      />
      {view.error ? <LoadError error={view.error} onRetry={view.reload} /> : null}
      <Alert type="info" showIcon title={t('dist.program.compliance')} style={{ marginBottom: 16 }} />
      {banner ? (
        <Alert
          type="error"
          showIcon
          title={t('dist.program.refused')}
          description={banner}
          closable={{ onClose: () => setBanner(null) }}
          style={{ marginBottom: 16 }}
          role="alert"
          data-testid="program-refusal"
        />
      ) : null}
      {!view.data && !view.error ? <Skeleton active /> : null}
      <Form
        form={form}
        layout="vertical"
        data-testid="program-form"
        onValuesChange={(changed) => {
          // A changed field's server error goes with the change.
          form.setFields(Object.keys(changed).map((name) => ({ name: name as never, errors: [] })))
        }}
        style={{ display: view.data ? undefined : 'none' }}
      >
        <Card title={t('dist.program.who')} style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item name="applyEnabled" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox>{t('dist.program.apply')}</Checkbox>
              </Form.Item>
              {values?.applyEnabled ? (
                <Form.Item name="applyApproval" label={t('dist.program.approval')}>
                  <Radio.Group
                    options={(['manual', 'auto'] as const).map((a) => ({
                      value: a,
                      label: t(`dist.program.approval.${a}`),
                    }))}
                  />
                </Form.Item>
              ) : null}
              <Form.Item
                name="invitationEnabled"
                valuePropName="checked"
                extra={t('dist.program.invitationHint')}
                style={{ marginBottom: 8 }}
              >
                <Checkbox>{t('dist.program.invitation')}</Checkbox>
              </Form.Item>
              <Form.Item name="staffEnabled" valuePropName="checked">
                <Checkbox>{t('dist.program.staff')}</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="spendEnabled"
                valuePropName="checked"
                extra={t('dist.program.spendHint')}
                style={{ marginBottom: 8 }}
              >
                <Checkbox>{t('dist.program.spend')}</Checkbox>
              </Form.Item>
              {values?.spendEnabled ? (
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="spendMin" label={t('dist.program.spendMin')}>
                      <Input inputMode="decimal" prefix="¥" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="spendWindowDays" label={t('dist.program.spendWindow')}>
                      <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              ) : null}
            </Col>
          </Row>
        </Card>

        <Card title={t('dist.program.period')} style={{ marginBottom: 16 }}>
          <Form.Item name="statusLimited">
            <Radio.Group>
              <Radio value={false} style={{ display: 'flex', marginBottom: 6 }}>
                {t('dist.program.forever')}
              </Radio>
              <Radio value={true} style={{ display: 'flex' }}>
                {t('dist.program.statusLimited')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {values?.statusLimited ? (
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="statusDays" label={t('dist.program.statusDays')}>
                  <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="renewEnabled" valuePropName="checked" label=" ">
                  <Checkbox>{t('dist.program.renew')}</Checkbox>
                </Form.Item>
              </Col>
              {values?.renewEnabled ? (
                <Col xs={24} md={8}>
                  <Form.Item name="renewSpend" label={t('dist.program.renewSpend')}>
                    <Input inputMode="decimal" prefix="¥" />
                  </Form.Item>
                </Col>
              ) : null}
            </Row>
          ) : null}
        </Card>

        <Card title={t('dist.program.binding')} style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item name="bindOn" label={t('dist.program.bindOn')}>
                <Radio.Group>
                  {(['click', 'first_paid_order'] as const).map((b) => (
                    <Radio key={b} value={b} style={{ display: 'flex', marginBottom: 6 }}>
                      {t(`dist.program.bindOn.${b}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="touch" label={t('dist.program.touch')}>
                <Radio.Group>
                  {(['first', 'last'] as const).map((b) => (
                    <Radio key={b} value={b} style={{ display: 'flex', marginBottom: 6 }}>
                      {t(`dist.program.touch.${b}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="lockDays"
                label={t('dist.program.lockDays')}
                extra={t('dist.program.lockHint')}
              >
                <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="permanent" valuePropName="checked" label=" ">
                <Checkbox>{t('dist.program.permanent')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('dist.program.plan')} style={{ marginBottom: 16 }}>
          <Form.Item name="rateKind" label={t('dist.program.rateKind')}>
            <Radio.Group
              optionType="button"
              options={(['rate', 'fixed'] as const).map((k) => ({
                value: k,
                label: t(`dist.program.rateKind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="levels" label={t('dist.program.levels')}>
            <Radio.Group>
              {([1, 2] as const).map((n) => (
                <Radio
                  key={n}
                  value={n}
                  style={{ display: 'flex', marginBottom: 6 }}
                  data-testid={`levels-${n}`}
                >
                  {t(`dist.program.levels.${n}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              {rateKind === 'rate' ? (
                <Form.Item name="level1Percent" label={t('dist.program.level1Percent')}>
                  <Input inputMode="decimal" suffix="%" data-testid="level1-percent" />
                </Form.Item>
              ) : (
                <Form.Item name="level1PerUnit" label={t('dist.program.level1PerUnit')}>
                  <Input inputMode="decimal" prefix="¥" />
                </Form.Item>
              )}
            </Col>
            {two ? (
              <Col xs={24} md={12}>
                {rateKind === 'rate' ? (
                  <Form.Item name="level2Percent" label={t('dist.program.level2Percent')}>
                    <Input inputMode="decimal" suffix="%" data-testid="level2-percent" />
                  </Form.Item>
                ) : (
                  <Form.Item name="level2PerUnit" label={t('dist.program.level2PerUnit')}>
                    <Input inputMode="decimal" prefix="¥" />
                  </Form.Item>
                )}
              </Col>
            ) : null}
          </Row>
          {two ? (
            <Alert
              type="warning"
              showIcon
              title={t('dist.program.secondLevelWarning')}
              description={
                <>
                  <p style={{ margin: '4px 0 8px' }}>{t('dist.program.secondLevelText')}</p>
                  <Form.Item
                    name="secondLevelAcknowledged"
                    valuePropName="checked"
                    style={{ marginBottom: 0 }}
                  >
                    <Checkbox data-testid="second-level-ack">{t('dist.program.secondLevelAck')}</Checkbox>
                  </Form.Item>
                </>
              }
              style={{ marginBottom: 16 }}
            />
          ) : (
            <Form.Item name="secondLevelAcknowledged" valuePropName="checked" hidden>
              <Checkbox />
            </Form.Item>
          )}
          <Form.Item name="earnOnOwnPurchases" valuePropName="checked">
            <Checkbox>{t('dist.program.ownPurchases')}</Checkbox>
          </Form.Item>
          {others && others.categories + others.products + others.deals > 0 ? (
            <div className="muted">
              {t('dist.program.otherRates', { c: others.categories, p: others.products, d: others.deals })}
            </div>
          ) : null}
        </Card>

        <Card title={t('dist.program.money')} style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item
                name="returnWindowDays"
                label={t('dist.program.returnWindow')}
                extra={t('dist.program.returnWindowHint')}
              >
                <InputNumber min={0} max={90} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="withdrawMin" label={t('dist.program.withdrawMin')}>
                <Input inputMode="decimal" prefix="¥" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="withdrawFee" label={t('dist.program.withdrawFee')}>
                <Input inputMode="decimal" prefix="¥" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="withdrawDailyLimited" valuePropName="checked" label=" ">
                <Checkbox>{t('dist.program.withdrawDailyLimited')}</Checkbox>
              </Form.Item>
            </Col>
            {values?.withdrawDailyLimited ? (
              <Col xs={24} md={8}>
                <Form.Item name="withdrawDaily" label={t('dist.program.withdrawDaily')}>
                  <Input inputMode="decimal" prefix="¥" />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>
      </Form>
    </div>
  )
}
