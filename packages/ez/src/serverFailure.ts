import { type Gs2Error, isGs2Error } from '@gs2ez/core'
import { EzError, isEzError } from './ezError.ts'

/**
 * A GS2 failure of a takeover call, as the Ez layer throws it: an EzError keeping the server's
 * code, status and retry hints, with the original as `cause`. The Ez layer's own errors and
 * bad arguments (ValidationError) pass through unchanged, so do non-gs2ez errors (bugs).
 */
export const serverFailure = (error: unknown, message: string): unknown => {
  const passThrough = isEzError(error) || isGs2Error(error, 'ValidationError')
  if (passThrough || !isGs2Error(error)) return error
  const e: Gs2Error = error
  return new EzError(`${message}: ${e.message}`, {
    code: e.code,
    status: e.status,
    retryable: e.retryable,
    retryAfterMs: e.retryAfterMs,
    cause: e,
  })
}
