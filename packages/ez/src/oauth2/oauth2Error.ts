import { EzError } from '../ezError.ts'

/** OAuth 2.0 error codes (RFC 6749 §5.2) plus those of the gs2ez game server. */
export type OAuth2ErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'too_many_requests'
  | 'temporarily_unavailable'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | (string & {})

/** Why an `invalid_grant` happened, as the gs2ez game server reports it in `error_reason`. */
export type OAuth2ErrorReason =
  | 'invalid_credentials'
  | 'invalid_code'
  | 'challenge_expired'
  | 'challenge_locked'
  | 'challenge_unknown'
  | 'refresh_token_invalid'
  | 'refresh_token_expired'
  | 'refresh_token_reused'
  | 'refresh_token_revoked'
  | 'time_offset_token_invalid'
  | (string & {})

export interface OAuth2ErrorInit {
  readonly error: OAuth2ErrorCode
  readonly status?: number | undefined
  readonly reason?: OAuth2ErrorReason | undefined
  readonly field?: string | undefined
  readonly attemptsRemaining?: number | undefined
  readonly retryAfterMs?: number | undefined
  readonly cause?: unknown
}

// Transport failures and overload: retrying later can succeed, and the refresh token is kept.
const RETRYABLE = new Set([
  'too_many_requests',
  'temporarily_unavailable',
  'server_error',
  'network_error',
  'timeout',
])

/**
 * A failure at the OAuth token endpoint. `code` is `oauth2.<error>` (e.g. `oauth2.invalid_grant`),
 * `error` the raw OAuth code, `reason` the server's finer `error_reason`. Extends EzError, so
 * `isGs2Error`/`isEzError` recognise it and the session's failure policy reads `retryAfterMs`.
 */
export class OAuth2Error extends EzError {
  static override readonly errorName = 'OAuth2Error'
  override name = 'OAuth2Error'
  readonly error: OAuth2ErrorCode
  readonly reason: OAuth2ErrorReason | undefined
  readonly field: string | undefined
  readonly attemptsRemaining: number | undefined

  constructor(message: string, init: OAuth2ErrorInit) {
    super(message, {
      code: `oauth2.${init.error}`,
      status: init.status,
      retryable: RETRYABLE.has(init.error) || (init.status !== undefined && init.status >= 500),
      retryAfterMs: init.retryAfterMs,
      cause: init.cause,
    })
    this.error = init.error
    this.reason = init.reason
    this.field = init.field
    this.attemptsRemaining = init.attemptsRemaining
    Object.defineProperty(this, OAUTH2_BRAND, { value: true })
  }

  /** The server refused the grant for good: a refresh token is dead, a password wrong. */
  get rejected(): boolean {
    return this.error === 'invalid_grant'
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      error: this.error,
      reason: this.reason,
      field: this.field,
      attemptsRemaining: this.attemptsRemaining,
      retryAfterMs: this.retryAfterMs,
    }
  }
}

const OAUTH2_BRAND = Symbol.for('gs2ez.oauth2.error')

/** Works across bundles and realms (a brand, not only instanceof). */
export const isOAuth2Error = (error: unknown): error is OAuth2Error =>
  error instanceof OAuth2Error ||
  (typeof error === 'object' && error !== null && OAUTH2_BRAND in error)
