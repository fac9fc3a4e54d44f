import { describe, expect, it } from 'vitest'
import { createI18n, interpolate, normalizeLang, translate } from './i18n'

type Key = 'hello' | 'cart' | 'onlyZh'
const dicts: { 'zh-CN': Record<Key, string>; en: Partial<Record<Key, string>> } = {
  'zh-CN': { hello: '你好，{name}', cart: '购物车', onlyZh: '只有中文' },
  en: { hello: 'Hello, {name}', cart: 'Cart' },
}

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    map: m,
  }
}

describe('translate', () => {
  it('uses the chosen language', () => {
    expect(translate(dicts, 'en', 'cart')).toBe('Cart')
    expect(translate(dicts, 'zh-CN', 'cart')).toBe('购物车')
  })
  it('falls back to Chinese, then to the key', () => {
    expect(translate(dicts, 'en', 'onlyZh')).toBe('只有中文')
    expect(translate(dicts as never, 'en', 'missing' as never)).toBe('missing')
  })
  it('fills placeholders', () => {
    expect(translate(dicts, 'en', 'hello', { name: 'Li' })).toBe('Hello, Li')
    expect(interpolate('共 {n} 件，{x}', { n: 3 })).toBe('共 3 件，{x}')
  })
})

describe('normalizeLang', () => {
  it('treats anything English as en and the rest as Chinese', () => {
    expect(normalizeLang('en')).toBe('en')
    expect(normalizeLang('en-US')).toBe('en')
    expect(normalizeLang('zh-CN')).toBe('zh-CN')
    expect(normalizeLang('fr')).toBe('zh-CN')
    expect(normalizeLang(null)).toBe('zh-CN')
  })
})

describe('createI18n', () => {
  it('starts in Chinese and remembers the switch', () => {
    const storage = memoryStorage()
    const i = createI18n({ storageKey: 'k', dicts, storage })
    expect(i.getLang()).toBe('zh-CN')
    expect(i.t('cart')).toBe('购物车')
    let heard = 0
    const off = i.subscribe(() => heard++)
    i.setLang('en')
    off()
    expect(i.t('cart')).toBe('Cart')
    expect(storage.map.get('k')).toBe('en')
    expect(heard).toBe(1)
  })
  it('reads the stored choice', () => {
    const i = createI18n({ storageKey: 'k', dicts, storage: memoryStorage({ k: 'en' }) })
    expect(i.t('hello', { name: 'Wang' })).toBe('Hello, Wang')
  })
})
