import type { Clock } from '../config/clock.ts'

/**
 * The `Date` header from the (injectable) clock, so tests with a skewed clock see the skew the
 * SDK must estimate. Cached per second: formatting a date is the costliest part of a tiny reply.
 */
export const httpDate = (clock: Clock): (() => string) => {
  let second = Number.NaN
  let text = ''
  return () => {
    const now = clock.now()
    const s = Math.floor(now / 1000)
    if (s !== second) {
      second = s
      text = new Date(now).toUTCString()
    }
    return text
  }
}
