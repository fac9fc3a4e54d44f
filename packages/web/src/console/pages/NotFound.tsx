import { Button, Result } from 'antd'
import { Link } from 'react-router-dom'
import { useI18n } from '../i18n'
import { urls } from '../urls'

export default function NotFound() {
  const { t } = useI18n()
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound')}
      extra={
        <Link to={urls.dashboard()}>
          <Button type="primary">{t('nav.dashboard')}</Button>
        </Link>
      }
    />
  )
}
