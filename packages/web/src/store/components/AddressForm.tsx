import { Button, Form, Input, Popup, Switch, TextArea, Toast } from 'antd-mobile'
import { useState } from 'react'
import type { Address } from '../../shared/types'
import { api } from '../api'
import { useI18n } from '../i18n'

interface Values {
  name: string
  phone: string
  region: string
  detail: string
  isDefault: boolean
}

/** The bottom sheet for a new shipping address; hands the saved address back. */
export function AddressForm({
  visible,
  onClose,
  onSaved,
}: {
  visible: boolean
  onClose: () => void
  onSaved: (a: Address) => void
}) {
  const { t } = useI18n()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const required = (field: string) => [{ required: true, message: t('address.required', { field }) }]

  const submit = async (v: Values) => {
    setSaving(true)
    try {
      const saved = await api.addAddress({
        name: v.name.trim(),
        phone: v.phone.trim(),
        region: v.region.trim(),
        detail: v.detail.trim(),
        isDefault: !!v.isDefault,
      })
      Toast.show({ icon: 'success', content: t('address.saved') })
      form.resetFields()
      onSaved(saved)
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setSaving(false)
    }
  }

  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} showCloseButton bodyClassName="sheet">
      <div className="sheet-title">{t('checkout.addAddress')}</div>
      <Form
        form={form}
        layout="horizontal"
        onFinish={submit}
        initialValues={{ isDefault: true }}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            shape="rounded"
            loading={saving}
            data-testid="address-save"
          >
            {t('common.save')}
          </Button>
        }
      >
        <Form.Item name="name" label={t('address.name')} rules={required(t('address.name'))}>
          <Input placeholder={t('address.name')} maxLength={40} data-testid="address-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('address.phone')}
          rules={[
            ...required(t('address.phone')),
            { pattern: /^1[3-9]\d{9}$/, message: t('login.badPhone') },
          ]}
        >
          <Input placeholder={t('address.phone')} type="tel" maxLength={11} data-testid="address-phone" />
        </Form.Item>
        <Form.Item name="region" label={t('address.region')} rules={required(t('address.region'))}>
          <Input placeholder={t('address.regionPlaceholder')} maxLength={100} data-testid="address-region" />
        </Form.Item>
        <Form.Item name="detail" label={t('address.detail')} rules={required(t('address.detail'))}>
          <TextArea
            placeholder={t('address.detailPlaceholder')}
            maxLength={200}
            autoSize={{ minRows: 2, maxRows: 4 }}
            data-testid="address-detail"
          />
        </Form.Item>
        <Form.Item
          name="isDefault"
          label={t('address.default')}
          valuePropName="checked"
          childElementPosition="right"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Popup>
  )
}

export function AddressCard({ a, extra }: { a: Address; extra?: React.ReactNode }) {
  const { t } = useI18n()
  return (
    <div className="address-card">
      <div className="address-card-main">
        <div className="address-card-who">
          <b>{a.name}</b>
          <span className="address-card-phone">{a.phone}</span>
          {a.isDefault ? <span className="tag-default">{t('address.defaultTag')}</span> : null}
        </div>
        <div className="address-card-where">
          {a.region} {a.detail}
        </div>
      </div>
      {extra}
    </div>
  )
}
