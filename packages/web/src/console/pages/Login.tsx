import { LockOutlined, MailOutlined, ShopOutlined } from '@ant-design/icons'
import { App, Button, Card, Form, Input, Segmented } from 'antd'
import { useState } from 'react'
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom'
import { api } from '../api'
import { useI18n } from '../i18n'
import { session, useSession } from '../session'
import { urls } from '../urls'

interface Values {
  shop: string
  email: string
  password: string
}

const safe = (r: string | null) => (r?.startsWith('/') && !r.startsWith('//') ? r : urls.dashboard())

export default function Login() {
  const { t, lang, setLang } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [sp] = useSearchParams()
  const { token, shop } = useSession()
  const [busy, setBusy] = useState(false)
  if (token) return <Navigate to={safe(sp.get('redirect'))} replace />

  const submit = async (v: Values) => {
    setBusy(true)
    const slug = v.shop.trim().toLowerCase()
    try {
      // The shop header must match the shop signed in to, so it is set first.
      localStorage.setItem('liebian.console.shop', slug)
      const r = await api.login(slug, v.email.trim(), v.password)
      session.signedIn(r.token, r.staff, slug)
      message.success(t('login.welcome', { name: r.staff.name }))
      navigate(safe(sp.get('redirect')), { replace: true })
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="login-screen">
      <div className="login-brand">
        <div className="login-brand-mark">裂</div>
        <h2>
          {t('app.name')} · {t('app.console')}
        </h2>
        <p>{t('login.subtitle')}</p>
      </div>
      <Card className="login-card">
        <div className="login-card-head">
          <h3>{t('login.title')}</h3>
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as typeof lang)}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
        </div>
        <Form<Values>
          layout="vertical"
          size="large"
          initialValues={{ shop: shop || 'demo' }}
          onFinish={submit}
          requiredMark={false}
        >
          <Form.Item
            name="shop"
            label={t('login.shop')}
            rules={[{ required: true, message: t('common.required', { field: t('login.shop') }) }]}
          >
            <Input
              prefix={<ShopOutlined />}
              placeholder={t('login.shopHint')}
              data-testid="console-shop"
              autoComplete="organization"
            />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[
              { required: true, type: 'email', message: t('common.required', { field: t('login.email') }) },
            ]}
          >
            <Input
              prefix={<MailOutlined />}
              placeholder="owner@example.com"
              data-testid="console-email"
              autoComplete="username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              data-testid="console-password"
              autoComplete="current-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="console-login">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
