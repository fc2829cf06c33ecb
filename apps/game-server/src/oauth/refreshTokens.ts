import { createHmac } from 'node:crypto'
import type { Clock, GameServerLimits, RandomBytes } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import type { Database } from '../store/database.ts'
import { base64url, randomToken, randomUuid, sha256 } from '../store/ids.ts'
import type { FamilyRecord, RefreshTokenRecord, UserRecord } from '../store/records.ts'
import {
  FAMILY_COLUMNS,
  type FamilyRow,
  familyFromRow,
  REFRESH_TOKEN_COLUMNS,
  type RefreshTokenRow,
  refreshTokenFromRow,
  USER_COLUMNS,
  type UserRow,
  userFromRow,
} from '../store/rows.ts'
import type { TokenResponse } from './tokenResponse.ts'

/** What a refresh needs minted: a fresh GS2 access token for the family's user. */
export type MintAccess = (
  family: FamilyRecord,
  user: UserRecord,
) => Promise<{ token: string; expire: number }>

interface Rotation {
  readonly response: TokenResponse
  /** The grace window ends here (epoch ms). */
  readonly until: number
}

interface Loaded {
  readonly record: RefreshTokenRecord
  readonly family: FamilyRecord
  readonly user: UserRecord
}

/**
 * Rotating refresh tokens, grouped in families (one per sign-in).
 *
 * - Each use rotates: the presented token is marked rotated and a successor is issued.
 * - Reuse of a rotated token within `refreshGraceMs` answers the same new refresh token: two tabs
 *   that refresh at once both end up with the one successor instead of signing the player out
 *   (supabase/auth-js#213, convex-auth#76). On the instance that rotated, the whole pair is the
 *   same; another instance answers the same refresh token with a freshly minted access token.
 * - Reuse after the window means the token leaked or a client is confused: the whole family is
 *   revoked (RFC 6819 §5.2.2.3).
 *
 * The rotation itself is one conditional UPDATE (`rotated_at IS NULL`) in the transaction that
 * stores the successor, so of two instances rotating one token at once exactly one writes; the
 * other sees the rotation and answers from it. Only sha256 hashes are stored. The successor is
 * derived as HMAC(refreshKey, parent token), with the key shared by every instance through the
 * database, so a late duplicate is answered with the same successor anywhere without storing a
 * token, and a stolen database (hashes only) cannot derive one.
 */
export class RefreshTokens {
  /** parent hash -> the rotation in progress here, so concurrent requests share one GS2 login. */
  readonly #inflight = new Map<string, Promise<TokenResponse>>()
  /** parent hash -> the answer, kept for the grace window only. */
  readonly #recent = new Map<string, Rotation>()

  private constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
    private readonly limits: GameServerLimits,
    private readonly key: Buffer,
  ) {}

  /** Loads the shared HMAC key, creating it once (the first instance to start wins). */
  static async open(
    db: Database,
    clock: Clock,
    random: RandomBytes,
    limits: GameServerLimits,
  ): Promise<RefreshTokens> {
    await db.query(
      `INSERT INTO meta (key, value) VALUES ('refresh_key', $1) ON CONFLICT (key) DO NOTHING`,
      [base64url(random(32))],
    )
    const rows = await db.query<{ value: string }>(
      `SELECT value FROM meta WHERE key = 'refresh_key'`,
    )
    const key = rows[0]?.value
    if (key === undefined) throw new Error('meta: the refresh key is missing')
    return new RefreshTokens(db, clock, random, limits, Buffer.from(key, 'base64url'))
  }

  /** Starts a family for a fresh sign-in; returns its first refresh token. */
  async startFamily(options: {
    user: UserRecord
    clientId: string
    scope: string
    timeOffset: number | null
  }): Promise<{ refreshToken: string; family: FamilyRecord }> {
    const now = this.clock.now()
    const family: FamilyRecord = {
      familyId: randomUuid(this.random),
      userGuid: options.user.userGuid,
      clientId: options.clientId,
      scope: options.scope,
      createdAt: now,
      revokedAt: null,
      revokedReason: null,
      timeOffset: options.timeOffset,
    }
    const refreshToken = randomToken(this.random)
    const record = this.#record(refreshToken, family, now)
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO families (${FAMILY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          family.familyId,
          family.userGuid,
          family.clientId,
          family.scope,
          family.createdAt,
          family.revokedAt,
          family.revokedReason,
          family.timeOffset,
        ],
      )
      await this.#insert(tx, record)
    })
    return { refreshToken, family }
  }

  async refresh(options: {
    refreshToken: string
    clientId: string
    scope: string | undefined
    mint: MintAccess
    respond: (parts: {
      family: FamilyRecord
      user: UserRecord
      access: { token: string; expire: number }
      refreshToken: string
    }) => TokenResponse
  }): Promise<TokenResponse> {
    const hash = sha256(options.refreshToken)
    const loaded = await this.#load(hash)
    if (!loaded) throw grantError('refresh_token_invalid', 'The refresh token is not valid.')
    const { record, family, user } = loaded
    if (family.clientId !== options.clientId) {
      throw grantError('refresh_token_invalid', 'The refresh token was issued to another client.')
    }
    if (family.revokedAt !== null) {
      throw grantError('refresh_token_revoked', 'This session was signed out; sign in again.')
    }
    if (options.scope !== undefined && options.scope !== family.scope) {
      throw new OAuthError('invalid_scope', `scope: must be "${family.scope}" for this session`, {
        status: 400,
        field: 'scope',
      })
    }
    const now = this.clock.now()
    const inflight = this.#inflight.get(hash)
    if (inflight) return this.#fresh(await inflight)
    const successor = this.#successor(options.refreshToken)

    if (record.rotatedAt !== null) {
      if (now - record.rotatedAt > this.limits.refreshGraceMs) {
        await this.revokeFamily(family.familyId, 'refresh_token_reused')
        throw grantError(
          'refresh_token_reused',
          'This refresh token was already used; the session was revoked for safety. Sign in again.',
        )
      }
      const recent = this.#recent.get(hash)
      if (recent && recent.until >= now) return this.#fresh(recent.response)
      // Rotated elsewhere (another instance, or before a restart): the same successor, a fresh
      // access token.
      if (sha256(successor) !== record.successorHash) {
        throw grantError('refresh_token_invalid', 'The refresh token is not valid.')
      }
      return this.#single(hash, record.rotatedAt, async () => {
        const access = await options.mint(family, user)
        return options.respond({ family, user, access, refreshToken: successor })
      })
    }

    if (record.expiresAt <= now) {
      throw grantError('refresh_token_expired', 'The refresh token expired; sign in again.')
    }
    return this.#single(hash, undefined, async () => {
      // Mint first: if GS2 is down nothing rotates, and the client can retry with the same token.
      const access = await options.mint(family, user)
      const rotatedAt = this.clock.now()
      const next = this.#record(successor, family, rotatedAt)
      const won = await this.db.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE refresh_tokens SET rotated_at = $2, successor_hash = $3
           WHERE hash = $1 AND rotated_at IS NULL
             AND EXISTS (SELECT 1 FROM families f
                         WHERE f.family_id = refresh_tokens.family_id AND f.revoked_at IS NULL)
           RETURNING 1`,
          [hash, rotatedAt, next.hash],
        )
        if (rows.length === 0) return false
        await this.#insert(tx, next)
        return true
      })
      if (!won) {
        // Lost a race with another instance, or the family was revoked meanwhile.
        const current = await this.#load(hash)
        if (!current || current.family.revokedAt !== null) {
          throw grantError('refresh_token_revoked', 'This session was signed out; sign in again.')
        }
        const rotated = current.record.rotatedAt
        if (
          rotated === null ||
          current.record.successorHash !== next.hash ||
          this.clock.now() - rotated > this.limits.refreshGraceMs
        ) {
          throw grantError('refresh_token_invalid', 'The refresh token is not valid.')
        }
      }
      return options.respond({ family, user, access, refreshToken: successor })
    })
  }

  /** Revokes the family a refresh token belongs to (sign-out); unknown tokens are ignored. */
  async revokeByToken(refreshToken: string, reason: string): Promise<boolean> {
    const rows = await this.db.query<{ family_id: string }>(
      'SELECT family_id FROM refresh_tokens WHERE hash = $1',
      [sha256(refreshToken)],
    )
    const familyId = rows[0]?.family_id
    return familyId === undefined ? false : this.revokeFamily(familyId, reason)
  }

  async revokeFamily(familyId: string, reason: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE families SET revoked_at = $2, revoked_reason = $3
       WHERE family_id = $1 AND revoked_at IS NULL RETURNING 1`,
      [familyId, this.clock.now(), reason],
    )
    return rows.length === 1
  }

  async #load(hash: string): Promise<Loaded | undefined> {
    const tokens = await this.db.query<RefreshTokenRow>(
      `SELECT ${REFRESH_TOKEN_COLUMNS} FROM refresh_tokens WHERE hash = $1`,
      [hash],
    )
    const token = tokens[0]
    if (!token) return undefined
    const families = await this.db.query<FamilyRow>(
      `SELECT ${FAMILY_COLUMNS} FROM families WHERE family_id = $1`,
      [token.family_id],
    )
    const family = families[0]
    if (!family) return undefined
    const users = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE user_guid = $1`,
      [family.user_guid],
    )
    const user = users[0]
    if (!user) return undefined
    return {
      record: refreshTokenFromRow(token),
      family: familyFromRow(family),
      user: userFromRow(user),
    }
  }

  #insert(
    tx: { query(sql: string, params?: readonly unknown[]): Promise<unknown> },
    r: RefreshTokenRecord,
  ): Promise<unknown> {
    return tx.query(
      `INSERT INTO refresh_tokens (${REFRESH_TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.hash, r.familyId, r.userGuid, r.issuedAt, r.expiresAt, r.rotatedAt, r.successorHash],
    )
  }

  /** Runs one rotation per parent token at a time and remembers its answer for the grace window. */
  async #single(
    hash: string,
    rotatedAt: number | undefined,
    run: () => Promise<TokenResponse>,
  ): Promise<TokenResponse> {
    const promise = run()
    this.#inflight.set(hash, promise)
    try {
      const response = await promise
      this.#sweep()
      const start = rotatedAt ?? this.clock.now()
      this.#recent.set(hash, { response, until: start + this.limits.refreshGraceMs })
      return response
    } finally {
      this.#inflight.delete(hash)
    }
  }

  /** The same pair, with `expires_in` as seen now. */
  #fresh(response: TokenResponse): TokenResponse {
    const expiresIn = Math.max(0, Math.floor((response.expire - this.clock.now()) / 1000))
    return { ...response, expires_in: expiresIn }
  }

  #successor(token: string): string {
    return createHmac('sha256', this.key).update(`refresh:${token}`).digest('base64url')
  }

  #record(token: string, family: FamilyRecord, now: number): RefreshTokenRecord {
    return {
      hash: sha256(token),
      familyId: family.familyId,
      userGuid: family.userGuid,
      issuedAt: now,
      expiresAt: now + this.limits.refreshTokenTtlMs,
      rotatedAt: null,
      successorHash: null,
    }
  }

  #sweep(): void {
    const now = this.clock.now()
    for (const [key, rotation] of this.#recent) if (rotation.until < now) this.#recent.delete(key)
  }
}

const grantError = (
  reason:
    | 'refresh_token_invalid'
    | 'refresh_token_expired'
    | 'refresh_token_reused'
    | 'refresh_token_revoked',
  description: string,
): OAuthError => new OAuthError('invalid_grant', description, { status: 400, reason })
