import { Button, Dialog, ErrorBlock } from 'antd-mobile'
import { GiftOutline } from 'antd-mobile-icons'
import { useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { uuid } from '../../shared/random'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { useNotice } from '../components/LuckyDrawEntry'
import { PageError, PageLoading } from '../components/States'
import { useI18n } from '../i18n'
import { landingCell, percent, ringCells, spinPath } from '../luckydraw'
import '../luckydraw.css'
import { type DrawOddsPrize, type DrawResult, luckyDrawApi } from '../luckydrawApi'

/** `/luckydraw`: the draw open now (or a choice when several are). */
export function LuckyDrawIndex() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const open = useResource('luckydraw-open', () => luckyDrawApi.open())
  const list = open.data ?? []
  useEffect(() => {
    if (list.length === 1) navigate(`/luckydraw/${encodeURIComponent(list[0].id)}`, { replace: true })
  }, [list, navigate])
  return (
    <Page title={t('luckydraw.title')}>
      {open.error ? <PageError error={open.error} onRetry={open.reload} /> : null}
      {!open.data && !open.error ? <PageLoading /> : null}
      {open.data && list.length === 0 ? (
        <ErrorBlock status="empty" title={t('luckydraw.none')} description="">
          <Link to="/">{t('notFound.home')}</Link>
        </ErrorBlock>
      ) : null}
      {list.length > 1
        ? list.map((c) => (
            <Link key={c.id} to={`/luckydraw/${encodeURIComponent(c.id)}`} className="card ld-pick">
              <GiftOutline fontSize={22} color="var(--brand)" />
              <b>{c.title}</b>
              <span className="muted">{t('luckydraw.until', { at: formatDateTime(c.endsAt) })}</span>
            </Link>
          ))
        : null}
    </Page>
  )
}

function PrizeCell({ prize, active }: { prize: DrawOddsPrize | undefined; active: boolean }) {
  const { t } = useI18n()
  return (
    <div
      className={`ld-cell${active ? ' ld-cell-on' : ''}${prize && !prize.inStock ? ' ld-cell-out' : ''}`}
      data-testid="ld-cell"
      data-prize={prize?.id ?? ''}
    >
      {prize ? (
        <>
          <Img src={prize.imageUrl} alt={prize.name} className="ld-cell-img" />
          <span className="ld-cell-name">{prize.name}</span>
          {!prize.inStock ? <span className="ld-cell-tag">{t('luckydraw.outOfStock')}</span> : null}
        </>
      ) : (
        <>
          <span className="ld-cell-smile">☺</span>
          <span className="ld-cell-name">{t('luckydraw.noPrize')}</span>
        </>
      )}
    </div>
  )
}

/** `/luckydraw/:id`: the 3×3 grid that spins and stops on the server's outcome, chances, sharing, odds. */
export default function LuckyDraw() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const [sp, setSp] = useSearchParams()
  const page = useResource(`luckydraw-${id}`, (signal) => luckyDrawApi.page(id, signal))
  const [active, setActive] = useState<number | null>(null)
  const [spinning, setSpinning] = useState(false)
  const [result, setResult] = useState<DrawResult | null>(null)
  const [notice, notify] = useNotice()
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  // Arrived through a friend's draw share: record the visit (it earns the friend chances).
  const shareToken = sp.get('s')
  useEffect(() => {
    if (!shareToken) return
    luckyDrawApi.openShare(shareToken).catch(() => undefined)
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev)
        next.delete('s')
        return next
      },
      { replace: true },
    )
  }, [shareToken, setSp])

  const data = page.data
  if (!data) {
    return (
      <Page title={t('luckydraw.title')}>
        {page.error ? <PageError error={page.error} onRetry={page.reload} /> : <PageLoading />}
      </Page>
    )
  }
  const cells = ringCells(data.odds.prizes)
  const byId = new Map(data.odds.prizes.map((p) => [p.id, p]))
  const remaining = data.chances.remaining
  const now = Date.now()
  const closed =
    data.status === 'paused' ? 'paused' : now < Date.parse(data.startsAt) ? 'notStarted' : 'ended'

  const spin = async () => {
    if (spinning) return
    setSpinning(true)
    let r: DrawResult
    try {
      r = await luckyDrawApi.draw(id, uuid())
    } catch (err) {
      setSpinning(false)
      notify((err as Error).message)
      page.reload()
      return
    }
    const target = landingCell(cells, r.prizeId)
    const path = spinPath(active ?? 7, target)
    let i = 0
    const step = () => {
      setActive(path[i].cell)
      if (++i < path.length) timer.current = setTimeout(step, path[i].delayMs)
      else
        timer.current = setTimeout(() => {
          setSpinning(false)
          page.setData({
            ...data,
            chances: { ...data.chances, remaining: r.remaining, used: data.chances.used + 1 },
          })
          setResult(r)
        }, 300)
    }
    step()
  }

  const share = async () => {
    try {
      const s = await luckyDrawApi.share(id)
      const link = `${location.origin}/luckydraw/${encodeURIComponent(id)}?s=${encodeURIComponent(s.token)}`
      await navigator.clipboard?.writeText(link).catch(() => undefined)
      page.setData({ ...data, chances: s.chances })
      notify(s.earned > 0 ? t('luckydraw.sharedEarned', { n: s.earned }) : t('luckydraw.sharedCapped'))
    } catch (err) {
      notify((err as Error).message)
    }
  }

  // Ring cells in reading order: the ring runs clockwise from the top left (see RING).
  const grid: (number | 'center')[][] = [
    [0, 1, 2],
    [7, 'center', 3],
    [6, 5, 4],
  ]

  return (
    <Page
      title={data.title}
      className="ld-page"
      right={<Link to="/me/prizes">{t('luckydraw.myPrizes')}</Link>}
    >
      <div className="ld-hero">
        <h2>{data.title}</h2>
        {data.description ? <p>{data.description}</p> : null}
        <div className="ld-window">
          {formatDateTime(data.startsAt)} – {formatDateTime(data.endsAt)}
        </div>
      </div>
      <div className="ld-board">
        <div className="ld-grid">
          {grid.flat().map((c) =>
            c === 'center' ? (
              <button
                key="center"
                type="button"
                className="ld-go"
                disabled={spinning || !data.open || remaining <= 0}
                onClick={spin}
                data-testid="ld-go"
              >
                <b>{data.open ? t('luckydraw.go') : t(`luckydraw.closed.${closed}`)}</b>
                <span>{t('luckydraw.left', { n: remaining })}</span>
              </button>
            ) : (
              <PrizeCell key={c} prize={cells[c] ? byId.get(cells[c]) : undefined} active={active === c} />
            ),
          )}
        </div>
      </div>
      <div className="card ld-chances" data-testid="ld-chances" data-remaining={remaining}>
        <div>
          {t('luckydraw.today', { used: data.chances.used, granted: data.chances.granted })}
          <b className="ld-left">{t('luckydraw.left', { n: remaining })}</b>
        </div>
        <Button color="primary" size="small" onClick={share} disabled={!data.open} data-testid="ld-share">
          {t('luckydraw.share')}
        </Button>
      </div>
      <div className="card ld-rules">
        <div className="section-title">{t('luckydraw.rules')}</div>
        <ul>
          <li>
            {t('luckydraw.ruleDaily', {
              n: data.chances.granted - data.chances.shareEarned - data.chances.inviteEarned,
            })}
          </li>
          <li>
            {t('luckydraw.ruleShare', { n: data.chances.shareDailyCap, got: data.chances.shareEarned })}
          </li>
          {data.inviteVisitChances || data.inviteOrderChances ? (
            <li>
              {t('luckydraw.ruleInvite', {
                visit: data.inviteVisitChances,
                order: data.inviteOrderChances,
                cap: data.chances.inviteDailyCap,
              })}
            </li>
          ) : null}
          <li>{t('luckydraw.ruleDay')}</li>
        </ul>
      </div>
      <div className="card ld-odds" data-testid="ld-odds">
        <div className="section-title">{t('luckydraw.odds')}</div>
        <p className="muted">{t('luckydraw.oddsHint')}</p>
        <table>
          <tbody>
            {data.odds.prizes.map((p) => (
              <tr key={p.id} className={p.inStock ? '' : 'ld-out'}>
                <td>{p.name}</td>
                <td>{p.inStock ? t('luckydraw.inStock') : t('luckydraw.outOfStock')}</td>
                <td className="ld-pct">{percent(p.probabilityBp)}</td>
              </tr>
            ))}
            <tr>
              <td>{t('luckydraw.noPrize')}</td>
              <td />
              <td className="ld-pct">{percent(data.odds.noPrizeBp)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {notice}
      <Dialog
        visible={!!result}
        title={result?.prize ? t('luckydraw.won') : t('luckydraw.lost')}
        content={
          result ? (
            <div className="ld-result" data-testid="ld-result" data-prize={result.prizeId ?? ''}>
              {result.prize ? <b>{result.prize.name}</b> : t('luckydraw.lostHint')}
              {result.prize?.kind === 'product' ? (
                <div className="muted">{t('luckydraw.claimHint')}</div>
              ) : null}
            </div>
          ) : null
        }
        closeOnAction
        onClose={() => {
          setResult(null)
          page.reload()
        }}
        actions={[{ key: 'ok', text: t('luckydraw.ok'), bold: true }]}
      />
    </Page>
  )
}
