import { describe, expect, it } from 'vitest'
import { passwordProblem } from '../domain.js'

describe('passwordProblem', () => {
  it('says what is wrong in English and in Chinese', () => {
    expect(passwordProblem('abc1')).toEqual({ detail: 'at least 8 characters', zh: '密码至少 8 位' })
    expect(passwordProblem(`a1${'x'.repeat(127)}`)).toEqual({
      detail: 'at most 128 characters',
      zh: '密码最多 128 位',
    })
    expect(passwordProblem('12345678')?.zh).toBe('密码须同时包含字母和数字')
    expect(passwordProblem('abcdefg1')).toBeUndefined()
  })
})
