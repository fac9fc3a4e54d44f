/**
 * One catalogue of error codes. Every 4xx the API gives has a machine `code`, a message in the
 * caller's language and, where one input is at fault, the `field`.
 */
const catalogue = {
  validation_failed: { status: 400, zh: '输入有误：{detail}', en: 'Invalid input: {detail}' },
  bad_request: { status: 400, zh: '请求无效', en: 'Bad request' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  session_expired: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired, please sign in again',
  },
  invalid_credentials: { status: 401, zh: '账号或密码错误', en: 'Wrong email or password' },
  invalid_code: { status: 401, zh: '验证码错误或已过期', en: 'The code is wrong or has expired' },
  forbidden: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  not_found: { status: 404, zh: '{entity}不存在', en: '{entity} not found' },
  shop_not_found: { status: 404, zh: '店铺不存在', en: 'Shop not found' },
  conflict: { status: 409, zh: '操作冲突：{detail}', en: 'Conflict: {detail}' },
  already_exists: { status: 409, zh: '{entity}已存在', en: '{entity} already exists' },
  sold_out: { status: 409, zh: '库存不足，已售罄', en: 'Sold out: not enough stock' },
  not_purchasable: { status: 409, zh: '商品暂不可购买', en: 'This product cannot be bought right now' },
  publish_incomplete: {
    status: 409,
    zh: '商品至少需要一张图片和一个在售规格才能上架',
    en: 'A product needs at least one image and one active SKU to be on sale',
  },
  category_not_empty: {
    status: 409,
    zh: '分类下还有子分类或商品，不能删除',
    en: 'This category still holds subcategories or products',
  },
  invalid_transition: {
    status: 409,
    zh: '当前状态（{from}）不能执行此操作',
    en: 'Not possible while the {entity} is {from}',
  },
  idempotency_mismatch: {
    status: 409,
    zh: '同一个幂等键不能用于不同的请求',
    en: 'This Idempotency-Key was already used with a different request',
  },
  idempotency_in_progress: {
    status: 409,
    zh: '相同请求正在处理中，请稍后重试',
    en: 'The same request is still being processed; retry shortly',
  },
  payment_mismatch: { status: 400, zh: '支付信息与订单不符', en: 'The payment does not match the order' },
  invalid_signature: { status: 401, zh: '签名校验失败', en: 'Signature verification failed' },
  refund_exceeds_paid: {
    status: 409,
    zh: '退款金额超过可退金额',
    en: 'The refund is more than what can be refunded',
  },
  return_not_allowed: {
    status: 409,
    zh: '该商品不支持此售后申请',
    en: 'This item cannot be returned this way',
  },
  // Deals: group buys, flash sales, bargains, lucky draws.
  deal_not_active: {
    status: 409,
    zh: '活动未开始或已结束',
    en: 'This deal has not started yet or has ended',
  },
  group_full: { status: 409, zh: '这个团已经满员了，换个团或自己开团吧', en: 'This group is full' },
  group_closed: { status: 409, zh: '这个团已结束', en: 'This group is no longer open' },
  already_member: { status: 409, zh: '你已经在这个团里了', en: 'You are already in this group' },
  new_customers_only: {
    status: 409,
    zh: '这是新人团，仅限首次下单的顾客参加',
    en: 'Only first-time buyers may join this group',
  },
  limit_reached: {
    status: 409,
    zh: '已达到每人限购数量',
    en: 'You have reached the per-person limit',
  },
  not_started: { status: 409, zh: '还没开始，请稍候', en: 'Not started yet' },
  ended: { status: 409, zh: '已经结束了', en: 'This has ended' },
  already_helped: { status: 409, zh: '你已经帮过了', en: 'You have already helped' },
  no_chances_left: {
    status: 409,
    zh: '今天的抽奖次数用完了，分享可获得更多机会',
    en: 'No chances left today; share to earn more',
  },
  withdrawal_refused: { status: 409, zh: '暂不能提现：{detail}', en: 'Cannot withdraw: {detail}' },
  rate_limited: {
    status: 429,
    zh: '操作太频繁，请稍后再试',
    en: 'Too many attempts, please try again later',
  },
  payload_too_large: { status: 413, zh: '上传内容过大', en: 'The upload is too large' },
  unsupported_media_type: { status: 415, zh: '不支持的文件类型', en: 'Unsupported file type' },
  internal: {
    status: 500,
    zh: '服务器开小差了，请稍后再试',
    en: 'Something went wrong on our side, please try again',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>

export type ErrorCode = keyof typeof catalogue
export type Lang = 'zh-CN' | 'en'

/** Entity names as the user reads them, for `{entity}` in messages. */
const entities: Record<string, { zh: string; en: string }> = {
  product: { zh: '商品', en: 'Product' },
  sku: { zh: '规格', en: 'SKU' },
  category: { zh: '分类', en: 'Category' },
  order: { zh: '订单', en: 'Order' },
  payment: { zh: '支付单', en: 'Payment' },
  refund: { zh: '退款', en: 'Refund' },
  after_sales: { zh: '售后申请', en: 'After-sales request' },
  staff: { zh: '员工', en: 'Staff member' },
  shopper: { zh: '顾客', en: 'Shopper' },
  shop: { zh: '店铺', en: 'Shop' },
  image: { zh: '图片', en: 'Image' },
  cart_item: { zh: '购物车商品', en: 'Cart item' },
  address: { zh: '地址', en: 'Address' },
  deal: { zh: '活动', en: 'Deal' },
  group: { zh: '团', en: 'Group' },
  flash_campaign: { zh: '秒杀活动', en: 'Flash sale' },
  flash_slot: { zh: '秒杀场次', en: 'Flash sale slot' },
  flash_purchase: { zh: '秒杀抢购', en: 'Flash-sale purchase' },
  bargain: { zh: '砍价', en: 'Bargain' },
  draw: { zh: '抽奖活动', en: 'Lucky draw' },
  prize: { zh: '奖品', en: 'Prize' },
  share: { zh: '分享链接', en: 'Share link' },
  promoter: { zh: '推广员', en: 'Promoter' },
  commission: { zh: '佣金', en: 'Commission' },
  withdrawal: { zh: '提现申请', en: 'Withdrawal' },
  community_leader: { zh: '团长', en: 'Community leader' },
  pickup_point: { zh: '自提点', en: 'Pickup point' },
}

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(`${code} ${JSON.stringify(params)}`)
    this.status = catalogue[code].status
  }
}

export function messageFor(code: ErrorCode, params: Record<string, string | number>, lang: Lang) {
  const key = lang === 'en' ? 'en' : 'zh'
  return catalogue[code][key].replace(/\{(\w+)\}/g, (_, p: string) => {
    // A parameter may come in Chinese too (`detail_zh`), for messages written for people.
    const v = (key === 'zh' ? params[`${p}_zh`] : undefined) ?? params[p]
    if (p === 'entity' && typeof v === 'string' && entities[v]) return entities[v][key]
    return v === undefined ? '' : String(v)
  })
}

/** zh-CN unless the caller prefers English. */
export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN'
  const first = acceptLanguage.split(',')[0].trim().toLowerCase()
  return first.startsWith('en') ? 'en' : 'zh-CN'
}

export const notFound = (entity: string, field?: string) => new AppError('not_found', { entity }, field)
/** A 400 naming the field at fault; `detailZh` is what a Chinese reader sees instead of `detail`. */
export const invalid = (field: string, detail: string, detailZh?: string) =>
  new AppError('validation_failed', detailZh ? { detail, detail_zh: detailZh } : { detail }, field)
