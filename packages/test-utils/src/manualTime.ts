// Structurally core's Clock and Timers: test-utils depends on no workspace package, so every
// package (core included) can use it without a dependency cycle.
export interface TestClock {
  now(): number
}

export interface TestTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

interface Pending {
  id: number
  at: number
  fn: () => void
}

/**
 * A clock and timers the test moves by hand, shared by the SDK and the emulator, while real I/O
 * (HTTP to the emulator, fake IndexedDB) runs on the real event loop. Nothing sleeps.
 */
export class ManualTime {
  now: number
  #pending: Pending[] = []
  #nextId = 1

  /**
   * Waits until real I/O started by fired timers is done (the rig counts in-flight fetches), so
   * moving time never fires a request timeout under a request that is merely in flight.
   */
  quiesce: () => Promise<void> = settle

  constructor(start = Date.UTC(2026, 10, 21, 12, 0, 0)) {
    this.now = start
  }

  readonly clock: TestClock = { now: () => this.now }

  /** A clock `skewMs` ahead of (or behind) this one: another machine's. */
  skewed(skewMs: number): TestClock {
    return { now: () => this.now + skewMs }
  }

  readonly timers: TestTimers = {
    setTimeout: (fn, ms) => {
      const id = this.#nextId++
      this.#pending.push({ id, at: this.now + Math.max(0, ms), fn })
      return id
    },
    clearTimeout: (handle) => {
      this.#pending = this.#pending.filter((p) => p.id !== handle)
    },
  }

  get timerCount(): number {
    return this.#pending.length
  }

  /** Moves time forward, firing due timers in order, letting real I/O settle between them. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms
    for (;;) {
      this.#pending.sort((a, b) => a.at - b.at || a.id - b.id)
      const next = this.#pending[0]
      if (next === undefined || next.at > target) break
      this.#pending.shift()
      this.now = Math.max(this.now, next.at)
      next.fn()
      await this.quiesce()
    }
    this.now = target
    await this.quiesce()
  }

  /** Jumps the wall clock without firing timers: a sleeping laptop. */
  jump(ms: number): void {
    this.now += ms
  }
}

/** Lets pending promise chains and real I/O callbacks run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
