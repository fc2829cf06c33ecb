import { afterEach, describe, expect, it } from 'vitest'
import type { EzEvent } from '../ezEvent.ts'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import type { EzStore } from '../storage/ezStore.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'
import { sessionRecordKeys } from '../storage/sessionRecords.ts'
import { TRANSFER_CODE_ALPHABET } from '../transferCode.ts'
import { type Rig, startRig } from './support/emulatorRig.ts'

// Issue 16 §4: a transfer code moves a player's account to another device.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

/** A healthy persistent store (it vouches for absence), backed by memory for the test. */
const healthyStore = (): EzStore => ({ ...createMemoryStore(), kind: 'indexeddb' })

/** Another device: its own store, and no channel to this process's other profiles. */
const device = (r: Rig, store: EzStore = healthyStore()) => r.profile({ store, crossTab: false })

const accountCount = async (r: Rig) =>
  ((await r.admin('GET', '/accounts?namespaceName=default')) as { items: unknown[] }).items.length

const deviceKey = (r: Rig, namespace = 'default') =>
  sessionRecordKeys({
    endpoint: r.profile().restSession.endpoint('auth'),
    clientId: r.emulator.credentials.application.clientId,
    namespace,
    authenticator: '',
  }).deviceAccount

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
