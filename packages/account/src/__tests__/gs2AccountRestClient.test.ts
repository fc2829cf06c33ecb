import { BasicGs2Credential, type CallOptions, Gs2RestSession, ValidationError } from '@gs2ez/core'
import { startRecordingServer } from '@gs2ez/test-utils'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Gs2AccountRestClient } from '../gs2AccountRestClient.ts'
import { ACCOUNT_LIMITS, DEFAULT_ACCOUNT_KEY_ID } from '../models/limits.ts'

let server: Awaited<ReturnType<typeof startRecordingServer>>
let session: Gs2RestSession
let client: Gs2AccountRestClient

const account = {
  accountId: 'grn:gs2:ap-northeast-1:o:account:ns:account:u',
  userId: 'u',
  password: null,
  timeOffset: 0,
  banStatuses: [],
  banned: false,
  lastAuthenticatedAt: null,
  createdAt: 1_700_000_000_000,
  revision: 1,
}
let status = 200

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    if (status !== 200) {
      return {
        status,
        body: {
          message: JSON.stringify([{ component: 'account', message: 'x', code: 'account.x' }]),
        },
      }
    }
    return request.method === 'PUT'
      ? { body: { item: account, banStatuses: null, body: 'signed-body', signature: 'sig' } }
      : { body: { item: account } }
  })
})
afterAll(async () => {
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

const s = (n: number) => 'x'.repeat(n)

const expectRejected = async (promise: Promise<unknown>, field: string, limit?: number) => {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ValidationError)
  expect(error).toMatchObject({ field, ...(limit === undefined ? {} : { limit }) })
  expect(server.received).toHaveLength(0)
}

describe('Gs2AccountRestClient wire format', () => {
  it('createAccount: POST /{ns}/account', async () => {
    await expect(client.createAccount({ namespaceName: 'game-0001' })).resolves.toEqual({
      item: account,
    })
    expect(server.apiRequests()[0]).toMatchObject({
      method: 'POST',
      url: '/account/game-0001/account',
    })
  })

  it('createAccount is sent once, even when retries are asked for, and never with an avoider', async () => {
    status = 503
    await expect(client.createAccount({ namespaceName: 'ns' })).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    })
    await expect(client.createAccount({ namespaceName: 'ns' }, { retry: 5 })).rejects.toMatchObject(
      { name: 'ServiceUnavailableError' },
    )
    const requests = server.apiRequests()
    expect(requests).toHaveLength(2)
    for (const r of requests) expect(r.headers).not.toHaveProperty('x-gs2-duplication-avoider')
  })

  it('authentication: PUT /{ns}/account/{userId} with keyId and password', async () => {
    await expect(
      client.authentication({
        namespaceName: 'ns',
        userId: 'u',
        password: 'p',
        timeOffsetToken: 'tot',
      }),
    ).resolves.toEqual({ item: account, banStatuses: [], body: 'signed-body', signature: 'sig' })
    const [request] = server.apiRequests()
    expect(request).toMatchObject({
      method: 'PUT',
      url: '/account/ns/account/u',
      body: { keyId: DEFAULT_ACCOUNT_KEY_ID, password: 'p' },
    })
    expect(request?.headers['x-gs2-time-offset-token']).toBe('tot')
  })

  it('getAccount and deleteAccount: GET and DELETE /{ns}/account/{userId}', async () => {
    await client.getAccount({ namespaceName: 'ns', userId: 'u' })
    await client.deleteAccount({ namespaceName: 'ns', userId: 'u' })
    expect(server.apiRequests().map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /account/ns/account/u',
      'DELETE /account/ns/account/u',
    ])
  })

  it('encodes path values', async () => {
    await client.getAccount({ namespaceName: 'ns', userId: 'a b%' })
    expect(server.apiRequests()[0]?.url).toBe('/account/ns/account/a%20b%25')
  })

  it('rejects a non-session', () => {
    expect(() => new Gs2AccountRestClient(null as never)).toThrow(ValidationError)
  })
})

describe('Gs2AccountRestClient limits (at the limit passes, one over fails before any request)', () => {
  it('namespaceName on every call', async () => {
    const ns = s(ACCOUNT_LIMITS.namespaceName)
    await client.createAccount({ namespaceName: ns })
    await client.authentication({ namespaceName: ns, userId: 'u', password: 'p' })
    await client.getAccount({ namespaceName: ns, userId: 'u' })
    await client.deleteAccount({ namespaceName: ns, userId: 'u' })
    expect(server.apiRequests()).toHaveLength(4)
    server.received.length = 0
    const over = s(ACCOUNT_LIMITS.namespaceName + 1)
    await expectRejected(client.createAccount({ namespaceName: over }), 'namespaceName', 128)
    await expectRejected(
      client.authentication({ namespaceName: over, userId: 'u', password: 'p' }),
      'namespaceName',
      128,
    )
    await expectRejected(
      client.getAccount({ namespaceName: over, userId: 'u' }),
      'namespaceName',
      128,
    )
    await expectRejected(
      client.deleteAccount({ namespaceName: over, userId: 'u' }),
      'namespaceName',
      128,
    )
  })

  it('userId on every call that takes one', async () => {
    const user = s(ACCOUNT_LIMITS.userId)
    await client.authentication({ namespaceName: 'ns', userId: user, password: 'p' })
    await client.getAccount({ namespaceName: 'ns', userId: user })
    await client.deleteAccount({ namespaceName: 'ns', userId: user })
    expect(server.apiRequests()).toHaveLength(3)
    server.received.length = 0
    const over = s(ACCOUNT_LIMITS.userId + 1)
    await expectRejected(
      client.authentication({ namespaceName: 'ns', userId: over, password: 'p' }),
      'userId',
      128,
    )
    await expectRejected(client.getAccount({ namespaceName: 'ns', userId: over }), 'userId', 128)
    await expectRejected(client.deleteAccount({ namespaceName: 'ns', userId: over }), 'userId', 128)
  })

  it('authentication.password, keyId and timeOffsetToken', async () => {
    await client.authentication({
      namespaceName: 'ns',
      userId: 'u',
      password: s(ACCOUNT_LIMITS.password),
      keyId: s(ACCOUNT_LIMITS.keyId),
      timeOffsetToken: s(ACCOUNT_LIMITS.timeOffsetToken),
    })
    expect(server.apiRequests()).toHaveLength(1)
    server.received.length = 0
    const ok = { namespaceName: 'ns', userId: 'u', password: 'p' }
    await expectRejected(
      client.authentication({ ...ok, password: s(ACCOUNT_LIMITS.password + 1) }),
      'password',
      128,
    )
    await expectRejected(
      client.authentication({ ...ok, keyId: s(ACCOUNT_LIMITS.keyId + 1) }),
      'keyId',
      1024,
    )
    await expectRejected(
      client.authentication({ ...ok, timeOffsetToken: s(ACCOUNT_LIMITS.timeOffsetToken + 1) }),
      'timeOffsetToken',
      1024,
    )
  })

  it('rejects empty path values and separators client-side', async () => {
    await expectRejected(client.createAccount({ namespaceName: '' }), 'namespaceName', 1)
    await expectRejected(client.getAccount({ namespaceName: 'ns', userId: '' }), 'userId', 1)
    await expectRejected(client.getAccount({ namespaceName: 'a/b', userId: 'u' }), 'namespaceName')
    await expectRejected(client.deleteAccount({ namespaceName: 'ns', userId: '../x' }), 'userId')
    await expectRejected(
      client.authentication({ namespaceName: 'ns', userId: 'u', password: '' }),
      'password',
      1,
    )
  })

  it('refuses the duplication avoider that createAccount no longer supports', async () => {
    await expectRejected(
      client.createAccount({ namespaceName: 'ns' }, {
        duplicationAvoider: 'x',
      } as unknown as CallOptions),
      'duplicationAvoider',
    )
  })
})
