import { describe, expect, test } from 'vitest'
import { DateHeaderServerClock } from '../serverClock.ts'

const T = Date.UTC(2026, 0, 1, 0, 0, 0)

describe('DateHeaderServerClock.seed', () => {
  test('an offset persisted by an earlier run is the estimate until a response measures one', () => {
    let local = T
    const clock = new DateHeaderServerClock({ now: () => local })
    clock.seed(7_200_000)
    expect(clock.samples).toBe(0)
    expect(clock.offsetMs).toBe(7_200_000)
    expect(clock.now()).toBe(T + 7_200_000)
    // The first response replaces the seed entirely: the device clock may have been fixed since.
    local = T + 100
    clock.record(new Date(T).toUTCString(), T, T + 100)
    expect(clock.samples).toBe(1)
    expect(Math.abs(clock.offsetMs)).toBeLessThanOrEqual(1_000)
  })

  test('a non-finite seed is ignored', () => {
    const clock = new DateHeaderServerClock({ now: () => T })
    clock.seed(Number.NaN)
    clock.seed(Number.POSITIVE_INFINITY)
    expect(clock.offsetMs).toBe(0)
  })
})

describe('DateHeaderServerClock.errorMs', () => {
  test('is the Date resolution before any response, then half the measured interval', () => {
    const clock = new DateHeaderServerClock({ now: () => T })
    expect(clock.errorMs).toBe(1000)
    // Sent at T, received 200 ms later, server second T: offset in [-200, 1000].
    clock.record(new Date(T).toUTCString(), T, T + 200)
    expect(clock.errorMs).toBe(600)
  })
})
