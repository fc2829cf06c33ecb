import type { Gs2Error } from './gs2Error.ts'
import {
  BadGatewayError,
  BadRequestError,
  ConflictError,
  type HttpErrorInit,
  InternalServerError,
  NotFoundError,
  QuotaLimitExceededError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnexpectedStatusError,
} from './httpErrors.ts'
import { parseErrorBody } from './parseErrorBody.ts'
import { parseRetryAfter } from './retryAfter.ts'

export interface ErrorResponse {
  readonly status: number
  readonly headers: { get(name: string): string | null }
  readonly body: string
}

/** The one place that turns a non-200 response into a typed error. */
export const errorFromResponse = (response: ErrorResponse, now: number): Gs2Error => {
  const { message, details } = parseErrorBody(response.body, response.status)
  const init: HttpErrorInit = {
    status: response.status,
    details,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), {
      now,
      responseDate: response.headers.get('date'),
    }),
  }
  switch (response.status) {
    case 400:
      return new BadRequestError(message, init)
    case 401:
      return new UnauthorizedError(message, init)
    case 402:
      return new QuotaLimitExceededError(message, init)
    case 404:
      return new NotFoundError(message, init)
    case 409:
      return new ConflictError(message, init)
    case 500:
      return new InternalServerError(message, init)
    case 502:
      return new BadGatewayError(message, init)
    case 503:
      return new ServiceUnavailableError(message, init)
    case 504:
      return new RequestTimeoutError(message, init)
    default:
      return new UnexpectedStatusError(message, init)
  }
}
