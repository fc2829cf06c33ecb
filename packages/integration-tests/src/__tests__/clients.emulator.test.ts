import { Gs2AccountRestClient } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import { BasicGs2Credential, Gs2RestSession, isGs2Error } from '@gs2ez/core'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

// Every call of the auth and account clients against the real emulator over HTTP.

let emulator: RunningEmulator
const sessions: Gs2RestSession[] = []

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
})
afterEach(() => {
  for (const session of sessions.splice(0)) session.close()
})

const connect = (kind: 'application' | 'trusted') => {
  const { clientId, clientSecret } = emulator.credentials[kind]
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential(clientId, clientSecret),
    region: emulator.region,
    endpointTemplate: emulator.endpointTemplate,
  })
  sessions.push(session)
  return {
    session,
    auth: new Gs2AuthRestClient(session),
    account: new Gs2AccountRestClient(session),
  }
}

const NS = 'default'

describe('project token session', () => {
  it('logs in and learns the owner id', async () => {
    const { session } = connect('application')
    expect(session.ownerId).toBeUndefined()
    await session.connect()
    expect(session.ownerId).toBe(emulator.ownerId)
    expect(session.serverClock.samples).toBe(1)
  })

  it('surfaces a wrong client secret as UnauthorizedError', async () => {
    const session = new Gs2RestSession({
      credential: new BasicGs2Credential(emulator.credentials.application.clientId, 'wrong'),
      endpointTemplate: emulator.endpointTemplate,
    })
    sessions.push(session)
    const error = await session.connect().catch((e: unknown) => e)
    expect(isGs2Error(error, 'UnauthorizedError')).toBe(true)
    expect(error).toMatchObject({ status: 401 })
  })
})

describe('GS2-Account client', () => {
  it('createAccount returns a new account with its password', async () => {
    const { account } = connect('application')
    const { item } = await account.createAccount({ namespaceName: NS })
    expect(item.userId).toMatch(/^[0-9a-f-]{36}$/)
    expect(item.password).toHaveLength(32)
    expect(item.accountId).toBe(
      `grn:gs2:${emulator.region}:${emulator.ownerId}:account:${NS}:account:${item.userId}`,
    )
  })

  it('createAccount creates a new account on every call (no duplication avoider)', async () => {
    const { account } = connect('application')
    const first = await account.createAccount({ namespaceName: NS })
    const again = await account.createAccount({ namespaceName: NS })
    expect(again.item.userId).not.toBe(first.item.userId)
  })

  it('authentication returns a signed body; a wrong password is UnauthorizedError', async () => {
    const { account } = connect('application')
    const { item } = await account.createAccount({ namespaceName: NS })
    const result = await account.authentication({
      namespaceName: NS,
      userId: item.userId,
      password: item.password!,
    })
    expect(result.item.userId).toBe(item.userId)
    expect(result.banStatuses).toEqual([])
    expect(result.body.length).toBeGreaterThan(0)
    expect(result.signature.length).toBeGreaterThan(0)

    const error = await account
      .authentication({ namespaceName: NS, userId: item.userId, password: 'wrong-password' })
      .catch((e: unknown) => e)
    expect(isGs2Error(error, 'UnauthorizedError')).toBe(true)
    expect(error).toMatchObject({ status: 401, code: 'account.password.invalid', retryable: false })
  })

  it('getAccount reads it back; deleteAccount removes it, then NotFoundError', async () => {
    const { account } = connect('application')
    // deleteAccount acts on any user id: only a trusted (server) credential may call it.
    const { account: server } = connect('trusted')
    const { item } = await account.createAccount({ namespaceName: NS })
    const read = await account.getAccount({ namespaceName: NS, userId: item.userId })
    expect(read.item.userId).toBe(item.userId)
    expect(read.item.password ?? undefined).toBeUndefined()
    await expect(
      account.deleteAccount({ namespaceName: NS, userId: item.userId }),
    ).rejects.toMatchObject({ status: 401, code: 'identifier.credential.untrusted' })

    const deleted = await server.deleteAccount({ namespaceName: NS, userId: item.userId })
    expect(deleted.item.userId).toBe(item.userId)
    const error = await account
      .getAccount({ namespaceName: NS, userId: item.userId })
      .catch((e: unknown) => e)
    expect(isGs2Error(error, 'NotFoundError')).toBe(true)
    expect(error).toMatchObject({ status: 404 })
    await expect(
      server.deleteAccount({ namespaceName: NS, userId: item.userId }),
    ).rejects.toMatchObject({ name: 'NotFoundError' })
  })

  it('an unknown namespace is NotFoundError with the server code', async () => {
    const { account } = connect('application')
    await expect(account.createAccount({ namespaceName: 'no-such-ns' })).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'account.namespace.notFound',
    })
  })
})

describe('GS2-Auth client', () => {
  it('loginBySignature turns an authentication result into an access token', async () => {
    const { account, auth } = connect('application')
    const { item } = await account.createAccount({ namespaceName: NS })
    const { body, signature } = await account.authentication({
      namespaceName: NS,
      userId: item.userId,
      password: item.password!,
    })
    const token = await auth.loginBySignature({ body, signature })
    expect(token.userId).toBe(item.userId)
    expect(token.token.length).toBeGreaterThan(0)
    expect(token.expire).toBeGreaterThan(Date.now())

    await expect(
      auth.loginBySignature({ body, signature: `${signature.slice(0, -4)}AAAA` }),
    ).rejects.toMatchObject({ name: 'UnauthorizedError', code: 'auth.signature.invalid' })
  })

  it('login issues a token for any user, with a trusted credential only', async () => {
    const { auth } = connect('trusted')
    const token = await auth.login({ userId: 'server-side-user', timeOffset: 0 })
    expect(token.userId).toBe('server-side-user')

    const { auth: app } = connect('application')
    const error = await app.login({ userId: 'server-side-user' }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      name: 'UnauthorizedError',
      code: 'identifier.credential.untrusted',
    })
  })

  it('federation issues a token acting as another user', async () => {
    const { auth } = connect('trusted')
    const token = await auth.federation({
      originalUserId: 'operator',
      userId: 'player-1',
      policyDocument: JSON.stringify({
        Version: '2016-04-01',
        Statements: [{ Effect: 'Allow', Actions: ['Gs2Account:GetAccount'] }],
      }),
    })
    expect(token.userId).toBe('player-1')
    const tokens = (await (
      await fetch(`${emulator.url}/__emulator/tokens?userId=player-1`, {
        headers: { 'x-gs2ez-admin-token': emulator.adminToken },
      })
    ).json()) as { items: { federationFromUserId: string | null }[] }
    expect(tokens.items.some((t) => t.federationFromUserId === 'operator')).toBe(true)

    await expect(
      auth.federation({ originalUserId: 'operator', userId: 'player-1', policyDocument: '{' }),
    ).rejects.toMatchObject({ name: 'BadRequestError', code: 'auth.policyDocument.invalid' })
  })

  it('issueTimeOffsetTokenByUserId issues a token that login accepts for that user only', async () => {
    const { auth } = connect('trusted')
    const offset = await auth.issueTimeOffsetTokenByUserId({ userId: 'tester', timeOffset: 3600 })
    expect(offset.userId).toBe('tester')
    const token = await auth.login({ userId: 'tester', timeOffsetToken: offset.token })
    expect(token.userId).toBe('tester')
    await expect(
      auth.login({ userId: 'someone-else', timeOffsetToken: offset.token }),
    ).rejects.toSatisfy((e: unknown) => isGs2Error(e) && e.status !== undefined && e.status < 500)
  })

  it('getServiceVersion returns the version string', async () => {
    const { auth } = connect('application')
    const { item } = await auth.getServiceVersion()
    expect(typeof item).toBe('string')
    expect(item.length).toBeGreaterThan(0)
  })
})
