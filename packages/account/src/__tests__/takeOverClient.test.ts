import { BasicGs2Credential, Gs2RestSession, ValidationError } from '@gs2ez/core'
import { startRecordingServer } from '@gs2ez/test-utils'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Gs2AccountRestClient } from '../gs2AccountRestClient.ts'
import { TAKE_OVER_LIMITS as L } from '../models/takeOverLimits.ts'

// The takeover calls put on the wire exactly what the official SDK's Gs2AccountRestClient
// sends (paths, methods, body keys, the access token header), and nothing on bad input.

let server: Awaited<ReturnType<typeof startRecordingServer>>
let session: Gs2RestSession
let client: Gs2AccountRestClient
let status = 200

const takeOver = {
  takeOverId: 'grn:gs2:ap-northeast-1:o:account:ns:takeOver:0:player@example.com',
  userId: 'u',
  type: 0,
  userIdentifier: 'player@example.com',
  password: null,
  createdAt: 1_700_000_000_000,
  revision: 1,
}
const account = {
  accountId: 'grn:gs2:ap-northeast-1:o:account:ns:account:u',
  userId: 'u',
  password: 'p'.repeat(32),
  timeOffset: 0,
  banStatuses: [],
  banned: false,
  lastAuthenticatedAt: null,
  createdAt: 1_700_000_000_000,
  revision: 2,
}

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    if (status !== 200) {
      return {
        status,
        body: {
          message: JSON.stringify([{ component: 'takeOver', message: 'x', code: 'account.x' }]),
        },
      }
    }
    if (request.url.includes('/takeover/type/') && !request.url.includes('/me/')) {
      return { body: { item: account } }
    }
    if (request.method === 'GET' && request.url.split('?')[0]?.endsWith('/takeover')) {
      return { body: { items: null, nextPageToken: null } }
    }
    return { body: { item: takeOver } }
  })
})
afterAll(async () => {
  session?.close()
  await server.close()
})
beforeEach(() => {
  session?.close()
  status = 200
  server.received.length = 0
  session = new Gs2RestSession({
    credential: new BasicGs2Credential('client', 'secret'),
    endpointTemplate: server.endpointTemplate,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
  })
  client = new Gs2AccountRestClient(session)
})

const me = { namespaceName: 'ns', accessToken: 'player-token' }

describe('takeover wire format', () => {
  it('createTakeOver: POST /{ns}/account/me/takeover with the access token', async () => {
    await expect(
      client.createTakeOver({
        ...me,
        type: 0,
        userIdentifier: 'player@example.com',
        password: 'pw',
      }),
    ).resolves.toEqual({ item: takeOver })
    const [request] = server.apiRequests()
    expect(request).toMatchObject({
      method: 'POST',
      url: '/account/ns/account/me/takeover',
      body: { type: 0, userIdentifier: 'player@example.com', password: 'pw' },
    })
    expect(request?.headers['x-gs2-access-token']).toBe('player-token')
  })

  it('describeTakeOvers: GET with pageToken and limit only when given; null items read as []', async () => {
    await expect(client.describeTakeOvers(me)).resolves.toEqual({ items: [], nextPageToken: null })
    await client.describeTakeOvers({ ...me, pageToken: 'next', limit: 2 })
    expect(server.apiRequests().map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /account/ns/account/me/takeover',
      'GET /account/ns/account/me/takeover?pageToken=next&limit=2',
    ])
    expect(server.apiRequests()[1]?.headers['x-gs2-access-token']).toBe('player-token')
  })

  it('getTakeOver, updateTakeOver, deleteTakeOver: /{ns}/account/me/takeover/type/{type}', async () => {
    await client.getTakeOver({ ...me, type: 1024 })
    await client.updateTakeOver({ ...me, type: 3, oldPassword: 'old', password: 'new' })
    await client.deleteTakeOver({ ...me, type: 0 })
    const requests = server.apiRequests()
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /account/ns/account/me/takeover/type/1024',
      'PUT /account/ns/account/me/takeover/type/3',
      'DELETE /account/ns/account/me/takeover/type/0',
    ])
    expect(requests[1]?.body).toEqual({ oldPassword: 'old', password: 'new' })
    expect(requests.every((r) => r.headers['x-gs2-access-token'] === 'player-token')).toBe(true)
  })

  it('doTakeOver: POST /{ns}/takeover/type/{type}, no access token, answers the Account', async () => {
    await expect(
      client.doTakeOver({
        namespaceName: 'ns',
        type: 0,
        userIdentifier: 'player@example.com',
        password: 'pw',
      }),
    ).resolves.toEqual({ item: account })
    const [request] = server.apiRequests()
    expect(request).toMatchObject({
      method: 'POST',
      url: '/account/ns/takeover/type/0',
      body: { userIdentifier: 'player@example.com', password: 'pw' },
    })
    expect(request?.headers['x-gs2-access-token']).toBeUndefined()
  })

  it('register, update and delete are not retried; reads and doTakeOver are', async () => {
    status = 503
    const calls: [string, () => Promise<unknown>, number][] = [
      [
        'create',
        () => client.createTakeOver({ ...me, type: 0, userIdentifier: 'u', password: 'p' }),
        1,
      ],
      [
        'update',
        () => client.updateTakeOver({ ...me, type: 0, oldPassword: 'a', password: 'b' }),
        1,
      ],
      ['delete', () => client.deleteTakeOver({ ...me, type: 0 }), 1],
      ['get', () => client.getTakeOver({ ...me, type: 0 }), 3],
      [
        'doTakeOver',
        () =>
          client.doTakeOver({ namespaceName: 'ns', type: 0, userIdentifier: 'u', password: 'p' }),
        3,
      ],
    ]
    for (const [name, call, attempts] of calls) {
      server.received.length = 0
      await expect(call(), name).rejects.toMatchObject({ name: 'ServiceUnavailableError' })
      expect(server.apiRequests(), name).toHaveLength(attempts)
    }
  })
})

describe('takeover limits, before any request', () => {
  const expectRejected = async (promise: Promise<unknown>, field: string, limit?: number) => {
    const error = await promise.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ field, ...(limit === undefined ? {} : { limit }) })
    expect(server.received).toHaveLength(0)
  }
  const s = (n: number) => 'x'.repeat(n)
  const create = { ...me, type: 0, userIdentifier: 'u', password: 'p' }

  it('type is a whole number in 0..1024', async () => {
    await expectRejected(client.createTakeOver({ ...create, type: L.typeMin - 1 }), 'type', 0)
    await expectRejected(client.getTakeOver({ ...me, type: L.typeMax + 1 }), 'type', 1024)
    await expectRejected(client.deleteTakeOver({ ...me, type: 0.5 }), 'type')
    await expectRejected(
      client.doTakeOver({
        namespaceName: 'ns',
        type: Number.NaN,
        userIdentifier: 'u',
        password: 'p',
      }),
      'type',
    )
    // @ts-expect-error: a string type is refused at runtime too
    await expectRejected(client.getTakeOver({ ...me, type: '1' }), 'type')
  })

  it('userIdentifier 1..1024, passwords 1..128, accessToken 1..1024 visible ASCII', async () => {
    await expectRejected(
      client.createTakeOver({ ...create, userIdentifier: '' }),
      'userIdentifier',
      1,
    )
    await expectRejected(
      client.createTakeOver({ ...create, userIdentifier: s(L.userIdentifier + 1) }),
      'userIdentifier',
      1024,
    )
    await expectRejected(
      client.createTakeOver({ ...create, password: s(L.password + 1) }),
      'password',
      128,
    )
    await expectRejected(
      client.updateTakeOver({ ...me, type: 0, oldPassword: '', password: 'p' }),
      'oldPassword',
      1,
    )
    await expectRejected(
      client.updateTakeOver({ ...me, type: 0, oldPassword: 'p', password: s(129) }),
      'password',
      128,
    )
    await expectRejected(
      client.doTakeOver({ namespaceName: 'ns', type: 0, userIdentifier: 'u', password: s(129) }),
      'password',
      128,
    )
    await expectRejected(client.getTakeOver({ ...me, type: 0, accessToken: '' }), 'accessToken', 1)
    await expectRejected(
      client.getTakeOver({ ...me, type: 0, accessToken: s(L.accessToken + 1) }),
      'accessToken',
      1024,
    )
    await expectRejected(
      client.getTakeOver({ ...me, type: 0, accessToken: 'a\r\nX-Injected: 1' }),
      'accessToken',
    )
    await expectRejected(
      client.describeTakeOvers({ ...me, pageToken: s(L.pageToken + 1) }),
      'pageToken',
      1024,
    )
    await expectRejected(client.describeTakeOvers({ ...me, limit: L.limitMin - 1 }), 'limit', 1)
    await expectRejected(client.describeTakeOvers({ ...me, limit: L.limitMax + 1 }), 'limit', 1000)
    await expectRejected(
      client.doTakeOver({ namespaceName: 'a/b', type: 0, userIdentifier: 'u', password: 'p' }),
      'namespaceName',
    )
    // @ts-expect-error: a missing request is a typed error, not a crash
    await expectRejected(client.doTakeOver(undefined), 'doTakeOver request')
  })

  it('accepts the boundaries', async () => {
    await client.createTakeOver({
      ...create,
      type: L.typeMax,
      userIdentifier: s(L.userIdentifier),
      password: s(L.password),
    })
    await client.describeTakeOvers({ ...me, limit: L.limitMax, pageToken: s(L.pageToken) })
    await client.getTakeOver({ ...me, type: L.typeMin, accessToken: s(L.accessToken) })
    expect(server.apiRequests()).toHaveLength(3)
  })
})
