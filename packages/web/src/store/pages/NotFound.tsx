import { Button, ErrorBlock } from 'antd-mobile'
import { Link } from 'react-router-dom'
import { useI18n } from '../i18n'

export default function NotFound() {
  const { t } = useI18n()
  return (
    <ErrorBlock status="empty" fullPage title={t('notFound.title')} description="">
      <Link to="/">
        <Button color="primary" shape="rounded">
          {t('notFound.home')}
        </Button>
      </Link>
    </ErrorBlock>
  )
}
