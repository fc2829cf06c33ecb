import { systemFetch, ValidationError } from '@gs2ez/core'
import * as z from 'zod/mini'
import { OAuth2Error } from './oauth2Error.ts'
import {
  OAuth2ChallengeResponseSchema,
  type OAuth2GrantResult,
  type OAuth2Token,
  OAuth2TokenResponseSchema,
  type SecondFactorChallenge,
  toOAuth2Token,
} from './oauth2Token.ts'

export interface OAuth2PasswordClientOptions {
  /** Base URL of the game server, e.g. `http://127.0.0.1:4100`. */
  readonly url: string
  /** The OAuth client id the game server knows this game by. */
  readonly clientId: string
  /** Default: the server's default (`gs2`). */
  readonly scope?: string
  /** Injected fetch (tests, proxies); the global one is looked up at call time. */
  readonly fetch?: typeof fetch
  /** Per request; default 10 s. */
  readonly timeoutMs?: number
}

export interface OAuth2CallOptions {
  readonly signal?: AbortSignal | undefined
}

/** Answers the second factor: the code the player typed. Throw to cancel the sign-in. */
export type SecondFactorHandler = (challenge: SecondFactorChallenge) => Promise<string>

export interface SignInOptions extends OAuth2CallOptions {
  readonly username: string
  readonly password: string
  readonly onSecondFactor?: SecondFactorHandler | undefined
  /** Wrong codes the player may retype before the sign-in fails. Default 3 (server locks at 5). */
  readonly maxCodeAttempts?: number | undefined
  /** A GS2 time offset token for this player (QA), issued by the game server's admin API. */
  readonly timeOffsetToken?: string | undefined
}

const DEFAULT_TIMEOUT_MS = 10_000

/**
 * The OAuth 2.0 client of the gs2ez game server: the password grant with its two-step second
 * factor, the rotating refresh grant, and revocation. Stateless: storing the refresh token is
 * the caller's job (OAuth2PasswordAuthenticator keeps it in the EzStore).
 */
export class OAuth2PasswordClient {
  readonly url: string
  readonly clientId: string
  readonly #scope: string | undefined
  readonly #fetch: typeof fetch
  readonly #timeoutMs: number

  constructor(options: OAuth2PasswordClientOptions) {
    let parsed: URL
    try {
      parsed = new URL(options.url)
    } catch {
      throw new ValidationError('url must be an absolute http(s) URL', { field: 'url' })
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ValidationError('url must be an absolute http(s) URL', { field: 'url' })
    }
    if (
      typeof options.clientId !== 'string' ||
      options.clientId.length === 0 ||
      options.clientId.length > 128
    ) {
      throw new ValidationError('clientId must be 1..128 characters', {
        field: 'clientId',
        limit: 128,
      })
    }
    this.url = options.url.replace(/\/+$/, '')
    this.clientId = options.clientId
    this.#scope = options.scope
    const injected = options.fetch
    this.#fetch = injected ?? systemFetch
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  /** Step 1. A player with a second factor gets `{ type: 'challenge' }` instead of a token. */
  passwordGrant(
    request: {
      username: string
      password: string
      otp?: string
      timeOffsetToken?: string | undefined
    },
    options: OAuth2CallOptions = {},
  ): Promise<OAuth2GrantResult> {
    const additional = {
      ...(request.otp === undefined ? {} : { otp: request.otp }),
      ...(request.timeOffsetToken === undefined
        ? {}
        : { time_offset_token: request.timeOffsetToken }),
    }
    return this.#grant(
      {
        grant_type: 'password',
        username: request.username,
        password: request.password,
        ...(Object.keys(additional).length > 0
          ? { additional_parameters: JSON.stringify(additional) }
          : {}),
      },
      options,
    )
  }

  /** Step 2: the code for a challenge from step 1. A wrong code throws `invalid_grant`/`invalid_code`. */
  async completeSecondFactor(
    request: {
      challenge: SecondFactorChallenge
      code: string
      timeOffsetToken?: string | undefined
    },
    options: OAuth2CallOptions = {},
  ): Promise<OAuth2Token> {
    const code = request.code.trim()
    const additional = {
      mfa_token: request.challenge.mfaToken,
      ...(request.challenge.kind === 'totp' ? { otp: code } : { email_code: code }),
      ...(request.timeOffsetToken === undefined
        ? {}
        : { time_offset_token: request.timeOffsetToken }),
    }
    const result = await this.#grant(
      { grant_type: 'password', additional_parameters: JSON.stringify(additional) },
      options,
    )
    if (result.type !== 'token') {
      throw new OAuth2Error('the server asked for another challenge', { error: 'invalid_response' })
    }
    return result.token
  }

  /**
   * Steps 1 and 2 with the player in the loop: asks `onSecondFactor` for the code, and again after
   * a wrong one (up to `maxCodeAttempts`).
   */
  async signIn(options: SignInOptions): Promise<OAuth2Token> {
    const call = { signal: options.signal }
    const first = await this.passwordGrant(
      {
        username: options.username,
        password: options.password,
        timeOffsetToken: options.timeOffsetToken,
      },
      call,
    )
    if (first.type === 'token') return first.token
    if (!options.onSecondFactor) {
      throw new OAuth2Error(
        `a second factor is required (${first.challenge.kind}) but no handler was given`,
        {
          error: 'invalid_request',
          field: 'onSecondFactor',
        },
      )
    }
    const maxAttempts = options.maxCodeAttempts ?? 3
    let challenge = first.challenge
    for (let attempt = 1; ; attempt++) {
      const code = await options.onSecondFactor(challenge)
      options.signal?.throwIfAborted()
      try {
        return await this.completeSecondFactor(
          { challenge, code, timeOffsetToken: options.timeOffsetToken },
          call,
        )
      } catch (error) {
        const wrongCode = error instanceof OAuth2Error && error.reason === 'invalid_code'
        if (!wrongCode || attempt >= maxAttempts) throw error
        challenge = { ...challenge, attemptsRemaining: error.attemptsRemaining }
      }
    }
  }

  /** Rotates the refresh token. `invalid_grant` means it is dead for good: sign in again. */
  async refresh(refreshToken: string, options: OAuth2CallOptions = {}): Promise<OAuth2Token> {
    const result = await this.#grant(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      options,
    )
    if (result.type !== 'token') {
      throw new OAuth2Error('the server answered a refresh with a challenge', {
        error: 'invalid_response',
      })
    }
    return result.token
  }

  /** Signs the session out at the server (RFC 7009). */
  async revoke(refreshToken: string, options: OAuth2CallOptions = {}): Promise<void> {
    await this.#post('/oauth/revoke', { token: refreshToken }, options)
  }

  async #grant(
    form: Record<string, string>,
    options: OAuth2CallOptions,
  ): Promise<OAuth2GrantResult> {
    const { status, body } = await this.#post(
      '/oauth/access_token',
      {
        client_id: this.clientId,
        ...(this.#scope === undefined ? {} : { scope: this.#scope }),
        ...form,
      },
      options,
    )
    if (status === 202) {
      const parsed = z.safeParse(OAuth2ChallengeResponseSchema, body)
      if (!parsed.success) throw invalidResponse(status, parsed.error)
      const c = parsed.data
      return {
        type: 'challenge',
        challenge: {
          kind: c.challenge_type,
          message: c.error.message,
          mfaToken: c.mfa_token,
          expiresIn: c.expires_in,
        },
      }
    }
    const parsed = z.safeParse(OAuth2TokenResponseSchema, body)
    if (!parsed.success) throw invalidResponse(status, parsed.error)
    return { type: 'token', token: toOAuth2Token(parsed.data) }
  }

  async #post(
    path: string,
    form: Record<string, string>,
    options: OAuth2CallOptions,
  ): Promise<{ status: number; body: unknown }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    let response: Response
    try {
      response = await this.#fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
        signal,
        cache: 'no-store',
      })
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error
      if (timeout.aborted) {
        throw new OAuth2Error(`no answer from ${this.url} within ${this.#timeoutMs} ms`, {
          error: 'timeout',
          cause: error,
        })
      }
      throw new OAuth2Error(`cannot reach ${this.url}`, { error: 'network_error', cause: error })
    }
    const text = await response.text().catch(() => '')
    let body: unknown
    try {
      body = text === '' ? {} : JSON.parse(text)
    } catch (error) {
      if (response.ok) throw invalidResponse(response.status, error)
      body = {}
    }
    if (response.status === 200 || response.status === 202) return { status: response.status, body }
    throw errorFrom(response, body)
  }
}

function errorFrom(response: Response, body: unknown): OAuth2Error {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
  const retryAfter = Number(response.headers.get('retry-after'))
  const error =
    str(b.error) ??
    (response.status === 429
      ? 'too_many_requests'
      : response.status >= 500
        ? 'server_error'
        : 'invalid_response')
  return new OAuth2Error(str(b.error_description) ?? `HTTP ${response.status}`, {
    error,
    status: response.status,
    reason: str(b.error_reason),
    field: str(b.field),
    attemptsRemaining: num(b.attempts_remaining),
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  })
}

const invalidResponse = (status: number, cause: unknown) =>
  new OAuth2Error(`the token endpoint answered ${status} with an unexpected body`, {
    error: 'invalid_response',
    status,
    cause,
  })
