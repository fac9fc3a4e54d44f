import { ArrowLeftOutlined, CloseCircleOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Descriptions, Input, Modal, Spin, Table, Timeline } from 'antd'
import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { LoadError, Money, PageHead } from '../components/bits'
import { GroupStatusTag, SeatStatusTag } from '../components/GroupBuyBits'
import { type ConsoleGroup, type GroupSeat, groupBuyApi, groupBuyUrls } from '../groupbuyApi'
import { useBusyAction } from '../hooks'
import { tr, useI18n } from '../i18n'
import { urls } from '../urls'

/** Closing a group by hand: a reason, then a confirmation that says who gets how much back. */
function CloseDialog({
  group,
  open,
  onClose,
  onDone,
}: {
  group: ConsoleGroup
  open: boolean
  onClose: () => void
  onDone: (g: ConsoleGroup) => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [reason, setReason] = useState('')
  const [step, setStep] = useState<'form' | 'confirm'>('form')
  const [busy, run] = useBusyAction()
  const paid = group.seats.filter((s) => s.status === 'paid')
  const amount = paid.reduce((a, s) => a + s.paidFen, 0)

  const close = () => {
    setStep('form')
    onClose()
  }
  const next = () => {
    if (!reason.trim()) return message.warning(t('common.required', { field: t('groupbuy.closeReason') }))
    setStep('confirm')
  }
  const confirm = () =>
    run(async () => {
      const g = await groupBuyApi.closeGroup(group.id, reason.trim())
      message.success(t('groupbuy.closed'))
      setStep('form')
      onDone(g)
    })

  return (
    <Modal
      open={open}
      title={t('groupbuy.close')}
      onCancel={close}
      destroyOnHidden
      footer={
        step === 'form' ? (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" danger onClick={next} data-testid="group-close-next">
              {t('groupbuy.closeNext')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={() => setStep('form')}>{t('common.back')}</Button>
            <Button type="primary" danger loading={busy} onClick={confirm} data-testid="group-close-confirm">
              {t('groupbuy.closeDo')}
            </Button>
          </>
        )
      }
    >
      {step === 'form' ? (
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('groupbuy.closeReasonPlaceholder')}
          maxLength={200}
          rows={3}
          showCount
          data-testid="group-close-reason"
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('groupbuy.closeConfirm', { n: paid.length, amount: formatFen(amount) })}
          description={reason}
        />
      )}
    </Modal>
  )
}

/** One group: its members and seats, the draw, its history; an operator may close it while it forms. */
export default function GroupDetail() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const [sp, setSp] = useSearchParams()
  const group = useResource(`console-group:${id}`, () => groupBuyApi.group(id))
  const g = group.data

  if (group.error && !g) return <LoadError error={group.error} onRetry={group.reload} />
  if (!g)
    return (
      <div className="console-loading">
        <Spin />
      </div>
    )

  const closable = g.status === 'forming' || g.status === 'opening'
  const history = [...g.history].sort((a, b) => a.at.localeCompare(b.at))
  return (
    <div>
      <Link to={groupBuyUrls.deal(g.dealId)} className="back-link">
        <ArrowLeftOutlined /> {g.deal.title || g.deal.productTitle}
      </Link>
      <PageHead
        title={
          <span>
            {t('groupbuy.group')} <GroupStatusTag status={g.status} />
          </span>
        }
        sub={<span className="mono">{g.id}</span>}
        extra={
          closable ? (
            <Button
              danger
              icon={<CloseCircleOutlined />}
              onClick={() => setSp({ close: '1' })}
              data-testid="group-close"
            >
              {t('groupbuy.close')}
            </Button>
          ) : null
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('groupbuy.opener')}>
            {g.opener?.nickname} <span className="muted">{g.opener?.phone}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.seats')}>
            {t('groupbuy.seatsCount', { paid: g.paidSeats, size: g.groupSize, held: g.heldSeats })}
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.price')}>
            <Money fen={g.priceFen} strong />
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.openedAt')}>{formatDateTime(g.openedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.expiresAt')}>{formatDateTime(g.expiresAt)}</Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.closedAt')}>{formatDateTime(g.closedAt)}</Descriptions.Item>
          {g.draw ? (
            <>
              <Descriptions.Item label={t('groupbuy.seedHash')} span={3}>
                <span className="mono">{g.draw.seedHash}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('groupbuy.seed')} span={3}>
                <span className="mono">{g.draw.seed ?? '-'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('groupbuy.winners')} span={3}>
                {g.draw.winners.map((w) => g.seats.find((x) => x.id === w)?.nickname ?? w).join('、') || '-'}
              </Descriptions.Item>
            </>
          ) : null}
        </Descriptions>
      </Card>
      <Card title={t('groupbuy.seats')} style={{ marginBottom: 16 }}>
        <Table<GroupSeat>
          rowKey="id"
          dataSource={g.seats}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={() => ({ 'data-testid': 'seat-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('groupbuy.nickname'),
              render: (_, s) => (
                <span>
                  {s.nickname} {s.isOpener ? <span className="tiny-tag">{t('groupbuy.opener')}</span> : null}
                </span>
              ),
            },
            { title: t('groupbuy.phone'), dataIndex: 'phone', width: 130 },
            ...(g.deal.type === 'cross_border'
              ? [
                  {
                    title: t('groupbuy.residentId'),
                    width: 190,
                    render: (_: unknown, s: GroupSeat) => s.residentIdMasked ?? '-',
                  },
                ]
              : []),
            ...(g.draw
              ? [
                  {
                    title: t('groupbuy.winners'),
                    width: 90,
                    render: (_: unknown, s: GroupSeat) =>
                      s.won === null ? '-' : s.won ? t('common.yes') : t('common.no'),
                  },
                ]
              : []),
            { title: t('groupbuy.quantity'), dataIndex: 'quantity', width: 70, align: 'right' as const },
            { title: t('common.status'), width: 100, render: (_, s) => <SeatStatusTag status={s.status} /> },
            {
              title: t('groupbuy.paidFen'),
              width: 110,
              align: 'right',
              render: (_, s) => <Money fen={s.paidFen} />,
            },
            { title: t('groupbuy.joinedAt'), width: 150, render: (_, s) => formatDateTime(s.joinedAt) },
            { title: t('groupbuy.paidAt'), width: 150, render: (_, s) => formatDateTime(s.paidAt) },
            {
              title: t('groupbuy.order'),
              width: 90,
              render: (_, s) => <Link to={urls.order(s.orderId)}>{t('groupbuy.order')}</Link>,
            },
          ]}
        />
      </Card>
      <Card title={t('groupbuy.history')}>
        <Timeline
          items={history.map((h) => ({
            key: `${h.at}-${h.event}`,
            content: (
              <span>
                <b>{tr(t, 'groupbuy.groupStatus', h.to)}</b>{' '}
                <span className="muted">
                  {formatDateTime(h.at)} · {tr(t, 'groupbuy.actor', h.actorKind)} · {h.event}
                </span>
                {h.reason ? <div>{h.reason}</div> : null}
              </span>
            ),
          }))}
        />
      </Card>
      <CloseDialog
        group={g}
        open={sp.get('close') === '1'}
        onClose={() => setSp({})}
        onDone={(next) => {
          setSp({})
          group.setData(next)
        }}
      />
    </div>
  )
}
