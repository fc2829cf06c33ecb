/** Epoch milliseconds, injectable so tests and the server clock can be driven by hand. */
export interface Clock {
  now(): number
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Defaults look the globals up on every call, never at import, so fake timers installed later
// (vi.useFakeTimers, a test harness) still take effect.
export const systemClock: Clock = { now: () => Date.now() }

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = globalThis.setTimeout(fn, ms)
    // A pending token renewal must not keep a Node process alive on its own.
    ;(handle as { unref?: () => void }).unref?.()
    return handle
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export const systemRandom = (): number => Math.random()

export const systemFetch: typeof fetch = (input, init) => globalThis.fetch(input, init)
