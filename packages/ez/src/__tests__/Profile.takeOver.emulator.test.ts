import { systemTimers, ValidationError } from '@gs2ez/core'
import { afterEach, describe, expect, it } from 'vitest'
import { EZ_ERROR_CODES, isEzError, SignedOutError } from '../ezError.ts'
import type { EzEvent } from '../ezEvent.ts'
import { createGs2Client } from '../facade/createGs2Client.ts'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import type { EzStore } from '../storage/ezStore.ts'
import { TRANSFER_CODE_ALPHABET } from '../transferCode.ts'
import { accountCount, deviceKey, healthyStore, type Rig, startRig } from './support/emulatorRig.ts'

const served = async (r: Rig, pattern: RegExp) => (await r.served()).filter((p) => pattern.test(p))
const DO_TAKE_OVER = /^POST \/account\/default\/takeover\/type\/\d+$/
const AUTHENTICATION = /^PUT \/account\/default\/account\/[^/]+$/
const CREATE_ACCOUNT = /^POST \/account\/default\/account$/

/** A fetch that holds GS2-Account `authentication` requests while `held` is true. */
const gatedFetch = () => {
  let release: () => void = () => {}
  let opened = Promise.resolve()
  const gate = {
    held: 0,
    close() {
      opened = new Promise<void>((resolve) => (release = resolve))
    },
    open: () => release(),
    fetch: (async (input, init) => {
      const url = String(input instanceof Request ? input.url : input)
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
      if (method === 'PUT' && /\/account\/[^/]+\/account\/[^/]+$/.test(url)) {
        gate.held += 1
        await opened
      }
      return fetch(input, init)
    }) as typeof fetch,
  }
  return gate
}

// Issue 16 §4: a transfer code moves a player's account to another device.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

/** Another device: its own store, and no channel to this process's other profiles. */
const device = (r: Rig, store: EzStore = healthyStore()) => r.profile({ store, crossTab: false })

const CODE_PART = new RegExp(`^[${TRANSFER_CODE_ALPHABET}]{4}(-[${TRANSFER_CODE_ALPHABET}]{4})+$`)

/** How a player might type a code: lower case, spaces instead of dashes. */
const typedSloppily = (part: string) => ` ${part.toLowerCase().replaceAll('-', ' ')} `

describe('transfer code', () => {
  it('moves the account to another device: same userId, stored there, old account a tombstone', async () => {
    rig = await startRig()
    const storeA = healthyStore()
    const a = await device(rig, storeA).login(new Gs2AccountAuthenticator())
    const code = await a.createTransferCode()
    expect(code.type).toBe(0)
    expect(code.userIdentifier).toMatch(CODE_PART)
    expect(code.userIdentifier.replaceAll('-', '')).toHaveLength(12)
    expect(code.password).toMatch(CODE_PART)
    expect(code.password.replaceAll('-', '')).toHaveLength(16)

    // Device B already played once: its own account is replaced.
    const storeB = healthyStore()
    const profileB = device(rig, storeB)
    const own = await profileB.login(new Gs2AccountAuthenticator())
    const ownUserId = own.userId as string
    const events: EzEvent[] = []
    own.events$.subscribe((e) => events.push(e))
    const b = await profileB.takeOver({
      namespaceName: 'default',
      userIdentifier: typedSloppily(code.userIdentifier),
      password: typedSloppily(code.password),
    })
    expect(b.userId).toBe(a.userId)
    expect(b.state.status).toBe('active')
    expect(await storeB.get(deviceKey(rig))).toMatchObject({ userId: a.userId })
    expect(await profileB.deviceAccountTombstones()).toEqual([
      { userId: ownUserId, at: expect.any(Number), reason: 'replacedByTakeOver' },
    ])
    expect(own.state).toMatchObject({ status: 'signedOut', reason: 'switchedAccount' })
    expect(events).toContainEqual({ type: 'signedOut', reason: 'switchedAccount' })
    // A reload on B plays the account taken over, from the cache.
    const reloaded = await device(rig, storeB).login(new Gs2AccountAuthenticator())
    expect(reloaded.userId).toBe(a.userId)
    // Without changePasswordIfTakeOver, A keeps playing.
    await expect(a.reauthenticate()).resolves.toMatchObject({ userId: a.userId })
    expect(await accountCount(rig)).toBe(2)
  })
})

describe('profile.takeOver input', () => {
  it.each([
    ['userIdentifier', { userIdentifier: '', password: 'ABCD-EFGH' }],
    ['userIdentifier', { userIdentifier: 'K7QX-M2P0-W9HT', password: 'ABCD-EFGH' }],
    ['userIdentifier', { userIdentifier: 'K7QX', password: 'ABCD-EFGH' }],
    ['userIdentifier', { userIdentifier: 'A'.repeat(2000), password: 'ABCD-EFGH' }],
    ['userIdentifier', { userIdentifier: 42, password: 'ABCD-EFGH' }],
    ['password', { userIdentifier: 'K7QX-M2PF-W9HT', password: 'abcd-efgI' }],
    ['password', { userIdentifier: 'K7QX-M2PF-W9HT', password: '   ' }],
    ['type', { userIdentifier: 'K7QX-M2PF-W9HT', password: 'ABCD-EFGH', type: 1025 }],
    ['type', { userIdentifier: 'K7QX-M2PF-W9HT', password: 'ABCD-EFGH', type: 1.5 }],
    [
      'namespaceName',
      { userIdentifier: 'K7QX-M2PF-W9HT', password: 'ABCD-EFGH', namespaceName: '' },
    ],
  ])(
    'refuses a bad %s with a ValidationError naming it, before any request',
    async (field, input) => {
      rig = await startRig()
      const profile = device(rig)
      rig.requests = []
      const attempt = profile.takeOver({ namespaceName: 'default', ...input } as never)
      await expect(attempt).rejects.toBeInstanceOf(ValidationError)
      await expect(attempt).rejects.toMatchObject({ field })
      expect(rig.requests).toEqual([])
    },
  )

  it('a wrong password or an unknown code is an EzError with the server code; nothing changes', async () => {
    rig = await startRig()
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const code = await a.createTransferCode()
    const storeB = healthyStore()
    const profileB = device(rig, storeB)
    const own = await profileB.login(new Gs2AccountAuthenticator())

    const wrong = profileB.takeOver({
      namespaceName: 'default',
      userIdentifier: code.userIdentifier,
      password: 'ABCD-EFGH-JKMN-PQRS',
    })
    await expect(wrong).rejects.toMatchObject({ code: 'account.password.invalid', status: 401 })
    expect(isEzError(await wrong.catch((e: unknown) => e))).toBe(true)

    const unknown = profileB.takeOver({
      namespaceName: 'default',
      userIdentifier: 'ABCD-EFGH-JKMN',
      password: code.password,
    })
    await expect(unknown).rejects.toMatchObject({ code: 'account.takeOver.notFound', status: 404 })
    expect(isEzError(await unknown.catch((e: unknown) => e))).toBe(true)

    expect(own.state.status).toBe('active')
    expect(await storeB.get(deviceKey(rig))).toMatchObject({ userId: own.userId })
    expect(await profileB.deviceAccountTombstones()).toEqual([])
  })
})

describe('session.createTransferCode', () => {
  it('replaces the code of its slot: the previous one stops working', async () => {
    rig = await startRig()
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const first = await a.createTransferCode()
    const second = await a.createTransferCode()
    expect(second.userIdentifier).not.toBe(first.userIdentifier)
    const b = device(rig)
    await expect(b.takeOver({ namespaceName: 'default', ...first })).rejects.toMatchObject({
      code: 'account.takeOver.notFound',
    })
    const session = await b.takeOver({ namespaceName: 'default', ...second })
    expect(session.userId).toBe(a.userId)
    // Another slot is another code, and both work.
    const other = await a.createTransferCode({ type: 7 })
    expect(other.type).toBe(7)
    const c = await device(rig).takeOver({ namespaceName: 'default', ...other })
    expect(c.userId).toBe(a.userId)
  })

  it('validates its options and refuses once signed out', async () => {
    rig = await startRig()
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    await expect(a.createTransferCode({ type: -1 })).rejects.toMatchObject({ field: 'type' })
    await expect(a.createTransferCode({ namespaceName: 'x'.repeat(129) })).rejects.toMatchObject({
      field: 'namespaceName',
    })
    await expect(a.createTransferCode(null as never)).rejects.toBeInstanceOf(ValidationError)
    await a.logout()
    await expect(a.createTransferCode()).rejects.toBeInstanceOf(SignedOutError)
  })

  it('draws from the injected secureRandom, never from the jitter random', async () => {
    rig = await startRig()
    let calls = 0
    const profile = rig.profile({
      store: healthyStore(),
      crossTab: false,
      secureRandom: (bytes) => {
        calls += 1
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + calls) % 248
        return bytes
      },
    })
    const session = await profile.login(new Gs2AccountAuthenticator())
    const code = await session.createTransferCode()
    expect(calls).toBe(2)
    expect(code.userIdentifier).toMatch(CODE_PART)
  })
})

describe('concurrent takeovers', () => {
  it('10 identical calls at once in one tab are one doTakeOver and one session', async () => {
    rig = await startRig()
    await rig.admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const code = await a.createTransferCode()
    const before = (await served(rig, DO_TAKE_OVER)).length
    const b = device(rig)
    const sessions = await Promise.all(
      Array.from({ length: 10 }, () => b.takeOver({ namespaceName: 'default', ...code })),
    )
    expect(new Set(sessions).size).toBe(1)
    expect(sessions[0]?.userId).toBe(a.userId)
    expect((await served(rig, DO_TAKE_OVER)).length - before).toBe(1)
    await expect(sessions[0]?.reauthenticate()).resolves.toMatchObject({ userId: a.userId })
  })

  it('two tabs taking over at once (changePasswordIfTakeOver) both end on a working password', async () => {
    rig = await startRig()
    await rig.admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const code = await a.createTransferCode()
    // Two tabs of one browser: the rig's shared IndexedDB and BroadcastChannel; real timers for
    // the takeover lease's polling.
    const tabs = [rig.profile({ timers: systemTimers }), rig.profile({ timers: systemTimers })]
    const sessions = await Promise.all(
      tabs.map((tab) => tab.takeOver({ namespaceName: 'default', ...code })),
    )
    for (const session of sessions) {
      expect(session.userId).toBe(a.userId)
      await expect(session.reauthenticate()).resolves.toMatchObject({ userId: a.userId })
    }
    expect(await accountCount(rig)).toBe(1)
    // The old device moved: it signs out, it does not fork.
    await expect(a.reauthenticate()).rejects.toMatchObject({
      code: EZ_ERROR_CODES.movedToAnotherDevice,
    })
    expect(await accountCount(rig)).toBe(1)
  })
})

describe('the other tabs', () => {
  it("every tab's session of the previous account signs out with switchedAccount", async () => {
    rig = await startRig()
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const code = await a.createTransferCode()
    const tab1 = rig.profile()
    const old1 = await tab1.login(new Gs2AccountAuthenticator())
    const tab2 = rig.profile()
    const old2 = await tab2.login(new Gs2AccountAuthenticator())
    expect(old2.userId).toBe(old1.userId)
    const signedOut = new Promise<EzEvent>((resolve) =>
      old2.events$.subscribe((e) => e.type === 'signedOut' && resolve(e)),
    )
    const taken = await tab1.takeOver({ namespaceName: 'default', ...code })
    expect(taken.userId).toBe(a.userId)
    expect(old1.state).toMatchObject({ status: 'signedOut', reason: 'switchedAccount' })
    expect(await signedOut).toEqual({ type: 'signedOut', reason: 'switchedAccount' })
    // The game logs in again in tab 2 and gets the account taken over, from the cache.
    const again = await tab2.login(new Gs2AccountAuthenticator())
    expect(again.userId).toBe(a.userId)
    expect(taken.state.status).toBe('active')
  })

  it('a re-authentication in flight during the takeover never puts the old account back', async () => {
    rig = await startRig()
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const code = await a.createTransferCode()
    // Tab 1 misses every broadcast (no channel), and its re-authentication hangs on the wire.
    const gate = gatedFetch()
    const tab1 = rig.profile({ fetch: gate.fetch, crossTab: false })
    const old = await tab1.login(new Gs2AccountAuthenticator())
    const oldUserId = old.userId as string
    gate.close()
    const inFlight = old.reauthenticate().catch((e: unknown) => e)
    await expect.poll(() => gate.held).toBe(1)

    const tab2 = rig.profile()
    const taken = await tab2.takeOver({ namespaceName: 'default', ...code })
    expect(taken.userId).toBe(a.userId)
    gate.open()
    // Its answer (the old account's token) lands after the takeover and is committed.
    await expect(inFlight).resolves.toMatchObject({ userId: oldUserId })
    // A reload plays the account taken over, never the old one's cached token.
    const reload = await rig.profile().login(new Gs2AccountAuthenticator())
    expect(reload.userId).toBe(a.userId)
    // The old session's next attempt finds the device account replaced and signs out.
    await expect(old.reauthenticate()).rejects.toMatchObject({
      code: EZ_ERROR_CODES.switchedAccount,
    })
    expect(old.state).toMatchObject({ status: 'signedOut', reason: 'switchedAccount' })
    const tombstones = await rig.profile().deviceAccountTombstones()
    expect(tombstones).toEqual([
      { userId: oldUserId, at: expect.any(Number), reason: 'replacedByTakeOver' },
    ])
    expect(await accountCount(rig)).toBe(2)
  })
})

describe('the old device', () => {
  it('with changePasswordIfTakeOver signs out movedToAnotherDevice, keeps a tombstone, and can take the account back', async () => {
    rig = await startRig()
    await rig.admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
    const storeA = healthyStore()
    const profileA = device(rig, storeA)
    const a = await profileA.login(new Gs2AccountAuthenticator())
    const userId = a.userId as string
    const code = await a.createTransferCode()
    const profileB = device(rig)
    const b = await profileB.takeOver({ namespaceName: 'default', ...code })
    expect(b.userId).toBe(userId)

    await expect(a.reauthenticate()).rejects.toMatchObject({
      code: EZ_ERROR_CODES.movedToAnotherDevice,
    })
    expect(a.state).toMatchObject({ status: 'signedOut', reason: 'movedToAnotherDevice' })
    expect(await storeA.get(deviceKey(rig))).toBeUndefined()
    expect(await profileA.deviceAccountTombstones()).toEqual([
      { userId, at: expect.any(Number), reason: 'movedToAnotherDevice' },
    ])
    // "Take over back": a code made on B brings A back to the same player.
    const back = await b.createTransferCode()
    const again = await profileA.takeOver({ namespaceName: 'default', ...back })
    expect(again.userId).toBe(userId)
    expect(await accountCount(rig)).toBe(1)
    expect((await served(rig, CREATE_ACCOUNT)).length).toBe(1)
    expect((await served(rig, AUTHENTICATION)).length).toBeGreaterThan(0)
  })

  it('a banned account stays banned: its code still moves it, banned, and nothing is created', async () => {
    rig = await startRig()
    const a = await device(rig).login(new Gs2AccountAuthenticator())
    const userId = a.userId as string
    const code = await a.createTransferCode()
    await rig.admin('POST', `/accounts/default/${userId}/ban`, {
      name: 'cheat',
      reason: 'cheating',
      releaseTimestamp: rig.time.now + 86_400_000,
    })
    const storeB = healthyStore()
    const b = device(rig, storeB)
    await expect(b.takeOver({ namespaceName: 'default', ...code })).rejects.toMatchObject({
      status: 401,
    })
    // The banned account is what B stores: a reload is refused again, never given a new one.
    expect(await storeB.get(deviceKey(rig))).toMatchObject({ userId })
    await expect(device(rig, storeB).login(new Gs2AccountAuthenticator())).rejects.toMatchObject({
      status: 401,
    })
    expect(await accountCount(rig)).toBe(1)
  })
})

describe('facade (Unity names)', () => {
  it('Me(session).TakeOver(type): add, model, update, delete; Namespace(ns).doTakeOver', async () => {
    rig = await startRig()
    const profile = device(rig)
    const session = await profile.login(new Gs2AccountAuthenticator())
    const gs2 = await createGs2Client(profile)
    const me = gs2.Account.Namespace('default').Me(session)
    const slot = me.TakeOver(1)
    expect(await slot.model()).toBeNull()
    const added = await slot.addTakeOverSetting({
      userIdentifier: 'player@example.com',
      password: 'first password',
    })
    expect(added).toMatchObject({
      userId: session.userId,
      type: 1,
      userIdentifier: 'player@example.com',
    })
    expect(await slot.model()).toMatchObject({ userIdentifier: 'player@example.com' })
    expect(await me.takeOvers()).toHaveLength(1)
    await expect(
      slot.updateTakeOverSetting({ oldPassword: 'wrong', password: 'second password' }),
    ).rejects.toMatchObject({ code: 'account.password.invalid' })
    await slot.updateTakeOverSetting({ oldPassword: 'first password', password: 'second password' })
    const account = await gs2.Account.Namespace('default').doTakeOver({
      type: 1,
      userIdentifier: 'player@example.com',
      password: 'second password',
    })
    expect(account.userId).toBe(session.userId)
    expect(account.password).toEqual(expect.any(String))
    await slot.deleteTakeOverSetting()
    expect(await slot.model()).toBeNull()
    await expect(
      gs2.Account.Namespace('default').doTakeOver({
        type: 1,
        userIdentifier: 'player@example.com',
        password: 'second password',
      }),
    ).rejects.toMatchObject({ status: 404 })
    expect(() => me.TakeOver(2000)).toThrow(ValidationError)
    expect(() => gs2.Account.Namespace('default').Me({} as never)).toThrow(ValidationError)
  })
})
