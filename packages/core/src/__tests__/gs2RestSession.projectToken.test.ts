import { recordingTimers } from '@gs2ez/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { BasicGs2Credential } from '../credentials.ts'
import { Gs2RestSession, type Gs2RestSessionOptions } from '../gs2RestSession.ts'
import type { Timers } from '../sideEffects.ts'
import {
  fakeGs2Fetch,
  gs2ErrorBody,
  hangingResponse,
  json,
  loginResponse,
  type Route,
} from './helpers/fakeGs2Fetch.ts'

const Result = z.object({ ok: z.boolean() })
const ok = () => json(200, { ok: true })

const setup = (route: Route = ok, login?: Route, options: Partial<Gs2RestSessionOptions> = {}) => {
  const fake = fakeGs2Fetch(route, login)
  const counting = recordingTimers()
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential('client', 'secret'),
    endpointTemplate: 'http://gs2.test/{service}',
    fetch: fake.fetch,
    timers: counting.timers,
    random: () => 0,
    retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100 },
    ...options,
  })
  return { fake, session, counting }
}

const call = (session: Gs2RestSession) =>
  session.request({ service: 'auth', method: 'GET', path: '/system/version', schema: Result })

const HOUR = 3_600_000

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(Date.UTC(2030, 0, 1))
})
afterEach(() => {
  vi.useRealTimers()
})

describe('project token', () => {
  it('starts no timer and sends nothing before first use', () => {
    const { fake, counting } = setup()
    expect(counting.set).toBe(0)
    expect(fake.calls).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('shares one login between concurrent callers (single flight)', async () => {
    const { fake, session } = setup(ok, async () => {
      await new Promise((r) => setTimeout(r, 50))
      return loginResponse('shared')
    })
    const all = Promise.all([session.connect(), session.connect(), call(session), call(session)])
    await vi.advanceTimersByTimeAsync(50)
    await all
    expect(fake.logins).toBe(1)
    expect(fake.apiCalls().map((c) => c.headers.get('authorization'))).toEqual([
      'Bearer shared',
      'Bearer shared',
    ])
    session.close()
  })

  it('renews the token before it expires, on a timer', async () => {
    const { fake, session } = setup()
    await session.connect()
    expect(fake.logins).toBe(1)
    // 1 h token: renewed 5 min before expiry.
    await vi.advanceTimersByTimeAsync(HOUR - 300_001)
    expect(fake.logins).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.logins).toBe(2)
    await call(session)
    expect(fake.apiCalls()[0]?.headers.get('authorization')).toBe('Bearer project-token-2')
    // And again for the renewed token.
    await vi.advanceTimersByTimeAsync(HOUR - 300_000)
    expect(fake.logins).toBe(3)
    session.close()
  })

  it('renews short-lived tokens at 90% of their lifetime', async () => {
    const { fake, session } = setup(ok, () => loginResponse('short', 100))
    await session.connect()
    await vi.advanceTimersByTimeAsync(89_999)
    expect(fake.logins).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.logins).toBe(2)
    session.close()
  })

  it('renews lazily when the timer could not run (suspended tab)', async () => {
    let now = Date.UTC(2030, 0, 1)
    const never: Timers = { setTimeout: () => 0, clearTimeout: () => {} }
    const fake = fakeGs2Fetch(ok)
    const session = new Gs2RestSession({
      credential: new BasicGs2Credential('client', 'secret'),
      endpointTemplate: 'http://gs2.test/{service}',
      fetch: fake.fetch,
      clock: { now: () => now },
      timers: never,
    })
    await call(session)
    // Inside the renewal window: this call goes out at once with the still-valid token, and a
    // renewal starts in the background.
    now += HOUR - 299_000
    await call(session)
    expect(fake.logins).toBe(2)
    // Let the background login finish (it needs no timer, only the event loop).
    await vi.advanceTimersByTimeAsync(1)
    await call(session)
    // Past expiry (the laptop slept): the call waits for a fresh token.
    now += HOUR + 1
    await call(session)
    expect(fake.logins).toBe(3)
    expect(fake.apiCalls().map((c) => c.headers.get('authorization'))).toEqual([
      'Bearer project-token-1',
      'Bearer project-token-1',
      'Bearer project-token-2',
      'Bearer project-token-3',
    ])
    session.close()
  })

  it('keeps using the old token while it is valid if an early renewal fails', async () => {
    let logins = 0
    const { fake, session } = setup(ok, () =>
      ++logins === 1 ? loginResponse('first') : json(503, {}),
    )
    await session.connect()
    await vi.advanceTimersByTimeAsync(HOUR - 300_000 + 1_000)
    expect(fake.logins).toBeGreaterThanOrEqual(3) // renewal attempt + its retry
    await call(session)
    expect(fake.apiCalls()[0]?.headers.get('authorization')).toBe('Bearer first')
    session.close()
  })

  it('retries a failed background renewal before the token expires', async () => {
    let logins = 0
    const { fake, session } = setup(ok, () =>
      ++logins === 2 || logins === 3 ? json(503, {}) : loginResponse(`t${logins}`),
    )
    await session.connect()
    await vi.advanceTimersByTimeAsync(HOUR - 300_000 + 100)
    expect(logins).toBe(3)
    // Next try 30 s later succeeds.
    await vi.advanceTimersByTimeAsync(30_000)
    expect(logins).toBe(4)
    await call(session)
    expect(fake.apiCalls()[0]?.headers.get('authorization')).toBe('Bearer t4')
    session.close()
  })

  it('surfaces a rejected login as a typed error', async () => {
    const { session } = setup(ok, () =>
      json(401, gs2ErrorBody('client', 'identifier.user.invalid', 'bad secret')),
    )
    await expect(session.connect()).rejects.toMatchObject({
      name: 'UnauthorizedError',
      code: 'identifier.user.invalid',
    })
    await expect(call(session)).rejects.toMatchObject({ name: 'UnauthorizedError' })
  })

  it('lets one caller abort its wait without cancelling the shared login', async () => {
    const { fake, session } = setup(ok, async () => {
      await new Promise((r) => setTimeout(r, 100))
      return loginResponse('shared')
    })
    const controller = new AbortController()
    const aborted = session.connect({ signal: controller.signal }).catch((e: unknown) => e)
    const patient = session.connect()
    controller.abort()
    expect(await aborted).toMatchObject({ name: 'AbortError' })
    await vi.advanceTimersByTimeAsync(100)
    await patient
    expect(fake.logins).toBe(1)
    session.close()
  })

  it('close() stops the renewal timer', async () => {
    const { fake, session, counting } = setup()
    await session.connect()
    session.close()
    expect(counting.cleared).toBeGreaterThan(0)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(2 * HOUR)
    expect(fake.logins).toBe(1)
  })

  it('close() during a login discards its result', async () => {
    const { fake, session } = setup(ok, hangingResponse)
    const connecting = session.connect().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1)
    session.close()
    expect(await connecting).toMatchObject({ name: 'SessionClosedError' })
    expect(fake.logins).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
  })
})
