import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { BasicGs2Credential, ProjectTokenGs2Credential } from '../credentials.ts'
import { isGs2Error } from '../errors/gs2Error.ts'
import { Gs2RestSession, type Gs2RestSessionOptions } from '../gs2RestSession.ts'
import { fakeGs2Fetch, gs2ErrorBody, json, type Route } from './helpers/fakeGs2Fetch.ts'

const Result = z.object({ token: z.string(), userId: z.string(), expire: z.number() })
const ok = () => json(200, { token: 't', userId: 'u', expire: 1 })

const setup = (route: Route, options: Partial<Gs2RestSessionOptions> = {}) => {
  const fake = fakeGs2Fetch(route)
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential('client', 'secret'),
    endpointTemplate: 'http://gs2.test/{service}',
    fetch: fake.fetch,
    random: () => 0.5,
    ...options,
  })
  return { fake, session }
}

const login = (session: Gs2RestSession, extra: Record<string, unknown> = {}) =>
  session.request({
    service: 'auth',
    method: 'POST',
    path: '/login',
    body: { userId: 'u' },
    schema: Result,
    ...extra,
  })

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Gs2RestSession.request', () => {
  it('logs in first, then sends the GS2 headers and the JSON body', async () => {
    const { fake, session } = setup(ok)
    await expect(
      login(session, {
        accessToken: 'at',
        timeOffsetToken: 'tot',
        duplicationAvoider: 'dup',
        requestId: 'rid',
        query: { a: 1, b: undefined, c: true },
      }),
    ).resolves.toEqual({ token: 't', userId: 'u', expire: 1 })

    const [loginCall, call] = fake.calls
    expect(loginCall?.url).toBe('http://gs2.test/identifier/projectToken/login')
    expect(loginCall?.method).toBe('POST')
    expect(JSON.parse(loginCall?.body ?? '')).toEqual({
      client_id: 'client',
      client_secret: 'secret',
    })
    expect(loginCall?.headers.get('authorization')).toBeNull()
    // No official SDK sends the client id header on the login: it is in the body.
    expect(loginCall?.headers.get('x-gs2-client-id')).toBeNull()

    expect(call?.url).toBe('http://gs2.test/auth/login?a=1&c=true')
    expect(call?.method).toBe('POST')
    expect(JSON.parse(call?.body ?? '')).toEqual({ userId: 'u' })
    expect(Object.fromEntries(call?.headers ?? [])).toMatchObject({
      'x-gs2-client-id': 'client',
      authorization: 'Bearer project-token-1',
      'x-gs2-access-token': 'at',
      'x-gs2-time-offset-token': 'tot',
      'x-gs2-duplication-avoider': 'dup',
      'x-gs2-request-id': 'rid',
      'content-type': 'application/json',
    })
    expect(session.ownerId).toBe('owner-1')
    session.close()
  })

  it('sends X-GS2-REQUEST-ID only when the caller gives one, the same on every retry', async () => {
    let n = 0
    const { fake, session } = setup(() => (++n % 2 === 1 ? json(503, {}) : ok()))
    for (const extra of [{}, { requestId: 'rid-1' }]) {
      const pending = login(session, extra)
      await vi.advanceTimersByTimeAsync(60_000)
      await pending
    }
    // The login, then two attempts without an id, then two with the caller's.
    expect(fake.calls.map((c) => c.headers.get('x-gs2-request-id'))).toEqual([
      null,
      null,
      null,
      'rid-1',
      'rid-1',
    ])
    session.close()
  })

  it('maps a GS2 error body to a typed error with status, component and code', async () => {
    const { session } = setup(() =>
      json(401, gs2ErrorBody('password', 'account.password.invalid', 'wrong password')),
    )
    const error = await login(session).catch((e: unknown) => e)
    expect(isGs2Error(error, 'UnauthorizedError')).toBe(true)
    expect(error).toMatchObject({
      status: 401,
      code: 'account.password.invalid',
      component: 'password',
      retryable: false,
    })
    session.close()
  })

  it('fails with Gs2SchemaError, not retried, when a 200 body does not match', async () => {
    const { fake, session } = setup(() => json(200, { token: 5 }))
    const error = await login(session).catch((e: unknown) => e)
    expect(isGs2Error(error, 'Gs2SchemaError')).toBe(true)
    expect(error).toMatchObject({ status: 200, retryable: false })
    expect((error as Error).message).toContain('token')
    expect(fake.apiCalls()).toHaveLength(1)

    const { session: s2 } = setup(() => new Response('not json', { status: 200 }))
    await expect(login(s2)).rejects.toMatchObject({ name: 'Gs2SchemaError' })
    session.close()
    s2.close()
  })

  it('records server time from Date headers', async () => {
    const server = Date.UTC(2030, 0, 1, 0, 0, 0)
    vi.setSystemTime(server - 42_000)
    const { session } = setup(() =>
      json(200, { token: 't', userId: 'u', expire: 1 }, { date: new Date(server).toUTCString() }),
    )
    await login(session)
    expect(session.serverClock.samples).toBe(1)
    // Send and receive at the same fake instant: offset in [42 000, 43 000].
    expect(session.serverClock.offsetMs).toBe(42_500)
    session.close()
  })

  it('uses a project token credential as is, without logging in', async () => {
    const { fake, session } = setup(ok, {
      credential: new ProjectTokenGs2Credential('client', 'given-token'),
    })
    await session.connect()
    await login(session)
    expect(fake.logins).toBe(0)
    expect(fake.calls[0]?.headers.get('authorization')).toBe('Bearer given-token')
    expect(session.ownerId).toBeUndefined()
    session.close()
  })

  it('fails calls after close() with SessionClosedError', async () => {
    const { fake, session } = setup(ok)
    session.close()
    session.close()
    await expect(login(session)).rejects.toMatchObject({ name: 'SessionClosedError' })
    await expect(session.connect()).rejects.toMatchObject({ name: 'SessionClosedError' })
    expect(fake.calls).toHaveLength(0)
  })
})
