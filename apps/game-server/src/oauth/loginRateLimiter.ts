import type { Clock, GameServerLimits } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'

interface Entry {
  failures: number[]
  lockedUntil: number
}

/**
 * Failed sign-ins per username (wrong password or wrong second-factor code). After
 * `loginMaxFailures` within `loginWindowMs` the username answers 429 with Retry-After for
 * `loginLockoutMs`, before any password hashing, so it also caps the CPU an attacker can burn.
 * Unknown usernames are counted too, so the limiter does not reveal which names exist.
 */
export class LoginRateLimiter {
  readonly #entries = new Map<string, Entry>()

  constructor(
    private readonly clock: Clock,
    private readonly limits: GameServerLimits,
  ) {}

  /** Throws 429 while the username is locked. */
  assertAllowed(usernameKey: string): void {
    const entry = this.#entries.get(usernameKey)
    const now = this.clock.now()
    if (!entry || entry.lockedUntil <= now) return
    const retryAfterSeconds = Math.max(1, Math.ceil((entry.lockedUntil - now) / 1000))
    throw new OAuthError(
      'too_many_requests',
      `Too many failed sign-ins for this username; try again in ${retryAfterSeconds} s.`,
      { status: 429, retryAfterSeconds },
    )
  }

  recordFailure(usernameKey: string): void {
    const now = this.clock.now()
    const entry = this.#entries.get(usernameKey) ?? { failures: [], lockedUntil: 0 }
    entry.failures = entry.failures.filter((at) => at > now - this.limits.loginWindowMs)
    entry.failures.push(now)
    if (entry.failures.length >= this.limits.loginMaxFailures) {
      entry.lockedUntil = now + this.limits.loginLockoutMs
      entry.failures = []
    }
    this.#entries.set(usernameKey, entry)
    this.#sweep(now)
  }

  recordSuccess(usernameKey: string): void {
    this.#entries.delete(usernameKey)
  }

  #sweep(now: number): void {
    if (this.#entries.size < 10_000) return
    for (const [key, entry] of this.#entries) {
      const last = entry.failures.at(-1) ?? 0
      if (entry.lockedUntil <= now && last <= now - this.limits.loginWindowMs)
        this.#entries.delete(key)
    }
  }
}
