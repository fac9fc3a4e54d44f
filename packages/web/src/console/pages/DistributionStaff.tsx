import { UploadOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Upload,
} from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { CursorPager, LinkButton, LoadError, PageHead } from '../components/bits'
import { PromoterStatusTag, TextPrompt, trOr } from '../components/DistributionBits'
import {
  type Department,
  distributionApi,
  type ImportProblem,
  type ImportResult,
  type StaffMember,
} from '../distributionApi'
import { useI18n } from '../i18n'

/** 全员营销: departments, the staff list (each person a promoter) and importing it from a spreadsheet. */
export default function DistributionStaff() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [sp, setSp] = useSearchParams()
  const departmentId = sp.get('departmentId') ?? undefined
  const q = sp.get('q') ?? undefined
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const departments = useResource('departments', () => distributionApi.departments())
  const staff = useResource(`staff-members:${departmentId ?? ''}:${q ?? ''}:${cursor ?? ''}`, () =>
    distributionApi.staff({ departmentId, q, cursor }),
  )
  const [importing, setImporting] = useState(false)
  const [removing, setRemoving] = useState<StaffMember | null>(null)
  const refresh = () => {
    void staff.reload()
    void departments.reload()
  }
  const setFilter = (change: { departmentId?: string; q?: string }) => {
    const next = { departmentId, q, ...change }
    setCursors([])
    setSp(Object.fromEntries(Object.entries(next).filter((e): e is [string, string] => !!e[1])), {
      replace: true,
    })
  }
  const move = async (s: StaffMember, to: string) => {
    try {
      await distributionApi.moveStaff(s.id, to)
      message.success(t('common.saved'))
      refresh()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead
        title={t('dist.staff.title')}
        sub={t('dist.staff.sub')}
        extra={
          <Button
            type="primary"
            icon={<UploadOutlined />}
            onClick={() => setImporting(true)}
            data-testid="staff-import"
          >
            {t('dist.staff.import')}
          </Button>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={7}>
          <Departments departments={departments} onChanged={refresh} />
        </Col>
        <Col xs={24} lg={17}>
          <Card
            title={t('dist.staff.list')}
            extra={
              <Space>
                <Input.Search
                  allowClear
                  defaultValue={q}
                  placeholder={t('dist.staff.search')}
                  onSearch={(v) => setFilter({ q: v.trim() || undefined })}
                  style={{ width: 220 }}
                  aria-label={t('dist.staff.search')}
                />
                <Select
                  allowClear
                  placeholder={t('dist.staff.allDepartments')}
                  value={departmentId}
                  style={{ width: 160 }}
                  onChange={(v) => setFilter({ departmentId: v })}
                  options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
                  aria-label={t('dist.staff.department')}
                />
              </Space>
            }
          >
            {staff.error ? <LoadError error={staff.error} onRetry={staff.reload} /> : null}
            <Table<StaffMember>
              rowKey="id"
              size="small"
              loading={staff.loading}
              dataSource={staff.data?.items ?? []}
              pagination={false}
              scroll={{ x: 860 }}
              locale={{ emptyText: t('dist.staff.empty') }}
              onRow={(s) => ({ 'data-testid': 'staff-row', 'data-staff-id': s.id }) as object}
              columns={[
                { title: t('dist.staff.name'), dataIndex: 'name' },
                { title: t('dist.staff.employeeNo'), width: 100, render: (_, s) => s.employeeNo ?? '' },
                { title: t('dist.staff.phone'), width: 130, render: (_, s) => s.phoneMasked },
                {
                  title: t('dist.staff.department'),
                  width: 170,
                  render: (_, s) => (
                    <Select
                      size="small"
                      value={s.departmentId ?? undefined}
                      style={{ width: 150 }}
                      onChange={(v) => v !== s.departmentId && void move(s, v)}
                      options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
                      aria-label={`${t('dist.staff.department')}: ${s.name}`}
                    />
                  ),
                },
                {
                  title: t('dist.staff.promoter'),
                  width: 100,
                  render: (_, s) => <PromoterStatusTag status={s.promoterStatus} />,
                },
                { title: t('dist.staff.addedAt'), width: 150, render: (_, s) => formatDateTime(s.addedAt) },
                {
                  title: t('common.actions'),
                  width: 90,
                  render: (_, s) => (
                    <LinkButton danger onClick={() => setRemoving(s)} data-testid="staff-remove">
                      {t('dist.staff.remove')}
                    </LinkButton>
                  ),
                },
              ]}
            />
            <CursorPager
              page={cursors.length + 1}
              hasNext={!!staff.data?.nextCursor}
              onPrev={() => setCursors(cursors.slice(0, -1))}
              onNext={() => staff.data?.nextCursor && setCursors([...cursors, staff.data.nextCursor])}
            />
          </Card>
        </Col>
      </Row>
      <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={refresh} />
      <TextPrompt
        open={!!removing}
        title={t('dist.staff.removeTitle', { name: removing?.name ?? '' })}
        hint={t('dist.staff.removeHint')}
        label={t('dist.promoters.reason')}
        okText={t('dist.staff.remove')}
        danger
        testId="staff-remove-form"
        onClose={() => setRemoving(null)}
        onSubmit={async (reason) => {
          if (!removing) return
          await distributionApi.removeStaff(removing.id, reason)
          setRemoving(null)
          message.success(t('common.saved'))
          refresh()
        }}
      />
    </div>
  )
}

function Departments({
  departments,
  onChanged,
}: {
  departments: {
    data: Department[] | undefined
    error: Error | undefined
    loading: boolean
    reload: () => unknown
  }
  onChanged: () => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [editing, setEditing] = useState<Department | 'new' | null>(null)
  const [form] = Form.useForm<{ name: string }>()
  const [busy, setBusy] = useState(false)

  const open = (d: Department | 'new') => {
    setEditing(d)
    form.setFieldsValue({ name: d === 'new' ? '' : d.name })
  }
  const save = async () => {
    const { name } = await form.validateFields()
    setBusy(true)
    try {
      if (editing === 'new') await distributionApi.addDepartment(name.trim())
      else if (editing) await distributionApi.renameDepartment(editing.id, name.trim())
      message.success(t('common.saved'))
      setEditing(null)
      onChanged()
    } catch (err) {
      form.setFields([{ name: 'name', errors: [(err as Error).message] }])
    } finally {
      setBusy(false)
    }
  }
  const remove = async (d: Department) => {
    try {
      await distributionApi.deleteDepartment(d.id)
      onChanged()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <Card
      title={t('dist.staff.departments')}
      style={{ marginBottom: 16 }}
      extra={
        <Button size="small" onClick={() => open('new')} data-testid="department-add">
          {t('dist.staff.addDepartment')}
        </Button>
      }
    >
      {departments.error ? <LoadError error={departments.error} onRetry={departments.reload} /> : null}
      <List<Department>
        size="small"
        loading={departments.loading}
        dataSource={departments.data ?? []}
        locale={{ emptyText: t('dist.staff.noDepartments') }}
        renderItem={(d) => (
          <List.Item
            data-testid="department-row"
            actions={[
              <LinkButton key="edit" onClick={() => open(d)}>
                {t('common.edit')}
              </LinkButton>,
              <Popconfirm key="delete" title={t('common.deleteConfirm')} onConfirm={() => remove(d)}>
                <LinkButton
                  danger
                  disabled={d.staffCount > 0}
                  title={d.staffCount > 0 ? t('dist.staff.notEmpty') : undefined}
                >
                  {t('common.delete')}
                </LinkButton>
              </Popconfirm>,
            ]}
          >
            <span>
              {d.name} <span className="muted">· {t('dist.staff.people', { n: d.staffCount })}</span>
            </span>
          </List.Item>
        )}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('dist.staff.addDepartment') : t('dist.staff.editDepartment')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="department-form">
          <Form.Item
            name="name"
            label={t('dist.staff.departmentName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('dist.staff.departmentName') }),
              },
            ]}
          >
            <Input maxLength={50} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}

/**
 * Check the file first: a dry run says what would be added, updated or reinstated, or lists each
 * row's problems (the server refuses a file with any, all or nothing). Then import it.
 */
function ImportDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean
  onClose: () => void
  onImported: () => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [file, setFile] = useState<File | null>(null)
  const [checked, setChecked] = useState<ImportResult | null>(null)
  const [refused, setRefused] = useState<{ message: string; problems: ImportProblem[] } | null>(null)
  const [busy, setBusy] = useState<'check' | 'import' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reset = () => {
    setChecked(null)
    setRefused(null)
    setError(null)
  }
  const close = () => {
    setFile(null)
    reset()
    onClose()
  }
  const run = async (dryRun: boolean) => {
    if (!file) return
    setBusy(dryRun ? 'check' : 'import')
    reset()
    try {
      const outcome = await distributionApi.importStaff(file, dryRun)
      if (!('result' in outcome)) setRefused(outcome)
      else if (dryRun) setChecked(outcome.result)
      else {
        const r = outcome.result
        message.success(
          t('dist.staff.imported', { added: r.added, updated: r.updated, reinstated: r.reinstated }),
        )
        onImported()
        close()
      }
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Modal
      open={open}
      width={720}
      title={t('dist.staff.importTitle')}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            onClick={() => void run(true)}
            disabled={!file}
            loading={busy === 'check'}
            data-testid="staff-check"
          >
            {t('dist.staff.check')}
          </Button>
          <Button
            type="primary"
            onClick={() => void run(false)}
            disabled={!checked}
            loading={busy === 'import'}
            data-testid="staff-do-import"
          >
            {t('dist.staff.doImport')}
          </Button>
        </Space>
      }
    >
      <p className="muted">{t('dist.staff.importHint')}</p>
      <Upload
        accept=".xlsx,.csv"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f)
          reset()
          return false
        }}
        onRemove={() => {
          setFile(null)
          reset()
        }}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
      >
        <Button icon={<UploadOutlined />} data-testid="staff-file">
          {t('dist.staff.pickFile')}
        </Button>
      </Upload>
      {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} /> : null}
      {checked ? (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="staff-import-result"
          title={t('dist.staff.wouldImport', {
            rows: checked.rows,
            added: checked.added,
            updated: checked.updated,
            reinstated: checked.reinstated,
            unchanged: checked.unchanged,
          })}
          description={
            checked.newDepartments.length
              ? t('dist.staff.newDepartments', { names: checked.newDepartments.join('、') })
              : undefined
          }
        />
      ) : null}
      {refused ? (
        <div style={{ marginTop: 12 }} data-testid="staff-import-problems">
          <Alert type="warning" showIcon title={refused.message} style={{ marginBottom: 12 }} role="alert" />
          <Table<ImportProblem>
            size="small"
            rowKey={(p) => `${p.row}:${p.field}:${p.message}`}
            dataSource={refused.problems}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            onRow={() => ({ 'data-testid': 'import-problem' }) as object}
            columns={[
              {
                title: t('dist.staff.row'),
                dataIndex: 'row',
                width: 80,
                render: (row: number) => (row === 0 ? t('dist.staff.wholeFile') : row),
              },
              {
                title: t('dist.staff.field'),
                dataIndex: 'field',
                width: 120,
                render: (f: string) => trOr(t, `dist.staff.column.${f}`, f),
              },
              { title: t('dist.staff.problem'), dataIndex: 'message' },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  )
}
