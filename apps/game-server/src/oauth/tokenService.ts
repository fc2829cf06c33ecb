import type { Clock } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import type { Gs2Gateway, Gs2Token } from '../gs2/gs2Gateway.ts'
import type { Queryable } from '../store/database.ts'
import { sha256 } from '../store/ids.ts'
import type { FamilyRecord, UserRecord } from '../store/records.ts'
import type { ChallengeAnswer, SecondFactor } from '../twoFactor/secondFactor.ts'
import { type UserStore, usernameKey } from '../users/userStore.ts'
import type { Attempt, LoginRateLimiter } from './loginRateLimiter.ts'
import type { RefreshTokens } from './refreshTokens.ts'
import { DEFAULT_SCOPE, type TokenRequest } from './tokenRequest.ts'
import type { TokenResponse } from './tokenResponse.ts'

export type GrantResult =
  | { status: 200; body: TokenResponse }
  | { status: 202; body: ChallengeAnswer }

export interface TokenServiceDeps {
  readonly db: Queryable
  readonly users: UserStore
  readonly secondFactor: SecondFactor
  readonly limiter: LoginRateLimiter
  /** Failed sign-ins per client address, whatever the username (password spraying). */
  readonly ipLimiter: LoginRateLimiter
  readonly refreshTokens: RefreshTokens
  readonly gs2: Gs2Gateway
  readonly clock: Clock
  readonly clientIds: readonly string[]
}

/** The grants of POST /oauth/access_token. */
export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  /** `client.ip` is the peer address, when known (absent for in-process `app.request`). */
  async grant(
    request: TokenRequest,
    client: { ip?: string | undefined } = {},
  ): Promise<GrantResult> {
    if (!this.deps.clientIds.includes(request.clientId)) {
      throw new OAuthError('invalid_client', 'client_id: is not a known client', {
        status: 401,
        field: 'client_id',
      })
    }
    if (request.grantType === 'refresh_token') {
      const body = await this.deps.refreshTokens.refresh({
        refreshToken: request.refreshToken,
        clientId: request.clientId,
        scope: request.scope,
        mint: (family, user) => this.#mint(user, family.timeOffset, undefined),
        respond: ({ family, user, access, refreshToken }) =>
          this.#response(family, user, access, refreshToken),
      })
      return { status: 200, body }
    }
    return this.#password(request, client.ip)
  }

  async #password(
    request: Extract<TokenRequest, { grantType: 'password' }>,
    ip: string | undefined,
  ): Promise<GrantResult> {
    const { secondFactor, users } = this.deps
    const { additional } = request
    if (additional.mfa_token !== undefined) {
      // Step 2: the mfa token stands for the password checked in step 1.
      const found = await secondFactor.peek(additional.mfa_token)
      const attempt = found ? await this.#reserve(found.user.usernameKey, ip) : undefined
      try {
        const completed = await secondFactor.complete(
          additional.mfa_token,
          { otp: additional.otp, emailCode: additional.email_code },
          request.username,
        )
        await attempt?.settle('success')
        return await this.#signIn(completed.user, {
          clientId: request.clientId,
          scope: request.scope ?? completed.scope,
          timeOffsetToken: additional.time_offset_token ?? completed.timeOffsetToken,
        })
      } catch (error) {
        const wrongCode =
          error instanceof OAuthError &&
          (error.reason === 'invalid_code' || error.reason === 'challenge_locked')
        await attempt?.settle(wrongCode ? 'failure' : 'neutral')
        throw error
      }
    }

    // Step 1 (the parser guarantees username and password here). The attempt is reserved
    // BEFORE the hash: the limit holds however many guesses arrive at once.
    const username = request.username ?? ''
    const attempt = await this.#reserve(usernameKey(username), ip)
    try {
      const user = await users.verifyCredentials(username, request.password ?? '')
      if (!user) {
        await attempt.settle('failure')
        throw new OAuthError('invalid_grant', 'The username or password is wrong.', {
          status: 400,
          reason: 'invalid_credentials',
        })
      }
      const scope = request.scope ?? DEFAULT_SCOPE
      const context = { scope, timeOffsetToken: additional.time_offset_token }
      if (user.twoFactor !== 'none') {
        if (additional.otp !== undefined && user.twoFactor === 'totp') {
          if (!(await secondFactor.acceptsDirectTotp(user, additional.otp))) {
            await attempt.settle('failure')
            throw new OAuthError('invalid_grant', 'The code is wrong.', {
              status: 400,
              reason: 'invalid_code',
            })
          }
        } else {
          await attempt.settle('neutral')
          return { status: 202, body: await secondFactor.begin(user, context) }
        }
      }
      await attempt.settle('success')
      return await this.#signIn(user, { clientId: request.clientId, ...context })
    } finally {
      // Anything unexpected (GS2 down, a database error) neither counts nor leaks the slot.
      await attempt.settle('neutral')
    }
  }

  /** Reserves one attempt per address and per username, or throws 429 holding neither. */
  async #reserve(key: string, ip: string | undefined): Promise<Attempt> {
    const { limiter, ipLimiter } = this.deps
    const byAddress = ip === undefined ? undefined : await ipLimiter.reserve(ip)
    let byName: Attempt
    try {
      byName = await limiter.reserve(key)
    } catch (error) {
      await byAddress?.settle('neutral')
      throw error
    }
    return {
      settle: async (outcome) => {
        await Promise.all([byName.settle(outcome), byAddress?.settle(outcome)])
      },
    }
  }

  async #signIn(
    user: UserRecord,
    options: { clientId: string; scope: string; timeOffsetToken: string | undefined },
  ): Promise<GrantResult> {
    let timeOffset: number | null = null
    if (options.timeOffsetToken !== undefined) {
      const rows = await this.deps.db.query<{ user_guid: string; time_offset: number }>(
        'SELECT user_guid, time_offset FROM time_offset_tokens WHERE hash = $1',
        [sha256(options.timeOffsetToken)],
      )
      const issued = rows[0]
      if (issued && issued.user_guid !== user.userGuid) {
        throw new OAuthError(
          'invalid_grant',
          'The time offset token was issued for another player.',
          {
            status: 400,
            reason: 'time_offset_token_invalid',
          },
        )
      }
      timeOffset = issued?.time_offset ?? null
    }
    const access = await this.#mint(user, null, options.timeOffsetToken)
    const { refreshToken, family } = await this.deps.refreshTokens.startFamily({
      user,
      clientId: options.clientId,
      scope: options.scope,
      timeOffset,
    })
    return { status: 200, body: this.#response(family, user, access, refreshToken) }
  }

  /**
   * A GS2 access token for the player, through the trusted `login`. A family started with a time
   * offset token keeps its offset on refresh (the token itself lives one hour; the QA session may
   * outlive it).
   */
  #mint(
    user: UserRecord,
    timeOffset: number | null,
    timeOffsetToken: string | undefined,
  ): Promise<Gs2Token> {
    return this.deps.gs2.login({
      userId: user.gs2UserId,
      ...(timeOffset === null ? {} : { timeOffset }),
      ...(timeOffsetToken === undefined ? {} : { timeOffsetToken }),
    })
  }

  #response(
    family: FamilyRecord,
    user: UserRecord,
    access: { token: string; expire: number },
    refreshToken: string,
  ): TokenResponse {
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.floor((access.expire - this.deps.clock.now()) / 1000)),
      refresh_token: refreshToken,
      scope: family.scope,
      user_guid: user.userGuid,
      gs2_user_id: user.gs2UserId,
      expire: access.expire,
      ...(family.timeOffset === null ? {} : { time_offset: family.timeOffset }),
    }
  }
}
