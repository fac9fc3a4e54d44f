import { describe, expect, it } from 'vitest'
import { schemaProblemZh } from './schema-zh.js'

describe('schema problems in Chinese', () => {
  it('says what is wrong with the field', () => {
    expect(schemaProblemZh({ keyword: 'maximum', params: { limit: 100 } }, 'groupSize')).toBe(
      'groupSize 不能大于 100',
    )
    expect(schemaProblemZh({ keyword: 'required', params: { missingProperty: 'phone' } }, 'phone')).toBe(
      '缺少 phone',
    )
    expect(
      schemaProblemZh({ keyword: 'additionalProperties', params: { additionalProperty: 'x' } }, 'x'),
    ).toBe('不认识的字段 x')
    expect(schemaProblemZh({ keyword: 'type', params: { type: 'integer,null' } }, 'n')).toBe('n 应为整数')
    expect(schemaProblemZh({ keyword: 'pattern', params: {} }, 'phone')).toBe('phone 格式不对')
    expect(schemaProblemZh({ keyword: 'format', params: { format: 'uuid' } }, 'skuId')).toBe(
      'skuId 应为有效的编号',
    )
    expect(schemaProblemZh({ keyword: 'minLength', params: { limit: 1 } }, 'reason')).toBe('reason 不能为空')
    expect(schemaProblemZh({ keyword: 'anyOf', params: {} }, 'targetKind')).toBe('targetKind 不是可选的值')
    expect(schemaProblemZh({ keyword: 'something', message: 'is odd' }, 'x')).toBe('x is odd')
  })
})
