import { ErrorBlock } from 'antd-mobile'
import { useEffect, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { Page } from '../components/Layout'
import { PageLoading } from '../components/States'
import { shareTargetPath } from '../groupbuy'
import { groupBuyApi } from '../groupbuyApi'
import { useI18n } from '../i18n'
import { rememberShareToken } from '../shareVia'

/** `/s/:token`: records that the link was opened, then goes where it leads. */
export default function ShareOpen() {
  const { token = '' } = useParams()
  const { t } = useI18n()
  const navigate = useNavigate()
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let live = true
    ;(async () => {
      try {
        const s = await groupBuyApi.openShare(token)
        if (!live) return
        rememberShareToken(s.token, s.targetKind, s.targetId)
        let productId: string | undefined
        if (s.targetKind === 'deal')
          productId = (await groupBuyApi.deal(s.targetId).catch(() => undefined))?.productId
        if (live) navigate(shareTargetPath(s.targetKind, s.targetId, productId), { replace: true })
      } catch {
        if (live) setFailed(true)
      }
    })()
    return () => {
      live = false
    }
  }, [token, navigate])

  return (
    <Page title={failed ? t('groupbuy.shareNotFound') : t('groupbuy.opening')}>
      {failed ? (
        <ErrorBlock status="empty" title={t('groupbuy.shareNotFound')} description="">
          <Link to="/">{t('notFound.home')}</Link>
        </ErrorBlock>
      ) : (
        <PageLoading />
      )}
    </Page>
  )
}
