import type { FaultApi, FaultSpec, FaultStatus } from './faultSpec.ts'
import { FAULT_APIS } from './faultSpec.ts'
import { type PathGlob, pathGlob } from './pathGlob.ts'

/** A fault as the admin API shows it. */
export interface Fault {
  readonly faultId: string
  readonly api: FaultApi | null
  readonly method: string | null
  readonly path: string
  readonly status: FaultStatus | null
  readonly retryAfterSeconds: number | null
  readonly delayMs: number | null
  /** false, or when the connection is closed: before the API runs, or after (answer lost). */
  readonly drop: false | 'before' | 'after'
  /** Requests it will still affect; null: no count. */
  readonly remaining: number | null
  /** Epoch ms (emulator clock) it stops at; null: until deleted or reset. */
  readonly expiresAt: number | null
  /** Requests it has affected so far. */
  readonly hits: number
  readonly createdAt: number
}

interface Entry {
  fault: Fault
  readonly pattern: PathGlob
}

/** Active faults at once: each request is tried against all of them. */
export const MAX_FAULTS = 100

/**
 * The faults an admin call asked for. The server asks `take` for every service request; with no
 * fault set that is one size check, so the hot paths pay nothing for the feature.
 */
export class FaultInjector {
  readonly #entries: Entry[] = []
  #next = 1

  get size(): number {
    return this.#entries.length
  }

  /** Adds a fault; the caller checks `size < MAX_FAULTS` first (a 400 naming the limit). */
  add(spec: FaultSpec, now: number): Fault {
    const [method, path] =
      spec.api === undefined ? [spec.method ?? null, spec.path as string] : FAULT_APIS[spec.api]
    const fault: Fault = {
      faultId: `fault-${this.#next++}`,
      api: spec.api ?? null,
      method,
      path,
      status: spec.status ?? null,
      retryAfterSeconds: spec.retryAfterSeconds ?? null,
      delayMs: spec.delayMs ?? null,
      drop: spec.drop === true ? 'before' : (spec.drop ?? false),
      remaining: spec.times ?? null,
      expiresAt: spec.durationMs === undefined ? null : now + spec.durationMs,
      hits: 0,
      createdAt: now,
    }
    this.#entries.push({ fault, pattern: pathGlob(path) })
    return fault
  }

  /** Active faults, oldest first (the order they are tried in). */
  list(now: number): Fault[] {
    this.#expire(now)
    return this.#entries.map((e) => e.fault)
  }

  remove(faultId: string): Fault | undefined {
    const index = this.#entries.findIndex((e) => e.fault.faultId === faultId)
    if (index < 0) return undefined
    return this.#entries.splice(index, 1)[0]?.fault
  }

  clear(): number {
    return this.#entries.splice(0).length
  }

  /** The oldest active fault matching the request, counted as used; undefined: serve normally. */
  take(method: string, path: string, now: number): Fault | undefined {
    if (this.#entries.length === 0) return undefined
    this.#expire(now)
    for (const entry of this.#entries) {
      const { fault } = entry
      if (fault.method !== null && fault.method !== method) continue
      if (!entry.pattern.test(path)) continue
      const remaining = fault.remaining === null ? null : fault.remaining - 1
      entry.fault = { ...fault, remaining, hits: fault.hits + 1 }
      if (remaining === 0) this.remove(fault.faultId)
      return entry.fault
    }
    return undefined
  }

  #expire(now: number): void {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const expiresAt = this.#entries[i]?.fault.expiresAt
      if (expiresAt != null && expiresAt <= now) this.#entries.splice(i, 1)
    }
  }
}
