import { Button, CapsuleTabs, ErrorBlock, InfiniteScroll, Input, Toast } from 'antd-mobile'
import { useMemo, useRef, useState } from 'react'
import { ApiError } from '../../shared/api'
import { fenToYuanString, formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { useInfinite } from '../hooks'
import { type StoreKey, useI18n } from '../i18n'
import { checkWithdrawal, maxWithdrawFen, requestedTodayFen } from '../promoter'
import { type Commission, type CommissionStatus, promoterApi } from '../promoterApi'
import { useSession } from '../session'
import { PageError, PageLoading } from './States'

const COMMISSION_FILTERS = ['', 'frozen', 'settled', 'clawed', 'void'] as const

/** 佣金明细: newest first, filtered by status, growing as the reader scrolls. */
export function PromoterCommissions() {
  const { t } = useI18n()
  const { token } = useSession()
  const [status, setStatus] = useState<string>('')
  const list = useInfinite<Commission>(
    token ? `promoter-commissions:${status}:${token}` : null,
    (cursor, signal) =>
      promoterApi.commissions(
        { status: (status || undefined) as CommissionStatus | undefined, cursor },
        signal,
      ),
  )
  return (
    <div className="promoter-pane" data-testid="promoter-commissions">
      <CapsuleTabs activeKey={status || 'all'} onChange={(k) => setStatus(k === 'all' ? '' : k)}>
        {COMMISSION_FILTERS.map((s) => (
          <CapsuleTabs.Tab
            key={s || 'all'}
            title={s ? t(`promoter.commission.status.${s}` as StoreKey) : t('common.all')}
          />
        ))}
      </CapsuleTabs>
      {list.items.map((c) => (
        <CommissionCard key={c.id} c={c} />
      ))}
      {!list.hasMore && list.items.length === 0 && !list.error ? (
        <ErrorBlock status="empty" title={t('promoter.commission.empty')} description="" />
      ) : null}
      {list.error ? (
        <button type="button" className="feed-error" onClick={list.retry}>
          {list.error.message} · <span className="link-btn">{t('common.retry')}</span>
        </button>
      ) : null}
      <InfiniteScroll loadMore={list.loadMore} hasMore={list.hasMore}>
        {list.hasMore ? (
          <span className="muted">{t('common.loading')}</span>
        ) : list.items.length ? (
          <span className="muted">— {t('common.noMore')} —</span>
        ) : null}
      </InfiniteScroll>
    </div>
  )
}

function CommissionCard({ c }: { c: Commission }) {
  const { t } = useI18n()
  return (
    <article
      className="card promoter-row"
      data-testid="promoter-commission"
      data-commission-id={c.id}
      data-status={c.status}
    >
      <div className="promoter-row-head">
        <span className="promoter-row-title">{c.title}</span>
        <span className={`promoter-amount promoter-amount-${c.status}`}>+{formatFen(c.amountFen)}</span>
      </div>
      <div className="promoter-row-meta">
        <span className={`promoter-chip promoter-chip-${c.status}`}>
          {t(`promoter.commission.status.${c.status}`)}
        </span>
        {c.review === 'held' ? (
          <span className="promoter-chip promoter-chip-held">{t('promoter.commission.held')}</span>
        ) : null}
        <span className="promoter-chip">
          {c.level === 2 ? t('promoter.commission.level2') : t('promoter.commission.level1')}
        </span>
      </div>
      <div className="muted">
        {t('promoter.commission.order', { no: c.orderNo })} ·{' '}
        {t('promoter.commission.buyer', { buyer: c.buyer })}
      </div>
      <div className="muted">
        {t('promoter.commission.base', { amount: formatFen(c.baseFen) })}
        {c.clawedFen > 0 ? ` · ${t('promoter.commission.clawed', { amount: formatFen(c.clawedFen) })}` : ''}
      </div>
      <div className="muted">
        {formatDateTime(c.createdAt)}
        {c.status === 'frozen' && c.settleAfter
          ? ` · ${t('promoter.commission.settleAfter', { date: formatDateTime(c.settleAfter) })}`
          : ''}
        {c.status === 'settled' && c.settledAt
          ? ` · ${t('promoter.commission.settledAt', { date: formatDateTime(c.settledAt) })}`
          : ''}
      </div>
    </article>
  )
}

/** 我的客户: the customers bound to the promoter, and on a two-level plan theirs. */
export function PromoterCustomers() {
  const { t } = useI18n()
  const { token } = useSession()
  const r = useResource(token ? `promoter-downline:${token}` : null, () => promoterApi.downline())
  if (r.error) return <PageError error={r.error} onRetry={r.reload} />
  if (!r.data) return <PageLoading />
  const levels = r.data.levels.filter((l) => l.level === 1 || l.count > 0)
  return (
    <div className="promoter-pane" data-testid="promoter-customers">
      {levels.map((l) => (
        <section key={l.level} className="card promoter-level" data-testid={`downline-level-${l.level}`}>
          <div className="section-title">
            {t(l.level === 2 ? 'promoter.customers.level2' : 'promoter.customers.level1', { n: l.count })}
          </div>
          {l.items.length === 0 ? <div className="muted">{t('promoter.customers.empty')}</div> : null}
          {l.items.map((c, i) => (
            <div
              key={`${c.customer}-${c.boundAt}-${i}`}
              className="promoter-customer"
              data-testid="downline-customer"
            >
              <div className="promoter-row-head">
                <span className="promoter-row-title">{c.customer}</span>
                <span>{t('promoter.customers.orders', { n: c.orders, amount: formatFen(c.paidFen) })}</span>
              </div>
              <div className="muted">
                {t('promoter.customers.boundAt', { date: formatDateTime(c.boundAt) })} ·{' '}
                {c.reasonText ?? reasonText(t, c.reason)}
              </div>
            </div>
          ))}
          {l.count > l.items.length ? (
            <div className="muted">{t('promoter.customers.more', { n: l.count, shown: l.items.length })}</div>
          ) : null}
        </section>
      ))}
    </div>
  )
}

function reasonText(t: (k: StoreKey) => string, reason: string) {
  const key = `promoter.reason.${reason}` as StoreKey
  const text = t(key)
  return text === key ? reason : text
}

/**
 * 提现: the amount with the shop's terms (minimum, fee, what is left of today's limit) checked as
 * it is typed; the server checks again and its refusal is shown under the amount. A retry after a
 * network failure reuses the idempotency key, so it cannot ask twice.
 */
export function PromoterWithdraw({
  availableFen,
  onWithdrawn,
}: {
  availableFen: number
  onWithdrawn: () => void
}) {
  const { t } = useI18n()
  const { token } = useSession()
  const list = useResource(token ? `promoter-withdrawals:${token}` : null, () => promoterApi.withdrawals())
  const [typed, setTyped] = useState('')
  const [serverProblem, setServerProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const attempt = useRef(uuid())
  const terms = list.data?.settings
  const today = useMemo(() => requestedTodayFen(list.data?.items ?? [], new Date()), [list.data])
  const check = terms ? checkWithdrawal(typed, availableFen, terms, today) : undefined
  const most = maxWithdrawFen(availableFen, check?.leftTodayFen ?? null)

  const problemText = (() => {
    if (!check?.problem || !typed || !terms) return null
    const amount = {
      amount: '',
      balance: '',
      min: formatFen(terms.minFen),
      fee: formatFen(terms.feeFen),
      daily: formatFen(check.leftTodayFen ?? 0),
    }[check.problem]
    return t(`promoter.withdraw.problem.${check.problem}`, { amount })
  })()

  const submit = async () => {
    if (!check || check.problem || check.amountFen === null) return
    setBusy(true)
    setServerProblem(null)
    try {
      await promoterApi.withdraw(check.amountFen, attempt.current)
      attempt.current = uuid()
      setTyped('')
      Toast.show({ icon: 'success', content: t('promoter.withdraw.submitted') })
      onWithdrawn()
      void list.reload()
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'network')) attempt.current = uuid()
      setServerProblem((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (list.error && !list.data) return <PageError error={list.error} onRetry={list.reload} />
  if (!list.data || !terms) return <PageLoading />
  return (
    <div className="promoter-pane" data-testid="promoter-withdraw">
      <section className="card promoter-withdraw-form">
        <label className="form-label" htmlFor="withdraw-amount">
          {t('promoter.withdraw.amount')}
        </label>
        <div className="promoter-withdraw-input">
          <span className="promoter-withdraw-yuan">¥</span>
          <Input
            id="withdraw-amount"
            inputMode="decimal"
            value={typed}
            onChange={(v) => {
              setTyped(v)
              setServerProblem(null)
            }}
            placeholder={t('promoter.withdraw.placeholder', { amount: formatFen(most) })}
            aria-invalid={!!problemText || !!serverProblem}
            aria-describedby="withdraw-problem"
            data-testid="withdraw-amount"
          />
          <button type="button" className="link-btn" onClick={() => setTyped(fenToYuanString(most))}>
            {t('promoter.withdraw.all')}
          </button>
        </div>
        <div id="withdraw-problem" className="text-danger" role="alert" data-testid="withdraw-problem">
          {serverProblem ?? problemText ?? ''}
        </div>
        {check && !check.problem ? (
          <div className="muted">{t('promoter.withdraw.payout', { amount: formatFen(check.payoutFen) })}</div>
        ) : null}
        <ul className="promoter-terms" aria-label={t('promoter.withdraw.terms')}>
          <li>{t('promoter.withdraw.min', { amount: formatFen(terms.minFen) })}</li>
          <li>
            {terms.feeFen > 0
              ? t('promoter.withdraw.fee', { amount: formatFen(terms.feeFen) })
              : t('promoter.withdraw.noFee')}
          </li>
          <li>
            {terms.dailyLimitFen === null
              ? t('promoter.withdraw.noDaily')
              : t('promoter.withdraw.daily', {
                  amount: formatFen(terms.dailyLimitFen),
                  left: formatFen(check?.leftTodayFen ?? 0),
                })}
          </li>
        </ul>
        <Button
          block
          color="primary"
          shape="rounded"
          loading={busy}
          disabled={!check || !!check.problem}
          onClick={submit}
          data-testid="withdraw-submit"
        >
          {t('promoter.withdraw.submit')}
        </Button>
      </section>
      <section className="card">
        <div className="section-title">{t('promoter.withdraw.history')}</div>
        {list.data.items.length === 0 ? <div className="muted">{t('promoter.withdraw.empty')}</div> : null}
        {list.data.items.map((w) => (
          <div key={w.id} className="promoter-customer" data-testid="withdrawal" data-status={w.status}>
            <div className="promoter-row-head">
              <span className="promoter-row-title">{formatFen(w.amountFen)}</span>
              <span className={`promoter-chip promoter-chip-w-${w.status}`}>
                {t(`promoter.withdraw.status.${w.status}`)}
              </span>
            </div>
            <div className="muted">
              {t('promoter.withdraw.row', { fee: formatFen(w.feeFen), payout: formatFen(w.payoutFen) })}
            </div>
            <div className="muted">
              {formatDateTime(w.requestedAt)}
              {w.paidAt ? ` · ${t('promoter.withdraw.paidAt', { date: formatDateTime(w.paidAt) })}` : ''}
            </div>
            {w.reason ? <div className="muted">{t('promoter.reason', { reason: w.reason })}</div> : null}
          </div>
        ))}
      </section>
    </div>
  )
}
