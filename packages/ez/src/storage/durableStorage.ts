import { type Timers, ValidationError } from '@gs2ez/core'

/**
 * How safe the game's storage (the device account included) is from the browser: whether the
 * origin is in persistent storage (exempt from eviction under disk pressure), and the usage and
 * quota the browser reports. `usage`/`quota` are undefined when the browser did not say.
 */
export interface StorageDurability {
  readonly persisted: boolean
  readonly usage: number | undefined
  readonly quota: number | undefined
}

/** The part of the browser's StorageManager (`navigator.storage`) the SDK uses; all optional. */
export interface StorageManagerLike {
  persist?(): Promise<boolean>
  persisted?(): Promise<boolean>
  estimate?(): Promise<{ readonly usage?: number; readonly quota?: number }>
}

/**
 * When the SDK asks the browser to keep the storage: after the profile's first successful login
 * (default; never at page load, since Firefox shows the player a prompt), or only when the game
 * calls `profile.requestDurableStorage()`. Durability is reported after the first login either way.
 */
export type PersistMoment = 'afterFirstLogin' | 'manual'

export const PERSIST_MOMENTS: readonly PersistMoment[] = ['afterFirstLogin', 'manual']

export interface DurableStorageOptions {
  /** The browser's StorageManager, looked up when first needed; undefined where there is none. */
  readonly storageManager: () => StorageManagerLike | undefined
  readonly timers: Timers
  readonly persist?: PersistMoment | undefined
  /**
   * The longest wait for one browser call (default 10 s): a hung StorageManager reports
   * `persisted: false` then. A `persist()` prompt answered later is reported again.
   */
  readonly timeoutMs?: number | undefined
  /** Receives every report, in order. */
  readonly onReport?: ((durability: StorageDurability) => void) | undefined
}

export const DEFAULT_DURABILITY_TIMEOUT_MS = 10_000

/** Checks the Profile's `storage` option (its durability fields), naming the bad field. */
export const checkDurableStorageOptions = (
  storage: { readonly persist?: unknown; readonly durabilityTimeoutMs?: unknown } | undefined,
): void => {
  if (storage !== undefined && (typeof storage !== 'object' || storage === null)) {
    throw new ValidationError('storage must be an object', { field: 'storage' })
  }
  const persist = storage?.persist
  if (persist !== undefined && !PERSIST_MOMENTS.includes(persist as PersistMoment)) {
    throw new ValidationError(`storage.persist must be one of ${PERSIST_MOMENTS.join(', ')}`, {
      field: 'storage.persist',
    })
  }
  const timeoutMs = storage?.durabilityTimeoutMs
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' ||
      !Number.isInteger(timeoutMs) ||
      timeoutMs < 1 ||
      timeoutMs > 600_000)
  ) {
    throw new ValidationError('storage.durabilityTimeoutMs must be an integer from 1 to 600000', {
      field: 'storage.durabilityTimeoutMs',
      limit: 600_000,
    })
  }
}

const NOT_DURABLE: StorageDurability = { persisted: false, usage: undefined, quota: undefined }

// The StorageManagers this page already asked: `navigator.storage` is one object per page, so two
// Profiles (or a Profile and createGs2Client's own) never prompt a Firefox player twice on one
// page load. Injected managers are their own keys, so tests stay independent.
const askedOn = new WeakSet<object>()

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false }

const byteCount = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined

/**
 * Asks the browser to keep the game's storage (`navigator.storage.persist()`) at the moment the
 * game chose, at most once per page load unless the game asks again, never when the origin is
 * already persisted, and reports `StorageDurability` after each check. It never throws and never
 * waits longer than its timeout: a missing, throwing or hung StorageManager reports
 * `persisted: false`. Logins never wait for it.
 */
export class DurableStorage {
  readonly #storageManager: () => StorageManagerLike | undefined
  readonly #timers: Timers
  readonly #persist: PersistMoment
  readonly #timeoutMs: number
  readonly #onReport: ((durability: StorageDurability) => void) | undefined
  readonly #listeners = new Set<(durability: StorageDurability) => void>()
  readonly #pendingTimers = new Set<unknown>()
  #current: StorageDurability | undefined
  #loggedIn = false
  #asking: Promise<Outcome<unknown>> | undefined
  #disposed = false

  constructor(options: DurableStorageOptions) {
    this.#storageManager = options.storageManager
    this.#timers = options.timers
    this.#persist = options.persist ?? 'afterFirstLogin'
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_DURABILITY_TIMEOUT_MS
    this.#onReport = options.onReport
  }

  /** The last report, or undefined before the first check ended. */
  get current(): StorageDurability | undefined {
    return this.#current
  }

  /** Hears every later report, and the last one at once when there is one. */
  subscribe(listener: (durability: StorageDurability) => void): () => void {
    this.#listeners.add(listener)
    if (this.#current !== undefined) listener(this.#current)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Called after each successful login; only the first one checks (and, by default, asks).
   * Returns at once: the check runs on its own.
   */
  afterLogin(): void {
    if (this.#loggedIn || this.#disposed) return
    this.#loggedIn = true
    void this.#check({ ask: this.#persist === 'afterFirstLogin', again: false })
  }

  /**
   * Asks the browser now (unless the origin is already persisted), whatever was asked before on
   * this page, and reports the result. Never rejects.
   */
  request(): Promise<StorageDurability> {
    return this.#check({ ask: true, again: true })
  }

  /** Stops reporting and clears every pending timeout. */
  dispose(): void {
    this.#disposed = true
    for (const handle of this.#pendingTimers) this.#timers.clearTimeout(handle)
    this.#pendingTimers.clear()
    this.#listeners.clear()
  }

  async #check(how: { ask: boolean; again: boolean }): Promise<StorageDurability> {
    let manager: StorageManagerLike | undefined
    try {
      manager = this.#storageManager()
    } catch {
      manager = undefined
    }
    if (manager == null) return this.#report(NOT_DURABLE)
    const already = await this.#bounded(manager, 'persisted')
    // A persisted() that throws, rejects or hangs is a broken StorageManager: prompting on it
    // or waiting for its estimate helps nobody. Only a missing one (old browsers) is asked.
    if (!already.ok && typeof manager.persisted === 'function') return this.#report(NOT_DURABLE)
    const unknown = !already.ok
    let persisted = already.ok && already.value === true
    const mayAsk = how.again || !askedOn.has(manager)
    if (
      !persisted &&
      how.ask &&
      mayAsk &&
      ((already.ok && already.value === false) || unknown) &&
      typeof manager.persist === 'function'
    ) {
      askedOn.add(manager)
      const answer = await this.#ask(manager)
      persisted = answer.ok && answer.value === true
    }
    return this.#report(await this.#measure(manager, persisted))
  }

  /** One persist() at a time: a second request while a prompt is open shares its answer. */
  #ask(manager: StorageManagerLike): Promise<Outcome<unknown>> {
    if (this.#asking !== undefined) return this.#asking
    const call = this.#call(manager, 'persist')
    const asking = this.#within(call).finally(() => {
      this.#asking = undefined
    })
    this.#asking = asking
    // A prompt the player answers after the timeout: the first report said "not persisted",
    // so a grant is reported again.
    void Promise.all([call, asking]).then(async ([answer, first]) => {
      if (first.ok || !answer.ok || answer.value !== true || this.#disposed) return
      this.#report(await this.#measure(manager, true))
    })
    return asking
  }

  async #measure(manager: StorageManagerLike, persisted: boolean): Promise<StorageDurability> {
    const estimate = await this.#bounded(manager, 'estimate')
    const value = estimate.ok ? (estimate.value as { usage?: unknown; quota?: unknown }) : undefined
    return {
      persisted,
      usage: byteCount(value?.usage),
      quota: byteCount(value?.quota),
    }
  }

  #bounded(
    manager: StorageManagerLike,
    method: 'persisted' | 'estimate',
  ): Promise<Outcome<unknown>> {
    return this.#within(this.#call(manager, method))
  }

  /** Calls a StorageManager method; a missing method, a throw or a rejection is `ok: false`. */
  async #call(
    manager: StorageManagerLike,
    method: 'persist' | 'persisted' | 'estimate',
  ): Promise<Outcome<unknown>> {
    try {
      if (typeof manager[method] !== 'function') return { ok: false }
      const value: unknown = await manager[method]()
      if (value === null || value === undefined) return { ok: false }
      return { ok: true, value }
    } catch {
      return { ok: false }
    }
  }

  /** The outcome, or `ok: false` when the timeout comes first (the call is left to finish). */
  #within(call: Promise<Outcome<unknown>>): Promise<Outcome<unknown>> {
    if (this.#disposed) return Promise.resolve({ ok: false })
    return new Promise((resolve) => {
      const handle = this.#timers.setTimeout(() => {
        this.#pendingTimers.delete(handle)
        resolve({ ok: false })
      }, this.#timeoutMs)
      this.#pendingTimers.add(handle)
      void call.then((outcome) => {
        this.#timers.clearTimeout(handle)
        this.#pendingTimers.delete(handle)
        resolve(outcome)
      })
    })
  }

  #report(durability: StorageDurability): StorageDurability {
    if (this.#disposed) return durability
    this.#current = durability
    // A throwing listener must not turn a report into a rejected request().
    for (const listener of [this.#onReport, ...this.#listeners]) {
      try {
        listener?.(durability)
      } catch {}
    }
    return durability
  }
}
