import { RightOutline } from 'antd-mobile-icons'
import { useState } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import '../groupbuy.css'
import { formatFen } from '../../shared/money'
import { openerPrice } from '../groupbuy'
import type { DealView, GroupView } from '../groupbuyApi'
import { useDeal, useDeals } from '../groupbuyHooks'
import { useI18n } from '../i18n'
import { session } from '../session'
import { Avatar, Countdown, DealTags, LadderSummary } from './GroupBuyBits'
import { GroupBuySheet } from './GroupBuySheet'
import { Price } from './Price'

/** The product page's group-buy part: one card per active deal of the product; nothing when there is none. */
export function GroupBuyBlock({ productId }: { productId: string }) {
  const deals = useDeals({ productId })
  const items = (deals.data?.items ?? []).filter((d) => d.productId === productId && d.status === 'active')
  if (!items.length) return null
  return (
    <>
      {items.map((d) => (
        <DealCard key={d.id} dealId={d.id} summary={d} />
      ))}
    </>
  )
}

function DealCard({ dealId, summary }: { dealId: string; summary: DealView }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const loc = useLocation()
  const detail = useDeal(dealId)
  const deal = detail.data ?? summary
  const groups = detail.data?.openGroups ?? []
  const [sheet, setSheet] = useState<{ groupId?: string } | null>(null)

  const start = (groupId?: string) => {
    if (!session.get().token) {
      navigate(`/login?redirect=${encodeURIComponent(loc.pathname + loc.search)}`)
      return
    }
    setSheet({ groupId })
  }

  return (
    <div className="card gb-block" data-testid="gb-block" data-deal-id={deal.id}>
      <div className="gb-block-head">
        <div>
          <span className="gb-chip">{t('groupbuy.nPeople', { n: deal.groupSize })}</span>{' '}
          <span className="gb-block-label">{t('groupbuy.groupPrice')}</span>{' '}
          <Price fen={deal.groupPriceFen} size="lg" />{' '}
          <span className="gb-single">
            {t('groupbuy.singlePrice')} <s>{formatFen(deal.singlePriceFen)}</s>
          </span>
        </div>
        <DealTags deal={deal} />
        <LadderSummary deal={deal} />
      </div>
      <div className="gb-block-rules muted">
        {t('groupbuy.rulesText', { n: deal.groupSize, minutes: deal.timeLimitMinutes })}
      </div>
      <div className="gb-groups">
        <div className="gb-groups-title">{t('groupbuy.openGroups')}</div>
        {groups.length === 0 ? (
          <div className="muted gb-groups-empty">{t('groupbuy.noOpenGroups')}</div>
        ) : null}
        {groups.slice(0, 5).map((g) => (
          <OpenGroupRow key={g.id} group={g} onJoin={() => start(g.id)} />
        ))}
      </div>
      <button type="button" className="gb-open-btn" onClick={() => start()} data-testid="gb-open">
        <span>{t('groupbuy.open')}</span>
        <small>
          <Price fen={openerPrice(deal)} size="sm" />
        </small>
      </button>
      {sheet ? (
        <GroupBuySheet deal={deal} groupId={sheet.groupId} visible onClose={() => setSheet(null)} />
      ) : null}
    </div>
  )
}

function OpenGroupRow({ group, onJoin }: { group: GroupView; onJoin: () => void }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const opener = group.members.find((m) => m.isOpener) ?? group.members[0]
  return (
    <div className="gb-group-row" data-testid="gb-open-group" data-group-id={group.id}>
      <button
        type="button"
        className="row-btn gb-group-who"
        onClick={() => navigate(`/groups/${encodeURIComponent(group.id)}`)}
      >
        {opener ? <Avatar member={opener} size="sm" /> : null}
        <span className="gb-group-name">{opener?.nickname}</span>
        <RightOutline className="muted" />
      </button>
      <div className="gb-group-side">
        <div className="gb-group-short">{t('groupbuy.short', { n: group.seatsLeft })}</div>
        <Countdown deadline={group.expiresAt} serverNow={group.serverNow} className="muted" />
      </div>
      <button type="button" className="gb-join-btn" onClick={onJoin} data-testid="gb-join-row">
        {t('groupbuy.join')}
      </button>
    </div>
  )
}
