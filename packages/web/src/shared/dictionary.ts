import type { Dict } from './i18n'

/** Builds the two dictionaries from `{ key: ['中文', 'English'] }`, so both languages sit side by side. */
export function pairs<K extends string>(
  entries: Record<K, readonly [string, string]>,
): {
  'zh-CN': Dict<K>
  en: Dict<K>
} {
  const zh = {} as Dict<K>
  const en = {} as Dict<K>
  for (const key of Object.keys(entries) as K[]) {
    zh[key] = entries[key][0]
    en[key] = entries[key][1]
  }
  return { 'zh-CN': zh, en }
}
