import { recordingTimers } from '@gs2ez/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { BasicGs2Credential, ProjectTokenGs2Credential } from '../credentials.ts'
import { Gs2RestSession, type Gs2RestSessionOptions } from '../gs2RestSession.ts'
import { fakeGs2Fetch, gs2ErrorBody, json, type Route } from './helpers/fakeGs2Fetch.ts'

const Result = z.object({ ok: z.boolean() })
const ok = () => json(200, { ok: true })

const setup = (route: Route, options: Partial<Gs2RestSessionOptions> = {}) => {
  const fake = fakeGs2Fetch(route)
  const { timers, delays } = recordingTimers()
  const session = new Gs2RestSession({
    // A fixed project token keeps login traffic out of these tests (renewal has its own file).
    credential: new ProjectTokenGs2Credential('client', 'pt'),
    endpointTemplate: 'http://gs2.test/{service}',
    fetch: fake.fetch,
    timers,
    random: () => 0.5,
    timeoutMs: 1000,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  })
  // Backoff sleeps are the delays that are not the 1000 ms per-attempt timeout.
  const backoffs = () => delays.filter((d) => d !== 1000)
  return { fake, session, backoffs }
}

const call = (session: Gs2RestSession, extra: Record<string, unknown> = {}) =>
  session.request({
    service: 'account',
    method: 'POST',
    path: '/ns/account',
    schema: Result,
    ...extra,
  })

const settle = async <T>(promise: Promise<T>) => {
  const result = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
  // Bounded: a logged-in session keeps a renewal timer an hour out, so "run all" would never end.
  await vi.advanceTimersByTimeAsync(60_000)
  return result
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('retries', () => {
  it.each([402, 409, 500, 502, 503, 504, 429])(
    'retries %i with jittered exponential backoff until it succeeds',
    async (status) => {
      let n = 0
      const { fake, session, backoffs } = setup(() => (++n < 4 ? json(status, {}) : ok()))
      expect(await settle(call(session))).toEqual({ value: { ok: true } })
      expect(fake.apiCalls()).toHaveLength(4)
      // random 0.5: 3/4 of 100, 200, 400
      expect(backoffs()).toEqual([75, 150, 300])
    },
  )

  it.each([400, 401, 404, 403])('does not retry %i', async (status) => {
    const { fake, session } = setup(() => json(status, gs2ErrorBody('x', 'some.code')))
    const { error } = (await settle(call(session))) as { error: { status: number } }
    expect(error.status).toBe(status)
    expect(fake.apiCalls()).toHaveLength(1)
  })

  it('gives up after maxAttempts with the last error', async () => {
    const { fake, session } = setup(() => json(503, gs2ErrorBody('x', 'service.down')))
    const { error } = (await settle(call(session))) as { error: unknown }
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', code: 'service.down' })
    expect(fake.apiCalls()).toHaveLength(4)
  })

  it('retries network errors', async () => {
    let n = 0
    const { fake, session } = setup(() => {
      if (++n === 1) throw new TypeError('fetch failed')
      return ok()
    })
    expect(await settle(call(session))).toEqual({ value: { ok: true } })
    expect(fake.apiCalls()).toHaveLength(2)
  })

  it('surfaces NetworkError with the cause once retries run out', async () => {
    const cause = new TypeError('fetch failed')
    const { session } = setup(() => {
      throw cause
    })
    const { error } = (await settle(call(session, { retry: 1 }))) as { error: Error }
    expect(error).toMatchObject({ name: 'NetworkError', retryable: true, status: undefined })
    expect(error.cause).toBeDefined()
  })

  it('honours Retry-After in seconds instead of the backoff', async () => {
    let n = 0
    const { session, backoffs } = setup(() =>
      ++n === 1 ? json(503, {}, { 'retry-after': '3' }) : ok(),
    )
    expect(await settle(call(session))).toEqual({ value: { ok: true } })
    expect(backoffs()).toEqual([3000])
  })

  it('honours Retry-After as an HTTP date', async () => {
    const now = Date.UTC(2030, 0, 1)
    vi.setSystemTime(now)
    let n = 0
    const { session, backoffs } = setup(() =>
      ++n === 1
        ? json(
            429,
            {},
            {
              'retry-after': new Date(now + 2000).toUTCString(),
              date: new Date(now).toUTCString(),
            },
          )
        : ok(),
    )
    expect(await settle(call(session))).toEqual({ value: { ok: true } })
    expect(backoffs()).toEqual([2000])
  })

  it('does not wait for a Retry-After beyond maxRetryAfterMs; the error carries it', async () => {
    const { fake, session } = setup(() => json(503, {}, { 'retry-after': '3600' }))
    const { error } = (await settle(call(session))) as { error: unknown }
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', retryAfterMs: 3_600_000 })
    expect(fake.apiCalls()).toHaveLength(1)
  })

  it('never retries a non-idempotent request', async () => {
    const { fake, session } = setup(() => json(503, {}))
    const { error } = (await settle(call(session, { idempotent: false }))) as { error: unknown }
    expect(error).toMatchObject({ name: 'ServiceUnavailableError' })
    expect(fake.apiCalls()).toHaveLength(1)
  })

  it('follows the per-call retry option', async () => {
    const { fake, session } = setup(() => json(500, {}))
    await settle(call(session, { retry: false }))
    expect(fake.apiCalls()).toHaveLength(1)
    await settle(call(session, { retry: 1 }))
    expect(fake.apiCalls()).toHaveLength(3)
  })

  it('stops waiting between retries when the caller aborts', async () => {
    const { fake, session } = setup(() => json(503, {}, { 'retry-after': '10' }))
    const controller = new AbortController()
    const result = call(session, { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(5000)
    controller.abort('user left')
    const error = await result
    expect(error).toMatchObject({ name: 'AbortError', code: 'gs2ez.aborted', cause: 'user left' })
    expect(fake.apiCalls()).toHaveLength(1)
  })
})

describe('401 and the project token', () => {
  const basic = (route: Route) =>
    setup(route, { credential: new BasicGs2Credential('client', 'secret') })

  it('logs in again once and replays when a project-token call gets 401', async () => {
    const { fake, session } = basic((c) =>
      c.headers.get('authorization') === 'Bearer project-token-1'
        ? json(401, gs2ErrorBody('projectToken', 'identifier.projectToken.invalid'))
        : ok(),
    )
    expect(await settle(call(session))).toEqual({ value: { ok: true } })
    expect(fake.logins).toBe(2)
    expect(fake.apiCalls().map((c) => c.headers.get('authorization'))).toEqual([
      'Bearer project-token-1',
      'Bearer project-token-2',
    ])
    session.close()
  })

  it('replays even a non-idempotent request: a 401 means it did not run', async () => {
    let n = 0
    const { fake, session } = basic(() => (++n === 1 ? json(401, {}) : ok()))
    expect(await settle(call(session, { idempotent: false }))).toEqual({ value: { ok: true } })
    expect(fake.logins).toBe(2)
    session.close()
  })

  it('replays only once', async () => {
    const { fake, session } = basic(() => json(401, {}))
    const { error } = (await settle(call(session))) as { error: unknown }
    expect(error).toMatchObject({ name: 'UnauthorizedError' })
    expect(fake.logins).toBe(2)
    expect(fake.apiCalls()).toHaveLength(2)
    session.close()
  })

  it('leaves a user access-token 401 to the caller', async () => {
    const { fake, session } = basic(() =>
      json(401, gs2ErrorBody('accessToken', 'auth.accessToken.expired')),
    )
    const { error } = (await settle(call(session, { accessToken: 'user-token' }))) as {
      error: unknown
    }
    expect(error).toMatchObject({ name: 'UnauthorizedError', code: 'auth.accessToken.expired' })
    expect(fake.logins).toBe(1)
    session.close()
  })

  it.each([
    ['password', 'account.password.invalid'],
    ['account', 'account.banned.infinity'],
    ['Authorization', 'identifier.credential.untrusted'],
  ])('leaves non-token 401s (%s: %s) to the caller', async (component, code) => {
    const { fake, session } = basic(() => json(401, gs2ErrorBody(component, code)))
    const { error } = (await settle(call(session))) as { error: unknown }
    expect(error).toMatchObject({ name: 'UnauthorizedError', code })
    expect(fake.logins).toBe(1)
    expect(fake.apiCalls()).toHaveLength(1)
    session.close()
  })

  it('cannot renew a fixed project token: the 401 surfaces', async () => {
    const { fake, session } = setup(() => json(401, {}))
    const { error } = (await settle(call(session))) as { error: unknown }
    expect(error).toMatchObject({ name: 'UnauthorizedError' })
    expect(fake.apiCalls()).toHaveLength(1)
  })
})
