import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

let h: Harness
afterEach(async () => {
  await h?.close()
})

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] }
const admin = <T = Json>(method: string, path: string, body?: unknown) =>
  h.admin<T>(method, path, body)

describe('admin: tokens', () => {
  it('issues, lists, re-dates and deletes tokens', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    const issued = await admin<{ token: string; tokenId: string; userId: string; expire: number }>(
      'POST',
      '/tokens',
      {
        userId: 'u1',
        ttlSeconds: 30,
        timeOffset: 5,
      },
    )
    expect(issued.json).toEqual({
      token: expect.any(String),
      tokenId: expect.any(String),
      userId: 'u1',
      expire: clock.now() + 30_000,
    })
    await admin('POST', '/tokens', { userId: 'u2' })
    expect((await admin('GET', '/tokens')).json.items).toHaveLength(2)
    const mine = await admin('GET', '/tokens?userId=u1')
    expect(mine.json.items).toEqual([
      {
        tokenId: issued.json.tokenId,
        userId: 'u1',
        issuedAt: clock.now(),
        expire: clock.now() + 30_000,
        timeOffset: 5,
        federationFromUserId: null,
      },
    ])
    expect(
      (await h.call('GET', '/auth/system/version', { accessToken: issued.json.token })).status,
    ).toBe(200)

    const patched = await admin('PATCH', `/tokens/${issued.json.tokenId}`, {
      expire: clock.now() - 1,
    })
    expect(patched.json).toMatchObject({ tokenId: issued.json.tokenId, expire: clock.now() - 1 })
    expectGs2Error(
      await h.call('GET', '/auth/system/version', { accessToken: issued.json.token }),
      401,
      {
        code: 'auth.accessToken.invalid',
      },
    )
    expect((await admin('GET', '/tokens?userId=u1')).json.items).toEqual([])

    expect((await admin('DELETE', `/tokens/${issued.json.tokenId}`)).status).toBe(200)
    expectGs2Error(await admin('DELETE', `/tokens/${issued.json.tokenId}`), 404, {
      code: 'emulator.token.notFound',
    })
    expectGs2Error(await admin('PATCH', '/tokens/nope', { expire: 1 }), 404, {
      code: 'emulator.token.notFound',
    })
    expectGs2Error(await admin('POST', '/tokens', { ttlSeconds: 1 }), 400, { component: 'userId' })
  })

  it('revokes by token, tokenId or userId, and a revoked token is refused at once', async () => {
    h = await startHarness()
    const a = await h.signIn()
    const b = await admin<{ token: string; tokenId: string }>('POST', '/tokens', {
      userId: 'other',
    })
    const c1 = await admin<{ token: string }>('POST', '/tokens', { userId: 'u3' })
    const c2 = await admin<{ token: string }>('POST', '/tokens', { userId: 'u3' })

    expect((await admin('POST', '/tokens/revoke', { token: a.token })).json).toEqual({ revoked: 1 })
    expectGs2Error(await h.call('GET', '/auth/system/version', { accessToken: a.token }), 401, {
      code: 'auth.accessToken.invalid',
    })
    expect((await admin('POST', '/tokens/revoke', { token: a.token })).json).toEqual({ revoked: 0 })

    expect((await admin('POST', '/tokens/revoke', { tokenId: b.json.tokenId })).json).toEqual({
      revoked: 1,
    })
    expect(
      (await h.call('GET', '/auth/system/version', { accessToken: b.json.token })).status,
    ).toBe(401)

    expect((await admin('POST', '/tokens/revoke', { userId: 'u3' })).json).toEqual({ revoked: 2 })
    for (const t of [c1, c2])
      expect(
        (await h.call('GET', '/auth/system/version', { accessToken: t.json.token })).status,
      ).toBe(401)

    expectGs2Error(await admin('POST', '/tokens/revoke', {}), 400, {})
    expectGs2Error(await admin('POST', '/tokens/revoke', { token: 'x', userId: 'y' }), 400, {})
  })

  it('revokes the tokens of a user when banned or deleted', async () => {
    h = await startHarness()
    const a = await h.signIn()
    await admin('POST', `/accounts/default/${a.userId}/ban`, { name: 'x' })
    expect((await h.call('GET', '/auth/system/version', { accessToken: a.token })).status).toBe(401)
    const b = await h.signIn()
    expect((await admin('DELETE', `/accounts/default/${b.userId}`)).status).toBe(200)
    expect((await h.call('GET', '/auth/system/version', { accessToken: b.token })).status).toBe(401)
    expectGs2Error(await admin('DELETE', `/accounts/default/${b.userId}`), 404, {
      code: 'account.account.notFound',
    })
    expectGs2Error(await admin('POST', `/accounts/default/${b.userId}/ban`, { name: 'x' }), 404, {})
    expectGs2Error(await admin('DELETE', `/accounts/default/${a.userId}/ban/unknown`), 404, {
      code: 'emulator.ban.notFound',
    })
    expectGs2Error(await admin('POST', `/accounts/default/${a.userId}/ban`, {}), 400, {
      component: 'name',
    })
  })
})

describe('admin: state, request log, reset, dashboard', () => {
  it('shows namespaces and counts, pages accounts, and shows no secrets', async () => {
    h = await startHarness()
    const a = await h.signIn()
    const state = await admin<Record<string, unknown>>('GET', '/state')
    expect(state.json).toMatchObject({
      region: 'ap-northeast-1',
      ownerId: 'gs2ez-local',
      accountNamespaces: [{ name: 'default', accounts: 1 }],
      accounts: 1,
      keys: [{ keyId: 'grn:gs2:ap-northeast-1:gs2ez-local:key:default:key:default' }],
      accessTokens: 1,
      projectTokens: 2,
    })
    const accounts = await admin('GET', '/accounts')
    expect(accounts.json).toMatchObject({
      items: [{ namespaceName: 'default', userId: a.userId, password: null }],
      nextCursor: null,
    })
    for (const reply of [state, accounts, await admin('GET', '/tokens')]) {
      const text = JSON.stringify(reply.json)
      expect(text).not.toContain(a.password)
      expect(text).not.toContain(a.token)
      expect(text).not.toContain('passwordHash')
      expect(text).not.toContain('secret')
    }
  })

  it('logs service requests (not admin ones) and resets everything', async () => {
    h = await startHarness()
    await h.signIn()
    await h.call('GET', '/nope')
    const log = await admin<{ items: { method: string; path: string; status: number }[] }>(
      'GET',
      '/requests',
    )
    expect(log.json.items.map((x) => `${x.method} ${x.path} ${x.status}`)).toEqual([
      'POST /identifier/projectToken/login 200',
      'POST /identifier/projectToken/login 200',
      'POST /account/default/account 200',
      `PUT /account/default/account/${log.json.items[3]?.path.split('/').pop()} 200`,
      'POST /auth/login/signed 200',
      'GET /nope 404',
    ])
    expect((await admin('POST', '/reset')).json).toEqual({ reset: true })
    expect((await admin<Record<string, unknown>>('GET', '/state')).json).toMatchObject({
      accounts: 0,
      accessTokens: 0,
      projectTokens: 0,
    })
    expect((await admin('GET', '/requests')).json.items).toEqual([])
    expect((await h.call('GET', '/auth/system/version')).status).toBe(401)
  })

  it('serves the dashboard page with its testids', async () => {
    h = await startHarness()
    const res = await fetch(`${h.emulator.url}/__emulator/ui`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    for (const needle of [
      "'revoke-' + t.tokenId",
      "'delete-' + t.tokenId",
      "'data-user-id'",
      "'data-kind'",
      "'forget-user-' + a.userId",
      "get('/players' + query('accounts'))",
      "get('/takeovers' + query('takeovers'))",
      'setInterval(refresh, 1000)',
    ]) {
      expect(html).toContain(needle)
    }
    const root = await fetch(`${h.emulator.url}/`, { redirect: 'manual' })
    expect(root.headers.get('location')).toBe('/__emulator/ui')
  })
})
