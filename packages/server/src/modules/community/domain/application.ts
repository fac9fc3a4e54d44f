import { hoursProblems, type OpeningHours, type Problem } from './hours.js'

/** What a person gives to become a community leader; it also becomes their pickup point. */
export interface LeaderApplication {
  name: string
  phone: string
  communityName: string
  address: string
  lat: number
  lng: number
  hours: OpeningHours
  hoursNote?: string | null
  photoUrl?: string | null
}

/** What an operator may change of a pickup point. */
export interface PickupPointInput {
  name: string
  address: string
  lat: number
  lng: number
  hours: OpeningHours
  hoursNote?: string | null
  photoUrl?: string | null
}

/** A mainland China mobile number: 11 digits starting 13–19. */
export const MOBILE = /^1[3-9]\d{9}$/

/** Where a place is wrong: out of range, not a number, or the 0,0 a missing location reads as. */
export function locationProblems(p: { lat: number; lng: number }): Problem[] {
  const out: Problem[] = []
  if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90)
    out.push({ field: 'lat', en: 'latitude is between -90 and 90', zh: '纬度应在 -90 到 90 之间' })
  if (!Number.isFinite(p.lng) || p.lng < -180 || p.lng > 180)
    out.push({ field: 'lng', en: 'longitude is between -180 and 180', zh: '经度应在 -180 到 180 之间' })
  if (!out.length && p.lat === 0 && p.lng === 0)
    out.push({
      field: 'lat',
      en: 'the location is missing (0, 0)',
      zh: '位置缺失（0, 0），请重新定位',
    })
  return out
}

const blank = (s: string | undefined | null) => !s?.trim()

/** What is wrong with a pickup point's details, by field. */
export function pickupPointProblems(p: PickupPointInput): Problem[] {
  const out: Problem[] = []
  if (blank(p.name)) out.push({ field: 'name', en: 'a name', zh: '请填写名称' })
  if (blank(p.address)) out.push({ field: 'address', en: 'an address', zh: '请填写地址' })
  return [...out, ...locationProblems(p), ...hoursProblems(p.hours)]
}

/** What is wrong with an application, by field, in the order the form asks. */
export function applicationProblems(a: LeaderApplication): Problem[] {
  const out: Problem[] = []
  if (blank(a.name)) out.push({ field: 'name', en: 'your name', zh: '请填写姓名' })
  if (!MOBILE.test(a.phone))
    out.push({ field: 'phone', en: 'an 11-digit mobile number', zh: '请填写 11 位手机号' })
  if (blank(a.communityName))
    out.push({ field: 'communityName', en: 'the community name', zh: '请填写小区名称' })
  if (blank(a.address)) out.push({ field: 'address', en: 'an address', zh: '请填写自提点地址' })
  return [...out, ...locationProblems(a), ...hoursProblems(a.hours)]
}
