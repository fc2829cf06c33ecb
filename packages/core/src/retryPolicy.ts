import { HTTPError, type RetryOptions } from 'ky'
import { isGs2Error } from './errors/gs2Error.ts'
import { parseRetryAfter } from './errors/retryAfter.ts'

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number
  /** Backoff before the first retry; doubles on each further retry. */
  readonly baseDelayMs: number
  /** Cap of the computed backoff. */
  readonly maxDelayMs: number
  /** A `Retry-After` longer than this is not waited for: the error surfaces with `retryAfterMs`. */
  readonly maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
}

// The GS2 status table (official C# SDK): 402, 409, 5xx and 504 may succeed later; 429 and any
// other 5xx from a proxy in front of GS2 too. The same list is used for Retry-After.
const RETRYABLE_STATUS = [402, 409, 429, ...Array.from({ length: 100 }, (_, i) => 500 + i)]

/** `retry` of a call as ky's retry limit: false = none, true/undefined = the policy, n = n. */
export const retryLimit = (retry: boolean | number | undefined, policy: RetryPolicy): number =>
  retry === false ? 0 : retry === undefined || retry === true ? policy.maxAttempts - 1 : retry

/**
 * The session's policy in ky's terms. Backoff is "equal jitter": the capped exponential delay is
 * half fixed, half random, so retries never fire back to back yet clients that failed together
 * spread out (the cap is applied before the jitter, so capped retries still spread). A
 * `Retry-After` is waited exactly (ky applies no jitter to it), or, when longer than
 * `maxRetryAfterMs`, not at all: the error surfaces with `retryAfterMs` for the caller to decide.
 */
export const kyRetryOptions = (options: {
  readonly policy: RetryPolicy
  readonly limit: number
  readonly random: () => number
  readonly now: () => number
  /** Aborted = stop: an abort or a closed session is never retried. */
  readonly signal: AbortSignal
}): RetryOptions => {
  const { policy, random, signal } = options
  return {
    limit: options.limit,
    // POST too: GS2 logins are POSTs. Calls that must not repeat (createAccount) pass limit 0.
    methods: ['get', 'put', 'post', 'delete'],
    statusCodes: RETRYABLE_STATUS,
    afterStatusCodes: RETRYABLE_STATUS,
    maxRetryAfter: policy.maxRetryAfterMs,
    backoffLimit: policy.maxDelayMs,
    delay: (n) => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)),
    jitter: (delay) => Math.round(delay / 2 + random() * (delay / 2)),
    retryOnTimeout: true,
    // undefined = ky's own rules (status list, Retry-After, timeouts, network errors).
    shouldRetry: ({ error }) => {
      // Thrown by our hooks (a failed project-token login, a closed session): already final.
      if (signal.aborted || isGs2Error(error)) return false
      if (error instanceof HTTPError) {
        const { headers } = error.response
        const after = parseRetryAfter(headers.get('retry-after'), {
          now: options.now(),
          responseDate: headers.get('date'),
        })
        if (after !== undefined && after > policy.maxRetryAfterMs) return false
      }
      return undefined
    },
  }
}
