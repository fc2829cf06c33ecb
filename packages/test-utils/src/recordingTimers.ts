import type { TestTimers } from './manualTime.ts'

/**
 * Timers that delegate to `base` (the globals by default: vitest's fake timers when installed)
 * and record every delay asked for and how many timers were set and cleared.
 */
export const recordingTimers = (
  options: { base?: TestTimers; unref?: boolean } = {},
): { timers: TestTimers; delays: number[]; readonly set: number; readonly cleared: number } => {
  const delays: number[] = []
  let set = 0
  let cleared = 0
  const base: TestTimers = options.base ?? {
    setTimeout: (fn, ms) => {
      const handle = setTimeout(fn, ms)
      if (options.unref) handle.unref()
      return handle
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  return {
    timers: {
      setTimeout: (fn, ms) => {
        delays.push(ms)
        set += 1
        return base.setTimeout(fn, ms)
      },
      clearTimeout: (handle) => {
        cleared += 1
        base.clearTimeout(handle)
      },
    },
    delays,
    get set() {
      return set
    },
    get cleared() {
      return cleared
    },
  }
}
