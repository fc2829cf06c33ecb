import type { Clock, RandomBytes } from '../config.ts'
import type { Queryable } from '../store/database.ts'
import { randomToken, sha256 } from '../store/ids.ts'

export interface Challenge {
  readonly userGuid: string
  readonly kind: 'totp' | 'email'
  /** sha256 of the emailed code; null for TOTP (the code comes from the authenticator app). */
  readonly codeHash: string | null
  readonly expiresAt: number
  readonly attemptsLeft: number
  /** What step 1 asked for, so step 2 completes the same login. */
  readonly scope: string
  readonly timeOffsetToken: string | undefined
}

interface ChallengeRow {
  user_guid: string
  kind: 'totp' | 'email'
  code_hash: string | null
  expires_at: number
  attempts_left: number
  scope: string
  time_offset_token: string | null
}

/** Expired challenges stay this long, so a late step 2 hears "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 3600_000

/**
 * Pending second-factor challenges, keyed by the hash of their mfa token, in the database: step
 * 2 may reach another instance than step 1. Every change that decides an outcome is one atomic
 * statement (take an attempt, consume), so racing requests cannot share a code.
 */
export class ChallengeStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
  ) {}

  async create(challenge: Omit<Challenge, 'attemptsLeft'> & { attempts: number }): Promise<string> {
    await this.db.query('DELETE FROM challenges WHERE expires_at <= $1', [
      this.clock.now() - KEEP_EXPIRED_MS,
    ])
    const mfaToken = randomToken(this.random)
    await this.db.query(
      `INSERT INTO challenges (token_hash, user_guid, kind, code_hash, expires_at, attempts_left,
         scope, time_offset_token)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        sha256(mfaToken),
        challenge.userGuid,
        challenge.kind,
        challenge.codeHash,
        challenge.expiresAt,
        challenge.attempts,
        challenge.scope,
        challenge.timeOffsetToken ?? null,
      ],
    )
    return mfaToken
  }

  async get(mfaToken: string): Promise<Challenge | undefined> {
    const rows = await this.db.query<ChallengeRow>(
      `SELECT user_guid, kind, code_hash, expires_at, attempts_left, scope, time_offset_token
       FROM challenges WHERE token_hash = $1`,
      [sha256(mfaToken)],
    )
    const row = rows[0]
    if (!row) return undefined
    return {
      userGuid: row.user_guid,
      kind: row.kind,
      codeHash: row.code_hash,
      expiresAt: row.expires_at,
      attemptsLeft: row.attempts_left,
      scope: row.scope,
      timeOffsetToken: row.time_offset_token ?? undefined,
    }
  }

  /** Takes one attempt before the code is checked; the attempts left after it, or undefined if none was left. */
  async takeAttempt(mfaToken: string): Promise<number | undefined> {
    const rows = await this.db.query<{ attempts_left: number }>(
      `UPDATE challenges SET attempts_left = attempts_left - 1
       WHERE token_hash = $1 AND attempts_left > 0 RETURNING attempts_left`,
      [sha256(mfaToken)],
    )
    return rows[0]?.attempts_left
  }

  /** Deletes the challenge; true for exactly one caller. */
  async consume(mfaToken: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM challenges WHERE token_hash = $1 RETURNING 1', [
      sha256(mfaToken),
    ])
    return rows.length === 1
  }
}
