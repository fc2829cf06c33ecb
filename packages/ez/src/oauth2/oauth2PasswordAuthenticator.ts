import { ValidationError } from '@gs2ez/core'
import type { Authenticator, AuthenticatorContext, AuthenticatorResult } from '../authenticator.ts'
import { CredentialsRejectedError } from '../ezError.ts'
import type { EzStore } from '../storage/ezStore.ts'
import { isOAuth2Error, type OAuth2Error } from './oauth2Error.ts'
import {
  OAuth2PasswordClient,
  type OAuth2PasswordClientOptions,
  type SecondFactorHandler,
} from './oauth2PasswordClient.ts'
import type { OAuth2Token } from './oauth2Token.ts'

/** Why the player is asked for the username and password. */
export interface CredentialsRequest {
  /** `signIn`: no refresh token stored. `refreshRejected`: the stored one is dead (revoked, reused, expired). */
  readonly reason: 'signIn' | 'refreshRejected'
  /** What the server said about the refresh token, for `refreshRejected`. */
  readonly error?: OAuth2Error | undefined
}

export interface OAuth2PasswordAuthenticatorOptions extends OAuth2PasswordClientOptions {
  /** Asks the player (a form). Throw to cancel: the login fails with CredentialsRejectedError. */
  readonly credentials: (
    request: CredentialsRequest,
  ) => Promise<{ username: string; password: string }>
  /** Asks for the second factor's code (TOTP app or emailed). Required if players may have one. */
  readonly onSecondFactor?: SecondFactorHandler
  /** Wrong codes the player may retype per sign-in. Default 3. */
  readonly maxCodeAttempts?: number
  /** QA: a GS2 time offset token for the player, from the game server's admin API. */
  readonly timeOffsetToken?: string
}

/** What is persisted: only the refresh token and who it belongs to. */
interface StoredRefresh {
  readonly v: 1
  readonly refreshToken: string
  readonly userGuid: string
  readonly gs2UserId: string
}

const isStoredRefresh = (value: unknown): value is StoredRefresh =>
  typeof value === 'object' &&
  value !== null &&
  (value as StoredRefresh).v === 1 &&
  typeof (value as StoredRefresh).refreshToken === 'string' &&
  typeof (value as StoredRefresh).gs2UserId === 'string'

/**
 * Signs a player in through a gs2ez game server (OAuth 2.0 password grant, second factor,
 * rotating refresh tokens); the game server signs them in to GS2 with its trusted credential.
 *
 * - First login: asks `credentials`, then `onSecondFactor` if the server wants a code.
 * - Every re-authentication (proactive, resume, 401) uses the stored refresh token and rotates it:
 *   no prompt. The token is saved before the access token is returned, so a crash cannot lose it.
 * - Only when the server definitively rejects the refresh token (`invalid_grant`) is the player
 *   asked again. Network errors, 5xx and 429 keep the refresh token and are thrown as
 *   transient, so the session backs off and retries.
 */
export class OAuth2PasswordAuthenticator implements Authenticator {
  readonly id: string
  readonly client: OAuth2PasswordClient
  readonly #options: OAuth2PasswordAuthenticatorOptions

  constructor(options: OAuth2PasswordAuthenticatorOptions) {
    this.client = new OAuth2PasswordClient(options)
    if (typeof options.credentials !== 'function') {
      throw new ValidationError('credentials must be a function', { field: 'credentials' })
    }
    if (options.onSecondFactor !== undefined && typeof options.onSecondFactor !== 'function') {
      throw new ValidationError('onSecondFactor must be a function', { field: 'onSecondFactor' })
    }
    this.#options = options
    this.id = `oauth2-password:${this.client.url}:${this.client.clientId}`
  }

  async authenticate(context: AuthenticatorContext): Promise<AuthenticatorResult> {
    const { signal } = context
    const key = this.#key(context)
    const stored = await context.store.get<unknown>(key).catch(() => undefined)
    let rejected: OAuth2Error | undefined
    if (isStoredRefresh(stored)) {
      try {
        const token = await this.client.refresh(stored.refreshToken, { signal })
        return await this.#save(context.store, key, token)
      } catch (error) {
        // invalid_client too: the game server no longer knows this game's client id, so the
        // refresh token can never work again (the sign-in below then fails for good).
        if (!(isOAuth2Error(error) && (error.rejected || error.error === 'invalid_client'))) {
          throw error
        }
        rejected = error
        await context.store.del(key).catch(() => {})
      }
    }
    let credentials: { username: string; password: string }
    try {
      credentials = await this.#options.credentials({
        reason: rejected ? 'refreshRejected' : 'signIn',
        error: rejected,
      })
    } catch (error) {
      throw new CredentialsRejectedError('the player did not sign in', {
        code: 'oauth2.cancelled',
        cause: error,
      })
    }
    signal.throwIfAborted()
    let token: OAuth2Token
    try {
      token = await this.client.signIn({
        ...credentials,
        signal,
        onSecondFactor: this.#options.onSecondFactor,
        maxCodeAttempts: this.#options.maxCodeAttempts,
        timeOffsetToken: this.#options.timeOffsetToken,
      })
    } catch (error) {
      // A wrong password, a locked or expired challenge: the server said no for these credentials.
      if (isOAuth2Error(error) && (error.rejected || error.error === 'invalid_client')) {
        throw new CredentialsRejectedError(error.message, {
          code: error.code,
          ...(error.status === undefined ? {} : { status: error.status }),
          cause: error,
        })
      }
      throw error
    }
    return this.#save(context.store, key, token)
  }

  /** `logout({ forgetCredentials: true })`: revoke the refresh token at the server, then forget it. */
  async forget(
    context: Pick<AuthenticatorContext, 'store' | 'endpoint' | 'clientId'>,
  ): Promise<void> {
    const key = this.#key(context)
    const stored = await context.store.get<unknown>(key).catch(() => undefined)
    await context.store.del(key)
    if (isStoredRefresh(stored)) await this.client.revoke(stored.refreshToken).catch(() => {})
  }

  async #save(store: EzStore, key: string, token: OAuth2Token): Promise<AuthenticatorResult> {
    const value: StoredRefresh = {
      v: 1,
      refreshToken: token.refreshToken,
      userGuid: token.userGuid,
      gs2UserId: token.gs2UserId,
    }
    // The old token is spent once the server rotated it: failing here would throw away a good
    // session, so a store that cannot write only costs the next launch a sign-in.
    await store.set(key, value).catch(() => {})
    return {
      token: token.accessToken,
      userId: token.gs2UserId,
      expire: token.expire,
      ...(token.timeOffset === undefined ? {} : { timeOffset: token.timeOffset }),
    }
  }

  /** Keyed by GS2 project and game server, so two games or environments on one origin never mix. */
  #key(context: Pick<AuthenticatorContext, 'endpoint' | 'clientId'>): string {
    return `gs2ez.oauth2.refresh:${context.endpoint}:${context.clientId}:${this.id}`
  }
}
