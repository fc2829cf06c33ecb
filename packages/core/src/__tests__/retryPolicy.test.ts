import { HTTPError } from 'ky'
import { describe, expect, it } from 'vitest'
import { AbortError } from '../errors/clientErrors.ts'
import {
  DEFAULT_RETRY_POLICY,
  kyRetryOptions,
  type RetryPolicy,
  retryLimit,
} from '../retryPolicy.ts'

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
}

const options = (random: () => number, signal = new AbortController().signal) =>
  kyRetryOptions({ policy, limit: 3, random, now: () => 0, signal })

const httpError = (status: number, headers: Record<string, string> = {}) => {
  const request = new Request('http://gs2.test/x')
  return new HTTPError(new Response(null, { status, headers }), request, {} as never)
}

describe('kyRetryOptions', () => {
  it('doubles per retry, capped before a half-fixed, half-random jitter', () => {
    const backoff = (n: number, r: number) => {
      const o = options(() => r)
      return o.jitter instanceof Function ? o.jitter(o.delay?.(n) ?? 0) : undefined
    }
    expect(backoff(1, 0)).toBe(50)
    expect(backoff(1, 1)).toBe(100)
    expect(backoff(2, 0)).toBe(100)
    expect(backoff(3, 1)).toBe(400)
    expect(backoff(10, 1)).toBe(1000)
    expect(backoff(10, 0)).toBe(500)
  })

  it('retries the GS2 table (and POST), honours Retry-After on the same statuses', () => {
    const o = options(Math.random)
    for (const status of [402, 409, 429, 500, 502, 503, 504]) {
      expect(o.statusCodes).toContain(status)
      expect(o.afterStatusCodes).toContain(status)
    }
    for (const status of [400, 401, 403, 404, 413]) expect(o.statusCodes).not.toContain(status)
    expect(o.methods).toEqual(['get', 'put', 'post', 'delete'])
    expect(o).toMatchObject({ limit: 3, retryOnTimeout: true, maxRetryAfter: 5000 })
  })

  it('gives up at once on a Retry-After beyond maxRetryAfterMs, an abort, or our own errors', () => {
    const should = (error: Error, signal?: AbortSignal) =>
      options(Math.random, signal).shouldRetry?.({ error, retryCount: 1 })
    expect(should(httpError(503, { 'retry-after': '6' }))).toBe(false)
    expect(should(httpError(503, { 'retry-after': '5' }))).toBeUndefined()
    expect(should(httpError(503))).toBeUndefined()
    expect(should(new TypeError('fetch failed'))).toBeUndefined()
    expect(should(new AbortError())).toBe(false)
    expect(should(new TypeError('fetch failed'), AbortSignal.abort())).toBe(false)
  })
})

describe('retryLimit', () => {
  it('reads false, true, undefined and a retry count', () => {
    expect(retryLimit(false, DEFAULT_RETRY_POLICY)).toBe(0)
    expect(retryLimit(true, DEFAULT_RETRY_POLICY)).toBe(2)
    expect(retryLimit(undefined, DEFAULT_RETRY_POLICY)).toBe(2)
    expect(retryLimit(0, DEFAULT_RETRY_POLICY)).toBe(0)
    expect(retryLimit(5, DEFAULT_RETRY_POLICY)).toBe(5)
  })
})
