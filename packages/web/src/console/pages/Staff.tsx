import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd'
import { useState } from 'react'
import { formatDateTime } from '../../shared/time'
import { api } from '../api'
import { LinkButton, LoadError, PageHead } from '../components/bits'
import { useStaffList } from '../hooks'
import { tr, useI18n } from '../i18n'
import { type Role, type Staff, useSession } from '../session'

const ROLES: Role[] = ['owner', 'operator', 'merchant_staff']

export default function StaffPage() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const { staff: me } = useSession()
  const list = useStaffList()
  const [adding, setAdding] = useState(false)
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<{ email: string; name: string; password: string; role: Role }>()
  const isOwner = me?.role === 'owner'
  const roleOptions = ROLES.map((r) => ({ value: r, label: tr(t, 'role', r) }))

  const update = async (s: Staff, change: { role?: Role; status?: 'active' | 'disabled' }) => {
    try {
      await api.updateStaff(s.id, change)
      message.success(t('common.saved'))
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  const add = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      await api.addStaff({ ...v, email: v.email.trim(), name: v.name.trim() })
      message.success(t('staff.added'))
      form.resetFields()
      setAdding(false)
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      <PageHead
        title={t('nav.staff')}
        extra={
          isOwner ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('staff.add')}
            </Button>
          ) : null
        }
      />
      <Card>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Staff>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          columns={[
            {
              title: t('staff.name'),
              dataIndex: 'name',
              render: (v: string, s) => (s.id === me?.id ? `${v}（${t('staff.you')}）` : v),
            },
            { title: t('staff.email'), dataIndex: 'email' },
            {
              title: t('staff.role'),
              dataIndex: 'role',
              width: 160,
              render: (r: Role, s) =>
                isOwner && s.id !== me?.id ? (
                  <Select
                    size="small"
                    value={r}
                    options={roleOptions}
                    style={{ width: 130 }}
                    onChange={(role) => void update(s, { role })}
                  />
                ) : (
                  tr(t, 'role', r)
                ),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 100,
              render: (st: string) => (
                <Tag color={st === 'active' ? 'green' : 'default'}>
                  {st === 'active' ? t('staff.active') : t('staff.disabled')}
                </Tag>
              ),
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
            {
              title: t('common.actions'),
              width: 100,
              render: (_, s) =>
                isOwner && s.id !== me?.id ? (
                  <LinkButton
                    danger={s.status === 'active'}
                    onClick={() => void update(s, { status: s.status === 'active' ? 'disabled' : 'active' })}
                  >
                    {s.status === 'active' ? t('staff.disable') : t('staff.enable')}
                  </LinkButton>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={adding}
        title={t('staff.add')}
        onCancel={() => setAdding(false)}
        onOk={() => void add()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        forceRender
      >
        <Form form={form} layout="vertical" initialValues={{ role: 'operator' }}>
          <Form.Item
            name="name"
            label={t('staff.name')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="email" label={t('staff.email')} rules={[{ required: true, type: 'email' }]}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('staff.password')}
            extra={t('staff.passwordHint')}
            rules={[{ required: true, min: 8, max: 128 }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('staff.role')} rules={[{ required: true }]}>
            <Select options={roleOptions} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  )
}
