import type { Timers } from '@gs2ez/core'
import { type EzEnvironment, WAKE_EVENTS, type WakeEvent } from './ezEnvironment.ts'

export type DeadlineCause = 'timer' | WakeEvent | 'tick' | 'read'

export interface DeadlineSchedulerOptions {
  /** The clock deadlines are expressed in (the server clock estimate). */
  now: () => number
  timers: Timers
  /** Resolved on first use, so nothing is listened to before a deadline exists. */
  environment: () => EzEnvironment | undefined
  /** Called once per deadline when it is reached, whatever noticed it first. */
  onDue: (cause: DeadlineCause) => void
  /** Called on every wake event before the deadline check (e.g. `online` ends a backoff). */
  onWake?: (event: WakeEvent) => void
  /**
   * Longest single timer. A long setTimeout keeps running on the device's monotonic time,
   * which stops during sleep and is throttled in background tabs; re-arming in chunks
   * re-reads the wall clock so a late timer is corrected even without a wake event.
   */
  maxTimerMs?: number
}

/**
 * One deadline, checked by a timer AND on every wake event (visibilitychange, pageshow, focus,
 * online, resume) AND on demand (`check`). A single setTimeout dies in background tabs and on
 * sleep; a ticker wastes work and lags. This does neither: it is idle between events and
 * notices a passed deadline the moment the page can run again.
 */
export class DeadlineScheduler {
  readonly #options: DeadlineSchedulerOptions
  readonly #maxTimerMs: number
  #deadline: number | undefined
  #timer: unknown
  #hasTimer = false
  #unlisten: (() => void) | undefined
  #disposed = false

  constructor(options: DeadlineSchedulerOptions) {
    this.#options = options
    this.#maxTimerMs = options.maxTimerMs ?? 5 * 60_000
  }

  /** The pending deadline (clock ms), or undefined. */
  get deadline(): number | undefined {
    return this.#deadline
  }

  /** Sets (or with undefined, clears) the deadline. A past deadline fires on the next check. */
  schedule(at: number | undefined): void {
    if (this.#disposed) return
    this.#deadline = at
    this.#listen()
    this.#arm()
  }

  /** Fires `onDue` now if the deadline has passed; returns whether it did. */
  check(cause: DeadlineCause): boolean {
    if (this.#disposed || this.#deadline === undefined) return false
    if (this.#options.now() < this.#deadline) {
      // A wake event can mean a late timer: re-arm against the current clock.
      if (cause !== 'timer') this.#arm()
      return false
    }
    this.#deadline = undefined
    this.#clearTimer()
    this.#options.onDue(cause)
    return true
  }

  /** Stops the timer and every listener. The scheduler cannot be used afterwards. */
  dispose(): void {
    this.#disposed = true
    this.#deadline = undefined
    this.#clearTimer()
    this.#unlisten?.()
    this.#unlisten = undefined
  }

  #arm(): void {
    this.#clearTimer()
    if (this.#deadline === undefined) return
    const delay = Math.max(0, Math.min(this.#deadline - this.#options.now(), this.#maxTimerMs))
    this.#hasTimer = true
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#hasTimer = false
      if (!this.check('timer')) this.#arm()
    }, delay)
  }

  #clearTimer(): void {
    if (!this.#hasTimer) return
    this.#hasTimer = false
    this.#options.timers.clearTimeout(this.#timer)
  }

  #listen(): void {
    if (this.#unlisten !== undefined) return
    const environment = this.#options.environment()
    if (environment === undefined) {
      this.#unlisten = () => {}
      return
    }
    const removers = WAKE_EVENTS.map((event) =>
      environment.addEventListener(event, () => {
        if (this.#disposed) return
        if (event === 'visibilitychange' && environment.isVisible?.() === false) return
        this.#options.onWake?.(event)
        this.check(event)
      }),
    )
    this.#unlisten = () => {
      for (const remove of removers) remove()
    }
  }
}
