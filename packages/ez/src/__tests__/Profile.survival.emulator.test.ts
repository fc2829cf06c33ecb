import { afterEach, describe, expect, it } from 'vitest'
import { EZ_ERROR_CODES, StorageUnavailableError } from '../ezError.ts'
import type { EzEvent } from '../ezEvent.ts'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import {
  accountCount,
  deviceKey,
  failingReads,
  healthyStore,
  type Rig,
  startRig,
} from './support/emulatorRig.ts'

// Accounts that survive (issue 16): never fork, never drop, the old device after a takeover.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

describe('never fork', () => {
  it('a returning player whose store fails gets StorageUnavailableError and no new account', async () => {
    rig = await startRig()
    const store = healthyStore()
    const first = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    const userId = first.userId
    expect(await accountCount(rig)).toBe(1)

    const broken = rig.profile({ store: failingReads(store), crossTab: false })
    const login = broken.login(new Gs2AccountAuthenticator())
    await expect(login).rejects.toBeInstanceOf(StorageUnavailableError)
    await expect(login).rejects.toMatchObject({ code: EZ_ERROR_CODES.storageUnavailable })
    expect(await accountCount(rig)).toBe(1)
    // The real account is still stored, untouched.
    expect(await store.get(deviceKey(rig))).toMatchObject({ userId })
  })

  it('opted in, plays a flagged temporary account that is never stored', async () => {
    rig = await startRig()
    const store = healthyStore()
    const real = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    const profile = rig.profile({ store: failingReads(store), crossTab: false })
    const events: EzEvent[] = []
    profile.events$.subscribe((e) => events.push(e))
    const session = await profile.login(
      new Gs2AccountAuthenticator({ onStorageUnavailable: 'temporaryAccount' }),
    )
    expect(session.temporary).toBe(true)
    expect(session.userId).not.toBe(real.userId)
    expect(events.find((e) => e.type === 'loggedIn')).toMatchObject({ temporary: true })
    expect(events.find((e) => e.type === 'temporaryAccount')).toMatchObject({
      userId: session.userId,
    })
    expect(await store.get(deviceKey(rig))).toMatchObject({ userId: real.userId })
    expect(real.temporary).toBe(false)
  })

  it('a store wiped mid-session gets the account written back, and no account is created', async () => {
    rig = await startRig()
    const store = healthyStore()
    const session = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    const userId = session.userId
    const events: EzEvent[] = []
    session.events$.subscribe((e) => events.push(e))
    // "Clear browsing data": every record of the origin is gone.
    await store.del(deviceKey(rig))
    await session.reauthenticate()
    expect(session.userId).toBe(userId)
    expect(await accountCount(rig)).toBe(1)
    expect(await store.get(deviceKey(rig))).toMatchObject({ userId })
    expect(events).toContainEqual({ type: 'storageRestored', userId })
  })

  it('a session restored from the cache (a reload) and then wiped also keeps its account', async () => {
    rig = await startRig()
    const store = healthyStore()
    const first = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    const userId = first.userId
    // The reload: a new Profile and authenticator; the session comes from the cached token.
    const requests = (await rig.served()).length
    const session = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    expect(await rig.served()).toHaveLength(requests)
    const events: EzEvent[] = []
    session.events$.subscribe((e) => events.push(e))
    // "Clear browsing data" while the reloaded page plays.
    await store.del(deviceKey(rig))
    await session.reauthenticate()
    expect(session.userId).toBe(userId)
    expect(session.state.status).not.toBe('signedOut')
    expect(await accountCount(rig)).toBe(1)
    expect(await store.get(deviceKey(rig))).toMatchObject({ userId })
    expect(events).toContainEqual({ type: 'storageRestored', userId })
  })
})

describe('never drop', () => {
  it('a wrong namespace (404 namespace.notFound) keeps the stored account and is a configuration error', async () => {
    rig = await startRig()
    const store = healthyStore()
    const stored = { userId: 'someone', password: 'secret' }
    await store.set(deviceKey(rig, 'typo'), stored)
    const login = rig
      .profile({ store })
      .login(new Gs2AccountAuthenticator({ namespaceName: 'typo' }))
    await expect(login).rejects.toMatchObject({
      code: EZ_ERROR_CODES.accountConfiguration,
      status: 404,
    })
    expect(await store.get(deviceKey(rig, 'typo'))).toEqual(stored)
    expect(await rig.profile({ store }).deviceAccountTombstones('typo')).toEqual([])
  })

  it("the account service's not-found for the user forgets it, leaving a tombstone", async () => {
    rig = await startRig()
    const store = healthyStore()
    const first = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    const userId = first.userId as string
    await rig.admin('DELETE', `/accounts/default/${userId}`)
    await first.logout()
    const login = rig.profile({ store }).login(new Gs2AccountAuthenticator())
    await expect(login).rejects.toMatchObject({ code: 'account.account.notFound' })
    expect(await store.get(deviceKey(rig))).toBeUndefined()
    const tombstones = await rig.profile({ store }).deviceAccountTombstones()
    expect(tombstones).toEqual([{ userId, at: expect.any(Number), reason: 'notFound' }])
  })
})

describe('the old device', () => {
  it('after a takeover that changes the password, signs out with movedToAnotherDevice', async () => {
    rig = await startRig()
    await rig.admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
    const store = healthyStore()
    const profile = rig.profile({ store })
    const session = await profile.login(new Gs2AccountAuthenticator())
    const userId = session.userId as string
    const token = await session.getAccessToken()
    await profile.accountClient.createTakeOver({
      namespaceName: 'default',
      accessToken: token.token,
      type: 0,
      userIdentifier: 'player@example.com',
      password: 'correct horse battery',
    })
    const moved = await profile.accountClient.doTakeOver({
      namespaceName: 'default',
      type: 0,
      userIdentifier: 'player@example.com',
      password: 'correct horse battery',
    })
    expect(moved.item.userId).toBe(userId)

    const signedOut = new Promise<EzEvent>((resolve) =>
      session.events$.subscribe((e) => e.type === 'signedOut' && resolve(e)),
    )
    await expect(session.reauthenticate()).rejects.toMatchObject({
      code: EZ_ERROR_CODES.movedToAnotherDevice,
    })
    expect(await signedOut).toMatchObject({ reason: 'movedToAnotherDevice' })
    expect(session.state).toMatchObject({ status: 'signedOut', reason: 'movedToAnotherDevice' })
    expect(await store.get(deviceKey(rig))).toBeUndefined()
    expect(await profile.deviceAccountTombstones()).toEqual([
      { userId, at: expect.any(Number), reason: 'movedToAnotherDevice' },
    ])
    expect(await accountCount(rig)).toBe(1)
  })

  it('a banned account stays banned: it signs out as rejected, stays stored, nothing is created', async () => {
    rig = await startRig()
    const store = healthyStore()
    const session = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
    const userId = session.userId as string
    await rig.admin('POST', `/accounts/default/${userId}/ban`, {
      name: 'cheat',
      reason: 'cheating',
      releaseTimestamp: rig.time.now + 86_400_000,
    })
    await expect(session.reauthenticate()).rejects.toMatchObject({ status: 401 })
    expect(session.state).toMatchObject({ status: 'signedOut', reason: 'rejected' })
    expect(await store.get(deviceKey(rig))).toMatchObject({ userId })
    await expect(rig.profile({ store }).login(new Gs2AccountAuthenticator())).rejects.toMatchObject(
      { status: 401 },
    )
    expect(await accountCount(rig)).toBe(1)
  })
})
