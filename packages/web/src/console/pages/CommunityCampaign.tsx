import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, Card, Descriptions, Empty, Popconfirm, Progress, Space, Table, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { type Campaign, communityApi } from '../communityApi'
import { demandRows, pickupShare } from '../communityForm'
import { LoadError, Money, PageHead } from '../components/bits'
import { TextPrompt } from '../components/DistributionBits'
import { useI18n } from '../i18n'
import { CAMPAIGN_COLOR } from './CommunityCampaigns'

const PICKUP_STATUSES = ['awaiting_goods', 'ready', 'picked_up', 'uncollected', 'refunded'] as const
// The lists are written at the cutoff: before then there is nothing to fetch.
const HAS_LISTS: Campaign['status'][] = ['closed', 'receiving', 'completed']

/** One campaign: its SKUs and demand, purchase order, picking lists, delivery sheets and pickup progress. */
export default function CommunityCampaign() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const { message } = App.useApp()
  const campaign = useResource(`community-campaign:${id}`, () => communityApi.campaign(id))
  const c = campaign.data
  const lists = !!c && HAS_LISTS.includes(c.status)
  const demand = useResource(c ? `community-demand:${id}:${c.status}` : null, () => communityApi.demand(id))
  const purchase = useResource(lists ? `community-po:${id}` : null, () => communityApi.purchaseOrder(id))
  const picking = useResource(lists ? `community-picking:${id}` : null, () => communityApi.pickingLists(id))
  const delivery = useResource(lists ? `community-delivery:${id}` : null, () =>
    communityApi.deliverySheets(id),
  )
  const progress = useResource(c ? `community-progress:${id}:${c.status}` : null, () =>
    communityApi.progress(id),
  )
  const [cancelling, setCancelling] = useState(false)

  if (campaign.error) return <LoadError error={campaign.error} onRetry={campaign.reload} />
  if (!c) return <Card loading />

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action()
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  const open = () =>
    run(async () => {
      await communityApi.open(id)
      message.success(t('cm.campaigns.done'))
      void campaign.reload()
    })

  const rows = demandRows(c, demand.data)
  const later = <Empty description={t('cm.detail.listsLater')} />

  return (
    <div>
      <PageHead
        title={
          <Space>
            {c.title}
            <Tag color={CAMPAIGN_COLOR[c.status]} data-testid="campaign-status">
              {t(`cm.campaigns.status.${c.status}`)}
            </Tag>
          </Space>
        }
        sub={<Link to="/community-campaigns">{t('cm.detail.back')}</Link>}
        extra={
          <Space wrap>
            {c.status === 'draft' ? (
              <Popconfirm title={t('cm.campaigns.openConfirm')} onConfirm={open}>
                <Button type="primary" data-testid="campaign-open">
                  {t('cm.campaigns.open')}
                </Button>
              </Popconfirm>
            ) : null}
            {['draft', 'open', 'closed'].includes(c.status) ? (
              <Button danger onClick={() => setCancelling(true)}>
                {t('cm.campaigns.cancel')}
              </Button>
            ) : null}
            <Button
              icon={<DownloadOutlined />}
              disabled={!lists}
              onClick={() => run(() => communityApi.exportXlsx(id))}
              data-testid="campaign-export"
            >
              {t('cm.detail.export')}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              disabled={!lists}
              onClick={() => {
                // Opened now, while the click still counts as the user's, then filled in.
                const tab = window.open('', '_blank')
                void run(() => communityApi.openPrintable(id, tab))
              }}
              data-testid="campaign-print"
            >
              {t('cm.detail.print')}
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('cm.campaigns.cutoff')}>{formatDateTime(c.cutoffAt)}</Descriptions.Item>
          <Descriptions.Item label={t('cm.campaigns.pickupDate')}>{c.pickupDate}</Descriptions.Item>
          <Descriptions.Item label={t('cm.campaigns.commissionShort')}>
            {c.commissionBp / 100}%
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'demand',
              label: t('cm.detail.demand'),
              children: (
                <Table
                  rowKey="skuId"
                  size="small"
                  pagination={false}
                  loading={demand.loading}
                  dataSource={rows}
                  data-testid="campaign-demand"
                  columns={[
                    {
                      title: t('cm.campaigns.sku'),
                      render: (_, r) => (
                        <span>
                          {r.title} <span className="muted">{r.specLabel}</span>
                        </span>
                      ),
                    },
                    { title: t('cm.campaigns.supplier'), dataIndex: 'supplier', width: 120 },
                    {
                      title: t('cm.campaigns.price'),
                      width: 110,
                      align: 'right',
                      render: (_, r) => (
                        <Money fen={c.skus.find((s) => s.skuId === r.skuId)?.priceFen ?? 0} />
                      ),
                    },
                    {
                      title: t('cm.detail.quantity'),
                      width: 100,
                      align: 'right',
                      render: (_, r) => `${r.quantity} ${r.unit}`,
                    },
                    {
                      title: t('cm.detail.sold'),
                      width: 110,
                      align: 'right',
                      render: (_, r) => `${r.quantity} / ${r.totalCap ?? '∞'}`,
                    },
                    { title: t('cm.detail.shoppers'), dataIndex: 'shoppers', width: 90, align: 'right' },
                    {
                      title: t('cm.detail.sales'),
                      width: 110,
                      align: 'right',
                      render: (_, r) => <Money fen={r.amountFen} strong />,
                    },
                    {
                      title: t('cm.detail.costTotal'),
                      width: 110,
                      align: 'right',
                      render: (_, r) => <Money fen={r.costFen} />,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'purchase',
              label: t('cm.detail.purchase'),
              children: !lists ? (
                later
              ) : purchase.error ? (
                <LoadError error={purchase.error} onRetry={purchase.reload} />
              ) : (
                <div data-testid="campaign-purchase">
                  <p>
                    <b>
                      {t('cm.detail.purchaseTotal', { amount: formatFen(purchase.data?.totalCostFen ?? 0) })}
                    </b>
                  </p>
                  {(purchase.data?.suppliers ?? []).map((s) => (
                    <Card key={s.supplier} size="small" title={s.supplier} style={{ marginBottom: 12 }}>
                      <Table
                        rowKey="skuId"
                        size="small"
                        pagination={false}
                        dataSource={s.lines}
                        columns={[
                          {
                            title: t('cm.campaigns.sku'),
                            render: (_, l) => `${l.title} ${l.specLabel}`,
                          },
                          {
                            title: t('cm.detail.quantity'),
                            width: 100,
                            align: 'right',
                            render: (_, l) => `${l.quantity} ${l.unit}`,
                          },
                          {
                            title: t('cm.campaigns.cost'),
                            width: 110,
                            align: 'right',
                            render: (_, l) => <Money fen={l.costFen} />,
                          },
                          {
                            title: t('cm.detail.costTotal'),
                            width: 120,
                            align: 'right',
                            render: (_, l) => <Money fen={l.totalCostFen} strong />,
                          },
                        ]}
                      />
                    </Card>
                  ))}
                  {purchase.data && !purchase.data.suppliers.length ? (
                    <Empty description={t('cm.detail.empty')} />
                  ) : null}
                </div>
              ),
            },
            {
              key: 'picking',
              label: t('cm.detail.picking'),
              children: !lists ? (
                later
              ) : picking.error ? (
                <LoadError error={picking.error} onRetry={picking.reload} />
              ) : (
                <div data-testid="campaign-picking">
                  {(picking.data?.points ?? []).map((p) => (
                    <Card
                      key={p.pickupPointId}
                      size="small"
                      style={{ marginBottom: 12 }}
                      title={`${p.pickupPointName} · ${p.leaderName} ${p.leaderPhone}`}
                      extra={<span className="muted">{p.address}</span>}
                    >
                      <Table
                        rowKey="skuId"
                        size="small"
                        pagination={false}
                        dataSource={p.lines}
                        columns={[
                          { title: t('cm.campaigns.sku'), render: (_, l) => `${l.title} ${l.specLabel}` },
                          {
                            title: t('cm.detail.quantity'),
                            width: 100,
                            align: 'right',
                            render: (_, l) => `${l.quantity} ${l.unit}`,
                          },
                          {
                            title: t('cm.detail.received'),
                            width: 130,
                            align: 'right',
                            render: (_, l) =>
                              l.received === null ? '—' : `${l.received} / ${l.damaged ?? 0}`,
                          },
                          {
                            title: t('cm.detail.sales'),
                            width: 110,
                            align: 'right',
                            render: (_, l) => <Money fen={l.amountFen} />,
                          },
                        ]}
                      />
                    </Card>
                  ))}
                  {picking.data && !picking.data.points.length ? (
                    <Empty description={t('cm.detail.empty')} />
                  ) : null}
                </div>
              ),
            },
            {
              key: 'delivery',
              label: t('cm.detail.delivery'),
              children: !lists ? (
                later
              ) : delivery.error ? (
                <LoadError error={delivery.error} onRetry={delivery.reload} />
              ) : (
                <div data-testid="campaign-delivery">
                  {(delivery.data?.routes ?? []).map((r) => (
                    <Card
                      key={r.routeId ?? ''}
                      size="small"
                      style={{ marginBottom: 12 }}
                      title={r.routeName ?? t('cm.detail.noRoute')}
                      extra={`${t('cm.detail.quantity')} ${r.quantity}`}
                    >
                      <Table
                        rowKey="pickupPointId"
                        size="small"
                        pagination={false}
                        dataSource={r.stops}
                        columns={[
                          { title: '#', width: 70, render: (_, _s, i) => t('cm.detail.stop', { n: i + 1 }) },
                          {
                            title: t('cm.detail.point'),
                            render: (_, s) => (
                              <div>
                                <b>{s.pickupPointName}</b> {s.leaderName} {s.leaderPhone}
                                <div className="muted">{s.address}</div>
                              </div>
                            ),
                          },
                          {
                            title: t('cm.campaigns.skus'),
                            render: (_, s) =>
                              s.lines
                                .map((l) => `${l.title} ${l.specLabel} ×${l.quantity}${l.unit}`)
                                .join('；'),
                          },
                          {
                            title: t('cm.detail.quantity'),
                            dataIndex: 'quantity',
                            width: 80,
                            align: 'right',
                          },
                        ]}
                      />
                    </Card>
                  ))}
                  {delivery.data && !delivery.data.routes.length ? (
                    <Empty description={t('cm.detail.empty')} />
                  ) : null}
                </div>
              ),
            },
            {
              key: 'progress',
              label: t('cm.detail.progress'),
              children: progress.error ? (
                <LoadError error={progress.error} onRetry={progress.reload} />
              ) : (
                <Table
                  rowKey="pickupPointId"
                  size="small"
                  pagination={false}
                  loading={progress.loading}
                  dataSource={progress.data?.points ?? []}
                  data-testid="campaign-progress"
                  locale={{ emptyText: t('cm.detail.empty') }}
                  columns={[
                    {
                      title: t('cm.detail.point'),
                      render: (_, p) => (
                        <span>
                          {p.pickupPointName} <span className="muted">{p.leaderName}</span>
                        </span>
                      ),
                    },
                    {
                      title: t('cm.detail.arrived'),
                      width: 150,
                      render: (_, p) => formatDateTime(p.receivedAt),
                    },
                    ...PICKUP_STATUSES.map((s) => ({
                      title: t(`cm.detail.pickup.${s}`),
                      width: 90,
                      align: 'right' as const,
                      render: (_: unknown, p: { orders: Record<string, number> }) => p.orders[s] ?? 0,
                    })),
                    {
                      title: t('cm.detail.pickedUp'),
                      width: 160,
                      render: (_, p) => {
                        const share = pickupShare(p.orders)
                        return (
                          <Progress
                            percent={share.percent}
                            size="small"
                            format={() => `${share.picked}/${share.total}`}
                          />
                        )
                      },
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <TextPrompt
        open={cancelling}
        title={t('cm.campaigns.cancel')}
        hint={t('cm.campaigns.cancelHint')}
        label={t('cm.campaigns.reason')}
        testId="cancel-campaign-form"
        okText={t('cm.campaigns.cancel')}
        danger
        onClose={() => setCancelling(false)}
        onSubmit={async (reason) => {
          await communityApi.cancel(id, reason)
          setCancelling(false)
          message.success(t('cm.campaigns.done'))
          void campaign.reload()
        }}
      />
    </div>
  )
}
