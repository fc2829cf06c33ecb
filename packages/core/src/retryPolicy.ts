import { isGs2Error } from './errors/gs2Error.ts'

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

/**
 * "Equal jitter" backoff: half the capped exponential delay is fixed, half random. Retries never
 * fire back to back, yet clients that failed together spread out.
 */
export const backoffDelay = (retryNumber: number, policy: RetryPolicy, random: () => number) => {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1)
  const cap = Math.min(policy.maxDelayMs, exponential)
  return Math.round(cap / 2 + random() * (cap / 2))
}

/** `retry` of a call: false = one attempt, true/undefined = the policy, n = n retries at most. */
export const maxAttemptsFor = (retry: boolean | number | undefined, policy: RetryPolicy) => {
  if (retry === false) return 1
  if (retry === undefined || retry === true) return policy.maxAttempts
  return retry + 1
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: string }

export interface RetryContext {
  readonly error: unknown
  /** Attempts made so far, the failed one included. */
  readonly attempt: number
  readonly maxAttempts: number
  readonly idempotent: boolean
  readonly policy: RetryPolicy
  readonly random: () => number
}

/** Whether and when to send a failed request again. */
export const decideRetry = (context: RetryContext): RetryDecision => {
  const { error } = context
  if (!isGs2Error(error) || !error.retryable) return { retry: false, reason: 'not retryable' }
  // A request that may have reached the server must not run twice (createAccount would create
  // two accounts): only a duplication avoider makes a POST safe to repeat.
  if (!context.idempotent) return { retry: false, reason: 'not idempotent' }
  if (context.attempt >= context.maxAttempts) return { retry: false, reason: 'attempts exhausted' }
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > context.policy.maxRetryAfterMs) {
      return { retry: false, reason: 'Retry-After too long' }
    }
    // The server said when: no jitter, it would only make us early or late.
    return { retry: true, delayMs: error.retryAfterMs }
  }
  return { retry: true, delayMs: backoffDelay(context.attempt, context.policy, context.random) }
}
