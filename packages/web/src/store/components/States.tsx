import { Button, DotLoading, ErrorBlock } from 'antd-mobile'
import { useI18n } from '../i18n'

export function PageLoading() {
  return (
    <div className="page-loading">
      <DotLoading color="primary" />
    </div>
  )
}

export function PageError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n()
  return (
    <ErrorBlock
      status="default"
      title={t('common.loadFailed')}
      description={error.message}
      className="page-error"
    >
      {onRetry ? (
        <Button color="primary" fill="outline" size="small" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </ErrorBlock>
  )
}
