import { formatFen } from '../../shared/money'
import { formatCountdown } from '../../shared/time'
import { seatCircles } from '../groupbuy'
import type { DealView, GroupMember, GroupView } from '../groupbuyApi'
import { useServerCountdown } from '../groupbuyHooks'
import { useI18n } from '../i18n'

/** The deal's distinguishing marks: type, lucky-draw winners, new customers, opener perks, import tax. */
export function DealTags({ deal }: { deal: DealView }) {
  const { t } = useI18n()
  const tags: { key: string; text: string; tone?: string }[] = []
  if (deal.type !== 'standard') tags.push({ key: 'type', text: t(`groupbuy.type.${deal.type}`), tone: 'hot' })
  if (deal.type === 'lucky_draw' && deal.luckyDrawWinners)
    tags.push({ key: 'draw', text: t('groupbuy.tag.luckyDraw', { k: deal.luckyDrawWinners }) })
  if (deal.newCustomersOnly) tags.push({ key: 'new', text: t('groupbuy.tag.newCustomers'), tone: 'new' })
  if (deal.freeToOpen) tags.push({ key: 'free', text: t('groupbuy.tag.freeToOpen') })
  else if (deal.openerDiscountFen > 0)
    tags.push({
      key: 'opener',
      text: t('groupbuy.tag.openerDiscount', {
        amount: formatFen(deal.openerDiscountFen, { trimZeros: true }),
      }),
    })
  if (deal.autoFillThresholdBp) tags.push({ key: 'fill', text: t('groupbuy.tag.autoFill') })
  if (deal.type === 'cross_border' && deal.importTaxFen !== null)
    tags.push({ key: 'tax', text: t('groupbuy.tag.tax', { amount: formatFen(deal.importTaxFen) }) })
  if (!tags.length) return null
  return (
    <span className="gb-tags">
      {tags.map((x) => (
        <span
          key={x.key}
          className={`gb-tag ${x.tone ? `gb-tag-${x.tone}` : ''}`}
          data-testid={`gb-tag-${x.key}`}
        >
          {x.text}
        </span>
      ))}
    </span>
  )
}

/** "2人 ¥9.90 · 5人 ¥8.00": a ladder group's steps in one line. */
export function LadderSummary({ deal }: { deal: DealView }) {
  const { t } = useI18n()
  if (!deal.ladderSteps?.length) return null
  return (
    <span className="gb-ladder">
      {[...deal.ladderSteps]
        .sort((a, b) => a.size - b.size)
        .map((s) =>
          t('groupbuy.ladderSummary', { size: s.size, price: formatFen(s.priceFen, { trimZeros: true }) }),
        )
        .join(' · ')}
    </span>
  )
}

/** A member's round picture, or their first character. */
export function Avatar({ member, size = 'md' }: { member: GroupMember; size?: 'sm' | 'md' }) {
  const { t } = useI18n()
  return (
    <span className={`gb-avatar gb-avatar-${size}`} data-testid="gb-seat-member">
      {member.avatarUrl ? (
        <img src={member.avatarUrl} alt="" />
      ) : (
        <span>{[...(member.nickname || '友')][0]}</span>
      )}
      {member.isOpener ? <span className="gb-avatar-badge">{t('groupbuy.opener')}</span> : null}
    </span>
  )
}

/** The group's seats: the paid members, then an empty circle per open seat (nobody invented). */
export function SeatCircles({ group }: { group: GroupView }) {
  const { t } = useI18n()
  const open = group.status === 'forming' || group.status === 'opening'
  // Once a group is over, its unfilled seats are no longer anyone's to take.
  const c = open ? seatCircles(group) : { ...seatCircles(group), empty: 0, more: 0 }
  return (
    <div className="gb-seats" data-testid="gb-seats">
      {c.members.map((m) => (
        <div className="gb-seat" key={m.id}>
          <Avatar member={m} />
          <span className="gb-seat-name">{m.nickname}</span>
        </div>
      ))}
      {Array.from({ length: c.empty }, (_, i) => (
        <div className="gb-seat" key={`empty-${i}`}>
          <span className="gb-avatar gb-avatar-md gb-avatar-empty" data-testid="gb-seat-empty">
            ?
          </span>
          <span className="gb-seat-name">&nbsp;</span>
        </div>
      ))}
      {c.more > 0 ? (
        <div className="gb-seat">
          <span className="gb-avatar gb-avatar-md gb-avatar-empty">
            {t('groupbuy.moreSeats', { n: c.more })}
          </span>
          <span className="gb-seat-name">&nbsp;</span>
        </div>
      ) : null}
    </div>
  )
}

/** `mm:ss` until the deadline on the server's clock. */
export function Countdown({
  deadline,
  serverNow,
  className,
}: {
  deadline: string | null
  serverNow: string
  className?: string
}) {
  const left = useServerCountdown(deadline, serverNow)
  return (
    <span className={className} data-testid="gb-countdown">
      {formatCountdown(left)}
    </span>
  )
}

/** The time left in words: "剩余 12:03". */
export function TimeLeft({ deadline, serverNow }: { deadline: string | null; serverNow: string }) {
  const { t } = useI18n()
  const left = useServerCountdown(deadline, serverNow)
  return <span className="gb-time-left">{t('groupbuy.endsIn', { time: formatCountdown(left) })}</span>
}
