import { Gs2AuthRestClient } from '@gs2ez/auth'
import { ValidationError } from '@gs2ez/core'
import { afterEach, expect, it } from 'vitest'
import type { Authenticator } from '../authenticator.ts'
import { DisposedError, EZ_ERROR_CODES, StorageUnavailableError } from '../ezError.ts'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import type { IdentityProof } from '../identityProof.ts'
import type { EzStore } from '../storage/ezStore.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'
import {
  accountCount,
  deviceKey,
  failingReads,
  healthyStore,
  type Rig,
  startRig,
} from './support/emulatorRig.ts'

// Issue 16 §6: a guest who registers a username keeps their GS2 user. The game server links the
// username to whoever a GS2-signed proof names; session.createIdentityProof() makes that proof.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const AUTHENTICATION = /^PUT \/account\/default\/account\/[^/]+$/
const served = async (r: Rig, pattern: RegExp) => (await r.served()).filter((p) => pattern.test(p))
/** What a trusted server does with a proof: GS2-Auth loginBySignature; the userId it names. */
const verify = async (r: Rig, proof: IdentityProof) => {
  const auth = new Gs2AuthRestClient(r.profile({ store: createMemoryStore() }).restSession)
  const { keyId, body, signature } = proof
  return (await auth.loginBySignature({ keyId, body, signature })).userId
}

it('proves the device player: GS2 accepts the proof as them, and no account or token changes', async () => {
  rig = await startRig()
  const session = await rig.profile({ store: healthyStore() }).login(new Gs2AccountAuthenticator())
  const token = (await session.getAccessToken()).token
  const before = (await served(rig, AUTHENTICATION)).length

  const proof = await session.createIdentityProof()

  expect(proof.userId).toBe(session.userId)
  expect(proof.keyId).toMatch(/:key:default:key:default$/)
  expect(await verify(rig, proof)).toBe(session.userId)
  expect(await served(rig, AUTHENTICATION)).toHaveLength(before + 1)
  expect(await accountCount(rig)).toBe(1)
  expect((await session.getAccessToken()).token).toBe(token)
})

it('a forged body fails verification: the proof is signed by GS2, not by the SDK', async () => {
  rig = await startRig()
  const session = await rig.profile({ store: healthyStore() }).login(new Gs2AccountAuthenticator())
  const proof = await session.createIdentityProof()
  const other = await rig.profile({ store: healthyStore() }).login(new Gs2AccountAuthenticator())
  const forged = {
    ...proof,
    body: proof.body.replace(session.userId ?? '', other.userId ?? ''),
  }
  expect(forged.body).not.toBe(proof.body)
  await expect(verify(rig, forged)).rejects.toMatchObject({ status: 401 })
})

it('after a reload restored the session from the cache, the stored device account proves it', async () => {
  rig = await startRig()
  const store = healthyStore()
  const first = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
  const requests = (await rig.served()).length
  // A reload: a new Profile and authenticator; the token comes from the store, no request.
  const restored = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
  expect(await rig.served()).toHaveLength(requests)

  // Site data cleared after the reload: the restore already read the account into memory.
  await store.del(deviceKey(rig))

  const proof = await restored.createIdentityProof()
  expect(proof.userId).toBe(first.userId)
  expect(await verify(rig, proof)).toBe(first.userId)
  expect(await accountCount(rig)).toBe(1)
})

it('a temporary account can be proven: linking it is how its progress outlives the reload', async () => {
  rig = await startRig()
  const store = healthyStore()
  await rig.profile({ store }).login(new Gs2AccountAuthenticator())
  const session = await rig
    .profile({ store: failingReads(store), crossTab: false })
    .login(new Gs2AccountAuthenticator({ onStorageUnavailable: 'temporaryAccount' }))
  expect(session.temporary).toBe(true)
  const proof = await session.createIdentityProof()
  expect(proof.userId).toBe(session.userId)
  expect(await verify(rig, proof)).toBe(session.userId)
})

/** A store whose device-account record cannot be read while `broken.value` is true. */
const breakable = (store: EzStore, key: string, broken: { value: boolean }): EzStore => ({
  ...store,
  get: (k) =>
    broken.value && k === key ? Promise.reject(new Error('read timed out')) : store.get(k),
})

it('a restored session whose store was never readable fails with StorageUnavailableError, creating nothing', async () => {
  rig = await startRig()
  const store = healthyStore()
  await rig.profile({ store }).login(new Gs2AccountAuthenticator())
  const broken = { value: true }
  const restored = await rig
    .profile({ store: breakable(store, deviceKey(rig), broken) })
    .login(new Gs2AccountAuthenticator())
  const before = (await served(rig, AUTHENTICATION)).length

  const proof = restored.createIdentityProof()
  await expect(proof).rejects.toBeInstanceOf(StorageUnavailableError)
  expect(await served(rig, AUTHENTICATION)).toHaveLength(before)
  expect(await accountCount(rig)).toBe(1)
})

it('refuses with switched_account when the stored account is no longer the session player', async () => {
  rig = await startRig()
  const store = healthyStore()
  const first = await rig.profile({ store }).login(new Gs2AccountAuthenticator())
  // The restore could not read the device account, so the session holds no credential of its own.
  const broken = { value: true }
  const restored = await rig
    .profile({ store: breakable(store, deviceKey(rig), broken), crossTab: false })
    .login(new Gs2AccountAuthenticator())
  expect(restored.userId).toBe(first.userId)
  broken.value = false
  // Another account is stored now (as a takeover in a tab that could not broadcast leaves it).
  const elsewhere = healthyStore()
  await rig.profile({ store: elsewhere }).login(new Gs2AccountAuthenticator())
  await store.set(deviceKey(rig), await elsewhere.get(deviceKey(rig)))

  const proof = restored.createIdentityProof()
  await expect(proof).rejects.toMatchObject({ code: EZ_ERROR_CODES.switchedAccount, status: 401 })
})

it('a session whose authenticator GS2 does not check cannot make one; nor can an ended one', async () => {
  rig = await startRig()
  const inner = new Gs2AccountAuthenticator()
  // A custom authenticator (a studio's own IdP, say) has no proveIdentity.
  const custom: Authenticator = {
    id: 'custom',
    authenticate: (context) => inner.authenticate(context),
  }
  const session = await rig.profile({ store: healthyStore() }).login(custom)
  const refused = session.createIdentityProof()
  await expect(refused).rejects.toBeInstanceOf(ValidationError)
  await expect(refused).rejects.toMatchObject({ field: 'authenticator' })

  const device = await rig.profile({ store: healthyStore() }).login(new Gs2AccountAuthenticator())
  await device.dispose()
  await expect(device.createIdentityProof()).rejects.toBeInstanceOf(DisposedError)
})
