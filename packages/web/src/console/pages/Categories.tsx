import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../api'
import { LinkButton, LoadError, PageHead, Thumb } from '../components/bits'
import { useCategories } from '../hooks'
import { useI18n } from '../i18n'
import type { ConsoleCategory } from '../types'
import { urls } from '../urls'

interface Values {
  name: string
  parentId: string | null
  sort: number
  iconUrl: string
}

export default function Categories() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const categories = useCategories()
  const [editing, setEditing] = useState<ConsoleCategory | 'new' | null>(null)
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const list = categories.data ?? []
  const name = new Map(list.map((c) => [c.id, c.name]))

  const open = (c: ConsoleCategory | 'new') => {
    setEditing(c)
    form.setFieldsValue(
      c === 'new'
        ? { name: '', parentId: null, sort: 0, iconUrl: '' }
        : { name: c.name, parentId: c.parentId, sort: c.sort, iconUrl: c.iconUrl ?? '' },
    )
  }

  const save = async () => {
    const v = await form.validateFields()
    const body = {
      name: v.name.trim(),
      parentId: v.parentId ?? null,
      sort: v.sort ?? 0,
      iconUrl: v.iconUrl?.trim() || null,
    }
    setSaving(true)
    try {
      if (editing === 'new') await api.addCategory(body)
      else if (editing) await api.updateCategory(editing.id, body)
      message.success(t('common.saved'))
      setEditing(null)
      void categories.reload()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setSaving(false)
    }
  }

  const remove = async (c: ConsoleCategory) => {
    try {
      await api.deleteCategory(c.id)
      void categories.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead
        title={t('nav.categories')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {t('category.new')}
          </Button>
        }
      />
      <Card>
        {categories.error ? <LoadError error={categories.error} onRetry={categories.reload} /> : null}
        <Table<ConsoleCategory>
          rowKey="id"
          loading={categories.loading}
          dataSource={list}
          pagination={false}
          columns={[
            {
              title: t('category.name'),
              render: (_, c) => (
                <Space>
                  <Thumb src={c.iconUrl} alt={c.name} size={32} />
                  {c.name}
                </Space>
              ),
            },
            {
              title: t('category.parent'),
              dataIndex: 'parentId',
              render: (id: string | null) => (id ? name.get(id) : '-'),
            },
            {
              title: t('category.count'),
              dataIndex: 'productCount',
              align: 'right',
              render: (n: number, c) => <Link to={urls.products({ categoryId: c.id })}>{n}</Link>,
            },
            { title: t('category.sort'), dataIndex: 'sort', align: 'right' },
            {
              title: t('common.actions'),
              width: 140,
              render: (_, c) => (
                <Space>
                  <LinkButton onClick={() => open(c)}>{t('common.edit')}</LinkButton>
                  <Popconfirm
                    title={t('common.deleteConfirm')}
                    onConfirm={() => remove(c)}
                    okText={t('common.delete')}
                    cancelText={t('common.cancel')}
                  >
                    <LinkButton danger>{t('common.delete')}</LinkButton>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('category.new') : t('category.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        confirmLoading={saving}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t('category.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                max: 30,
                message: t('common.required', { field: t('category.name') }),
              },
            ]}
          >
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="parentId" label={t('category.parent')}>
            <Select
              allowClear
              placeholder={t('category.top')}
              options={list
                .filter((c) => !c.parentId && (editing === 'new' || c.id !== editing?.id))
                .map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item
            name="iconUrl"
            label={t('category.icon')}
            rules={[{ pattern: /^(https?:\/\/|\/)\S*$/, message: 'URL' }]}
          >
            <Input placeholder="/uploads/… or https://…" />
          </Form.Item>
          <Form.Item name="sort" label={t('category.sort')}>
            <InputNumber precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  )
}
