import { App, Button, Card, Col, Form, Input, InputNumber, Row, Spin } from 'antd'
import { useState } from 'react'
import { api } from '../api'
import { LoadError, PageHead } from '../components/bits'
import { useShopSettings } from '../hooks'
import { useI18n } from '../i18n'
import type { Shop, ShopSettings } from '../types'

interface Values extends ShopSettings {
  name: string
}

export default function Settings() {
  const { t } = useI18n()
  const shop = useShopSettings()
  if (shop.error && !shop.data) return <LoadError error={shop.error} onRetry={shop.reload} />
  if (!shop.data) {
    return (
      <div className="console-loading">
        <Spin />
      </div>
    )
  }
  return (
    <div>
      <PageHead title={t('nav.settings')} />
      <SettingsForm shop={shop.data} onSaved={shop.setData} />
    </div>
  )
}

function SettingsForm({ shop, onSaved }: { shop: Shop; onSaved: (s: Shop) => void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const submit = async (v: Values) => {
    const { name, ...settings } = v
    setBusy(true)
    try {
      const clean = Object.fromEntries(
        Object.entries(settings).filter(([, x]) => x !== undefined && x !== null),
      ) as ShopSettings
      onSaved(await api.updateShop({ name: name.trim(), settings: clean }))
      message.success(t('common.saved'))
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Form<Values> layout="vertical" initialValues={{ name: shop.name, ...shop.settings }} onFinish={submit}>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('settings.basic')} className="form-card">
            <Form.Item
              name="name"
              label={t('settings.name')}
              rules={[{ required: true, whitespace: true, max: 60 }]}
            >
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item label={t('settings.slug')}>
              <Input value={shop.slug} disabled />
            </Form.Item>
            <Form.Item name="servicePhone" label={t('settings.servicePhone')}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item
              name="announcement"
              label={t('settings.announcement')}
              extra={t('settings.announcementHint')}
            >
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('settings.trade')} className="form-card">
            <Form.Item name="unpaidTimeoutMinutes" label={t('settings.unpaidTimeout')}>
              <InputNumber min={1} max={1440} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="returnWindowDays" label={t('settings.returnWindow')}>
              <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="pickupAddress" label={t('settings.pickupAddress')}>
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
            <Form.Item label={t('settings.currency')}>
              <Input value={shop.currency} disabled />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('common.save')}
      </Button>
    </Form>
  )
}
