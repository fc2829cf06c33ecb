import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors/validationError.ts'
import { buildGs2Headers, isMeCall } from '../headers.ts'

const base = { clientId: 'client', projectToken: 'pt', path: '/login', method: 'POST' } as const

describe('buildGs2Headers', () => {
  it('always sends the client id and the project token as Bearer', () => {
    const headers = buildGs2Headers(base)
    expect(headers['X-GS2-CLIENT-ID']).toBe('client')
    expect(headers.Authorization).toBe('Bearer pt')
  })

  it('sends no Authorization for the project-token login itself', () => {
    const headers = buildGs2Headers({ ...base, projectToken: undefined })
    expect(headers).not.toHaveProperty('Authorization')
    expect(headers['X-GS2-CLIENT-ID']).toBe('client')
  })

  it('sends JSON content type on POST and PUT only', () => {
    expect(buildGs2Headers(base)['Content-Type']).toBe('application/json')
    expect(buildGs2Headers({ ...base, method: 'PUT' })['Content-Type']).toBe('application/json')
    expect(buildGs2Headers({ ...base, method: 'GET' })).not.toHaveProperty('Content-Type')
    expect(buildGs2Headers({ ...base, method: 'DELETE' })).not.toHaveProperty('Content-Type')
  })

  it('adds the optional GS2 headers only when given', () => {
    const none = buildGs2Headers(base)
    for (const name of [
      'X-GS2-ACCESS-TOKEN',
      'X-GS2-TIME-OFFSET-TOKEN',
      'X-GS2-REQUEST-ID',
      'X-GS2-DUPLICATION-AVOIDER',
    ]) {
      expect(none).not.toHaveProperty(name)
    }
    const all = buildGs2Headers({
      ...base,
      accessToken: 'at',
      timeOffsetToken: 'tot',
      requestId: 'rid',
      duplicationAvoider: 'dup',
    })
    expect(all['X-GS2-ACCESS-TOKEN']).toBe('at')
    expect(all['X-GS2-TIME-OFFSET-TOKEN']).toBe('tot')
    expect(all['X-GS2-REQUEST-ID']).toBe('rid')
    expect(all['X-GS2-DUPLICATION-AVOIDER']).toBe('dup')
  })

  it('requires an access token on "me" calls', () => {
    expect(() => buildGs2Headers({ ...base, path: '/ns/user/me/item' })).toThrow(ValidationError)
    expect(
      buildGs2Headers({ ...base, path: '/ns/user/me/item', accessToken: 'at' })[
        'X-GS2-ACCESS-TOKEN'
      ],
    ).toBe('at')
  })

  it('refuses values a Headers object would reject, naming the header', () => {
    try {
      buildGs2Headers({ ...base, accessToken: 'a\nb' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).field).toBe('X-GS2-ACCESS-TOKEN')
    }
    expect(() => buildGs2Headers({ ...base, clientId: '' })).toThrow(/X-GS2-CLIENT-ID/)
  })
})

describe('isMeCall', () => {
  it('matches a whole "me" path segment only', () => {
    expect(isMeCall('/ns/user/me/item')).toBe(true)
    expect(isMeCall('/ns/user/me')).toBe(true)
    expect(isMeCall('/ns/user/meow')).toBe(false)
    expect(isMeCall('/ns/account/u?x=me')).toBe(false)
  })
})
