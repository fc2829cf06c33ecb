import type { Clock, RandomBytes } from '../config.ts'
import { randomToken, sha256 } from '../store/ids.ts'

export interface Challenge {
  readonly userGuid: string
  readonly kind: 'totp' | 'email'
  /** sha256 of the emailed code; null for TOTP (the code comes from the authenticator app). */
  readonly codeHash: string | null
  readonly expiresAt: number
  attemptsLeft: number
  /** What step 1 asked for, so step 2 completes the same login. */
  readonly scope: string
  readonly timeOffsetToken: string | undefined
}

/**
 * Pending second-factor challenges, keyed by the hash of their mfa token. Kept in memory only:
 * they live minutes, and losing them on restart just means signing in again.
 */
export class ChallengeStore {
  readonly #challenges = new Map<string, Challenge>()

  constructor(
    private readonly clock: Clock,
    private readonly random: RandomBytes,
  ) {}

  create(challenge: Challenge): string {
    this.#purge()
    const mfaToken = randomToken(this.random)
    this.#challenges.set(sha256(mfaToken), challenge)
    return mfaToken
  }

  get(mfaToken: string): Challenge | undefined {
    return this.#challenges.get(sha256(mfaToken))
  }

  delete(mfaToken: string): void {
    this.#challenges.delete(sha256(mfaToken))
  }

  get size(): number {
    return this.#challenges.size
  }

  #purge(): void {
    const now = this.clock.now()
    // Expired ones stay a while, so a late step 2 hears "expired" rather than "unknown".
    for (const [key, challenge] of this.#challenges) {
      if (challenge.expiresAt + 3600_000 <= now) this.#challenges.delete(key)
    }
  }
}
