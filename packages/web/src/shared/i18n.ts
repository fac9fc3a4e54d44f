import { useCallback, useSyncExternalStore } from 'react'

export type Lang = 'zh-CN' | 'en'
export const LANGS: readonly Lang[] = ['zh-CN', 'en']
export const DEFAULT_LANG: Lang = 'zh-CN'

export type Params = Record<string, string | number>
export type Dict<K extends string> = Record<K, string>

/** Anything that is not clearly English is Chinese: the product's default audience. */
export function normalizeLang(value: string | null | undefined): Lang {
  return value && /^en\b/i.test(value) ? 'en' : DEFAULT_LANG
}

/** `interpolate('共 {n} 件', { n: 3 })` → `共 3 件`; unknown placeholders stay visible. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

/** Looks a key up in the language's dictionary, then in Chinese, then shows the key itself. */
export function translate<K extends string>(
  dicts: { 'zh-CN': Dict<K>; en: Partial<Dict<K>> },
  lang: Lang,
  key: K,
  params?: Params,
): string {
  const text = (lang === 'en' ? dicts.en[key] : undefined) ?? dicts['zh-CN'][key] ?? key
  return interpolate(text, params)
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>

function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

export type Translate<K extends string> = (key: K, params?: Params) => string

export interface I18n<K extends string> {
  getLang(): Lang
  setLang(lang: Lang): void
  subscribe(listener: () => void): () => void
  t: Translate<K>
  /** The language, a translator bound to it and the setter, re-rendering on change. */
  useI18n(): { lang: Lang; t: Translate<K>; setLang: (lang: Lang) => void }
}

/** One app's dictionary with a language choice remembered under `storageKey`. */
export function createI18n<K extends string>(opts: {
  storageKey: string
  dicts: { 'zh-CN': Dict<K>; en: Partial<Dict<K>> }
  storage?: KeyValueStore
}): I18n<K> {
  const storage = opts.storage ?? browserStorage()
  let lang = normalizeLang(storage?.getItem(opts.storageKey))
  const listeners = new Set<() => void>()
  const getLang = () => lang
  const setLang = (next: Lang) => {
    lang = next
    storage?.setItem(opts.storageKey, next)
    if (typeof document !== 'undefined') document.documentElement.lang = next
    for (const l of listeners) l()
  }
  const subscribe = (l: () => void) => {
    listeners.add(l)
    return () => listeners.delete(l)
  }
  const t: Translate<K> = (key, params) => translate(opts.dicts, lang, key, params)
  if (typeof document !== 'undefined') document.documentElement.lang = lang
  function useI18n() {
    const current = useSyncExternalStore(subscribe, getLang, getLang)
    const bound = useCallback<Translate<K>>(
      (key, params) => translate(opts.dicts, current, key, params),
      [current],
    )
    return { lang: current, t: bound, setLang }
  }
  return { getLang, setLang, subscribe, t, useI18n }
}
