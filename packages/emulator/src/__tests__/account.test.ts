import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const admin = (h: Harness, method: string, path: string, body?: unknown) =>
  h.admin(method, path, body)

describe('account: namespaces', () => {
  it('has `default` out of the box plus those of the config', async () => {
    h = await startHarness({ config: { accountNamespaces: ['season2'] } })
    const r = await h.call<{ items: { name: string }[] }>('GET', '/account/')
    expect(r.json.items.map((x) => x.name)).toEqual(['default', 'season2'])
    expect((await h.call('GET', '/account/season2')).json).toMatchObject({
      item: { name: 'season2', namespaceId: 'grn:gs2:ap-northeast-1:gs2ez-local:account:season2' },
    })
    expectGs2Error(await h.call('GET', '/account/nope'), 404, {
      code: 'account.namespace.notFound',
    })
  })

  it('creates namespaces with a trusted credential only, once', async () => {
    h = await startHarness()
    expectGs2Error(await h.call('POST', '/account/', { body: { name: 'ns1' } }), 401, {
      code: 'identifier.credential.untrusted',
    })
    expect(
      (await h.call('POST', '/account/', { body: { name: 'ns1' }, as: 'server' })).status,
    ).toBe(200)
    expectGs2Error(
      await h.call('POST', '/account/', { body: { name: 'ns1' }, as: 'server' }),
      409,
      { code: 'account.namespace.exists' },
    )
    expectGs2Error(
      await h.call('POST', '/account/', { body: { name: 'bad name!' }, as: 'server' }),
      400,
      { component: 'name' },
    )
    expect((await h.call('POST', '/account/ns1/account')).status).toBe(200)
  })
})

describe('account: createAccount', () => {
  it('creates a UUID user with a random 32-character password, returned once', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    const r = await h.call<{ item: Record<string, unknown> }>('POST', '/account/default/account', {
      body: { contextStack: null },
    })
    expect(r.status).toBe(200)
    expect(r.json.item).toMatchObject({
      userId: expect.stringMatching(UUID),
      password: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      timeOffset: 0,
      banStatuses: [],
      banned: false,
      createdAt: clock.now(),
      revision: 1,
    })
    expect(r.json.item.accountId).toBe(
      `grn:gs2:ap-northeast-1:gs2ez-local:account:default:account:${r.json.item.userId}`,
    )
    const again = await h.call<{ item: Record<string, unknown> }>(
      'GET',
      `/account/default/account/${r.json.item.userId}`,
    )
    expect(again.json.item.password).toBeNull()
    const state = await h.admin('GET', '/state').then((x) => JSON.stringify(x.json))
    expect(state).not.toContain(r.json.item.password as string)
  })

  it('answers a retry with the same X-GS2-DUPLICATION-AVOIDER with the same account and password', async () => {
    h = await startHarness()
    const first = await h.call<{ item: { userId: string; password: string } }>(
      'POST',
      '/account/default/account',
      {
        duplicationAvoider: 'retry-1',
      },
    )
    const second = await h.call<{ item: { userId: string; password: string } }>(
      'POST',
      '/account/default/account',
      {
        duplicationAvoider: 'retry-1',
      },
    )
    expect(second.json.item).toEqual(first.json.item)
    expect((await h.authenticate(first.json.item.userId, second.json.item.password)).status).toBe(
      200,
    )
    const third = await h.call<{ item: { userId: string } }>('POST', '/account/default/account', {
      duplicationAvoider: 'retry-2',
    })
    expect(third.json.item.userId).not.toBe(first.json.item.userId)
    const plain = await h.call<{ item: { userId: string } }>('POST', '/account/default/account')
    expect(plain.json.item.userId).not.toBe(first.json.item.userId)
  })

  it('404s an unknown namespace and 400s an over-long one', async () => {
    h = await startHarness()
    expectGs2Error(await h.call('POST', '/account/null/account'), 404, {
      code: 'account.namespace.notFound',
    })
    expectGs2Error(await h.call('POST', `/account/${'n'.repeat(129)}/account`), 400, {
      component: 'namespaceName',
    })
  })
})

describe('account: authentication', () => {
  it('returns item, banStatuses, body and a signature over body', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    const { userId, password } = await h.createAccount()
    clock.advance(5_000)
    const r = await h.call<Record<string, unknown>>('PUT', `/account/default/account/${userId}`, {
      body: { contextStack: null, keyId: null, password },
    })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({
      item: { userId, password: null, lastAuthenticatedAt: clock.now(), revision: 2 },
      banStatuses: [],
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    })
    expect(JSON.parse(r.json.body as string)).toEqual({
      userId,
      namespaceName: 'default',
      keyId: 'grn:gs2:ap-northeast-1:gs2ez-local:key:default:key:default',
      timeOffset: 0,
      issuedAt: clock.now(),
    })
  })

  it('401s a wrong password with account.password.invalid', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    expectGs2Error(await h.authenticate(userId, `${password.slice(1)}x`), 401, {
      component: 'password',
      code: 'account.password.invalid',
    })
    expectGs2Error(await h.call('PUT', `/account/default/account/${userId}`, { body: {} }), 400, {
      component: 'password',
    })
    expectGs2Error(await h.authenticate(userId, 'p'.repeat(129)), 400, { component: 'password' })
  })

  it('401s a banned account with account.banned.infinity until the ban is lifted or released', async () => {
    const clock = manualClock()
    h = await startHarness({ clock, config: { projectTokenTtlSeconds: 86400 } })
    const { userId, password } = await h.createAccount()
    expect(
      (await admin(h, 'POST', `/accounts/default/${userId}/ban`, { name: 'cheat', reason: 'x' }))
        .status,
    ).toBe(200)
    expectGs2Error(await h.authenticate(userId, password), 401, { code: 'account.banned.infinity' })
    const got = await h.call<{ item: { banned: boolean; banStatuses: unknown[] } }>(
      'GET',
      `/account/default/account/${userId}`,
    )
    expect(got.json.item).toMatchObject({
      banned: true,
      banStatuses: [{ name: 'cheat', reason: 'x', releaseTimestamp: null }],
    })
    expect((await admin(h, 'DELETE', `/accounts/default/${userId}/ban/cheat`)).status).toBe(200)
    expect((await h.authenticate(userId, password)).status).toBe(200)

    const release = clock.now() + 60_000
    await admin(h, 'POST', `/accounts/default/${userId}/ban`, {
      name: 'cooldown',
      releaseTimestamp: String(release),
    })
    expectGs2Error(await h.authenticate(userId, password), 401, { code: 'account.banned.infinity' })
    clock.advance(60_000)
    expect((await h.authenticate(userId, password)).status).toBe(200)
  })

  it('404s an unknown user or key', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    expectGs2Error(await h.authenticate('00000000-0000-4000-8000-000000000000', password), 404, {
      code: 'account.account.notFound',
    })
    const r = await h.call('PUT', `/account/default/account/${userId}`, {
      body: { password, keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:nope' },
    })
    expectGs2Error(r, 404, { component: 'keyId' })
  })
})

describe('account: getAccount and deleteAccount', () => {
  it('refuses deleteAccount with the application credential, even with a player token', async () => {
    h = await startHarness()
    const victim = await h.signIn()
    const attacker = await h.signIn()
    for (const init of [{}, { accessToken: attacker.token }, { accessToken: victim.token }]) {
      expectGs2Error(
        await h.call('DELETE', `/account/default/account/${victim.userId}`, init),
        401,
        { component: 'Authorization', code: 'identifier.credential.untrusted' },
      )
    }
    // Nothing changed: the account is there and its token still works.
    expect((await h.call('GET', `/account/default/account/${victim.userId}`)).status).toBe(200)
    expect(
      (await h.call('GET', '/auth/system/version', { accessToken: victim.token })).status,
    ).toBe(200)
  })

  it('lets the application credential call only the game-client APIs', async () => {
    h = await startHarness()
    const { userId } = await h.signIn()
    const refused: [string, string, unknown?][] = [
      ['POST', '/account/', { name: 'x' }],
      ['DELETE', `/account/default/account/${userId}`],
      ['POST', '/key/', { name: 'x' }],
      ['POST', '/key/default/key', { name: 'x' }],
      ['DELETE', '/key/default/key/default'],
      ['POST', '/auth/login', { userId }],
      ['POST', '/auth/federation', { originalUserId: userId, userId: 'x' }],
      ['POST', '/auth/timeoffset/token', { userId, timeOffset: 60 }],
    ]
    for (const [method, path, body] of refused) {
      expectGs2Error(await h.call(method, path, body === undefined ? {} : { body }), 401, {
        code: 'identifier.credential.untrusted',
      })
    }
    const allowed: [string, string][] = [
      ['GET', `/account/default/account/${userId}`],
      ['GET', '/account/'],
      ['GET', '/key/default/key'],
      ['GET', '/auth/system/version'],
    ]
    for (const [method, path] of allowed) expect((await h.call(method, path)).status).toBe(200)
  })

  it('deletes an account; later calls 404 and its tokens stop working', async () => {
    h = await startHarness()
    const { userId, password, token } = await h.signIn()
    expect((await h.call('GET', `/account/default/account/${userId}`)).status).toBe(200)
    const deleted = await h.call<{ item: { userId: string } }>(
      'DELETE',
      `/account/default/account/${userId}`,
      { as: 'server' },
    )
    expect(deleted.json.item.userId).toBe(userId)
    expectGs2Error(await h.call('GET', `/account/default/account/${userId}`), 404, {
      code: 'account.account.notFound',
    })
    expectGs2Error(
      await h.call('DELETE', `/account/default/account/${userId}`, { as: 'server' }),
      404,
      {
        code: 'account.account.notFound',
      },
    )
    expectGs2Error(await h.authenticate(userId, password), 404, {
      code: 'account.account.notFound',
    })
    expectGs2Error(await h.call('GET', '/auth/system/version', { accessToken: token }), 401, {
      code: 'auth.accessToken.invalid',
    })
  })
})
