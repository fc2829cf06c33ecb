/** Epoch milliseconds, injectable so tests and the server clock can be driven by hand. */
export interface Clock {
  now(): number
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// THE defaults of every gs2ez package (the transport, the Ez layer, its store): defined once here.
// They look the globals up on every call, never at import, so fake timers installed later
// (vi.useFakeTimers, a test harness) still take effect.
export const systemClock: Clock = { now: () => Date.now() }

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = globalThis.setTimeout(fn, ms)
    // A pending token renewal or store timeout must not keep a Node process (SSR, a script)
    // alive on its own: it exits when its own work is done, disposed or not. Browsers have no
    // unref.
    ;(handle as { unref?: () => void }).unref?.()
    return handle
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export const systemRandom = (): number => Math.random()

export const systemFetch: typeof fetch = (input, init) => globalThis.fetch(input, init)
