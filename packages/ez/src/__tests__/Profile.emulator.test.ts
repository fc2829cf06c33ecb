import { GetServiceVersionResultSchema } from '@gs2ez/auth'
import { afterEach, describe, expect, it } from 'vitest'
import type { EzAccessToken } from '../ezAccessToken.ts'
import type { EzEvent } from '../ezEvent.ts'
import { createGs2Client } from '../facade/createGs2Client.ts'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import type { Profile } from '../profile.ts'
import { emulatorRevoker } from '../revoker.ts'
import { authPaths, nextEvent, type Rig, startRig } from './support/emulatorRig.ts'

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const HOUR = 3_600_000

/** A GS2 call that carries the user's access token (the emulator checks it on every API). */
const callWithToken = (profile: Profile) => (token: EzAccessToken) =>
  profile.restSession.request({
    service: 'auth',
    method: 'GET',
    path: '/system/version',
    accessToken: token.token,
    schema: GetServiceVersionResultSchema,
  })

describe('Profile.login against the emulator', () => {
  it('creates a device account on the first run, then logs in', async () => {
    rig = await startRig()
    const profile = rig.profile()
    const session = await profile.login(new Gs2AccountAuthenticator())
    expect(session.state.status).toBe('active')
    expect(rig.requests).toEqual([
      'POST /identifier/projectToken/login',
      'POST /account/default/account',
      `PUT /account/default/account/${session.userId}`,
      'POST /auth/login/signed',
    ])
    const token = await session.getAccessToken()
    expect(token.userId).toBe(session.userId)
    expect(token.expire).toBe(rig.time.now + HOUR)
    const tokens = (await rig.admin('GET', `/tokens?userId=${session.userId}`)) as {
      items: unknown[]
    }
    expect(tokens.items).toHaveLength(1)
    const seen: string[] = []
    session.events$.subscribe((e) => seen.push(e.type))
    expect(seen).toContain('loggedIn')
  })

  it('logs in with explicit credentials', async () => {
    rig = await startRig()
    const gs2 = await createGs2Client(rig.profile())
    const account = await gs2.Account.Namespace('default').create()
    const profile = rig.profile()
    const session = await profile.login(
      new Gs2AccountAuthenticator({
        account: { userId: account.userId, password: account.password ?? '' },
      }),
    )
    expect(session.userId).toBe(account.userId)
  })

  it('restores from the cache after a reload with ZERO requests', async () => {
    rig = await startRig()
    const first = await rig.profile().login(new Gs2AccountAuthenticator())
    const token = await first.getAccessToken()
    await first.dispose()
    const servedBefore = await rig.served()
    rig.requests = []
    rig.time.jump(10 * 60_000)
    const reloaded = rig.profile()
    const session = await reloaded.login(new Gs2AccountAuthenticator())
    expect(await session.getAccessToken()).toEqual(token)
    expect(session.state.status).toBe('active')
    expect(rig.requests).toEqual([])
    expect(await rig.served()).toEqual(servedBefore)
    const seen: string[] = []
    session.events$.subscribe((e) => seen.push(e.type))
    expect(seen).toContain('restoredFromCache')
  })

  it('after a reload past expiry, re-authenticates the same device account (no new account)', async () => {
    rig = await startRig()
    const first = await rig.profile().login(new Gs2AccountAuthenticator())
    const userId = first.userId
    await first.dispose()
    rig.requests = []
    rig.time.jump(2 * HOUR)
    const session = await rig.profile().login(new Gs2AccountAuthenticator())
    expect(session.userId).toBe(userId)
    expect(rig.requests).toEqual([
      'POST /identifier/projectToken/login',
      `PUT /account/default/account/${userId}`,
      'POST /auth/login/signed',
    ])
  })

  it('re-authenticates proactively ~40 s before a 120 s token expires', async () => {
    rig = await startRig({ tokenTtlSeconds: 120 })
    const session = await rig.profile().login(new Gs2AccountAuthenticator())
    const first = await session.getAccessToken()
    rig.requests = []
    const reauthenticated = nextEvent(session, 'reauthenticated')
    // Planned at 80 s (2/3 of the lifetime), within the Date header's 1 s resolution.
    await rig.time.advance(78_500)
    expect(rig.requests).toEqual([])
    await rig.time.advance(2_000)
    expect(await reauthenticated).toMatchObject({ reason: 'proactive' })
    const second = await session.getAccessToken()
    expect(second.token).not.toBe(first.token)
    expect(second.expire).toBeGreaterThan(first.expire + 78_000)
    expect(second.expire).toBeLessThanOrEqual(rig.time.now + 120_000)
    expect(authPaths(rig.requests)).toHaveLength(2)
  })

  it('re-authenticates on wake after a sleep, before any expired token is used', async () => {
    rig = await startRig()
    const profile = rig.profile()
    const session = await profile.login(new Gs2AccountAuthenticator())
    rig.time.jump(2 * HOUR)
    const reauthenticated = nextEvent(session, 'reauthenticated')
    rig.env.fire('visibilitychange')
    expect(await reauthenticated).toMatchObject({ reason: 'resume' })
    // The fresh token is accepted by the server.
    await expect(session.call(callWithToken(profile))).resolves.toMatchObject({
      item: expect.any(String),
    })
  })

  it('a revoked token causes exactly one re-authentication for 20 concurrent calls', async () => {
    rig = await startRig()
    const profile = rig.profile()
    const session = await profile.login(new Gs2AccountAuthenticator())
    const revoked = await session.getAccessToken()
    await rig.admin('POST', '/tokens/revoke', { token: revoked.token })
    rig.requests = []
    const results = await Promise.all(
      Array.from({ length: 20 }, () => session.call(callWithToken(profile))),
    )
    expect(results).toHaveLength(20)
    expect(authPaths(rig.requests)).toEqual([
      `PUT /account/default/account/${session.userId}`,
      'POST /auth/login/signed',
    ])
    expect((await session.getAccessToken()).token).not.toBe(revoked.token)
    // 20 rejected calls + 20 replays.
    expect(rig.requests.filter((p) => p === 'GET /auth/system/version')).toHaveLength(40)
  })

  it('signs out when the account was deleted, and forgets the device account', async () => {
    rig = await startRig()
    const profile = rig.profile()
    const session = await profile.login(new Gs2AccountAuthenticator())
    const userId = session.userId
    await rig.admin('DELETE', `/accounts/default/${userId}`)
    const signedOut = nextEvent(session, 'signedOut')
    await expect(session.call(callWithToken(profile))).rejects.toMatchObject({ status: 404 })
    expect(await signedOut).toMatchObject({ reason: 'rejected' })
    expect(session.state).toMatchObject({ status: 'signedOut', reason: 'rejected' })
    await expect(session.getAccessToken()).rejects.toMatchObject({ name: 'SignedOutError' })
    // The next login starts a new device account instead of failing forever.
    const next = await rig.profile().login(new Gs2AccountAuthenticator())
    expect(next.userId).not.toBe(userId)
  })

  it('signs out on a wrong password (explicit credentials) without retrying', async () => {
    rig = await startRig()
    const gs2 = await createGs2Client(rig.profile())
    const account = await gs2.Account.Namespace('default').create()
    const profile = rig.profile()
    await expect(
      profile.login(
        new Gs2AccountAuthenticator({ account: { userId: account.userId, password: 'wrong' } }),
      ),
    ).rejects.toMatchObject({ code: 'account.password.invalid' })
    expect(authPaths(rig.requests).filter((p) => p.startsWith('PUT'))).toHaveLength(1)
  })

  it('logout({ revoke }) revokes on the server, clears the cache and keeps the device account', async () => {
    rig = await startRig()
    const profile = rig.profile({ revoker: emulatorRevoker({ adminToken: rig.adminToken }) })
    const session = await profile.login(new Gs2AccountAuthenticator())
    const userId = session.userId ?? ''
    const gs2 = await createGs2Client(profile)
    // The session's token is the domain cache's AccessToken model, gone after logout.
    expect(gs2.Auth.AccessToken().cached(userId)).toEqual(await session.getAccessToken())
    await session.logout({ revoke: true })
    expect(gs2.Auth.AccessToken().cached(userId)).toBeNull()
    const tokens = (await rig.admin('GET', `/tokens?userId=${userId}`)) as { items: unknown[] }
    expect(tokens.items).toHaveLength(0)
    rig.requests = []
    const again = await rig.profile().login(new Gs2AccountAuthenticator())
    expect(again.userId).toBe(userId)
    expect(authPaths(rig.requests)).toHaveLength(2)
  })

  it('keeps working in memory when IndexedDB is unavailable, and says so', async () => {
    rig = await startRig()
    const profile = rig.profile({ storage: { indexedDB: () => undefined } })
    const events: string[] = []
    profile.events$.subscribe((e) => events.push(e.type))
    const session = await profile.login(new Gs2AccountAuthenticator())
    expect(session.state.status).toBe('active')
    expect(events).toContain('storageDegraded')
    expect(profile.store.kind).toBe('memory')
  })
})

describe('clock skew against the emulator', () => {
  it('judges expiry on the server clock when the device is 2 h behind', async () => {
    rig = await startRig({ emulatorSkewMs: 2 * HOUR })
    const profile = rig.profile()
    const events: EzEvent[] = []
    profile.events$.subscribe((e) => events.push(e))
    const session = await profile.login(new Gs2AccountAuthenticator())
    const skew = events.find((e) => e.type === 'clockSkewDetected')
    expect(
      skew?.type === 'clockSkewDetected' && Math.abs(skew.skewMs - 2 * HOUR),
    ).toBeLessThanOrEqual(1_000)
    rig.requests = []
    // Device time says the token lives 3 h; the server says 1 h: the refresh comes at ~55 min.
    await rig.time.advance(56 * 60_000)
    expect(authPaths(rig.requests)).toHaveLength(2)
    expect(session.state.status).toBe('active')
  })

  it('does not loop when the device is 2 h ahead (a token that looks expired locally)', async () => {
    rig = await startRig({ emulatorSkewMs: -2 * HOUR })
    const profile = rig.profile()
    const session = await profile.login(new Gs2AccountAuthenticator())
    const token = await session.getAccessToken()
    rig.requests = []
    await Promise.all(Array.from({ length: 10 }, () => session.getAccessToken()))
    await rig.time.advance(30 * 60_000)
    expect(rig.requests).toEqual([])
    await session.dispose()
    // And a reload restores it with the persisted offset: still zero requests.
    const reloaded = await rig.profile().login(new Gs2AccountAuthenticator())
    expect(await reloaded.getAccessToken()).toEqual(token)
    expect(rig.requests).toEqual([])
  })
})

describe('the Ez facade', () => {
  it('creates, authenticates and logs in with Unity names', async () => {
    rig = await startRig()
    const gs2 = await createGs2Client(rig.profile())
    const account = await gs2.Account.Namespace('default').create()
    const { body, signature } = await gs2.Account.Namespace('default')
      .Account(account.userId)
      .authentication({ password: account.password ?? '' })
    const token = await gs2.Auth.AccessToken().login({ body, signature })
    expect(token.userId).toBe(account.userId)
    expect(token.expire).toBe(rig.time.now + HOUR)
    expect(gs2.Auth.AccessToken().cached(account.userId)).toEqual(token)
    rig.requests = []
    // Served from the domain cache (filled by authentication): no request.
    expect((await gs2.Account.Namespace('default').Account(account.userId).model())?.userId).toBe(
      account.userId,
    )
    expect(rig.requests).toEqual([])
  })

  it('reads models through the domain cache, caching a 404 as null', async () => {
    rig = await startRig()
    const gs2 = await createGs2Client(rig.profile())
    const account = await gs2.Account.Namespace('default').create()
    const other = await createGs2Client(rig.profile())
    rig.requests = []
    const ns = other.Account.Namespace('default')
    const missing = '00000000-0000-4000-8000-000000000000'
    expect((await ns.Account(account.userId).model())?.userId).toBe(account.userId)
    expect(await ns.Account(missing).model()).toBeNull()
    const sent = rig.requests.length
    expect(sent).toBeGreaterThanOrEqual(2)
    await ns.Account(account.userId).model()
    expect(await ns.Account(missing).model()).toBeNull()
    expect(rig.requests).toHaveLength(sent)
  })

  it('validates facade input before any request', async () => {
    rig = await startRig()
    const gs2 = await createGs2Client(rig.profile())
    expect(() => gs2.Account.Namespace('n'.repeat(129))).toThrow(
      expect.objectContaining({ field: 'namespaceName', limit: 128 }),
    )
    expect(() => gs2.Account.Namespace('default').Account('')).toThrow(
      expect.objectContaining({ field: 'userId' }),
    )
    expect(rig.requests).toEqual([])
  })
})
