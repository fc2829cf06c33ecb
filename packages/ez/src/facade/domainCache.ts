import { systemClock } from '@gs2ez/core'

export interface DomainCacheClock {
  now(): number
}

export interface DomainCacheOptions {
  clock?: DomainCacheClock
  /** How long an entry is served. Default 15 minutes, like the Unity Ez layer's cache. */
  ttlMs?: number
}

export interface DomainCacheKeyParts {
  service: string
  namespaceName: string
  userId?: string
  timeOffset: number
  model: string
  id: string
}

export type DomainCacheLookup<T> = { hit: true; value: T | null } | { hit: false }

interface Entry {
  value: unknown
  expiresAt: number
}

/**
 * Game data read through the Ez facade, cached per user and time offset so a player running at
 * a shifted time never sees another offset's data. A 404 is cached as `null`, so asking again
 * for something missing costs no request until the entry expires.
 */
export class DomainCache {
  readonly #entries = new Map<string, Entry>()
  readonly #clock: DomainCacheClock
  readonly #ttlMs: number
  #setsSinceSweep = 0

  constructor(options: DomainCacheOptions = {}) {
    this.#clock = options.clock ?? systemClock
    this.#ttlMs = options.ttlMs ?? 15 * 60_000
  }

  /** `service:namespace:[userId:]timeOffset:Model:id`, each part escaped so ':' cannot collide. */
  static key(p: DomainCacheKeyParts): string {
    const parts = [p.service, p.namespaceName]
    if (p.userId !== undefined) parts.push(p.userId)
    parts.push(String(p.timeOffset), p.model, p.id)
    return parts.map(encodeURIComponent).join(':')
  }

  get<T>(key: string): DomainCacheLookup<T> {
    const entry = this.#entries.get(key)
    if (!entry) return { hit: false }
    if (entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key)
      return { hit: false }
    }
    return { hit: true, value: entry.value as T | null }
  }

  /** `null` caches a 404. */
  set<T>(key: string, value: T | null): void {
    const now = this.#clock.now()
    this.#entries.set(key, { value, expiresAt: now + this.#ttlMs })
    // Entries nobody reads again would otherwise stay for the whole game session.
    if (++this.#setsSinceSweep >= 256) {
      this.#setsSinceSweep = 0
      for (const [k, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(k)
    }
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}
