import * as z from 'zod/mini'
import { ValidationError } from './errors/validationError.ts'
import type { CallOptions } from './gs2Request.ts'
import { validateInput } from './validateInput.ts'

/** setTimeout's ceiling: a longer delay fires at once in browsers and Node. */
export const MAX_TIMEOUT_MS = 2_147_483_647

export const timeoutField = z.int().check(z.minimum(1), z.maximum(MAX_TIMEOUT_MS))

const retryCountField = z.int().check(z.minimum(0), z.maximum(10))

const isAbortSignal = (value: unknown): value is AbortSignal =>
  typeof value === 'object' &&
  value !== null &&
  'aborted' in value &&
  typeof (value as AbortSignal).addEventListener === 'function'

/**
 * Checks the call options of any public call and keeps only them, so stray keys of an options
 * bag (a caller's `accessToken`, say) never reach the request.
 */
export const validateCallOptions = (options: unknown): CallOptions => {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options must be an object', {
      field: 'options',
      reason: 'invalid_type',
    })
  }
  const { signal, timeoutMs, retry } = options as Record<string, unknown>
  const call: CallOptions = {}
  if (signal !== undefined) {
    if (!isAbortSignal(signal)) {
      throw new ValidationError('signal must be an AbortSignal', {
        field: 'signal',
        reason: 'invalid_type',
      })
    }
    call.signal = signal
  }
  if (timeoutMs !== undefined) call.timeoutMs = validateInput(timeoutField, timeoutMs, 'timeoutMs')
  if (retry !== undefined) {
    call.retry = typeof retry === 'boolean' ? retry : validateInput(retryCountField, retry, 'retry')
  }
  return call
}
