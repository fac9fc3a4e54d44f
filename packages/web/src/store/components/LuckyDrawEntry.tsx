import { List } from 'antd-mobile'
import { GiftOutline, RightOutline } from 'antd-mobile-icons'
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useI18n } from '../i18n'
import '../luckydraw.css'

/** The home page's small way into the lucky draw. */
export function LuckyDrawHomeEntry() {
  const { t } = useI18n()
  return (
    <Link to="/luckydraw" className="card ld-home-entry" data-testid="ld-home-entry">
      <GiftOutline fontSize={22} color="var(--brand)" />
      <b>{t('luckydraw.title')}</b>
      <span>{t('luckydraw.entryHint')}</span>
      <RightOutline className="muted" />
    </Link>
  )
}

/** The Me page's line to 我的奖品. */
export function MyPrizesItem() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <List.Item prefix={<GiftOutline />} onClick={() => navigate('/me/prizes')} data-testid="ld-my-prizes">
      {t('luckydraw.myPrizes')}
    </List.Item>
  )
}

/**
 * A short message over the page. Rendered in the tree (antd-mobile's imperative Toast needs a
 * legacy render hook that React 19 no longer has).
 */
export function useNotice(): [ReactNode, (text: string) => void] {
  const [text, setText] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const show = useCallback((t: string) => {
    clearTimeout(timer.current)
    setText(t)
    timer.current = setTimeout(() => setText(null), 2500)
  }, [])
  const node = text ? (
    <div className="ld-notice" role="status" data-testid="ld-notice">
      {text}
    </div>
  ) : null
  return [node, show]
}
