import ky from 'ky'
import { anySignal } from './abortable.ts'
import { errorFromResponse } from './errors/errorFromResponse.ts'
import type { Gs2Error } from './errors/gs2Error.ts'
import type { HttpMethod } from './gs2Request.ts'
import { kyRetryOptions, type RetryPolicy } from './retryPolicy.ts'
import type { DateHeaderServerClock } from './serverClock.ts'
import type { Clock } from './sideEffects.ts'
import { toGs2Error } from './toGs2Error.ts'

export interface SendInput {
  readonly url: string
  readonly method: HttpMethod
  readonly headers: Record<string, string>
  readonly body?: string | undefined
  readonly timeoutMs: number
  /** Retries allowed after the first attempt (ky's `retry.limit`); 0 = exactly one request. */
  readonly retries: number
  /** The caller's signal: its abort surfaces as AbortError. */
  readonly signal?: AbortSignal | undefined
  /** The project token for `Authorization`, fetched before every attempt; absent for the login. */
  readonly projectToken?: (() => Promise<string>) | undefined
  /**
   * Called with a 401 and the token it rejected; true when a new project token was obtained,
   * and the call is then replayed once (it never ran, so even a non-idempotent call may be).
   */
  readonly renewProjectToken?: ((error: Gs2Error, rejected: string) => Promise<boolean>) | undefined
}

export interface RawResponse {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

export interface TransportDeps {
  readonly fetch: () => typeof fetch
  readonly clock: Clock
  readonly random: () => number
  readonly policy: RetryPolicy
  readonly serverClock: DateHeaderServerClock
  /** Fires when the session closes: in-flight calls end with SessionClosedError. */
  readonly closeSignal: AbortSignal
}

/**
 * Sends one GS2 call through ky: ky retries (the GS2 status table, backoff, Retry-After), times
 * out each attempt (body included), and runs the hooks that add the project
 * token and replay a call once after a project-token 401. Failures leave as gs2ez errors
 * (`toGs2Error`).
 */
export class Transport {
  readonly #deps: TransportDeps
  readonly #fetch: typeof fetch

  constructor(deps: TransportDeps) {
    this.#deps = deps
    // Inside ky's fetch, so under its per-attempt timeout: the body is read here, and a response
    // whose body stalls times out like one whose headers do. The server clock samples the Date
    // header around the fetch itself, excluding ky's and the hooks' own time.
    this.#fetch = async (input, init) => {
      const sentAt = deps.clock.now()
      const response = await deps.fetch()(input, init)
      deps.serverClock.record(response.headers.get('date'), sentAt, deps.clock.now())
      const text = await response.text()
      return new Response(text === '' ? null : text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    }
  }

  async send(input: SendInput): Promise<RawResponse> {
    const { clock, closeSignal } = this.#deps
    const failure = (error: unknown) =>
      toGs2Error(error, {
        method: input.method,
        url: input.url,
        timeoutMs: input.timeoutMs,
        signal: input.signal,
        closeSignal,
        now: clock.now(),
      })
    if (input.signal?.aborted || closeSignal.aborted) throw await failure(undefined)
    const combined = anySignal([input.signal, closeSignal])
    let replayed = false

    const attempt = async (retries: number): Promise<Response> => {
      try {
        return await ky(input.url, {
          method: input.method,
          headers: input.headers,
          ...(input.body === undefined ? {} : { body: input.body }),
          signal: combined.signal,
          fetch: this.#fetch,
          timeout: input.timeoutMs,
          retry: kyRetryOptions({
            policy: this.#deps.policy,
            limit: retries,
            random: this.#deps.random,
            now: () => clock.now(),
            signal: combined.signal,
          }),
          hooks: {
            beforeRequest: [
              async (request) => {
                if (input.projectToken) {
                  request.headers.set('Authorization', `Bearer ${await input.projectToken()}`)
                }
              },
            ],
            afterResponse: [
              async (request, _options, response, { retryCount }) => {
                if (response.status !== 401 || replayed || !input.renewProjectToken) return
                const rejected = request.headers.get('authorization')?.slice('Bearer '.length)
                const error = errorFromResponse(
                  { status: 401, headers: response.headers, body: await response.text() },
                  clock.now(),
                )
                if (rejected === undefined || !(await input.renewProjectToken(error, rejected))) {
                  return
                }
                replayed = true
                // The rejected call never ran: its replay keeps the retries that were left.
                return attempt(Math.max(0, retries - retryCount))
              },
            ],
          },
        })
      } catch (error) {
        throw await failure(error)
      }
    }

    try {
      const response = await attempt(input.retries)
      return { status: response.status, headers: response.headers, body: await response.text() }
    } finally {
      combined.dispose()
    }
  }
}
