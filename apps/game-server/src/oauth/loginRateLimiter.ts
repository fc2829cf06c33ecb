import type { Clock } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'

interface Entry {
  failures: number[]
  lockedUntil: number
}

export interface RateLimitPolicy {
  readonly maxFailures: number
  readonly windowMs: number
  readonly lockoutMs: number
  /** Who is locked, for the message: "this username", "this address". */
  readonly subject: string
}

/**
 * Failed sign-ins per key (wrong password or wrong second-factor code). After `maxFailures`
 * within `windowMs` the key answers 429 with Retry-After for `lockoutMs`, before any password
 * hashing, so it also caps the CPU an attacker can burn. Keyed by username (unknown ones too, so
 * the limiter does not reveal which names exist) and by client address (password spraying
 * across many usernames).
 */
export class LoginRateLimiter {
  readonly #entries = new Map<string, Entry>()

  constructor(
    private readonly clock: Clock,
    private readonly policy: RateLimitPolicy,
  ) {}

  /** Throws 429 while the key is locked. */
  assertAllowed(key: string): void {
    const entry = this.#entries.get(key)
    const now = this.clock.now()
    if (!entry || entry.lockedUntil <= now) return
    const retryAfterSeconds = Math.max(1, Math.ceil((entry.lockedUntil - now) / 1000))
    throw new OAuthError(
      'too_many_requests',
      `Too many failed sign-ins from ${this.policy.subject}; try again in ${retryAfterSeconds} s.`,
      { status: 429, retryAfterSeconds },
    )
  }

  recordFailure(key: string): void {
    const now = this.clock.now()
    const entry = this.#entries.get(key) ?? { failures: [], lockedUntil: 0 }
    entry.failures = entry.failures.filter((at) => at > now - this.policy.windowMs)
    entry.failures.push(now)
    if (entry.failures.length >= this.policy.maxFailures) {
      entry.lockedUntil = now + this.policy.lockoutMs
      entry.failures = []
    }
    this.#entries.set(key, entry)
    this.#sweep(now)
  }

  recordSuccess(key: string): void {
    this.#entries.delete(key)
  }

  #sweep(now: number): void {
    if (this.#entries.size < 10_000) return
    for (const [key, entry] of this.#entries) {
      const last = entry.failures.at(-1) ?? 0
      if (entry.lockedUntil <= now && last <= now - this.policy.windowMs) this.#entries.delete(key)
    }
  }
}
