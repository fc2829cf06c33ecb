import ky, { type KyInstance } from 'ky'
import { onAbort, raceSignal } from './abortable.ts'
import {
  AbortError,
  NetworkError,
  SessionClosedError,
  TimeoutError,
} from './errors/clientErrors.ts'
import { isGs2Error } from './errors/gs2Error.ts'
import type { HttpMethod } from './gs2Request.ts'
import type { DateHeaderServerClock } from './serverClock.ts'
import type { Clock, Timers } from './sideEffects.ts'

export interface AttemptInput {
  readonly url: string
  readonly method: HttpMethod
  readonly headers: Record<string, string>
  readonly body?: string | undefined
  readonly timeoutMs: number
  /** The caller's signal: its abort surfaces as AbortError. */
  readonly signal?: AbortSignal | undefined
  /** Fires when the session closes. */
  readonly closeSignal: AbortSignal
}

export interface RawResponse {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

export interface TransportDeps {
  readonly fetch: () => typeof fetch
  readonly clock: Clock
  readonly timers: Timers
  readonly serverClock: DateHeaderServerClock
}

/**
 * One HTTP attempt over ky. ky's own retry and timeout are off: retries follow the GS2 table and
 * honour Retry-After in the session, and the timeout runs on the injected timers so tests can
 * drive it. Non-200 responses come back as data; the session maps them to errors.
 */
export class Transport {
  readonly #deps: TransportDeps
  readonly #http: KyInstance

  constructor(deps: TransportDeps) {
    this.#deps = deps
    this.#http = ky.create({
      fetch: (input, init) => deps.fetch()(input, init),
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      hooks: {
        afterResponse: [
          ({ options, response }) => {
            const sentAt = options.context.sentAt
            if (typeof sentAt === 'number') {
              deps.serverClock.record(response.headers.get('date'), sentAt, deps.clock.now())
            }
          },
        ],
      },
    })
  }

  async send(input: AttemptInput): Promise<RawResponse> {
    const { timers, clock } = this.#deps
    const controller = new AbortController()
    let timedOut = false
    const failure = () => {
      if (input.signal?.aborted) return new AbortError({ cause: input.signal.reason })
      if (input.closeSignal.aborted) return new SessionClosedError()
      return new TimeoutError(input.timeoutMs)
    }
    const handle = timers.setTimeout(() => {
      timedOut = true
      controller.abort(new TimeoutError(input.timeoutMs))
    }, input.timeoutMs)
    const sources = [input.signal, input.closeSignal].filter((s) => s !== undefined)
    const listeners = sources.map((source) => {
      if (source.aborted) controller.abort(source.reason)
      return onAbort(source, () => controller.abort(source.reason))
    })
    try {
      // Racing the signal as well as passing it makes the timeout hold even for a fetch that
      // ignores its signal.
      return await raceSignal(
        (async () => {
          const response = await this.#http(input.url, {
            method: input.method,
            headers: input.headers,
            ...(input.body === undefined ? {} : { body: input.body }),
            signal: controller.signal,
            context: { sentAt: clock.now() },
          })
          return { status: response.status, headers: response.headers, body: await response.text() }
        })(),
        controller.signal,
        failure,
      )
    } catch (error) {
      if (controller.signal.aborted || timedOut) throw failure()
      if (isGs2Error(error)) throw error
      throw new NetworkError(`${input.method} ${input.url} failed: ${describe(error)}`, {
        cause: error,
      })
    } finally {
      timers.clearTimeout(handle)
      for (const remove of listeners) remove()
    }
  }
}

const describe = (error: unknown): string => {
  const cause = (error as { cause?: unknown })?.cause
  const message = error instanceof Error ? error.message : String(error)
  return cause instanceof Error ? `${message} (${cause.message})` : message
}
