import { HTTPError, TimeoutError as KyTimeoutError } from 'ky'
import {
  AbortError,
  NetworkError,
  SessionClosedError,
  TimeoutError,
} from './errors/clientErrors.ts'
import { errorFromResponse } from './errors/errorFromResponse.ts'
import { type Gs2Error, isGs2Error } from './errors/gs2Error.ts'

export interface FailedCall {
  readonly method: string
  readonly url: string
  readonly timeoutMs: number
  /** The caller's signal: its abort wins over whatever the transport saw. */
  readonly signal?: AbortSignal | undefined
  readonly closeSignal: AbortSignal
  readonly now: number
}

/**
 * The one place where what ky (or fetch under it) threw becomes a gs2ez error: an abort by the
 * caller or by `close()`, a GS2 error response, ky's timeout, or no response at all.
 */
export const toGs2Error = async (error: unknown, call: FailedCall): Promise<Gs2Error> => {
  if (call.signal?.aborted) return new AbortError({ cause: call.signal.reason })
  if (call.closeSignal.aborted) return new SessionClosedError()
  if (isGs2Error(error)) return error
  if (error instanceof HTTPError) {
    const { response } = error
    const body = await response.text().catch(() => '')
    return errorFromResponse({ status: response.status, headers: response.headers, body }, call.now)
  }
  if (error instanceof KyTimeoutError) return new TimeoutError(call.timeoutMs, { cause: error })
  const cause = (error as { cause?: unknown })?.cause
  const message = error instanceof Error ? error.message : String(error)
  const detail = cause instanceof Error ? `${message} (${cause.message})` : message
  return new NetworkError(`${call.method} ${call.url} failed: ${detail}`, { cause: error })
}
