/** Failure kinds the Ez layer detects itself; server failures keep the server's code. */
export const EZ_ERROR_CODES = {
  signedOut: 'ez.signed_out',
  disposed: 'ez.disposed',
  credentialsRejected: 'ez.credentials_rejected',
  coolingDown: 'ez.reauthentication_cooling_down',
  lifetimeTooShort: 'ez.token_lifetime_too_short',
  invalidOption: 'ez.invalid_option',
} as const

export type EzErrorCode = (typeof EZ_ERROR_CODES)[keyof typeof EZ_ERROR_CODES]

export interface EzErrorInit {
  readonly code: EzErrorCode | (string & {})
  readonly status?: number | undefined
  readonly retryable?: boolean
  readonly retryAt?: number | undefined
  readonly cause?: unknown
}

// The same brand as @gs2ez/core's Gs2Error, so `isGs2Error(e)` also recognises Ez errors and a
// game needs one guard for everything gs2ez throws, across bundles and realms.
const BRAND = Symbol.for('gs2ez.error')
const EZ_BRAND = Symbol.for('gs2ez.ez.error')

/**
 * Base of the errors the Ez layer throws. Shaped like core's Gs2Error (`code`, `status`,
 * `retryable`, `details`, `toJSON()`) without importing it, so the session logic stays testable
 * and tree-shakes apart from the transport.
 */
export class EzError extends Error {
  static readonly errorName: string = 'EzError'
  override name = 'EzError'
  readonly code: string
  readonly status: number | undefined
  readonly retryable: boolean
  readonly details: readonly { component: string; message: string; code: string }[] = []
  readonly retryAfterMs: number | undefined = undefined
  /** Server epoch ms of the next automatic attempt, when one is scheduled. */
  readonly retryAt: number | undefined

  constructor(message: string, init: EzErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.code = init.code
    this.status = init.status
    this.retryable = init.retryable ?? false
    this.retryAt = init.retryAt
    Object.defineProperty(this, BRAND, { value: true })
    Object.defineProperty(this, EZ_BRAND, { value: true })
  }

  get component(): string | undefined {
    return undefined
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      retryAt: this.retryAt,
    }
  }
}

/** The session is signed out (logout, a definitive rejection, or another tab signed out). */
export class SignedOutError extends EzError {
  static override readonly errorName = 'SignedOutError'
  override name = 'SignedOutError'
  readonly reason: string
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`the session is signed out (${reason})`, {
      code: EZ_ERROR_CODES.signedOut,
      status: 401,
      cause: options.cause,
    })
    this.reason = reason
  }
}

/** `dispose()` was called: the session or profile no longer runs. */
export class DisposedError extends EzError {
  static override readonly errorName = 'DisposedError'
  override name = 'DisposedError'
  constructor(what: string) {
    super(`${what} is disposed`, { code: EZ_ERROR_CODES.disposed })
  }
}

/**
 * Thrown by an authenticator when the identity provider definitively refused the credentials
 * (wrong password, banned, deleted). The session signs out instead of retrying. Custom
 * authenticators throw it to opt into that behaviour for their own failure codes.
 */
export class CredentialsRejectedError extends EzError {
  static override readonly errorName = 'CredentialsRejectedError'
  override name = 'CredentialsRejectedError'
  constructor(message: string, options: { code?: string; status?: number; cause?: unknown } = {}) {
    super(message, {
      code: options.code ?? EZ_ERROR_CODES.credentialsRejected,
      status: options.status ?? 401,
      cause: options.cause,
    })
  }
}

/**
 * The token expired and the last re-authentication failed transiently: the next automatic
 * attempt is at `retryAt`. Thrown instead of firing another request, so a game loop that asks
 * every frame cannot cause a request storm.
 */
export class ReauthenticationPendingError extends EzError {
  static override readonly errorName = 'ReauthenticationPendingError'
  override name = 'ReauthenticationPendingError'
  constructor(retryAt: number | undefined, cause: unknown) {
    super('re-authentication failed; the next attempt is scheduled', {
      code: EZ_ERROR_CODES.coolingDown,
      retryable: true,
      retryAt,
      cause,
    })
  }
}

/** `ensureFreshFor(ms)` asked for more than a fresh token lives. */
export class TokenLifetimeTooShortError extends EzError {
  static override readonly errorName = 'TokenLifetimeTooShortError'
  override name = 'TokenLifetimeTooShortError'
  constructor(requiredMs: number, lifetimeMs: number) {
    super(`a fresh token lives ${lifetimeMs} ms, less than the ${requiredMs} ms asked for`, {
      code: EZ_ERROR_CODES.lifetimeTooShort,
    })
  }
}

/** An option or argument broke a limit; names the field and the limit. */
export class EzOptionError extends EzError {
  static override readonly errorName = 'EzOptionError'
  override name = 'EzOptionError'
  readonly field: string
  readonly limit: number | undefined
  constructor(message: string, init: { field: string; limit?: number }) {
    super(message, { code: EZ_ERROR_CODES.invalidOption, status: 400 })
    this.field = init.field
    this.limit = init.limit
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, limit: this.limit }
  }
}

/** True for any Ez-layer error, including one from another bundle of gs2ez. */
export const isEzError = (error: unknown): error is EzError =>
  typeof error === 'object' &&
  error !== null &&
  (error as Record<symbol, unknown>)[EZ_BRAND] === true
