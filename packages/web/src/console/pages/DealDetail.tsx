import {
  ArrowLeftOutlined,
  EditOutlined,
  PauseOutlined,
  PlayCircleOutlined,
  StopOutlined,
} from '@ant-design/icons'
import { App, Button, Card, Col, Descriptions, Row, Spin, Statistic, Tabs } from 'antd'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { LoadError, Money, PageHead, Thumb } from '../components/bits'
import { DealForm } from '../components/DealForm'
import { bpText, DealStatusTag, GroupStatusTag } from '../components/GroupBuyBits'
import { ResourceTable } from '../components/ResourceTable'
import {
  type ConsoleGroup,
  type DealStatus,
  GROUP_STATUSES,
  type GroupStatus,
  groupBuyApi,
  groupBuyUrls,
} from '../groupbuyApi'
import { useBusyAction } from '../hooks'
import { useI18n } from '../i18n'

/** One deal: its settings and numbers, pause / resume / end, and its groups by status. */
export default function DealDetail() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const { modal, message } = App.useApp()
  const navigate = useNavigate()
  const [sp, setSp] = useSearchParams()
  const statusParam = sp.get('status') ?? ''
  const status = (GROUP_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as GroupStatus)
    : undefined
  const editing = sp.get('edit') === '1'
  const deal = useResource(`console-deal:${id}`, () => groupBuyApi.deal(id))
  const groups = useResource(`console-deal-groups:${id}:${status ?? ''}`, () =>
    groupBuyApi.groups(id, status),
  )
  const [busy, run] = useBusyAction()
  const d = deal.data

  if (deal.error && !d) return <LoadError error={deal.error} onRetry={deal.reload} />
  if (!d)
    return (
      <div className="console-loading">
        <Spin />
      </div>
    )

  const setStatus = (next: DealStatus) =>
    run(async () => {
      await groupBuyApi.setDealStatus(d.id, next)
      message.success(t('groupbuy.statusChanged'))
      await deal.reload()
    })

  const end = () =>
    modal.confirm({
      title: t('groupbuy.end'),
      content: t('groupbuy.endConfirm'),
      okText: t('groupbuy.end'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => setStatus('ended'),
    })

  const s = d.stats
  return (
    <div>
      <Link to={groupBuyUrls.deals()} className="back-link">
        <ArrowLeftOutlined /> {t('groupbuy.deals')}
      </Link>
      <PageHead
        title={
          <span>
            {d.title || d.productTitle} <DealStatusTag status={d.status} />
          </span>
        }
        sub={`${t(`groupbuy.type.${d.type}`)} · ${d.productTitle}${d.specLabel ? ` · ${d.specLabel}` : ''}`}
        extra={
          <>
            {d.status !== 'ended' ? (
              <Button icon={<EditOutlined />} onClick={() => setSp({ edit: '1' })} data-testid="deal-edit">
                {t('common.edit')}
              </Button>
            ) : null}
            {d.status === 'active' ? (
              <Button icon={<PauseOutlined />} loading={busy} onClick={() => setStatus('paused')}>
                {t('groupbuy.pause')}
              </Button>
            ) : null}
            {d.status === 'paused' ? (
              <Button icon={<PlayCircleOutlined />} loading={busy} onClick={() => setStatus('active')}>
                {t('groupbuy.resume')}
              </Button>
            ) : null}
            {d.status !== 'ended' ? (
              <Button danger icon={<StopOutlined />} onClick={end} data-testid="deal-end">
                {t('groupbuy.end')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['groupsOpened', s.groupsOpened],
            ['forming', s.forming],
            ['succeeded', s.succeeded],
            ['failed', s.failed],
            ['successRate', bpText(s.successRateBp)],
            ['members', s.members],
            ['gmv', formatFen(s.gmvFen)],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} xs={12} md={6} xl={3}>
            <Card size="small">
              <Statistic title={t(`groupbuy.stats.${k}`)} value={v} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card style={{ marginBottom: 16 }}>
        <div className="cell-product" style={{ marginBottom: 16 }}>
          <Thumb src={d.imageUrl} alt={d.productTitle} size={56} />
          <span>
            <span className="cell-title">{d.productTitle}</span>
            <span className="cell-sub">{d.specLabel}</span>
          </span>
        </div>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('groupbuy.groupSize')}>{d.groupSize}</Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.groupPrice')}>
            <Money fen={d.groupPriceFen} strong /> <s className="muted">{formatFen(d.singlePriceFen)}</s>
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.timeLimit')}>{d.timeLimitMinutes}</Descriptions.Item>
          {d.ladderSteps?.length ? (
            <Descriptions.Item label={t('groupbuy.ladderSteps')} span={3}>
              {d.ladderSteps.map((x) => `${x.size} → ${formatFen(x.priceFen)}`).join('；')}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('groupbuy.period')}>
            {formatDateTime(d.startsAt)} ~ {formatDateTime(d.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.perPersonLimit')}>{d.perPersonLimit}</Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.openerDiscount')}>
            {d.freeToOpen
              ? t('groupbuy.freeToOpen')
              : d.openerDiscountFen
                ? formatFen(d.openerDiscountFen)
                : '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.newCustomersOnly')}>
            {d.newCustomersOnly ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('groupbuy.autoFill')}>
            {bpText(d.autoFillThresholdBp)}
          </Descriptions.Item>
          {d.type === 'lucky_draw' ? (
            <Descriptions.Item label={t('groupbuy.luckyDrawWinners')}>{d.luckyDrawWinners}</Descriptions.Item>
          ) : null}
          {d.type === 'cross_border' ? (
            <Descriptions.Item label={t('groupbuy.importTaxRate')}>
              {bpText(d.importTaxRateBp)} ({t('groupbuy.importTax')} {formatFen(d.importTaxFen)})
            </Descriptions.Item>
          ) : null}
          {d.type === 'flash' ? (
            <Descriptions.Item label={t('groupbuy.flashSlotId')}>{d.flashSlotId}</Descriptions.Item>
          ) : null}
          {d.openerRewardFen || d.openerRewardBp ? (
            <Descriptions.Item label={t('groupbuy.openerRewardFen')}>
              {d.openerRewardFen ? formatFen(d.openerRewardFen) : bpText(d.openerRewardBp)}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card title={t('groupbuy.groups')}>
        <Tabs
          activeKey={status ?? 'all'}
          onChange={(k) => setSp(k === 'all' ? {} : { status: k }, { replace: true })}
          items={[
            { key: 'all', label: t('common.all') },
            ...GROUP_STATUSES.map((x) => ({ key: x, label: t(`groupbuy.groupStatus.${x}`) })),
          ]}
        />
        <ResourceTable<ConsoleGroup>
          resource={groups}
          rows={groups.data?.items}
          scroll={{ x: 900 }}
          emptyText={t('groupbuy.noGroups')}
          rowTestId="group-row"
          rowData={(g) => ({ 'data-group-id': g.id })}
          onOpen={(g) => navigate(groupBuyUrls.group(g.id))}
          columns={[
            {
              title: t('groupbuy.opener'),
              render: (_, g) => (
                <span>
                  {g.opener?.nickname}
                  <div className="cell-sub">{g.opener?.phone}</div>
                </span>
              ),
            },
            {
              title: t('groupbuy.seats'),
              width: 160,
              render: (_, g) =>
                t('groupbuy.seatsCount', { paid: g.paidSeats, size: g.groupSize, held: g.heldSeats }),
            },
            {
              title: t('groupbuy.price'),
              width: 110,
              align: 'right',
              render: (_, g) => <Money fen={g.priceFen} />,
            },
            { title: t('common.status'), width: 110, render: (_, g) => <GroupStatusTag status={g.status} /> },
            { title: t('groupbuy.openedAt'), width: 150, render: (_, g) => formatDateTime(g.openedAt) },
            { title: t('groupbuy.expiresAt'), width: 150, render: (_, g) => formatDateTime(g.expiresAt) },
          ]}
        />
      </Card>
      <DealForm
        deal={d}
        open={editing}
        onClose={() => setSp({})}
        onSaved={() => {
          setSp({})
          void deal.reload()
        }}
      />
    </div>
  )
}
