import { BasicGs2Credential, Gs2RestSession, ValidationError } from '@gs2ez/core'
import { startRecordingServer } from '@gs2ez/test-utils'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Gs2AuthRestClient } from '../gs2AuthRestClient.ts'
import { AUTH_LIMITS, DEFAULT_KEY_ID } from '../models/limits.ts'

let server: Awaited<ReturnType<typeof startRecordingServer>>
let session: Gs2RestSession
let client: Gs2AuthRestClient

const tokenResult = { token: 'access-token', userId: 'user-1', expire: 1_900_000_000_000 }

beforeAll(async () => {
  server = await startRecordingServer((request) =>
    request.url === '/auth/system/version'
      ? { body: { item: '2024-06-01' } }
      : { body: tokenResult },
  )
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  session?.close()
  server.received.length = 0
  session = new Gs2RestSession({
    credential: new BasicGs2Credential('client', 'secret'),
    endpointTemplate: server.endpointTemplate,
  })
  client = new Gs2AuthRestClient(session)
})

const s = (n: number) => 'x'.repeat(n)

/** Fails with a ValidationError naming field and limit, and nothing reached the server. */
const expectRejected = async (promise: Promise<unknown>, field: string, limit?: number) => {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ValidationError)
  expect(error).toMatchObject({ field, ...(limit === undefined ? {} : { limit }) })
  expect(server.received).toHaveLength(0)
}

describe('Gs2AuthRestClient wire format', () => {
  it('login: POST /login with userId and timeOffset, the time offset token as a header', async () => {
    await expect(
      client.login({ userId: 'user-1', timeOffset: 60, timeOffsetToken: 'tot' }),
    ).resolves.toEqual(tokenResult)
    const [request] = server.apiRequests()
    expect(request).toMatchObject({
      method: 'POST',
      url: '/auth/login',
      body: { userId: 'user-1', timeOffset: 60 },
    })
    expect(request?.headers['x-gs2-time-offset-token']).toBe('tot')
    expect(request?.headers.authorization).toBe('Bearer pt')
  })

  it('loginBySignature: POST /login/signed, keyId defaulting to the template', async () => {
    await client.loginBySignature({ body: 'b', signature: 's' })
    await client.loginBySignature({ keyId: 'my-key', body: 'b', signature: 's' })
    const [first, second] = server.apiRequests()
    expect(first).toMatchObject({
      method: 'POST',
      url: '/auth/login/signed',
      body: { keyId: DEFAULT_KEY_ID, body: 'b', signature: 's' },
    })
    expect(second?.body).toEqual({ keyId: 'my-key', body: 'b', signature: 's' })
  })

  it('federation: POST /federation with every key given, unset keys left out', async () => {
    await client.federation({
      originalUserId: 'a',
      userId: 'b',
      policyDocument: '{}',
      timeOffset: 0,
    })
    await client.federation({ originalUserId: 'a', userId: 'b' })
    const [full, bare] = server.apiRequests()
    expect(full).toMatchObject({
      method: 'POST',
      url: '/auth/federation',
      body: { originalUserId: 'a', userId: 'b', policyDocument: '{}', timeOffset: 0 },
    })
    expect(bare?.body).toEqual({ originalUserId: 'a', userId: 'b' })
  })

  it('issueTimeOffsetTokenByUserId: POST /timeoffset/token', async () => {
    await client.issueTimeOffsetTokenByUserId({ userId: 'u', timeOffset: 3600 })
    expect(server.apiRequests()[0]).toMatchObject({
      method: 'POST',
      url: '/auth/timeoffset/token',
      body: { userId: 'u', timeOffset: 3600 },
    })
  })

  it('getServiceVersion: GET /system/version', async () => {
    await expect(client.getServiceVersion()).resolves.toEqual({ item: '2024-06-01' })
    expect(server.apiRequests()[0]).toMatchObject({ method: 'GET', url: '/auth/system/version' })
  })

  it('does not forward stray option keys into the request', async () => {
    await client.login({ userId: 'u' }, { accessToken: 'smuggled' } as never)
    expect(server.apiRequests()[0]?.headers['x-gs2-access-token']).toBeUndefined()
  })

  it('rejects a non-session', () => {
    expect(() => new Gs2AuthRestClient({} as Gs2RestSession)).toThrow(ValidationError)
  })
})

describe('Gs2AuthRestClient limits (at the limit passes, one over fails before any request)', () => {
  it('login.userId', async () => {
    await client.login({ userId: s(AUTH_LIMITS.userId) })
    expect(server.apiRequests()).toHaveLength(1)
    server.received.length = 0
    await expectRejected(client.login({ userId: s(AUTH_LIMITS.userId + 1) }), 'userId', 128)
    await expectRejected(client.login({ userId: '' }), 'userId', 1)
  })

  it('login.timeOffset', async () => {
    await client.login({ userId: 'u', timeOffset: AUTH_LIMITS.timeOffsetMax })
    await client.login({ userId: 'u', timeOffset: AUTH_LIMITS.timeOffsetMin })
    expect(server.apiRequests()).toHaveLength(2)
    server.received.length = 0
    await expectRejected(
      client.login({ userId: 'u', timeOffset: AUTH_LIMITS.timeOffsetMax + 1 }),
      'timeOffset',
      315360000,
    )
    await expectRejected(client.login({ userId: 'u', timeOffset: -1 }), 'timeOffset', 0)
    await expectRejected(client.login({ userId: 'u', timeOffset: 0.5 }), 'timeOffset')
  })

  it('login.timeOffsetToken', async () => {
    await client.login({ userId: 'u', timeOffsetToken: s(AUTH_LIMITS.timeOffsetToken) })
    expect(server.apiRequests()).toHaveLength(1)
    server.received.length = 0
    await expectRejected(
      client.login({ userId: 'u', timeOffsetToken: s(AUTH_LIMITS.timeOffsetToken + 1) }),
      'timeOffsetToken',
      1024,
    )
  })

  it('loginBySignature.keyId, body and signature', async () => {
    await client.loginBySignature({
      keyId: s(AUTH_LIMITS.keyId),
      body: s(AUTH_LIMITS.body),
      signature: s(AUTH_LIMITS.signature),
    })
    expect(server.apiRequests()).toHaveLength(1)
    server.received.length = 0
    const ok = { body: 'b', signature: 's' }
    await expectRejected(
      client.loginBySignature({ ...ok, keyId: s(AUTH_LIMITS.keyId + 1) }),
      'keyId',
      1024,
    )
    await expectRejected(
      client.loginBySignature({ ...ok, body: s(AUTH_LIMITS.body + 1) }),
      'body',
      524288,
    )
    await expectRejected(
      client.loginBySignature({ ...ok, signature: s(AUTH_LIMITS.signature + 1) }),
      'signature',
      1024,
    )
    await expectRejected(client.loginBySignature({ ...ok, body: '' }), 'body', 1)
    await expectRejected(client.loginBySignature({ ...ok, signature: '' }), 'signature', 1)
  })

  it('federation.originalUserId, userId, policyDocument, timeOffset, timeOffsetToken', async () => {
    await client.federation({
      originalUserId: s(AUTH_LIMITS.originalUserId),
      userId: s(AUTH_LIMITS.userId),
      policyDocument: s(AUTH_LIMITS.policyDocument),
      timeOffset: AUTH_LIMITS.timeOffsetMax,
      timeOffsetToken: s(AUTH_LIMITS.timeOffsetToken),
    })
    expect(server.apiRequests()).toHaveLength(1)
    server.received.length = 0
    const ok = { originalUserId: 'a', userId: 'b' }
    await expectRejected(
      client.federation({ ...ok, originalUserId: s(AUTH_LIMITS.originalUserId + 1) }),
      'originalUserId',
      128,
    )
    await expectRejected(
      client.federation({ ...ok, userId: s(AUTH_LIMITS.userId + 1) }),
      'userId',
      128,
    )
    await expectRejected(
      client.federation({ ...ok, policyDocument: s(AUTH_LIMITS.policyDocument + 1) }),
      'policyDocument',
      524288,
    )
    await expectRejected(
      client.federation({ ...ok, timeOffset: AUTH_LIMITS.timeOffsetMax + 1 }),
      'timeOffset',
      315360000,
    )
    await expectRejected(
      client.federation({ ...ok, timeOffsetToken: s(AUTH_LIMITS.timeOffsetToken + 1) }),
      'timeOffsetToken',
      1024,
    )
  })

  it('issueTimeOffsetTokenByUserId.userId, timeOffset, timeOffsetToken', async () => {
    await client.issueTimeOffsetTokenByUserId({
      userId: s(AUTH_LIMITS.userId),
      timeOffset: AUTH_LIMITS.timeOffsetMax,
      timeOffsetToken: s(AUTH_LIMITS.timeOffsetToken),
    })
    expect(server.apiRequests()).toHaveLength(1)
    server.received.length = 0
    await expectRejected(
      client.issueTimeOffsetTokenByUserId({ userId: s(AUTH_LIMITS.userId + 1) }),
      'userId',
      128,
    )
    await expectRejected(
      client.issueTimeOffsetTokenByUserId({
        userId: 'u',
        timeOffset: AUTH_LIMITS.timeOffsetMax + 1,
      }),
      'timeOffset',
      315360000,
    )
    await expectRejected(
      client.issueTimeOffsetTokenByUserId({
        userId: 'u',
        timeOffsetToken: s(AUTH_LIMITS.timeOffsetToken + 1),
      }),
      'timeOffsetToken',
      1024,
    )
  })

  it('rejects missing or mistyped input with the field named', async () => {
    await expectRejected(client.login(undefined as never), 'login request')
    await expectRejected(client.login({ userId: 5 } as never), 'userId')
    await expectRejected(client.loginBySignature({ body: 'b' } as never), 'signature')
    await expectRejected(client.login({ userId: 'u' }, { timeoutMs: 0 }), 'timeoutMs', 1)
  })

  it('names the limit in the message', async () => {
    const error = await client.login({ userId: s(129) }).catch((e: unknown) => e)
    expect((error as Error).message).toBe('userId must be at most 128 characters (got 129)')
  })
})
