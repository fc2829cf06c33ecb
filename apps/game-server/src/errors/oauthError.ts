/** RFC 6749 §5.2 error codes, plus the ones this server adds (documented in the README). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'too_many_requests'
  | 'username_taken'
  | 'gs2_user_linked'
  | 'unauthorized'
  | 'not_found'
  | 'temporarily_unavailable'
  | 'server_error'

/**
 * Why an `invalid_grant` happened, for clients that must act differently: a wrong code may be
 * retyped, a reused refresh token means the session is gone.
 */
export type OAuthErrorReason =
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
  | 'gs2_proof_invalid'
  | 'gs2_proof_expired'

export interface OAuthErrorOptions {
  readonly status: number
  readonly reason?: OAuthErrorReason
  /** The request field at fault, for `invalid_request`. */
  readonly field?: string
  readonly retryAfterSeconds?: number
  readonly attemptsRemaining?: number
  readonly cause?: unknown
}

/** An error the HTTP layer turns into an OAuth-shaped JSON answer. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError'
  readonly status: number
  readonly reason: OAuthErrorReason | undefined
  readonly field: string | undefined
  readonly retryAfterSeconds: number | undefined
  readonly attemptsRemaining: number | undefined

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    options: OAuthErrorOptions,
  ) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause })
    this.status = options.status
    this.reason = options.reason
    this.field = options.field
    this.retryAfterSeconds = options.retryAfterSeconds
    this.attemptsRemaining = options.attemptsRemaining
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.error,
      error_description: this.description,
      ...(this.reason === undefined ? {} : { error_reason: this.reason }),
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.retryAfterSeconds === undefined ? {} : { retry_after: this.retryAfterSeconds }),
      ...(this.attemptsRemaining === undefined
        ? {}
        : { attempts_remaining: this.attemptsRemaining }),
    }
  }
}

/**
 * A client value fit to quote in an error: at most `max` characters, so a 4 KiB field (or field
 * name) is never echoed back, and control characters shown escaped.
 */
export function clip(value: string, max = 32): string {
  const cut = [...value]
  const shown = cut.length > max ? `${cut.slice(0, max).join('')}…` : value
  return JSON.stringify(shown).slice(1, -1)
}

export const invalidRequest = (field: string, description: string): OAuthError =>
  new OAuthError('invalid_request', `${field}: ${description}`, { status: 400, field })

export const isOAuthError = (value: unknown): value is OAuthError => value instanceof OAuthError
