// Long-lived signals (a session's close signal, a game's own) are shared by every call in flight.
// One real listener per signal, fanned out here, keeps a thousand concurrent calls from adding a
// thousand listeners (and Node's MaxListenersExceededWarning).
const subscribers = new WeakMap<AbortSignal, Set<() => void>>()

/** Runs `callback` once when `signal` aborts; returns the unsubscribe. */
export const onAbort = (signal: AbortSignal, callback: () => void): (() => void) => {
  let set = subscribers.get(signal)
  if (set === undefined) {
    const created = new Set<() => void>()
    set = created
    subscribers.set(signal, created)
    signal.addEventListener(
      'abort',
      () => {
        subscribers.delete(signal)
        for (const run of [...created]) run()
      },
      { once: true },
    )
  }
  set.add(callback)
  return () => {
    set.delete(callback)
  }
}

/** Settles with `promise`, or rejects with `onAbort()` as soon as `signal` fires. */
export const raceSignal = <T>(
  promise: Promise<T>,
  signal: AbortSignal,
  abortError: () => unknown,
): Promise<T> => {
  if (signal.aborted) return Promise.reject(abortError())
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = onAbort(signal, () => reject(abortError()))
    promise.then(
      (value) => {
        unsubscribe()
        resolve(value)
      },
      (error: unknown) => {
        unsubscribe()
        reject(error)
      },
    )
  })
}

/** One signal that fires when any of `signals` does (AbortSignal.any is not in every target). */
export const anySignal = (
  signals: readonly (AbortSignal | undefined)[],
): {
  signal: AbortSignal
  dispose: () => void
} => {
  const controller = new AbortController()
  const cleanups: (() => void)[] = []
  for (const signal of signals) {
    if (signal === undefined) continue
    if (signal.aborted) {
      controller.abort(signal.reason)
      break
    }
    cleanups.push(onAbort(signal, () => controller.abort(signal.reason)))
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const cleanup of cleanups) cleanup()
    },
  }
}
