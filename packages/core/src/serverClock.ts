import type { Clock } from './sideEffects.ts'

/** Estimated server time, from the `Date` headers of responses. */
export interface ServerClock {
  /** Estimated server time minus local time, in ms (0 before any sample). */
  readonly offsetMs: number
  /** Estimated server epoch ms. */
  now(): number
  /** How many responses contributed to the estimate. */
  readonly samples: number
  /**
   * How far the estimate may be off, in ms: half the width of the measured interval, or the
   * `Date` header's 1 s resolution before any response of this run (a seed is a guess too).
   */
  readonly errorMs: number
  /**
   * Starts the estimate from an offset measured earlier (persisted across a reload), used
   * until the first response of this run measures a new one. Non-finite values are ignored.
   */
  seed(offsetMs: number): void
}

/**
 * `Date` has one-second resolution, so a single response only says the offset lies within
 * `[date - receivedAt, date + 1000 - sentAt]` (the server stamped somewhere between send and
 * receive, and truncated its time). Every sample narrows that interval; the estimate is its
 * midpoint. If a sample contradicts the interval (a local clock jump), the estimate restarts from
 * that sample. Browsers only expose `Date` on cross-origin responses that list it in
 * `Access-Control-Expose-Headers`; without it, the offset stays at its seed (0 unless seeded).
 */
export class DateHeaderServerClock implements ServerClock {
  #lower = Number.NEGATIVE_INFINITY
  #upper = Number.POSITIVE_INFINITY
  #samples = 0
  #seed = 0
  readonly #clock: Clock

  constructor(clock: Clock) {
    this.#clock = clock
  }

  get samples(): number {
    return this.#samples
  }

  get offsetMs(): number {
    if (this.#samples === 0) return this.#seed
    return Math.round((this.#lower + this.#upper) / 2)
  }

  now(): number {
    return this.#clock.now() + this.offsetMs
  }

  get errorMs(): number {
    if (this.#samples === 0) return 1000
    return Math.ceil((this.#upper - this.#lower) / 2)
  }

  seed(offsetMs: number): void {
    if (Number.isFinite(offsetMs)) this.#seed = Math.round(offsetMs)
  }

  /** Adds one response. Returns false when the header was missing or unreadable. */
  record(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): boolean {
    if (!dateHeader || receivedAt < sentAt) return false
    const serverSecond = Date.parse(dateHeader)
    if (Number.isNaN(serverSecond)) return false
    const lower = serverSecond - receivedAt
    const upper = serverSecond + 1000 - sentAt
    const newLower = Math.max(this.#lower, lower)
    const newUpper = Math.min(this.#upper, upper)
    if (newLower > newUpper) {
      this.#lower = lower
      this.#upper = upper
      this.#samples = 1
      return true
    }
    this.#lower = newLower
    this.#upper = newUpper
    this.#samples += 1
    return true
  }
}
