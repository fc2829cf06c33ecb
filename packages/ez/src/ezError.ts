import { Gs2Error } from '@gs2ez/core'

/**
 * Failure kinds the Ez layer detects itself, in core's one code scheme (`gs2ez.<kind>`); server
 * failures keep the server's code, bad arguments are core's `ValidationError`.
 */
export const EZ_ERROR_CODES = {
  signedOut: 'gs2ez.signed_out',
  disposed: 'gs2ez.disposed',
  credentialsRejected: 'gs2ez.credentials_rejected',
  reauthenticationPending: 'gs2ez.reauthentication_pending',
  lifetimeTooShort: 'gs2ez.token_lifetime_too_short',
  revokeFailed: 'gs2ez.revoke_failed',
  storageUnavailable: 'gs2ez.storage_unavailable',
  accountConfiguration: 'gs2ez.account_configuration',
  movedToAnotherDevice: 'gs2ez.moved_to_another_device',
  switchedAccount: 'gs2ez.switched_account',
  secureRandomUnavailable: 'gs2ez.secure_random_unavailable',
} as const

export type EzErrorCode = (typeof EZ_ERROR_CODES)[keyof typeof EZ_ERROR_CODES]

export interface EzErrorInit {
  readonly code: EzErrorCode | (string & {})
  readonly status?: number | undefined
  readonly retryable?: boolean
  readonly retryAt?: number | undefined
  readonly retryAfterMs?: number | undefined
  readonly cause?: unknown
}

// Marks the Ez layer's own errors (isEzError); Gs2Error's brand makes isGs2Error true as well.
const EZ_BRAND = Symbol.for('gs2ez.ez.error')

/**
 * Base of the errors the Ez layer throws: a Gs2Error (`code`, `status`, `retryable`,
 * `toJSON()`), so `isGs2Error` and `instanceof Gs2Error` hold for everything gs2ez throws.
 */
export class EzError extends Gs2Error {
  static readonly errorName: string = 'EzError'
  override name = 'EzError'
  /** Server epoch ms of the next automatic attempt, when one is scheduled. */
  readonly retryAt: number | undefined

  constructor(message: string, init: EzErrorInit) {
    super(message, {
      code: init.code,
      status: init.status,
      retryable: init.retryable ?? false,
      retryAfterMs: init.retryAfterMs,
      cause: init.cause,
    })
    this.retryAt = init.retryAt
    Object.defineProperty(this, EZ_BRAND, { value: true })
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAt: this.retryAt }
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
      code: EZ_ERROR_CODES.reauthenticationPending,
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

/**
 * The device account could not be read (IndexedDB degraded, a read failed or timed out), so
 * login refused to create one: a new account here would fork the player, whose real account
 * sits unreadable in the store. Retry later, or opt into `onStorageUnavailable:
 * 'temporaryAccount'`.
 */
export class StorageUnavailableError extends EzError {
  static override readonly errorName = 'StorageUnavailableError'
  override name = 'StorageUnavailableError'
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, {
      code: EZ_ERROR_CODES.storageUnavailable,
      retryable: true,
      cause: options.cause,
    })
  }
}

/** True for any Ez-layer error, including one from another bundle of gs2ez. */
export const isEzError = (error: unknown): error is EzError =>
  typeof error === 'object' &&
  error !== null &&
  (error as Record<symbol, unknown>)[EZ_BRAND] === true
