import { GS2EZ_ERROR_CODES } from './errorCodes.ts'
import { Gs2Error, type Gs2ErrorDetail } from './gs2Error.ts'

/** What a response-derived error is built from (see `errorFromResponse`). */
export interface HttpErrorInit {
  readonly status: number
  readonly details?: readonly Gs2ErrorDetail[]
  readonly code?: string
  readonly retryAfterMs?: number | undefined
  readonly cause?: unknown
}

// Retryability follows the GS2 table (official C# SDK): 402, 409 and 5xx may succeed later.
const make = (init: HttpErrorInit, fallbackCode: string, retryable: boolean) => ({
  status: init.status,
  details: init.details ?? [],
  code: init.code || init.details?.[0]?.code || fallbackCode,
  retryable,
  retryAfterMs: init.retryAfterMs,
  cause: init.cause,
})

export class BadRequestError extends Gs2Error {
  static readonly errorName: string = 'BadRequestError'
  override name = 'BadRequestError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.badRequest, false))
  }
}

/** Bad or expired token, wrong password, banned account. */
export class UnauthorizedError extends Gs2Error {
  static readonly errorName = 'UnauthorizedError'
  override name = 'UnauthorizedError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.unauthorized, false))
  }
}

export class QuotaLimitExceededError extends Gs2Error {
  static readonly errorName = 'QuotaLimitExceededError'
  override name = 'QuotaLimitExceededError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.quotaLimitExceeded, true))
  }
}

export class NotFoundError extends Gs2Error {
  static readonly errorName = 'NotFoundError'
  override name = 'NotFoundError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.notFound, false))
  }
}

export class ConflictError extends Gs2Error {
  static readonly errorName = 'ConflictError'
  override name = 'ConflictError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.conflict, true))
  }
}

export class InternalServerError extends Gs2Error {
  static readonly errorName = 'InternalServerError'
  override name = 'InternalServerError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.internalServerError, true))
  }
}

export class BadGatewayError extends Gs2Error {
  static readonly errorName = 'BadGatewayError'
  override name = 'BadGatewayError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.badGateway, true))
  }
}

export class ServiceUnavailableError extends Gs2Error {
  static readonly errorName = 'ServiceUnavailableError'
  override name = 'ServiceUnavailableError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.serviceUnavailable, true))
  }
}

/** HTTP 504 from GS2: the server side timed out. The client-side kind is `TimeoutError`. */
export class RequestTimeoutError extends Gs2Error {
  static readonly errorName = 'RequestTimeoutError'
  override name = 'RequestTimeoutError'
  constructor(message: string, init: HttpErrorInit) {
    super(message, make(init, GS2EZ_ERROR_CODES.requestTimeout, true))
  }
}

/**
 * A status outside the GS2 table (403, 429, a proxy's 3xx...). 429 and other 5xx are retried like
 * their GS2 siblings; anything else is not.
 */
export class UnexpectedStatusError extends Gs2Error {
  static readonly errorName = 'UnexpectedStatusError'
  override name = 'UnexpectedStatusError'
  constructor(message: string, init: HttpErrorInit) {
    const retryable = init.status === 429 || init.status >= 500
    super(message, make(init, GS2EZ_ERROR_CODES.unexpectedStatus, retryable))
  }
}
