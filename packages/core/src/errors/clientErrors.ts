import { GS2EZ_ERROR_CODES } from './errorCodes.ts'
import { Gs2Error } from './gs2Error.ts'

/** No response arrived (DNS, connection reset, CORS refusal, offline). Retryable. */
export class NetworkError extends Gs2Error {
  static readonly errorName = 'NetworkError'
  override name = 'NetworkError'
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: GS2EZ_ERROR_CODES.network, retryable: true, cause: options.cause })
  }
}

/** The client gave up waiting (`timeoutMs` per attempt). Retryable for idempotent requests. */
export class TimeoutError extends Gs2Error {
  static readonly errorName = 'TimeoutError'
  override name = 'TimeoutError'
  readonly timeoutMs: number
  constructor(timeoutMs: number, options: { cause?: unknown } = {}) {
    super(`no response within ${timeoutMs} ms`, {
      code: GS2EZ_ERROR_CODES.timeout,
      retryable: true,
      cause: options.cause,
    })
    this.timeoutMs = timeoutMs
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs }
  }
}

/**
 * The caller's AbortSignal fired. Named `AbortError` like the DOMException so existing
 * `e.name === 'AbortError'` checks keep working; `cause` is the signal's reason. Never retried.
 */
export class AbortError extends Gs2Error {
  static readonly errorName = 'AbortError'
  override name = 'AbortError'
  constructor(options: { cause?: unknown } = {}) {
    super('the request was aborted', { code: GS2EZ_ERROR_CODES.aborted, cause: options.cause })
  }
}

/** `Gs2RestSession.close()` was called: in-flight and later requests fail with this. */
export class SessionClosedError extends Gs2Error {
  static readonly errorName = 'SessionClosedError'
  override name = 'SessionClosedError'
  constructor() {
    super('the session is closed', { code: GS2EZ_ERROR_CODES.sessionClosed })
  }
}
