import { raceSignal } from './abortable.ts'
import { AbortError, SessionClosedError } from './errors/clientErrors.ts'
import type { Clock, Timers } from './sideEffects.ts'

export interface ProjectToken {
  readonly value: string
  /** Local epoch ms; `Infinity` for a token given by the caller. */
  readonly expiresAt: number
  readonly ownerId: string | undefined
}

export interface ProjectTokenManagerDeps {
  readonly clock: Clock
  readonly timers: Timers
  /** Performs `POST identifier /projectToken/login`; undefined when the credential is a token. */
  readonly login: (() => Promise<ProjectToken>) | undefined
  readonly initial?: ProjectToken | undefined
}

/** Renew this long before expiry: 10% of the lifetime, at most 5 minutes. */
export const renewalMargin = (lifetimeMs: number) => Math.min(300_000, lifetimeMs * 0.1)

// A token this close to expiry may die in flight: wait for a fresh one instead.
const EXPIRY_SAFETY_MS = 5_000

// If a background renewal fails while the token still works, try again after this long (or
// halfway to expiry, whichever comes first).
const RETRY_RENEWAL_MS = 30_000

/**
 * Holds the project token and keeps it valid: one login at a time however many callers wait
 * (single flight), a timer that renews it before it expires, and a lazy check on every request in
 * case the timer could not run (a suspended tab, a sleeping laptop).
 */
export class ProjectTokenManager {
  readonly #deps: ProjectTokenManagerDeps
  #token: ProjectToken | undefined
  #renewAt = Number.POSITIVE_INFINITY
  #inflight: Promise<ProjectToken> | undefined
  #timer: unknown
  #closed = false

  constructor(deps: ProjectTokenManagerDeps) {
    this.#deps = deps
    this.#token = deps.initial
  }

  get ownerId(): string | undefined {
    return this.#token?.ownerId
  }

  get token(): ProjectToken | undefined {
    return this.#token
  }

  get canLogin(): boolean {
    return this.#deps.login !== undefined
  }

  /** A usable token: the current one while fresh, otherwise after a (shared) login. */
  async ensure(signal?: AbortSignal): Promise<string> {
    if (this.#closed) throw new SessionClosedError()
    const token = this.#token
    const now = this.#deps.clock.now()
    if (token && now < this.#renewAt) return token.value
    if (!this.canLogin) {
      if (token) return token.value
      throw new SessionClosedError()
    }
    if (token && now < token.expiresAt - EXPIRY_SAFETY_MS) {
      // Inside the renewal window but still valid (the timer did not run, e.g. a suspended tab):
      // renew in the background rather than make this call wait for a login.
      this.#loginOnce().catch(() => {})
      return token.value
    }
    try {
      return (await this.#wait(this.#loginOnce(), signal)).value
    } catch (error) {
      // A failed early renewal must not break calls the old token can still make.
      const current = this.#token
      if (!(error instanceof AbortError) && current && this.#deps.clock.now() < current.expiresAt) {
        return current.value
      }
      throw error
    }
  }

  /**
   * Logs in again because the server rejected `rejected`. If another caller already replaced that
   * token, returns the replacement without a second login. Undefined when the credential is a
   * fixed token and cannot be renewed.
   */
  async renew(rejected: string, signal?: AbortSignal): Promise<string | undefined> {
    if (this.#closed) throw new SessionClosedError()
    if (!this.canLogin) return undefined
    if (this.#token && this.#token.value !== rejected && !this.#inflight) return this.#token.value
    return (await this.#wait(this.#loginOnce(), signal)).value
  }

  close(): void {
    this.#closed = true
    this.#clearTimer()
  }

  #wait<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return promise
    return raceSignal(promise, signal, () => new AbortError({ cause: signal.reason }))
  }

  #loginOnce(): Promise<ProjectToken> {
    if (this.#inflight) return this.#inflight
    const login = this.#deps.login
    if (!login) return Promise.reject(new SessionClosedError())
    const inflight = (async () => {
      try {
        const token = await login()
        if (this.#closed) throw new SessionClosedError()
        this.#accept(token)
        return token
      } finally {
        this.#inflight = undefined
      }
    })()
    this.#inflight = inflight
    return inflight
  }

  #accept(token: ProjectToken): void {
    this.#token = token
    const now = this.#deps.clock.now()
    const lifetime = token.expiresAt - now
    this.#renewAt = token.expiresAt - renewalMargin(lifetime)
    this.#schedule(this.#renewAt - now)
  }

  #schedule(delayMs: number): void {
    this.#clearTimer()
    if (this.#closed || !Number.isFinite(delayMs)) return
    this.#timer = this.#deps.timers.setTimeout(
      () => {
        this.#timer = undefined
        this.#loginOnce().catch(() => {
          const current = this.#token
          const left = current ? current.expiresAt - this.#deps.clock.now() : 0
          if (left > 0) this.#schedule(Math.max(1_000, Math.min(RETRY_RENEWAL_MS, left / 2)))
        })
      },
      Math.max(0, delayMs),
    )
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      this.#deps.timers.clearTimeout(this.#timer)
      this.#timer = undefined
    }
  }
}
