import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CredentialsRejectedError, isEzError } from '../ezError.ts'
import { createHarness } from './support/sessionHarness.ts'

const transient = (status: number | undefined, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`transient ${status}`), { status, code: 'x', retryable: true, ...extra })
const unauthorized = () =>
  Object.assign(new Error('401'), { name: 'UnauthorizedError', status: 401 })

describe('GameSession', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('login and restore', () => {
    it('logs in with one authentication and becomes active', async () => {
      const h = createHarness()
      await h.session.start()
      expect(h.authenticate).toHaveBeenCalledTimes(1)
      expect(h.authenticate.mock.calls[0]?.[0]).toBe('login')
      expect(h.session.state.status).toBe('active')
      expect(h.session.userId).toBe('user-1')
      expect(h.states.map((s) => s.status)).toEqual([
        'signedOut',
        'restoring',
        'authenticating',
        'active',
      ])
      expect(h.eventTypes()).toEqual(['refreshScheduled', 'loggedIn'])
      expect((await h.cache.read())?.token).toBe('token-1')
    })

    it('restores a valid cached token without authenticating', async () => {
      const first = createHarness()
      await first.session.start()
      await first.session.dispose()
      const second = createHarness({ tokens: first.cache })
      await second.session.start()
      expect(second.authenticate).not.toHaveBeenCalled()
      expect((await second.session.getAccessToken()).token).toBe('token-1')
      expect(second.eventTypes()).toContain('restoredFromCache')
    })

    it('re-authenticates when the cached token expired, judged on the server clock', async () => {
      const first = createHarness()
      await first.session.start()
      await first.session.dispose()
      // Device clock is right, but the server is 2 h ahead: the cached token is dead.
      const second = createHarness({ tokens: first.cache, offsetMs: 2 * 3_600_000 })
      await second.session.start()
      expect(second.authenticate).toHaveBeenCalledTimes(1)
      expect(second.eventTypes()).toContain('loggedIn')
    })

    it('replays the login events to a subscriber that arrives after login', async () => {
      const h = createHarness()
      await h.session.start()
      const late: string[] = []
      h.session.events$.subscribe((e) => late.push(e.type))
      expect(late).toContain('loggedIn')
    })

    it.each([
      [{ token: '', userId: 'u', expire: 1_800_000_000_000 }, 'token'],
      [{ token: 't', userId: 'u'.repeat(129), expire: 1_800_000_000_000 }, 'userId'],
      [{ token: 't', userId: 'u', expire: 1_800_000_000 }, 'expire'],
    ])('refuses a malformed authenticator result (%#)', async (result, field) => {
      const h = createHarness({ authenticate: async () => result })
      await expect(h.session.start()).rejects.toMatchObject({ field })
      expect(h.session.accessToken).toBeNull()
    })

    it('fails login on a transient error without leaving timers behind', async () => {
      const h = createHarness({ failures: [transient(503)] })
      await expect(h.session.start()).rejects.toThrow('transient 503')
      expect(h.session.state).toMatchObject({ status: 'signedOut', reason: 'initial' })
      await h.session.dispose()
      expect(vi.getTimerCount()).toBe(0)
    })
  })

  describe('proactive re-authentication', () => {
    it('re-authenticates five minutes before a one-hour token expires', async () => {
      const h = createHarness()
      await h.session.start()
      await vi.advanceTimersByTimeAsync(3_300_000 - 1)
      expect(h.authenticate).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(h.authenticate.mock.calls[1]?.[0]).toBe('proactive')
      expect(h.session.accessToken?.token).toBe('token-2')
      const reauth = h.events.find((e) => e.type === 'reauthenticated')
      expect(reauth).toMatchObject({ reason: 'proactive', source: 'thisTab' })
    })

    it('re-authenticates a 120 s token about 40 s before expiry, not in a loop', async () => {
      const h = createHarness({ ttlMs: 120_000 })
      await h.session.start()
      await vi.advanceTimersByTimeAsync(79_999)
      expect(h.authenticate).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      await vi.advanceTimersByTimeAsync(600_000)
      // One refresh per 80 s: 7 more in ten minutes, no storm.
      expect(h.authenticate).toHaveBeenCalledTimes(2 + 7)
    })

    it('judges the deadline on the server clock', async () => {
      // The server is 10 min ahead: a one-hour token is really due in 45 min of device time.
      const h = createHarness({ offsetMs: 0 })
      const ahead = createHarness({ offsetMs: 0, serverClock: { now: () => Date.now() + 600_000 } })
      await h.session.start()
      await ahead.session.start()
      expect(ahead.session.state).toMatchObject({ status: 'active' })
      await vi.advanceTimersByTimeAsync(3_300_000)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(ahead.authenticate.mock.calls.length).toBeGreaterThanOrEqual(2)
    })

    it('after a sleep, never hands out the expired token and re-authenticates on wake', async () => {
      const h = createHarness()
      await h.session.start()
      // Sleep two hours: the wall clock moves, no timer fires.
      vi.setSystemTime(Date.now() + 2 * 3_600_000)
      const token = await h.session.getAccessToken()
      expect(token.token).toBe('token-2')
      expect(token.expire).toBeGreaterThan(h.serverNow())
      expect(h.authenticate).toHaveBeenCalledTimes(2)
    })

    it('re-authenticates on visibilitychange when the deadline passed while hidden', async () => {
      const h = createHarness()
      await h.session.start()
      vi.setSystemTime(Date.now() + 3_400_000)
      h.env.fire('visibilitychange')
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(h.authenticate.mock.calls[1]?.[0]).toBe('resume')
    })

    it('tick() re-checks for engines that drive time themselves', async () => {
      const h = createHarness({ environment: () => undefined })
      await h.session.start()
      vi.setSystemTime(Date.now() + 3_400_000)
      h.session.tick()
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
    })

    it('with autoRefresh off, starts no timer and refreshes on read', async () => {
      const h = createHarness({ reauthentication: { autoRefresh: false } })
      await h.session.start()
      expect(vi.getTimerCount()).toBe(0)
      expect(h.env.listenerCount).toBe(0)
      vi.setSystemTime(Date.now() + 3_400_000)
      // Inside the margin but still valid: served at once, refreshed in the background.
      expect((await h.session.getAccessToken()).token).toBe('token-1')
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(h.session.accessToken?.token).toBe('token-2')
    })
  })

  describe('single flight', () => {
    it('1,000 concurrent reads across expiry share one authentication', async () => {
      const h = createHarness({ reauthentication: { autoRefresh: false } })
      await h.session.start()
      vi.setSystemTime(Date.now() + 3_600_000 + 1)
      const tokens = await Promise.all(
        Array.from({ length: 1_000 }, () => h.session.getAccessToken()),
      )
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['token-2']))
    })

    it('1,000 concurrent calls rejected with 401 cause exactly one re-authentication and one replay each', async () => {
      const h = createHarness()
      await h.session.start()
      const revoked = 'token-1'
      let sent = 0
      const api = vi.fn(async (token: { token: string }) => {
        sent += 1
        if (token.token === revoked) throw unauthorized()
        return token.token
      })
      const results = await Promise.all(Array.from({ length: 1_000 }, () => h.session.call(api)))
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(h.authenticate.mock.calls[1]?.[0]).toBe('reactive')
      expect(new Set(results)).toEqual(new Set(['token-2']))
      expect(sent).toBe(2_000)
    })

    it('replays only once: a second 401 reaches the caller', async () => {
      const h = createHarness()
      await h.session.start()
      const api = vi.fn(async () => {
        throw unauthorized()
      })
      await expect(h.session.call(api)).rejects.toMatchObject({ status: 401 })
      expect(api).toHaveBeenCalledTimes(2)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
    })

    it('passes through errors that are not 401 without re-authenticating', async () => {
      const h = createHarness()
      await h.session.start()
      await expect(h.session.call(async () => Promise.reject(transient(500)))).rejects.toThrow(
        'transient 500',
      )
      expect(h.authenticate).toHaveBeenCalledTimes(1)
    })
  })

  describe('failure policy', () => {
    it('on a transient failure keeps serving the valid token, backs off and retries', async () => {
      const h = createHarness({
        failures: [undefined, transient(503), transient(429, { retryAfterMs: 20_000 })],
      })
      await h.session.start()
      await vi.advanceTimersByTimeAsync(3_300_000)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      expect(h.session.state).toMatchObject({
        status: 'reauthenticationPending',
        attempt: 1,
        tokenValid: true,
      })
      expect((await h.session.getAccessToken()).token).toBe('token-1')
      const failed = h.events.find((e) => e.type === 'reauthenticationFailed')
      expect(failed).toMatchObject({ definitive: false, attempt: 1 })
      // First backoff: 500 ms with random() = 0.
      await vi.advanceTimersByTimeAsync(500)
      expect(h.authenticate).toHaveBeenCalledTimes(3)
      // Second failure asked for 20 s with Retry-After.
      await vi.advanceTimersByTimeAsync(19_999)
      expect(h.authenticate).toHaveBeenCalledTimes(3)
      await vi.advanceTimersByTimeAsync(1)
      expect(h.authenticate).toHaveBeenCalledTimes(4)
      expect(h.session.state.status).toBe('active')
      expect(h.session.accessToken?.token).toBe('token-2')
    })

    it('serves the still-valid token when an on-demand attempt inside the safety margin fails', async () => {
      const h = createHarness({
        failures: [undefined, transient(503)],
        reauthentication: { autoRefresh: false, backoff: { baseMs: 60_000, maxMs: 300_000 } },
      })
      await h.session.start()
      // 10 s left: under the 30 s margin, so the read tries first, fails, and still gets a token.
      vi.setSystemTime(Date.now() + 3_600_000 - 10_000)
      expect((await h.session.getAccessToken()).token).toBe('token-1')
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      // 1.9 s left: inside the 2 s serving margin, and the last attempt was 10 s ago: the read is
      // the next attempt (it succeeds), never the nearly expired token.
      vi.setSystemTime(Date.now() + 8_100)
      expect((await h.session.getAccessToken()).token).toBe('token-2')
      expect(h.authenticate).toHaveBeenCalledTimes(3)
    })

    it('never hands out a token inside the serving margin while attempts fail', async () => {
      const h = createHarness({
        failures: [undefined, transient(503), transient(503), transient(503)],
        reauthentication: { autoRefresh: false, backoff: { baseMs: 60_000, maxMs: 300_000 } },
        serverClock: { now: () => Date.now(), errorMs: () => 500 },
      })
      await h.session.start()
      const expire = h.session.accessToken?.expire ?? 0
      // 2.6 s left (> 2 s latency + 0.5 s clock error): the failing read still serves the token.
      vi.setSystemTime(expire - 2_600)
      expect((await h.session.getAccessToken()).token).toBe('token-1')
      // 2.4 s left: the token could expire before a request with it lands. The read's own
      // attempt fails and its error is thrown; the next reads get the pending error at once.
      vi.setSystemTime(expire - 2_400)
      await expect(h.session.getAccessToken()).rejects.toThrow('transient 503')
      await expect(h.session.getAccessToken()).rejects.toMatchObject({
        name: 'ReauthenticationPendingError',
      })
      expect(h.authenticate).toHaveBeenCalledTimes(3)
      expect(h.session.state).toMatchObject({
        status: 'reauthenticationPending',
        tokenValid: false,
      })
    })

    it('never signs out on 429, 5xx, 409, 402 or network errors', async () => {
      const errors = [
        transient(429),
        transient(500),
        transient(502),
        transient(409),
        transient(402),
        transient(undefined),
      ]
      const h = createHarness({ failures: [undefined, ...errors] })
      await h.session.start()
      await vi.advanceTimersByTimeAsync(3_600_000 * 2)
      expect(h.eventTypes()).not.toContain('signedOut')
      expect(h.session.state.status).toBe('active')
    })

    it('storm protection: reads with an expired token during backoff send nothing', async () => {
      const h = createHarness({
        failures: [undefined, transient(503), transient(503)],
        reauthentication: { backoff: { baseMs: 60_000, maxMs: 300_000 } },
      })
      await h.session.start()
      vi.setSystemTime(Date.now() + 3_600_000 + 1)
      await expect(h.session.getAccessToken()).rejects.toThrow('transient 503')
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      const results = await Promise.allSettled(
        Array.from({ length: 500 }, () => h.session.getAccessToken()),
      )
      expect(results.every((r) => r.status === 'rejected')).toBe(true)
      const reason = (results[0] as PromiseRejectedResult).reason
      expect(isEzError(reason) && reason.name).toBe('ReauthenticationPendingError')
      expect(h.authenticate).toHaveBeenCalledTimes(2)
    })

    it('retries at once when the device comes back online (but not faster than 1 s)', async () => {
      const h = createHarness({
        failures: [undefined, transient(undefined), transient(undefined)],
        reauthentication: { backoff: { baseMs: 60_000, maxMs: 300_000 } },
      })
      await h.session.start()
      await vi.advanceTimersByTimeAsync(3_300_000)
      expect(h.session.state.status).toBe('reauthenticationPending')
      // Too soon after the failed attempt: the storm guard holds.
      h.env.fire('online')
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(2)
      await vi.advanceTimersByTimeAsync(1_000)
      h.env.fire('online')
      h.env.fire('online')
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(3)
      h.env.fire('online')
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(3)
      await vi.advanceTimersByTimeAsync(1_000)
      h.env.fire('online')
      await vi.advanceTimersByTimeAsync(0)
      expect(h.authenticate).toHaveBeenCalledTimes(4)
      expect(h.session.state.status).toBe('active')
    })

    it.each([
      [
        'a bad password',
        Object.assign(new Error('x'), { status: 401, code: 'account.password.invalid' }),
      ],
      ['a ban', Object.assign(new Error('x'), { status: 401, code: 'account.banned.infinity' })],
      [
        'a deleted account',
        Object.assign(new Error('x'), { status: 404, code: 'account.account.notFound' }),
      ],
      ['a CredentialsRejectedError', new CredentialsRejectedError('no')],
    ])('signs out on %s, clears the cache and refuses tokens', async (_, error) => {
      const h = createHarness({ failures: [undefined, error] })
      await h.session.start()
      await vi.advanceTimersByTimeAsync(3_300_000)
      expect(h.session.state).toMatchObject({ status: 'signedOut', reason: 'rejected' })
      expect(h.events.at(-1)).toMatchObject({ type: 'signedOut', reason: 'rejected' })
      expect(h.session.accessToken).toBeNull()
      await expect(h.session.getAccessToken()).rejects.toMatchObject({ name: 'SignedOutError' })
      expect(await h.cache.read()).toBeUndefined()
      expect(vi.getTimerCount()).toBe(0)
      expect(h.env.listenerCount).toBe(0)
    })
  })

  describe('ensureFreshFor', () => {
    it('returns the current token when it outlives the match', async () => {
      const h = createHarness()
      await h.session.start()
      expect((await h.session.ensureFreshFor(10 * 60_000)).token).toBe('token-1')
      expect(h.authenticate).toHaveBeenCalledTimes(1)
    })

    it('re-authenticates first when the token would expire during the match', async () => {
      const h = createHarness()
      await h.session.start()
      vi.setSystemTime(Date.now() + 50 * 60_000)
      const token = await h.session.ensureFreshFor(20 * 60_000)
      expect(token.token).toBe('token-2')
      expect(token.expire - h.serverNow()).toBeGreaterThanOrEqual(20 * 60_000)
    })

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '60000', 24 * 3_600_000 + 1])(
      'rejects a bad duration (%s) naming the field',
      async (ms) => {
        const h = createHarness()
        await h.session.start()
        await expect(h.session.ensureFreshFor(ms as number)).rejects.toMatchObject({ field: 'ms' })
      },
    )

    it('call() rejects a non-function', async () => {
      const h = createHarness()
      await h.session.start()
      await expect(h.session.call('x' as never)).rejects.toMatchObject({ field: 'fn' })
    })

    it('refuses without a request when no token could last that long', async () => {
      const h = createHarness()
      await h.session.start()
      await expect(h.session.ensureFreshFor(2 * 3_600_000)).rejects.toMatchObject({
        name: 'TokenLifetimeTooShortError',
      })
      expect(h.authenticate).toHaveBeenCalledTimes(1)
    })
  })

  describe('events and lifecycle', () => {
    it('never awaits listeners: a throwing or hanging listener does not stall re-authentication', async () => {
      const h = createHarness()
      await h.session.start()
      h.session.events$.subscribe({
        next: () => {
          throw new Error('listener bug')
        },
        error: () => {},
      })
      h.session.state$.subscribe(() => {
        void new Promise(() => {})
      })
      vi.setSystemTime(Date.now() + 3_600_000 + 1)
      const token = await h.session.getAccessToken()
      expect(token.token).toBe('token-2')
      // rxjs reports the listener's throw asynchronously; swallow it.
      await vi.runOnlyPendingTimersAsync().catch(() => {})
    })

    it('a listener may call getAccessToken inside an event without deadlock', async () => {
      const h = createHarness()
      const seen: string[] = []
      h.session.events$.subscribe((event) => {
        if (event.type === 'reauthenticated')
          void h.session.getAccessToken().then((t) => seen.push(t.token))
      })
      await h.session.start()
      vi.setSystemTime(Date.now() + 3_600_000 + 1)
      await h.session.getAccessToken()
      await vi.advanceTimersByTimeAsync(0)
      expect(seen).toEqual(['token-2'])
    })

    it('creates no timer or listener before start()', () => {
      const h = createHarness()
      expect(vi.getTimerCount()).toBe(0)
      expect(h.env.listenerCount).toBe(0)
      expect(h.session.state.status).toBe('signedOut')
    })

    it('logout clears the token and cache, emits signedOut and calls the revoker', async () => {
      const revoker = vi.fn(async () => {})
      const forget = vi.fn(async () => {})
      const h = createHarness({ revoker, forget })
      await h.session.start()
      await h.session.logout({ revoke: true, forgetCredentials: true })
      expect(revoker).toHaveBeenCalledWith(expect.objectContaining({ token: 'token-1' }))
      expect(forget).toHaveBeenCalledTimes(1)
      expect(h.session.accessToken).toBeNull()
      expect(await h.cache.read()).toBeUndefined()
      expect(h.events.at(-1)).toEqual({ type: 'signedOut', reason: 'logout' })
      expect(vi.getTimerCount()).toBe(0)
      await expect(h.session.getAccessToken()).rejects.toMatchObject({
        name: 'SignedOutError',
        reason: 'logout',
      })
    })

    it('logout({ revoke: true }) without a revoker fails after signing out locally', async () => {
      const h = createHarness()
      await h.session.start()
      await expect(h.session.logout({ revoke: true })).rejects.toThrow(/signed out/)
      expect(h.session.state.status).toBe('signedOut')
    })

    it('logout during an in-flight re-authentication abandons it', async () => {
      const h = createHarness({ manual: true })
      const login = h.session.start()
      await vi.advanceTimersByTimeAsync(0)
      h.releaseAll()
      await login
      vi.setSystemTime(Date.now() + 3_600_000 + 1)
      const read = h.session.getAccessToken()
      await vi.advanceTimersByTimeAsync(0)
      const signal = h.authenticate.mock.calls[1]?.[1]
      await h.session.logout()
      expect(signal?.aborted).toBe(true)
      h.releaseAll()
      await expect(read).rejects.toMatchObject({ name: 'SignedOutError' })
      expect(h.session.accessToken).toBeNull()
    })

    it('dispose() stops every timer and listener and completes the streams, keeping the cache', async () => {
      const h = createHarness()
      await h.session.start()
      expect(vi.getTimerCount()).toBe(1)
      expect(h.env.listenerCount).toBeGreaterThan(0)
      let completed = false
      h.session.state$.subscribe({ complete: () => (completed = true) })
      await h.session[Symbol.asyncDispose]()
      expect(vi.getTimerCount()).toBe(0)
      expect(h.env.listenerCount).toBe(0)
      expect(completed).toBe(true)
      expect((await h.cache.read())?.token).toBe('token-1')
      await expect(h.session.getAccessToken()).rejects.toMatchObject({ name: 'DisposedError' })
    })
  })
})
