import { client } from './api'

export type CampaignStatus = 'draft' | 'scheduled' | 'ended'

export interface SlotSkuInput {
  skuId: string
  flashPriceFen: number
  stock: number
  perPersonLimit: number
}

export interface SlotInput {
  startsAt: string
  endsAt: string
  skus: SlotSkuInput[]
}

export interface CampaignSummary {
  id: string
  title: string
  status: CampaignStatus
  slotCount: number
  startsAt: string | null
  endsAt: string | null
  createdAt: string
}

export interface SlotSkuFigures extends SlotSkuInput {
  productId: string
  title: string
  specLabel: string
  imageUrl: string | null
  priceFen: number
  carved: number
  held: number
  sold: number
  taken: number
  returned: number
  left: number
}

export interface Campaign {
  id: string
  title: string
  status: CampaignStatus
  createdAt: string
  serverNow: string
  slots: {
    id: string
    startsAt: string
    endsAt: string
    status: string
    phase: 'upcoming' | 'live' | 'ended'
    skus: SlotSkuFigures[]
  }[]
}

const id = encodeURIComponent

/** Console flash-sale calls. */
export const flashSaleApi = {
  list: () => client.get<CampaignSummary[]>('/console/flash-sales'),
  get: (cid: string) => client.get<Campaign>(`/console/flash-sales/${id(cid)}`),
  create: (input: { title: string; slots: SlotInput[] }) =>
    client.post<Campaign>('/console/flash-sales', input, { idempotencyKey: true }),
  update: (cid: string, patch: { title?: string; slots?: SlotInput[] }) =>
    client.patch<Campaign>(`/console/flash-sales/${id(cid)}`, patch),
  schedule: (cid: string) => client.post<Campaign>(`/console/flash-sales/${id(cid)}/schedule`),
  end: (cid: string) => client.post<Campaign>(`/console/flash-sales/${id(cid)}/end`),
  addSlot: (cid: string, slot: SlotInput) =>
    client.post<Campaign>(`/console/flash-sales/${id(cid)}/slots`, slot),
  removeSlot: (cid: string, slotId: string) =>
    client.del<Campaign>(`/console/flash-sales/${id(cid)}/slots/${id(slotId)}`),
}

/**
 * The form field a server error names: `slots.1.skus.0.flashPriceFen` → `['slots', 1, 'skus', 0, 'flashYuan']`;
 * a slot's times are one range field.
 */
export function formFieldOf(field: string | undefined): (string | number)[] | undefined {
  if (!field?.startsWith('slots')) return field === 'title' ? ['title'] : undefined
  const parts: (string | number)[] = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  const last = parts[parts.length - 1]
  if (last === 'startsAt' || last === 'endsAt') parts[parts.length - 1] = 'range'
  if (last === 'flashPriceFen') parts[parts.length - 1] = 'flashYuan'
  return parts
}
