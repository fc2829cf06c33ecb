import type { Timers } from './sideEffects.ts'

/** Settles with `promise`, or rejects with `onAbort()` as soon as `signal` fires. */
export const raceSignal = <T>(
  promise: Promise<T>,
  signal: AbortSignal,
  onAbort: () => unknown,
): Promise<T> => {
  if (signal.aborted) return Promise.reject(onAbort())
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort())
    signal.addEventListener('abort', abort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort)
        reject(error)
      },
    )
  })
}

/** Waits `ms` through the injected timers; rejects with `onAbort()` if `signal` fires first. */
export const sleep = (
  ms: number,
  timers: Timers,
  signal: AbortSignal,
  onAbort: () => unknown,
): Promise<void> => {
  if (signal.aborted) return Promise.reject(onAbort())
  return new Promise<void>((resolve, reject) => {
    const abort = () => {
      timers.clearTimeout(handle)
      reject(onAbort())
    }
    const handle = timers.setTimeout(() => {
      signal.removeEventListener('abort', abort)
      resolve()
    }, ms)
    signal.addEventListener('abort', abort, { once: true })
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
    const abort = () => controller.abort(signal.reason)
    signal.addEventListener('abort', abort, { once: true })
    cleanups.push(() => signal.removeEventListener('abort', abort))
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const cleanup of cleanups) cleanup()
    },
  }
}
