import { OAuthError } from '../errors/oauthError.ts'

/**
 * Bounds concurrent CPU-heavy work (scrypt) and the queue in front of it. Every sign-in costs a
 * hash, unknown usernames included, so without a bound a spray of logins would queue unbounded
 * work on libuv's small thread pool and stall every request; past the queue the server answers
 * 503 + Retry-After at once instead.
 */
export class WorkGate {
  #running = 0
  readonly #queue: Array<() => void> = []

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
      throw new TypeError('maxConcurrent: must be a whole number >= 1')
    }
  }

  get running(): number {
    return this.#running
  }

  get queued(): number {
    return this.#queue.length
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.maxConcurrent) {
      if (this.#queue.length >= this.maxQueued) {
        throw new OAuthError('temporarily_unavailable', 'The server is busy; try again shortly.', {
          status: 503,
          retryAfterSeconds: 1,
        })
      }
      await new Promise<void>((resolve) => this.#queue.push(resolve))
    } else {
      this.#running++
    }
    try {
      return await work()
    } finally {
      // Hand the slot straight to the next waiter, so `running` never dips and over-admits.
      const next = this.#queue.shift()
      if (next) next()
      else this.#running--
    }
  }
}
