import { describe, expect, it } from 'vitest'
import { refreshAt } from '../refreshPlan.ts'

const plan = { marginMs: 5 * 60_000, jitterMs: 30_000, random: () => 0 }

describe('refreshAt', () => {
  it('refreshes a one-hour token five minutes before expiry', () => {
    expect(refreshAt({ obtainedAt: 0, expire: 3_600_000 }, plan)).toBe(3_300_000)
  })

  it('refreshes a 120 s token about 40 s before expiry (2/3 of its lifetime)', () => {
    expect(refreshAt({ obtainedAt: 1_000_000, expire: 1_120_000 }, plan)).toBe(1_080_000)
  })

  it('only moves earlier with jitter, by at most jitterMs and a tenth of the lifetime', () => {
    const latest = refreshAt({ obtainedAt: 0, expire: 3_600_000 }, { ...plan, random: () => 0.999 })
    expect(latest).toBeLessThan(3_300_000)
    expect(latest).toBeGreaterThanOrEqual(3_270_000)
    const short = refreshAt({ obtainedAt: 0, expire: 120_000 }, { ...plan, random: () => 1 })
    expect(short).toBe(80_000 - 12_000)
  })

  it('never plans before half the lifetime', () => {
    expect(
      refreshAt({ obtainedAt: 0, expire: 10 }, { ...plan, jitterMs: 1e9, random: () => 1 }),
    ).toBeGreaterThanOrEqual(5)
  })
})
