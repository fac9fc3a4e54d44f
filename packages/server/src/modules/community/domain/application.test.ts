import { describe, expect, it } from 'vitest'
import { applicationProblems, locationProblems } from './application.js'

const good = {
  name: '王芳',
  phone: '13800138000',
  communityName: '阳光花园',
  address: '上海市浦东新区阳光路 88 号 3 栋门口',
  lat: 31.2304,
  lng: 121.4737,
  hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '08:00', closes: '21:00' }],
}

describe('a leader application', () => {
  it('passes when complete', () => {
    expect(applicationProblems(good)).toEqual([])
  })

  it('names each wrong field, in the order of the form', () => {
    const fields = applicationProblems({
      ...good,
      name: ' ',
      phone: '1380013800',
      communityName: '',
      address: '',
      lat: 91,
      lng: -181,
      hours: [],
    }).map((p) => p.field)
    expect(fields).toEqual(['name', 'phone', 'communityName', 'address', 'lat', 'lng', 'hours'])
    expect(applicationProblems({ ...good, phone: '23800138000' })[0].zh).toBe('请填写 11 位手机号')
  })

  it('refuses 0, 0 (a location that was never taken) and non-numbers', () => {
    expect(locationProblems({ lat: 0, lng: 0 })[0].field).toBe('lat')
    expect(locationProblems({ lat: Number.NaN, lng: 1 })[0].field).toBe('lat')
    expect(locationProblems({ lat: 0, lng: 0.0001 })).toEqual([])
  })
})
