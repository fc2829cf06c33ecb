import { describe, expect, it } from 'vitest'
import { AbortError, NetworkError } from '../errors/clientErrors.ts'
import { Gs2SchemaError } from '../errors/gs2SchemaError.ts'
import { BadRequestError, ServiceUnavailableError } from '../errors/httpErrors.ts'
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  maxAttemptsFor,
  type RetryPolicy,
} from '../retryPolicy.ts'

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
}
const context = {
  attempt: 1,
  maxAttempts: 4,
  idempotent: true,
  policy,
  random: () => 0.5,
}

describe('backoffDelay', () => {
  it('doubles per retry, half fixed and half jitter, capped', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50)
    expect(backoffDelay(1, policy, () => 1)).toBe(100)
    expect(backoffDelay(2, policy, () => 0)).toBe(100)
    expect(backoffDelay(3, policy, () => 1)).toBe(400)
    expect(backoffDelay(10, policy, () => 1)).toBe(1000)
    expect(backoffDelay(10, policy, () => 0)).toBe(500)
  })
})

describe('maxAttemptsFor', () => {
  it('reads false, true, undefined and a retry count', () => {
    expect(maxAttemptsFor(false, DEFAULT_RETRY_POLICY)).toBe(1)
    expect(maxAttemptsFor(true, DEFAULT_RETRY_POLICY)).toBe(3)
    expect(maxAttemptsFor(undefined, DEFAULT_RETRY_POLICY)).toBe(3)
    expect(maxAttemptsFor(0, DEFAULT_RETRY_POLICY)).toBe(1)
    expect(maxAttemptsFor(5, DEFAULT_RETRY_POLICY)).toBe(6)
  })
})

describe('decideRetry', () => {
  const unavailable = () => new ServiceUnavailableError('down', { status: 503 })

  it('retries retryable errors with backoff', () => {
    expect(decideRetry({ ...context, error: unavailable() })).toEqual({ retry: true, delayMs: 75 })
    expect(decideRetry({ ...context, error: new NetworkError('x'), attempt: 2 })).toEqual({
      retry: true,
      delayMs: 150,
    })
  })

  it('does not retry errors that cannot get better', () => {
    for (const error of [
      new BadRequestError('bad', { status: 400 }),
      new AbortError(),
      new Gs2SchemaError('bad', { status: 200, issues: [] }),
      new Error('bug'),
      'string',
    ]) {
      expect(decideRetry({ ...context, error })).toMatchObject({ retry: false })
    }
  })

  it('never retries a non-idempotent request', () => {
    expect(decideRetry({ ...context, idempotent: false, error: unavailable() })).toEqual({
      retry: false,
      reason: 'not idempotent',
    })
  })

  it('stops after maxAttempts', () => {
    expect(decideRetry({ ...context, attempt: 4, error: unavailable() })).toEqual({
      retry: false,
      reason: 'attempts exhausted',
    })
    expect(decideRetry({ ...context, attempt: 3, error: unavailable() }).retry).toBe(true)
  })

  it('waits exactly Retry-After, and gives up when it is too long', () => {
    const later = new ServiceUnavailableError('down', { status: 503, retryAfterMs: 2000 })
    expect(decideRetry({ ...context, error: later })).toEqual({ retry: true, delayMs: 2000 })
    const tooLate = new ServiceUnavailableError('down', { status: 503, retryAfterMs: 5001 })
    expect(decideRetry({ ...context, error: tooLate })).toEqual({
      retry: false,
      reason: 'Retry-After too long',
    })
  })
})
