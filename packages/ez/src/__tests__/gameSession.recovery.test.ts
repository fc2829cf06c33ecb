import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuthenticatorResult } from '../authenticator.ts'
import { createHarness } from './support/sessionHarness.ts'

// A waiting player recovers fast: once no token can be served and GS2 keeps failing, attempts
// stay ~5 s apart (the backoff stops growing), wake events and reads after a quiet period retry
// at once, and never more than one attempt is in flight.

const HOUR = 3_600_000
const LATENCY = 300

/** An identity provider that is down while `down` is true (after the first login). */
const flakyProvider = () => {
  const p = {
    down: false,
    inFlight: 0,
    maxInFlight: 0,
    attempts: [] as number[],
    minted: 0,
    authenticate: vi.fn(async (): Promise<AuthenticatorResult> => {
      p.attempts.push(Date.now())
      p.inFlight += 1
      p.maxInFlight = Math.max(p.maxInFlight, p.inFlight)
      try {
        await new Promise((resolve) => setTimeout(resolve, LATENCY))
        if (p.down) {
          throw Object.assign(new Error('503'), { status: 503, retryable: true })
        }
        p.minted += 1
        return { token: `token-${p.minted}`, userId: 'user-1', expire: Date.now() + HOUR }
      } finally {
        p.inFlight -= 1
      }
    }),
  }
  return p
}

describe('a waiting player recovers fast', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const loggedIn = async (reauthentication = {}) => {
    const provider = flakyProvider()
    const h = createHarness({ authenticate: provider.authenticate, reauthentication })
    const start = h.session.start()
    await vi.advanceTimersByTimeAsync(LATENCY)
    await start
    return { h, provider, expire: h.session.accessToken?.expire ?? 0 }
  }

  /** GS2 goes down, the token expires, a read's own attempt fails: a player is now waiting. */
  const waitingAfterExpiry = async (reauthentication = {}) => {
    const logged = await loggedIn({
      backoff: { baseMs: 60_000, maxMs: 300_000 },
      ...reauthentication,
    })
    logged.provider.down = true
    vi.setSystemTime(logged.expire + 1_000)
    // The expectation is attached before time moves, so the rejection is never unhandled.
    const read = expect(logged.h.session.getAccessToken()).rejects.toThrow('503')
    await vi.advanceTimersByTimeAsync(LATENCY)
    await read
    return { ...logged, sent: logged.provider.attempts.length }
  }

  it('backs off as before while the token is valid, then retries at most 5 s apart', async () => {
    const { h, provider, expire } = await loggedIn()
    provider.down = true
    // Reads every 100 ms, like a game loop, from the refresh time to 60 s past expiry.
    const reads: Promise<unknown>[] = []
    const refreshAt = h.session.state.status === 'active' ? h.session.state.refreshAt : 0
    await vi.advanceTimersByTimeAsync(refreshAt - Date.now())
    while (Date.now() < expire + 60_000) {
      reads.push(h.session.getAccessToken().catch((e: unknown) => e))
      await vi.advanceTimersByTimeAsync(100)
    }
    const afterExpiry = provider.attempts.filter((t) => t >= expire - 2_000)
    const gaps = afterExpiry.slice(1).map((t, i) => t - (afterExpiry[i] ?? 0))
    expect(afterExpiry.length).toBeGreaterThanOrEqual(12)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000 + LATENCY)
    // Before expiry the backoff grew past the cap, as it should while the player is served.
    const beforeExpiry = provider.attempts.filter((t) => t < expire - 2_000)
    const early = beforeExpiry.slice(1).map((t, i) => t - (beforeExpiry[i] ?? 0))
    expect(Math.max(...early)).toBeGreaterThan(5_000 + LATENCY)
    expect(provider.maxInFlight).toBe(1)
    // No read ever got a token that was expired (or inside the margin) when it was handed out.
    for (const result of await Promise.all(reads)) {
      if (typeof result === 'object' && result !== null && 'token' in result) {
        expect((result as unknown as { expire: number }).expire).toBe(expire)
      }
    }
    // The outage ends: a reading player has a fresh token within 10 s, one attempt at a time.
    provider.down = false
    const endedAt = Date.now()
    let token: unknown
    while (Date.now() < endedAt + 10_000 && token === undefined) {
      h.session.getAccessToken().then(
        (t) => {
          token = t
        },
        () => {},
      )
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(token).toMatchObject({ token: 'token-2' })
    expect(provider.maxInFlight).toBe(1)
  })

  it('retries at once on online and on visibilitychange when no token can be served', async () => {
    const { h, provider, sent } = await waitingAfterExpiry()
    await vi.advanceTimersByTimeAsync(1_000)
    h.env.fire('visibilitychange')
    expect(provider.attempts).toHaveLength(sent + 1)
    await vi.advanceTimersByTimeAsync(LATENCY + 1_000)
    provider.down = false
    h.env.fire('online')
    h.env.fire('online')
    expect(provider.attempts).toHaveLength(sent + 2)
    await vi.advanceTimersByTimeAsync(LATENCY)
    expect(h.session.state.status).toBe('active')
    expect(provider.maxInFlight).toBe(1)
  })

  it('a read after a quiet period is an attempt; reads right after one are not', async () => {
    const { h, provider, sent } = await waitingAfterExpiry({ autoRefresh: false })
    await Promise.allSettled(Array.from({ length: 100 }, () => h.session.getAccessToken()))
    expect(provider.attempts).toHaveLength(sent)
    await vi.advanceTimersByTimeAsync(2_000)
    provider.down = false
    const later = Promise.all(Array.from({ length: 40 }, () => h.session.getAccessToken()))
    await vi.advanceTimersByTimeAsync(LATENCY)
    const tokens = await later
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['token-2']))
    expect(provider.attempts).toHaveLength(sent + 1)
    expect(provider.maxInFlight).toBe(1)
  })
})
