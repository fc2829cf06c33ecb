import { describe, expect, it } from 'vitest'
import { errorFromResponse } from '../errors/errorFromResponse.ts'
import { isGs2Error } from '../errors/gs2Error.ts'
import {
  BadGatewayError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  QuotaLimitExceededError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnexpectedStatusError,
} from '../errors/httpErrors.ts'

const response = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  body,
  headers: new Headers(headers),
})

const gs2Body = (details: { component: string; message: string; code: string }[]) =>
  JSON.stringify({ message: JSON.stringify(details) })

const table = [
  [400, BadRequestError, false, 'http.bad_request'],
  [401, UnauthorizedError, false, 'http.unauthorized'],
  [402, QuotaLimitExceededError, true, 'http.quota_limit_exceeded'],
  [404, NotFoundError, false, 'http.not_found'],
  [409, ConflictError, true, 'http.conflict'],
  [500, InternalServerError, true, 'http.internal_server_error'],
  [502, BadGatewayError, true, 'http.bad_gateway'],
  [503, ServiceUnavailableError, true, 'http.service_unavailable'],
  [504, RequestTimeoutError, true, 'http.request_timeout'],
] as const

describe('errorFromResponse', () => {
  it.each(table)(
    'maps %i to its class with the GS2 retry rule',
    (status, Class, retryable, fallback) => {
      const detail = {
        component: 'account',
        message: `failed with ${status}`,
        code: `test.${status}`,
      }
      const error = errorFromResponse(response(status, gs2Body([detail])), 0)
      expect(error).toBeInstanceOf(Class)
      expect(error.name).toBe(Class.name)
      expect(error.status).toBe(status)
      expect(error.retryable).toBe(retryable)
      expect(error.code).toBe(`test.${status}`)
      expect(error.component).toBe('account')
      expect(error.details).toEqual([detail])
      expect(error.message).toContain(`failed with ${status}`)
      expect(isGs2Error(error, Class.name)).toBe(true)
      // Without a GS2 body the class still carries a code naming the status.
      const bare = errorFromResponse(response(status, ''), 0)
      expect(bare).toBeInstanceOf(Class)
      expect(bare.code).toBe(fallback)
      expect(bare.component).toBeUndefined()
      expect(bare.message).toBe(`HTTP ${status}`)
    },
  )

  it('keeps every detail of a multi-error body', () => {
    const details = [
      { component: 'userId', message: 'too long', code: 'auth.login.userId.tooLong' },
      { component: 'timeOffset', message: 'too big', code: 'auth.login.timeOffset.tooBig' },
    ]
    const error = errorFromResponse(response(400, gs2Body(details)), 0)
    expect(error.details).toEqual(details)
    expect(error.code).toBe('auth.login.userId.tooLong')
    expect(error.message).toBe('userId: too long (auth.login.userId.tooLong) (+1 more)')
  })

  it.each([
    [429, true],
    [403, false],
    [418, false],
    [501, true],
    [302, false],
  ])('maps unlisted status %i to UnexpectedStatusError (retryable %s)', (status, retryable) => {
    const error = errorFromResponse(response(status, 'nope'), 0)
    expect(error).toBeInstanceOf(UnexpectedStatusError)
    expect(error.status).toBe(status)
    expect(error.retryable).toBe(retryable)
  })

  it('tolerates bodies that are not GS2 error bodies', () => {
    const html = errorFromResponse(response(502, '<html><body>Bad gateway</body></html>'), 0)
    expect(html).toBeInstanceOf(BadGatewayError)
    expect(html.details).toEqual([])
    expect(html.message).toBe('HTTP 502: <html><body>Bad gateway</body></html>')

    const plainMessage = errorFromResponse(response(500, JSON.stringify({ message: 'boom' })), 0)
    expect(plainMessage.message).toBe('boom')
    expect(plainMessage.code).toBe('http.internal_server_error')

    const directArray = errorFromResponse(
      response(404, JSON.stringify({ message: [{ component: 'a', message: 'm', code: 'c.d' }] })),
      0,
    )
    expect(directArray.code).toBe('c.d')

    const bareArray = errorFromResponse(
      response(409, JSON.stringify([{ component: 'a', message: 'm', code: 'x.y' }])),
      0,
    )
    expect(bareArray.code).toBe('x.y')

    const weird = errorFromResponse(response(400, JSON.stringify({ message: 42 })), 0)
    expect(weird.message).toBe('HTTP 400')

    const junkEntries = errorFromResponse(
      response(400, JSON.stringify({ message: JSON.stringify([1, null, { code: 7 }]) })),
      0,
    )
    expect(junkEntries.details).toEqual([{ component: '', message: '', code: '' }])
    expect(junkEntries.code).toBe('http.bad_request')

    const long = errorFromResponse(response(500, 'x'.repeat(1000)), 0)
    expect(long.message.length).toBeLessThan(230)
  })

  it('reads Retry-After as seconds or as an HTTP date against the response Date', () => {
    const seconds = errorFromResponse(response(503, '', { 'retry-after': '7' }), 0)
    expect(seconds.retryAfterMs).toBe(7000)

    const date = errorFromResponse(
      response(503, '', {
        'retry-after': 'Sat, 21 Nov 2026 12:00:30 GMT',
        date: 'Sat, 21 Nov 2026 12:00:00 GMT',
      }),
      // A local clock far off must not matter when the response has its own Date.
      Date.UTC(2020, 0, 1),
    )
    expect(date.retryAfterMs).toBe(30_000)

    const noDate = errorFromResponse(
      response(503, '', { 'retry-after': 'Sat, 21 Nov 2026 12:00:10 GMT' }),
      Date.UTC(2026, 10, 21, 12, 0, 0),
    )
    expect(noDate.retryAfterMs).toBe(10_000)

    const past = errorFromResponse(
      response(503, '', { 'retry-after': 'Sat, 21 Nov 2026 11:00:00 GMT' }),
      Date.UTC(2026, 10, 21, 12, 0, 0),
    )
    expect(past.retryAfterMs).toBe(0)

    expect(errorFromResponse(response(503, '', { 'retry-after': 'soon' }), 0).retryAfterMs).toBe(
      undefined,
    )
    expect(errorFromResponse(response(503, ''), 0).retryAfterMs).toBeUndefined()
  })
})
