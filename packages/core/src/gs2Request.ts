import type { Schema } from './validateInput.ts'

/** Per-call options every client method accepts. */
export interface CallOptions {
  /** Aborts the call, retries and waits included; it fails with `AbortError`. */
  signal?: AbortSignal
  /** Per-attempt timeout; defaults to the session's (10 s). */
  timeoutMs?: number
  /** false = a single attempt, true = the session's policy, n = at most n retries. */
  retry?: boolean | number
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** One GS2 REST call, as domain clients describe it to the session. */
export interface Gs2Request<T> extends CallOptions {
  service: string
  method: HttpMethod
  /** Path under the service endpoint, starting with `/`, path values already encoded. */
  path: string
  body?: Record<string, unknown>
  query?: Record<string, string | number | boolean | undefined>
  accessToken?: string
  timeOffsetToken?: string
  duplicationAvoider?: string
  requestId?: string
  /** The 200 body is validated with it (Gs2SchemaError otherwise); zod classic or mini. */
  schema: Schema<T>
  /** false = never retried, because it may have taken effect (createAccount). Default true. */
  idempotent?: boolean
}
