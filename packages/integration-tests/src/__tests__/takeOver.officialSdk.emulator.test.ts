import { createRequire } from 'node:module'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The unmodified official GS2 SDK (npm `gs2` 1.4.21) runs the whole takeover flow against the
// emulator over HTTP: register from the old device, recover from a new one, log in there, and
// lock the old device out when the namespace asks for it. The SDK is loaded with require, so
// TypeScript never type-checks its shipped .ts sources (they do not pass our strict settings).

const require = createRequire(import.meta.url)

type Built = Record<string, (value: unknown) => Built>
type RequestClasses = Record<string, new () => Built>
interface OfficialResult {
  toDict(): Record<string, unknown>
}
type OfficialClient = Record<string, (request: Built) => Promise<OfficialResult>>
interface OfficialSession {
  connect(): Promise<unknown>
}
interface OfficialCore {
  Gs2RestSession: new (credential: unknown, region: string) => OfficialSession
  BasicGs2Credential: new (clientId: string, clientSecret: string) => unknown
}

const core = (require('gs2/core') as { default: OfficialCore }).default
const constants = require('gs2/core/model') as { Gs2Constant: { ENDPOINT_HOST: string } }
const accountSdk = require('gs2/account') as {
  request: RequestClasses
  Gs2AccountRestClient: new (session: OfficialSession) => OfficialClient
}
const authSdk = require('gs2/auth') as {
  request: RequestClasses
  Gs2AuthRestClient: new (session: OfficialSession) => OfficialClient
}

/** `new XRequest().withA(a).withB(b)`, the official SDK's builder style, from an object. */
const build = (classes: RequestClasses, name: string, fields: Record<string, unknown>): Built => {
  const Request = classes[name]
  if (!Request) throw new Error(`the official SDK has no ${name}`)
  let built = new Request()
  for (const [key, value] of Object.entries(fields)) {
    built = (built[`with${key[0]?.toUpperCase()}${key.slice(1)}`] as (v: unknown) => Built)(value)
  }
  return built
}

const KEY_ID = 'grn:gs2:{region}:{ownerId}:key:default:key:default'

let emulator: RunningEmulator
let originalHost: string

beforeAll(async () => {
  emulator = await startEmulator()
  originalHost = constants.Gs2Constant.ENDPOINT_HOST
  // The documented way to point the official SDK elsewhere (see gs2-protocol.md §1).
  constants.Gs2Constant.ENDPOINT_HOST = emulator.endpointTemplate
})
afterAll(async () => {
  constants.Gs2Constant.ENDPOINT_HOST = originalHost
  await emulator.close()
})

/** A device: an official session with its account and auth clients. */
const device = async (kind: 'application' | 'trusted' = 'application') => {
  const { clientId, clientSecret } = emulator.credentials[kind]
  const session = new core.Gs2RestSession(
    new core.BasicGs2Credential(clientId, clientSecret),
    emulator.region,
  )
  await session.connect()
  const account = new accountSdk.Gs2AccountRestClient(session)
  const auth = new authSdk.Gs2AuthRestClient(session)
  const call = async (name: string, fields: Record<string, unknown>) =>
    (
      await (account[name] as OfficialClient[string])(
        build(accountSdk.request, `${name[0]?.toUpperCase()}${name.slice(1)}Request`, fields),
      )
    ).toDict()
  const logIn = async (namespaceName: string, userId: string, password: string) => {
    const signed = await call('authentication', { namespaceName, userId, password, keyId: KEY_ID })
    const token = await (auth.loginBySignature as OfficialClient[string])(
      build(authSdk.request, 'LoginBySignatureRequest', {
        keyId: KEY_ID,
        body: signed.body,
        signature: signed.signature,
      }),
    )
    return token.toDict() as { token: string; userId: string }
  }
  return { call, logIn }
}

/** The official SDK throws GS2's parsed error array: `[{component, message, code}]`. */
const gs2Codes = (error: unknown): string[] =>
  Array.isArray(error) ? error.map((d) => String((d as { code?: unknown }).code)) : []

describe('official gs2 SDK 1.4.21: takeover against the emulator', () => {
  it('registers, lists, updates, recovers on a new device, logs in there, and deletes', async () => {
    const oldDevice = await device()
    const created = (await oldDevice.call('createAccount', { namespaceName: 'default' })).item as {
      userId: string
      password: string
    }
    const { token } = await oldDevice.logIn('default', created.userId, created.password)
    const userIdentifier = `official-${Date.now()}@example.com`

    const setting = await oldDevice.call('createTakeOver', {
      namespaceName: 'default',
      accessToken: token,
      type: 0,
      userIdentifier,
      password: 'first',
    })
    expect(setting.item).toMatchObject({
      takeOverId: `grn:gs2:${emulator.region}:${emulator.ownerId}:account:default:takeOver:0:${userIdentifier}`,
      userId: created.userId,
      type: 0,
      userIdentifier,
      password: null,
    })
    const listed = await oldDevice.call('describeTakeOvers', {
      namespaceName: 'default',
      accessToken: token,
    })
    expect(listed.items).toEqual([setting.item])
    const got = await oldDevice.call('getTakeOver', {
      namespaceName: 'default',
      accessToken: token,
      type: 0,
    })
    expect(got.item).toEqual(setting.item)
    const updated = await oldDevice.call('updateTakeOver', {
      namespaceName: 'default',
      accessToken: token,
      type: 0,
      oldPassword: 'first',
      password: 'second',
    })
    expect(updated.item).toMatchObject({ userIdentifier, revision: 2, password: null })

    const newDevice = await device()
    const wrong = await newDevice
      .call('doTakeOver', { namespaceName: 'default', type: 0, userIdentifier, password: 'first' })
      .catch((e: unknown) => e)
    expect(gs2Codes(wrong)).toEqual(['account.password.invalid'])
    const moved = (
      await newDevice.call('doTakeOver', {
        namespaceName: 'default',
        type: 0,
        userIdentifier,
        password: 'second',
      })
    ).item as { userId: string; password: string }
    expect(moved.userId).toBe(created.userId)
    const onNewDevice = await newDevice.logIn('default', moved.userId, moved.password)
    expect(onNewDevice.userId).toBe(created.userId)
    // `default` keeps the old device's password.
    await oldDevice.logIn('default', created.userId, created.password)

    const deleted = await oldDevice.call('deleteTakeOver', {
      namespaceName: 'default',
      accessToken: token,
      type: 0,
    })
    expect(deleted.item).toMatchObject({ userIdentifier })
    const gone = await newDevice
      .call('doTakeOver', { namespaceName: 'default', type: 0, userIdentifier, password: 'second' })
      .catch((e: unknown) => e)
    expect(gs2Codes(gone)).toEqual(['account.takeOver.notFound'])
  })

  it('with changePasswordIfTakeOver (set by createNamespace) the old device is locked out', async () => {
    const server = await device('trusted')
    const ns = (
      await server.call('createNamespace', {
        name: 'official-strict',
        changePasswordIfTakeOver: true,
      })
    ).item as { name: string; changePasswordIfTakeOver: boolean }
    expect(ns.changePasswordIfTakeOver).toBe(true)

    const oldDevice = await device()
    const created = (await oldDevice.call('createAccount', { namespaceName: ns.name })).item as {
      userId: string
      password: string
    }
    const { token } = await oldDevice.logIn(ns.name, created.userId, created.password)
    await oldDevice.call('createTakeOver', {
      namespaceName: ns.name,
      accessToken: token,
      type: 1,
      userIdentifier: 'official-strict-player',
      password: 'transfer-code',
    })

    const newDevice = await device()
    const moved = (
      await newDevice.call('doTakeOver', {
        namespaceName: ns.name,
        type: 1,
        userIdentifier: 'official-strict-player',
        password: 'transfer-code',
      })
    ).item as { userId: string; password: string }
    expect(moved.userId).toBe(created.userId)
    expect(moved.password).not.toBe(created.password)
    await newDevice.logIn(ns.name, moved.userId, moved.password)
    const locked = await oldDevice
      .logIn(ns.name, created.userId, created.password)
      .catch((e: unknown) => e)
    expect(gs2Codes(locked)).toEqual(['account.password.invalid'])
  })

  it("a game server (trusted) manages a player's settings with the ByUserId APIs; a client may not", async () => {
    const player = await device()
    const created = (await player.call('createAccount', { namespaceName: 'default' })).item as {
      userId: string
      password: string
    }
    const server = await device('trusted')
    const userIdentifier = `official-server-${Date.now()}`
    const made = await server.call('createTakeOverByUserId', {
      namespaceName: 'default',
      userId: created.userId,
      type: 5,
      userIdentifier,
      password: 'from-server',
    })
    expect(made.item).toMatchObject({ userId: created.userId, type: 5, userIdentifier })
    const listed = await server.call('describeTakeOversByUserId', {
      namespaceName: 'default',
      userId: created.userId,
    })
    expect(listed.items).toEqual([made.item])
    const refused = await player
      .call('getTakeOverByUserId', { namespaceName: 'default', userId: created.userId, type: 5 })
      .catch((e: unknown) => e)
    expect(gs2Codes(refused)).toEqual(['identifier.credential.untrusted'])
    const deleted = await server.call('deleteTakeOverByUserIdentifier', {
      namespaceName: 'default',
      type: 5,
      userIdentifier,
    })
    expect(deleted.item).toMatchObject({ userId: created.userId })
    const gone = await server
      .call('getTakeOverByUserId', { namespaceName: 'default', userId: created.userId, type: 5 })
      .catch((e: unknown) => e)
    expect(gs2Codes(gone)).toEqual(['account.takeOver.notFound'])
  })
})
