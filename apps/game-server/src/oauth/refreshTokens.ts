import { createHmac } from 'node:crypto'
import type { Clock, GameServerLimits, RandomBytes } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { base64url, randomToken, randomUuid, sha256 } from '../store/ids.ts'
import type { FamilyRecord, RefreshTokenRecord, UserRecord } from '../store/records.ts'
import type { ServerState } from '../store/serverState.ts'
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

/**
 * Rotating refresh tokens, grouped in families (one per sign-in).
 *
 * - Each use rotates: the presented token is marked rotated and a successor is issued.
 * - Reuse of a rotated token within `refreshGraceMs` answers the SAME new pair: two tabs that
 *   refresh at once both end up with the one successor instead of signing the player out
 *   (supabase/auth-js#213, convex-auth#76).
 * - Reuse after the window means the token leaked or a client is confused: the whole family is
 *   revoked (RFC 6819 §5.2.2.3).
 *
 * Only sha256 hashes are stored. The successor is derived as HMAC(refreshKey, parent token), so a
 * late duplicate (even after a restart) is answered with the same successor without ever storing a
 * token, and a stolen database (hashes only) cannot derive one.
 */
export class RefreshTokens {
  readonly #key: Buffer
  /** parent hash -> the rotation in progress, so concurrent requests share one. */
  readonly #inflight = new Map<string, Promise<TokenResponse>>()
  /** parent hash -> the answer, kept for the grace window only. */
  readonly #recent = new Map<string, Rotation>()

  constructor(
    private readonly state: ServerState,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
    private readonly limits: GameServerLimits,
  ) {
    let meta = state.get('meta', 'secrets')
    if (!meta) {
      meta = { refreshKey: base64url(random(32)) }
      state.commit([{ t: 'meta', k: 'secrets', v: meta }])
    }
    this.#key = Buffer.from(meta.refreshKey, 'base64url')
  }

  /** Starts a family for a fresh sign-in; returns its first refresh token. */
  startFamily(options: {
    user: UserRecord
    clientId: string
    scope: string
    timeOffset: number | null
  }): { refreshToken: string; family: FamilyRecord } {
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
    this.state.commit([
      { t: 'families', k: family.familyId, v: family },
      { t: 'refreshTokens', k: record.hash, v: record },
    ])
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
    const record = this.state.get('refreshTokens', hash)
    const family = record ? this.state.get('families', record.familyId) : undefined
    const user = family ? this.state.get('users', family.userGuid) : undefined
    if (!record || !family || !user) {
      throw grantError('refresh_token_invalid', 'The refresh token is not valid.')
    }
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

    if (record.rotatedAt !== null) {
      if (now - record.rotatedAt > this.limits.refreshGraceMs) {
        this.revokeFamily(family.familyId, 'refresh_token_reused')
        throw grantError(
          'refresh_token_reused',
          'This refresh token was already used; the session was revoked for safety. Sign in again.',
        )
      }
      const recent = this.#recent.get(hash)
      if (recent && recent.until >= now) return this.#fresh(recent.response)
      // The answer is gone (restart): re-derive the same successor, mint a fresh access token.
      const successor = this.#successor(options.refreshToken)
      const successorRecord = this.state.get('refreshTokens', sha256(successor))
      if (sha256(successor) !== record.successorHash || !successorRecord) {
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
      const current = this.state.get('families', family.familyId)
      if (!current || current.revokedAt !== null) {
        throw grantError('refresh_token_revoked', 'This session was signed out; sign in again.')
      }
      const rotatedAt = this.clock.now()
      const successor = this.#successor(options.refreshToken)
      const next = this.#record(successor, current, rotatedAt)
      this.state.commit([
        { t: 'refreshTokens', k: hash, v: { ...record, rotatedAt, successorHash: next.hash } },
        { t: 'refreshTokens', k: next.hash, v: next },
      ])
      return options.respond({ family: current, user, access, refreshToken: successor })
    })
  }

  /** Revokes the family a refresh token belongs to (sign-out); unknown tokens are ignored. */
  revokeByToken(refreshToken: string, reason: string): boolean {
    const record = this.state.get('refreshTokens', sha256(refreshToken))
    if (!record) return false
    return this.revokeFamily(record.familyId, reason)
  }

  revokeFamily(familyId: string, reason: string): boolean {
    const family = this.state.get('families', familyId)
    if (!family || family.revokedAt !== null) return false
    this.state.commit([
      {
        t: 'families',
        k: familyId,
        v: { ...family, revokedAt: this.clock.now(), revokedReason: reason },
      },
    ])
    return true
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
    return createHmac('sha256', this.#key).update(`refresh:${token}`).digest('base64url')
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
