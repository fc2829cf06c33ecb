/**
 * Codes of failures gs2ez detects itself. Server failures carry the server's code instead
 * (`account.password.invalid`), or the `http.*` code of their status when the body had none.
 */
export const GS2EZ_ERROR_CODES = {
  badRequest: 'http.bad_request',
  unauthorized: 'http.unauthorized',
  quotaLimitExceeded: 'http.quota_limit_exceeded',
  notFound: 'http.not_found',
  conflict: 'http.conflict',
  internalServerError: 'http.internal_server_error',
  badGateway: 'http.bad_gateway',
  serviceUnavailable: 'http.service_unavailable',
  requestTimeout: 'http.request_timeout',
  unexpectedStatus: 'http.unexpected_status',
  network: 'gs2ez.network',
  timeout: 'gs2ez.timeout',
  aborted: 'gs2ez.aborted',
  sessionClosed: 'gs2ez.session_closed',
  schema: 'gs2ez.schema',
  validation: 'gs2ez.validation',
} as const

export type Gs2ezErrorCode = (typeof GS2EZ_ERROR_CODES)[keyof typeof GS2EZ_ERROR_CODES]
