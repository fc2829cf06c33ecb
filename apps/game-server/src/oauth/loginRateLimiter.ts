import type { Clock } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import type { Queryable } from '../store/database.ts'

export interface RateLimitPolicy {
  readonly maxFailures: number
  readonly windowMs: number
  readonly lockoutMs: number
  /** Who is locked, for the message: "this username", "this address". */
  readonly subject: string
  /** What is counted, for the message; default "failed sign-ins". */
  readonly counted?: string
  /** Prefix of this limiter's keys in the shared `login_limits` table. */
  readonly namespace: string
  /** Whether a success clears the failures (per username yes; per address no: one good account must not reset a spray). */
  readonly successClears: boolean
}

/** Reservations between two sweeps of dead rows. */
const SWEEP_EVERY = 1000

/** How an attempt ended: a failure counts, a success clears (per username), neutral neither. */
export type AttemptOutcome = 'failure' | 'success' | 'neutral'

/** A reserved attempt: settle it exactly once. */
export interface Attempt {
  settle(outcome: AttemptOutcome): Promise<void>
}

/**
 * Failed sign-ins per key (wrong password or wrong second-factor code), in the database so every
 * instance sees one count. An attempt is RESERVED atomically before the password hash runs:
 * failures plus attempts still in flight may not pass `maxFailures`, so 40 concurrent guesses get
 * at most `maxFailures` evaluated and the rest 429 at once, whichever instance they reach. The
 * failure that reaches the limit locks the key for `lockoutMs`.
 *
 * The window starts with the first attempt of a burst (not on a sliding clock): at most
 * `maxFailures` failures per `windowMs` from it. Keyed by username (unknown ones too, so the
 * limiter does not reveal which names exist) and by client address (password spraying).
 */
export class LoginRateLimiter {
  #reservations = 0

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly policy: RateLimitPolicy,
  ) {}

  /** Reserves one attempt for `key`, or throws 429 (locked, or the limit is in flight). */
  async reserve(key: string): Promise<Attempt> {
    const k = `${this.policy.namespace}:${key}`
    const now = this.clock.now()
    // Sprayed unknown usernames each leave a row: drop the dead ones now and then.
    if (++this.#reservations % SWEEP_EVERY === 0) void this.sweep().catch(() => {})
    const { maxFailures, windowMs } = this.policy
    // One statement: the row lock of the upsert makes check-and-reserve atomic across instances.
    const reserved = await this.db.query(
      `INSERT INTO login_limits AS l (key, window_start, failures, pending, locked_until)
       VALUES ($1, $2, 0, 1, 0)
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN l.window_start <= $2 - $3 OR (l.failures = 0 AND l.pending = 0)
                             THEN $2 ELSE l.window_start END,
         failures = CASE WHEN l.window_start <= $2 - $3 THEN 0 ELSE l.failures END,
         pending = CASE WHEN l.window_start <= $2 - $3 THEN 1 ELSE l.pending + 1 END
       WHERE l.locked_until <= $2
         AND (l.window_start <= $2 - $3 OR l.failures + l.pending < $4)
       RETURNING l.pending`,
      [k, now, windowMs, maxFailures],
    )
    if (reserved.length === 0) {
      const rows = await this.db.query<{ locked_until: number }>(
        'SELECT locked_until FROM login_limits WHERE key = $1',
        [k],
      )
      const lockedUntil = rows[0]?.locked_until ?? 0
      // Not locked yet, but the last allowed attempts are in flight: they settle within a second.
      const retryAfterSeconds =
        lockedUntil > now ? Math.max(1, Math.ceil((lockedUntil - now) / 1000)) : 1
      throw new OAuthError(
        'too_many_requests',
        `Too many ${this.policy.counted ?? 'failed sign-ins'} from ${this.policy.subject}; try again in ${retryAfterSeconds} s.`,
        { status: 429, retryAfterSeconds },
      )
    }
    let settled = false
    return {
      settle: async (outcome) => {
        if (settled) return
        settled = true
        await this.#settle(k, outcome)
      },
    }
  }

  async #settle(key: string, outcome: AttemptOutcome): Promise<void> {
    const now = this.clock.now()
    if (outcome === 'failure') {
      await this.db.query(
        `UPDATE login_limits SET
           pending = GREATEST(pending - 1, 0),
           failures = CASE WHEN failures + 1 >= $2 THEN 0 ELSE failures + 1 END,
           window_start = CASE WHEN failures + 1 >= $2 THEN $3 ELSE window_start END,
           locked_until = CASE WHEN failures + 1 >= $2 THEN $3 + $4 ELSE locked_until END
         WHERE key = $1`,
        [key, this.policy.maxFailures, now, this.policy.lockoutMs],
      )
    } else if (outcome === 'success' && this.policy.successClears) {
      await this.db.query(
        'UPDATE login_limits SET pending = GREATEST(pending - 1, 0), failures = 0 WHERE key = $1',
        [key],
      )
    } else {
      await this.db.query(
        'UPDATE login_limits SET pending = GREATEST(pending - 1, 0) WHERE key = $1',
        [key],
      )
    }
  }

  /** Drops rows that hold nothing any more (no lock, nothing in flight, window over). */
  async sweep(): Promise<void> {
    const now = this.clock.now()
    await this.db.query(
      `DELETE FROM login_limits WHERE key LIKE $1 AND locked_until <= $2
         AND window_start <= $2 - $3 AND pending = 0`,
      [`${this.policy.namespace}:%`, now, this.policy.windowMs],
    )
  }
}
