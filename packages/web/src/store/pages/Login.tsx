import { Button, Toast } from 'antd-mobile'
import { type InputHTMLAttributes, useEffect, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { api } from '../api'
import { Page } from '../components/Layout'
import { useShop } from '../hooks'
import { useI18n } from '../i18n'
import { session } from '../session'

const PHONE = /^1[3-9]\d{9}$/

/** Only same-site paths are followed after sign-in. */
function safeRedirect(r: string | null): string {
  return r?.startsWith('/') && !r.startsWith('//') ? r : '/me'
}

/** A numeric field that keeps only the digits typed or pasted into it. */
function DigitsInput({
  onDigits,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'inputMode'> & {
  onDigits: (v: string) => void
}) {
  return (
    <input {...props} inputMode="numeric" onChange={(e) => onDigits(e.target.value.replace(/\D/g, ''))} />
  )
}

export default function Login() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const shop = useShop()
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [wait, setWait] = useState(0)
  const [sending, setSending] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [sandboxCode, setSandboxCode] = useState<string | null>(null)

  useEffect(() => {
    if (wait <= 0) return
    const timer = setTimeout(() => setWait((w) => w - 1), 1000)
    return () => clearTimeout(timer)
  }, [wait])

  const send = async () => {
    if (!PHONE.test(phone)) {
      Toast.show(t('login.badPhone'))
      return
    }
    setSending(true)
    setSandboxCode(null)
    try {
      const r = await api.sendCode(phone)
      setWait(r.retryAfterSeconds > 0 ? r.retryAfterSeconds : 60)
      Toast.show({ icon: 'success', content: t('login.sent') })
      try {
        const s = await api.sandboxCode(phone)
        if (s?.code) setSandboxCode(s.code)
      } catch {
        /* a real SMS provider has no such endpoint; the shopper reads the message instead */
      }
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setSending(false)
    }
  }

  const submit = async () => {
    if (!PHONE.test(phone)) {
      Toast.show(t('login.badPhone'))
      return
    }
    if (!/^\d{6}$/.test(code)) {
      Toast.show(t('login.badCode'))
      return
    }
    setSubmitting(true)
    try {
      const r = await api.login(phone, code)
      session.signedIn(r.token, r.shopper)
      Toast.show({ icon: 'success', content: t('login.welcome') })
      navigate(safeRedirect(params.get('redirect')), { replace: true })
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Page title="" className="login-page">
      <div className="login-hero">
        <div className="login-logo">{[...(shop.data?.name ?? t('app.title'))][0]}</div>
        <h1>{t('login.title')}</h1>
        <p>{t('login.subtitle')}</p>
      </div>
      <form
        className="login-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <div className="login-field">
          <span className="login-prefix">+86</span>
          <DigitsInput
            type="tel"
            autoComplete="tel-national"
            maxLength={11}
            placeholder={t('login.phone')}
            value={phone}
            onDigits={setPhone}
            data-testid="phone-input"
          />
        </div>
        <div className="login-field">
          <DigitsInput
            type="text"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder={t('login.code')}
            value={code}
            onDigits={setCode}
            data-testid="code-input"
          />
          <button
            type="button"
            className="login-send"
            disabled={wait > 0 || sending}
            onClick={send}
            data-testid="send-code"
          >
            {wait > 0 ? t('login.resend', { s: wait }) : t('login.send')}
          </button>
        </div>
        {sandboxCode ? (
          <div className="sandbox-code" data-testid="sandbox-code">
            <span>{t('login.sandbox', { code: sandboxCode })}</span>
            <button
              type="button"
              className="link-btn"
              onClick={() => setCode(sandboxCode)}
              data-testid="sandbox-fill"
            >
              {t('login.fill')}
            </button>
          </div>
        ) : null}
        <Button
          block
          type="submit"
          color="primary"
          shape="rounded"
          size="large"
          loading={submitting}
          disabled={!phone || !code}
          data-testid="login-button"
        >
          {t('login.submit')}
        </Button>
        <p className="login-agree">{t('login.agree')}</p>
      </form>
    </Page>
  )
}
