export type { Gs2Credential } from './credentials.ts'
export { BasicGs2Credential, ProjectTokenGs2Credential } from './credentials.ts'
export { DEFAULT_ENDPOINT_TEMPLATE } from './endpoint.ts'
export {
  AbortError,
  NetworkError,
  SessionClosedError,
  TimeoutError,
} from './errors/clientErrors.ts'
export type { Gs2ezErrorCode } from './errors/errorCodes.ts'
export { GS2EZ_ERROR_CODES } from './errors/errorCodes.ts'
export { errorFromResponse } from './errors/errorFromResponse.ts'
export type { Gs2ErrorDetail, Gs2ErrorInit } from './errors/gs2Error.ts'
export { Gs2Error, isGs2Error } from './errors/gs2Error.ts'
export type { SchemaIssue } from './errors/gs2SchemaError.ts'
export { Gs2SchemaError } from './errors/gs2SchemaError.ts'
export type { HttpErrorInit } from './errors/httpErrors.ts'
export {
  BadGatewayError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  QuotaLimitExceededError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnexpectedStatusError,
} from './errors/httpErrors.ts'
export { parseErrorBody } from './errors/parseErrorBody.ts'
export { ValidationError } from './errors/validationError.ts'
export type { CallOptions, Gs2Request, HttpMethod } from './gs2Request.ts'
export type { Gs2RestSessionOptions } from './gs2RestSession.ts'
export { DEFAULT_TIMEOUT_MS, Gs2RestSession, pickCallOptions } from './gs2RestSession.ts'
export type { Gs2Region } from './region.ts'
export { DEFAULT_REGION, GS2_REGIONS } from './region.ts'
export { requireSession } from './requireSession.ts'
export type { RetryPolicy } from './retryPolicy.ts'
export { DEFAULT_RETRY_POLICY } from './retryPolicy.ts'
export type { ServerClock } from './serverClock.ts'
export type { Clock, Timers } from './sideEffects.ts'
export { systemClock, systemFetch, systemRandom, systemTimers } from './sideEffects.ts'
export type { Schema } from './validateInput.ts'
export { validateInput } from './validateInput.ts'
