/** An application for a pickup point in Shanghai, open every day 08:00–21:00. */
export function application(over: Record<string, unknown> = {}) {
  return {
    name: '王芳',
    phone: '13800138000',
    communityName: '阳光花园',
    address: '上海市浦东新区阳光路 88 号 3 栋门口',
    lat: 31.2304,
    lng: 121.4737,
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '08:00', closes: '21:00' }],
    hoursNote: '节假日照常',
    ...over,
  }
}
