import { describe, expect, it } from 'vitest'
import { DateHeaderServerClock } from '../serverClock.ts'

const T = Date.UTC(2026, 10, 21, 12, 0, 0)
const http = (ms: number) => new Date(ms).toUTCString()

describe('DateHeaderServerClock', () => {
  it('reports no offset before any sample', () => {
    const clock = new DateHeaderServerClock({ now: () => T })
    expect(clock.offsetMs).toBe(0)
    expect(clock.samples).toBe(0)
    expect(clock.now()).toBe(T)
  })

  it('estimates from one sample with the midpoint of the possible interval', () => {
    let local = T
    const clock = new DateHeaderServerClock({ now: () => local })
    // Server is 5 s ahead; the request took 200 ms; Date is truncated to the second.
    expect(clock.record(http(T + 5000), T - 100, T + 100)).toBe(true)
    // offset in [5000 - 100, 5000 + 1000 + 100] -> midpoint 5500
    expect(clock.offsetMs).toBe(5500)
    expect(clock.samples).toBe(1)
    local = T + 1000
    expect(clock.now()).toBe(T + 1000 + 5500)
  })

  it('narrows the interval with more samples', () => {
    const clock = new DateHeaderServerClock({ now: () => T })
    const trueOffset = 5300
    // Responses at different sub-second phases; each is stamped at local time t.
    for (const t of [T + 100, T + 450, T + 790, T + 1650]) {
      const server = t + trueOffset
      clock.record(http(Math.floor(server / 1000) * 1000), t - 10, t + 10)
    }
    expect(clock.samples).toBe(4)
    expect(Math.abs(clock.offsetMs - trueOffset)).toBeLessThanOrEqual(150)
  })

  it('restarts from the newest sample after a contradiction (local clock jump)', () => {
    const clock = new DateHeaderServerClock({ now: () => T })
    clock.record(http(T), T - 10, T + 10)
    clock.record(http(T + 60_000), T - 10, T + 10)
    expect(clock.samples).toBe(1)
    expect(clock.offsetMs).toBe(60_500)
  })

  it('ignores missing or unreadable headers', () => {
    const clock = new DateHeaderServerClock({ now: () => T })
    expect(clock.record(null, T, T)).toBe(false)
    expect(clock.record('yesterday-ish', T, T)).toBe(false)
    expect(clock.record(http(T), T + 10, T)).toBe(false)
    expect(clock.samples).toBe(0)
  })
})
