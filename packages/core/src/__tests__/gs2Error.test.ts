import { describe, expect, it } from 'vitest'
import { AbortError, NetworkError, TimeoutError } from '../errors/clientErrors.ts'
import { Gs2Error, isGs2Error } from '../errors/gs2Error.ts'
import { Gs2SchemaError } from '../errors/gs2SchemaError.ts'
import { BadRequestError, UnauthorizedError } from '../errors/httpErrors.ts'
import { ValidationError } from '../errors/validationError.ts'

describe('Gs2Error', () => {
  it('serialises with toJSON, details and cause kept out of the way', () => {
    const cause = new Error('root')
    const error = new UnauthorizedError('password: wrong', {
      status: 401,
      details: [{ component: 'password', message: 'wrong', code: 'account.password.invalid' }],
      cause,
    })
    expect(error.cause).toBe(cause)
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'UnauthorizedError',
      message: 'password: wrong',
      code: 'account.password.invalid',
      status: 401,
      retryable: false,
      component: 'password',
      details: [{ component: 'password', message: 'wrong', code: 'account.password.invalid' }],
    })
  })

  it('is recognised by brand, also for a copy from another bundle', () => {
    expect(isGs2Error(new NetworkError('x'))).toBe(true)
    expect(isGs2Error(new Error('x'))).toBe(false)
    expect(isGs2Error(null)).toBe(false)
    expect(isGs2Error({ name: 'Gs2Error', code: 'x' })).toBe(false)
    // Another bundle's class: different constructor, same Symbol.for brand.
    class ForeignUnauthorized extends Error {
      static readonly errorName = 'UnauthorizedError'
      constructor() {
        super('foreign')
        Object.defineProperty(this, Symbol.for('gs2ez.error'), { value: true })
      }
    }
    const foreign = new ForeignUnauthorized()
    expect(foreign instanceof Gs2Error).toBe(false)
    expect(isGs2Error(foreign)).toBe(true)
    expect(isGs2Error(foreign, 'UnauthorizedError')).toBe(true)
    expect(isGs2Error(foreign, 'NotFoundError')).toBe(false)
  })

  it('matches ancestors by name: a ValidationError is a BadRequestError', () => {
    const error = new ValidationError('userId must be at most 128 characters (got 129)', {
      field: 'userId',
      limit: 128,
      reason: 'too_big',
    })
    expect(error).toBeInstanceOf(BadRequestError)
    expect(isGs2Error(error, 'ValidationError')).toBe(true)
    expect(isGs2Error(error, 'BadRequestError')).toBe(true)
    expect(isGs2Error(error, 'UnauthorizedError')).toBe(false)
    expect(error.toJSON()).toMatchObject({ field: 'userId', limit: 128, status: 400 })
    expect(error.retryable).toBe(false)
  })

  it('marks client-side kinds retryable or not', () => {
    expect(new NetworkError('x').retryable).toBe(true)
    expect(new TimeoutError(5).retryable).toBe(true)
    expect(new TimeoutError(5).toJSON()).toMatchObject({ timeoutMs: 5, code: 'gs2ez.timeout' })
    expect(new AbortError().retryable).toBe(false)
    expect(new AbortError().name).toBe('AbortError')
    const schema = new Gs2SchemaError('bad', { status: 200, issues: [] })
    expect(schema.retryable).toBe(false)
    expect(schema).not.toBeInstanceOf(BadRequestError)
  })
})
