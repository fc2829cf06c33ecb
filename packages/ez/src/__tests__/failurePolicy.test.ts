import { describe, expect, it } from 'vitest'
import { CredentialsRejectedError } from '../ezError.ts'
import { classifyFailure, isUnauthorized, retryAfterOf } from '../failurePolicy.ts'

const gs2 = (status: number | undefined, code: string, name = 'Gs2Error') =>
  Object.assign(new Error(code), {
    name,
    status,
    code,
    details: [{ component: 'x', message: code, code }],
  })

describe('classifyFailure', () => {
  it.each([
    ['bad password', gs2(401, 'account.password.invalid', 'UnauthorizedError')],
    ['banned', gs2(401, 'account.banned.infinity', 'UnauthorizedError')],
    ['deleted account', gs2(404, 'account.account.notFound', 'NotFoundError')],
    ['an authenticator rejection', new CredentialsRejectedError('nope')],
  ])('%s is definitive', (_, error) => {
    expect(classifyFailure(error)).toBe('definitive')
  })

  it('finds a definitive code in the details even when the top code differs', () => {
    const error = Object.assign(new Error('x'), {
      status: 401,
      code: 'http.unauthorized',
      details: [{ component: 'account', message: '', code: 'account.banned.temporary' }],
    })
    expect(classifyFailure(error)).toBe('definitive')
  })

  it.each([
    ['429', gs2(429, 'http.too_many_requests')],
    ['402 quota', gs2(402, 'http.quota_limit_exceeded')],
    ['409', gs2(409, 'http.conflict')],
    ['500', gs2(500, 'http.internal_server_error')],
    ['503', gs2(503, 'http.service_unavailable')],
    ['504', gs2(504, 'http.request_timeout')],
    ['network', gs2(undefined, 'gs2ez.network', 'NetworkError')],
    ['client timeout', gs2(undefined, 'gs2ez.timeout', 'TimeoutError')],
    ['an unexplained 401 (e.g. a project token problem)', gs2(401, 'http.unauthorized')],
    ['a plain TypeError', new TypeError('Failed to fetch')],
    ['a string', 'boom'],
  ])('%s is transient', (_, error) => {
    expect(classifyFailure(error)).toBe('transient')
  })

  it('reads Retry-After and recognises 401s', () => {
    expect(retryAfterOf({ retryAfterMs: 2_000 })).toBe(2_000)
    expect(retryAfterOf({ retryAfterMs: -1 })).toBeUndefined()
    expect(retryAfterOf(null)).toBeUndefined()
    expect(isUnauthorized(gs2(401, 'http.unauthorized'))).toBe(true)
    expect(isUnauthorized(gs2(403, 'x'))).toBe(false)
  })
})
