import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF } from '../backoff.ts'

describe('backoffDelay', () => {
  it('doubles per attempt with equal jitter between half and all of the nominal delay', () => {
    expect(backoffDelay(1, { ...DEFAULT_BACKOFF, random: () => 0 })).toBe(500)
    expect(backoffDelay(1, { ...DEFAULT_BACKOFF, random: () => 1 })).toBe(1_000)
    expect(backoffDelay(4, { ...DEFAULT_BACKOFF, random: () => 0 })).toBe(4_000)
    expect(backoffDelay(4, { ...DEFAULT_BACKOFF, random: () => 1 })).toBe(8_000)
  })

  it('is capped', () => {
    expect(backoffDelay(50, { ...DEFAULT_BACKOFF, random: () => 1 })).toBe(DEFAULT_BACKOFF.maxMs)
  })

  it('honours a longer Retry-After, never a shorter one', () => {
    expect(backoffDelay(1, { ...DEFAULT_BACKOFF, random: () => 1, retryAfterMs: 30_000 })).toBe(
      30_000,
    )
    expect(backoffDelay(4, { ...DEFAULT_BACKOFF, random: () => 1, retryAfterMs: 10 })).toBe(8_000)
  })
})
