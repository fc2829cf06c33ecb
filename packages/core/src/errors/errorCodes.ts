/**
 * The one code scheme of every gs2ez error (core, the service clients and @gs2ez/ez):
 * - the server's own code when it sent one (`account.password.invalid`, `oauth2.invalid_grant`);
 * - `http.<status>` for an HTTP failure whose body named no code;
 * - `gs2ez.<kind>` for a failure the SDK detected itself, in any package (`gs2ez.timeout`,
 *   `gs2ez.validation.too_big`, `gs2ez.signed_out`).
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
