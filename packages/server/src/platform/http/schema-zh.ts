/** What Ajv says of one failed schema check, as much as the Chinese message needs. */
export interface SchemaProblem {
  keyword: string
  params?: Record<string, any>
  message?: string
}

const TYPES: Record<string, string> = {
  integer: '整数',
  number: '数字',
  string: '文本',
  boolean: '是或否',
  object: '对象',
  array: '列表',
  null: '空',
}

/**
 * A request-schema failure as a Chinese reader reads it: `groupSize 不能大于 100`. The field keeps its
 * API name (the screens put the message on their own field); unknown keywords fall back to Ajv's English.
 */
export function schemaProblemZh(v: SchemaProblem, field: string | undefined): string {
  const f = field ? `${field} ` : ''
  const p = v.params ?? {}
  switch (v.keyword) {
    case 'required':
      return `缺少 ${p.missingProperty}`
    case 'additionalProperties':
      return `不认识的字段 ${p.additionalProperty}`
    case 'type': {
      const types = String(p.type ?? '')
        .split(',')
        .filter((t) => t !== 'null')
        .map((t) => TYPES[t] ?? t)
      return `${f}应为${types.join('或')}`
    }
    case 'minimum':
      return `${f}不能小于 ${p.limit}`
    case 'exclusiveMinimum':
      return `${f}须大于 ${p.limit}`
    case 'maximum':
      return `${f}不能大于 ${p.limit}`
    case 'exclusiveMaximum':
      return `${f}须小于 ${p.limit}`
    case 'minLength':
      return p.limit === 1 ? `${f}不能为空` : `${f}至少 ${p.limit} 个字`
    case 'maxLength':
      return `${f}最多 ${p.limit} 个字`
    case 'minItems':
      return `${f}至少 ${p.limit} 项`
    case 'maxItems':
      return `${f}最多 ${p.limit} 项`
    case 'pattern':
      return `${f}格式不对`
    case 'format':
      return p.format === 'date-time'
        ? `${f}应为日期时间`
        : p.format === 'uuid'
          ? `${f}应为有效的编号`
          : `${f}格式不对`
    case 'enum':
    case 'const':
    case 'anyOf':
      return `${f}不是可选的值`
    default:
      return `${f}${v.message ?? '无效'}`
  }
}
