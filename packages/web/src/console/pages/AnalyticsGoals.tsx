import { AimOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Table,
  Tag,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { formatFen } from '../../shared/money'
import { useResource } from '../../shared/useResource'
import { analyticsApi, GOAL_METRICS, type Goal, type GoalMetric, type GoalStatus } from '../analyticsApi'
import { percent } from '../analyticsView'
import { LoadError } from '../components/bits'
import { type ConsoleKey, tr, useI18n } from '../i18n'
import { ChartCard } from './AnalyticsBits'

const MONEY = new Set(['gmv_fen', 'net_gmv_fen'])
const STATUS_COLOR: Record<GoalStatus, string> = {
  not_started: 'default',
  on_track: 'green',
  behind: 'orange',
  achieved: 'blue',
  missed: 'red',
}

/** A goal's value as the operator reads it: yuan for money, two decimals for K, else a count. */
function goalValue(metric: string, v: number | null) {
  if (v === null) return '-'
  if (MONEY.has(metric)) return formatFen(v, { trimZeros: true })
  if (metric === 'k_factor') return v.toFixed(2)
  return Math.round(v).toLocaleString()
}

interface FormShape {
  metric: GoalMetric
  target: number
  deadline: dayjs.Dayjs
  title?: string
}

/** 目标: the shop's SMART goals with progress so far and the projection to the deadline. */
export function GoalsCard() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const goals = useResource('an:goals', () => analyticsApi.goals())
  const [open, setOpen] = useState(false)
  const [saving, setSaving] = useState(false)
  const [key, setKey] = useState(() => crypto.randomUUID())
  const [form] = Form.useForm<FormShape>()
  const metric = Form.useWatch('metric', form)

  const save = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      await analyticsApi.addGoal(
        {
          metric: v.metric,
          // Money is typed in yuan and kept in fen.
          target: MONEY.has(v.metric) ? Math.round(v.target * 100) : v.target,
          deadline: v.deadline.format('YYYY-MM-DD'),
          title: v.title?.trim() || undefined,
        },
        key,
      )
      setOpen(false)
      setKey(crypto.randomUUID())
      form.resetFields()
      await goals.reload()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setSaving(false)
    }
  }

  const remove = async (g: Goal) => {
    try {
      await analyticsApi.removeGoal(g.id)
      await goals.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  const items = goals.data?.items ?? []
  return (
    <>
      {goals.error ? <LoadError error={goals.error} onRetry={goals.reload} /> : null}
      <ChartCard
        title={
          <span>
            <AimOutlined style={{ color: '#ff4d2e', marginRight: 6 }} />
            {t('an.goal.title')}
          </span>
        }
        hint={t('an.goal.hint')}
        testId="an-card-goals"
        side={false}
        loading={!goals.data && goals.loading}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="an-goal-add">
            {t('an.goal.add')}
          </Button>
        }
        empty={
          goals.data && !items.length ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('an.goal.empty')} />
          ) : undefined
        }
        chart={null}
        table={
          <Table<Goal>
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="an-table-goals"
            dataSource={items}
            columns={[
              {
                title: t('an.goal.goal'),
                render: (_, g) => (
                  <div>
                    <b>{g.title || tr(t, 'an.goal.metric', g.metric)}</b>
                    <div className="muted">
                      {tr(t, 'an.goal.metric', g.metric)} · {g.startsOn} → {g.deadline}
                    </div>
                  </div>
                ),
              },
              {
                title: t('an.goal.progress'),
                width: 280,
                render: (_, g) => (
                  <Progress
                    percent={Math.min(100, Math.round(g.progress * 100))}
                    success={{ percent: Math.min(100, Math.round(g.elapsed * 100)), strokeColor: '#d9d9d9' }}
                    strokeColor={g.status === 'behind' || g.status === 'missed' ? '#fa8c16' : '#ff4d2e'}
                    format={() => percent(g.progress, 0)}
                    size="small"
                  />
                ),
              },
              {
                title: t('an.goal.current'),
                align: 'right',
                render: (_, g) => `${goalValue(g.metric, g.current)} / ${goalValue(g.metric, g.target)}`,
              },
              {
                title: t('an.goal.projected'),
                align: 'right',
                render: (_, g) =>
                  g.projected === null
                    ? '-'
                    : `${goalValue(g.metric, g.projected)} (${percent(g.projectedProgress, 0)})`,
              },
              {
                title: t('an.goal.status'),
                dataIndex: 'status',
                render: (s: GoalStatus, g) => (
                  <span>
                    <Tag color={STATUS_COLOR[s]} variant="filled">
                      {t(`an.goal.status.${s}` as ConsoleKey)}
                    </Tag>
                    {g.daysLeft > 0 ? (
                      <span className="muted">{t('an.goal.daysLeft', { n: g.daysLeft })}</span>
                    ) : null}
                  </span>
                ),
              },
              {
                width: 48,
                render: (_, g) => (
                  <Popconfirm title={t('common.deleteConfirm')} onConfirm={() => remove(g)}>
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                    />
                  </Popconfirm>
                ),
              },
            ]}
          />
        }
      />
      <Modal
        open={open}
        title={t('an.goal.add')}
        onCancel={() => setOpen(false)}
        onOk={save}
        confirmLoading={saving}
        okText={t('common.save')}
        destroyOnHidden
      >
        <Form<FormShape> form={form} layout="vertical" initialValues={{ metric: 'gmv_fen' }} preserve={false}>
          <Form.Item name="metric" label={t('an.goal.metricLabel')} rules={[{ required: true }]}>
            <Select
              options={GOAL_METRICS.map((m) => ({ value: m, label: tr(t, 'an.goal.metric', m) }))}
              data-testid="an-goal-metric"
            />
          </Form.Item>
          <Form.Item
            name="target"
            label={MONEY.has(metric ?? '') ? t('an.goal.targetYuan') : t('an.goal.target')}
            rules={[{ required: true, message: t('common.required', { field: t('an.goal.target') }) }]}
          >
            <InputNumber
              min={metric === 'k_factor' ? 0.01 : 1}
              step={metric === 'k_factor' ? 0.1 : 1}
              precision={metric === 'k_factor' || MONEY.has(metric ?? '') ? 2 : 0}
              style={{ width: '100%' }}
              data-testid="an-goal-target"
            />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('an.goal.deadline')}
            rules={[{ required: true, message: t('common.required', { field: t('an.goal.deadline') }) }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              data-testid="an-goal-deadline"
            />
          </Form.Item>
          <Form.Item name="title" label={t('an.goal.name')}>
            <Input maxLength={60} placeholder={t('an.goal.namePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
