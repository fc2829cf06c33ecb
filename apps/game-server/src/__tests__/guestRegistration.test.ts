import { Gs2AccountRestClient } from '@gs2ez/account'
import { BasicGs2Credential, Gs2RestSession } from '@gs2ez/core'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import {
  createMemoryStore,
  Gs2AccountAuthenticator,
  OAuth2PasswordAuthenticator,
  Profile,
} from '@gs2ez/ez'
import { afterEach, expect, test } from 'vitest'
import { CLIENT_ID, passwordForm, startStack } from './fixtures/stack.ts'

// A device (guest) player, as the browser has one: an account created with the application
// credential, and the body/signature its `authentication` answers.
interface Device {
  readonly userId: string
  prove(): Promise<{ keyId: string; body: string; signature: string }>
  close(): void
}

const KEY_ID = 'grn:gs2:{region}:{ownerId}:key:default:key:default'

async function deviceAccount(emulator: RunningEmulator): Promise<Device> {
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential(
      emulator.credentials.application.clientId,
      emulator.credentials.application.clientSecret,
    ),
    endpointTemplate: emulator.endpointTemplate,
  })
  const accounts = new Gs2AccountRestClient(session)
  const created = await accounts.createAccount({ namespaceName: 'default' })
  const { userId, password } = created.item as { userId: string; password: string }
  return {
    userId,
    async prove() {
      const result = await accounts.authentication({
        namespaceName: 'default',
        userId,
        password,
        keyId: KEY_ID,
      })
      return { keyId: KEY_ID, body: result.body as string, signature: result.signature as string }
    },
    close: () => session.close(),
  }
}

/** Every account the emulator holds in the `default` namespace. */
async function accountCount(emulator: RunningEmulator): Promise<number> {
  const res = await fetch(`${emulator.url}/__emulator/accounts?namespaceName=default`, {
    headers: { 'x-gs2ez-admin-token': emulator.adminToken },
  })
  const body = (await res.json()) as { items: unknown[]; nextCursor?: unknown }
  expect(body.nextCursor ?? null).toBeNull()
  return body.items.length
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setUp(options: Parameters<typeof startStack>[0] = {}) {
  const stack = await startStack(options)
  cleanups.push(() => stack.close())
  const device = await deviceAccount(stack.emulator)
  cleanups.push(() => device.close())
  return { stack, device }
}

test('a guest who registers a username with its proof signs in with the password as the same GS2 user, and no second GS2 account exists', async () => {
  const { stack, device } = await setUp()
  expect(await accountCount(stack.emulator)).toBe(1)

  const registered = await stack.register({
    username: 'guest-alice',
    password: 'correct horse battery',
    gs2Proof: await device.prove(),
  })
  expect(registered).toMatchObject({ username: 'guest-alice', gs2_user_id: device.userId })

  const login = await stack.token(passwordForm('guest-alice', 'correct horse battery'))
  expect(login.status).toBe(200)
  expect(login.body.gs2_user_id).toBe(device.userId)
  expect(login.body.user_guid).toBe(registered.user_guid)
  // GS2 holds a token for the device user minted by the password grant (the one loginBySignature
  // made while verifying is there too), and still exactly one account.
  const issued = await stack.gs2Tokens(device.userId)
  expect(issued.map((t) => t.userId)).toEqual([device.userId, device.userId])
  expect(await accountCount(stack.emulator)).toBe(1)

  // A refresh stays on that user.
  const refreshed = await stack.token({
    client_id: 'gs2ez-demo',
    grant_type: 'refresh_token',
    refresh_token: login.body.refresh_token as string,
  })
  expect(refreshed.status).toBe(200)
  expect(refreshed.body.gs2_user_id).toBe(device.userId)

  // A registration without a proof still gets a fresh id, distinct from the device's.
  const plain = await stack.register({ username: 'bob', password: 'bob-password-1' })
  expect(plain.gs2_user_id).toBeUndefined()
  const bob = await stack.token(passwordForm('bob', 'bob-password-1'))
  expect(bob.body.gs2_user_id).not.toBe(device.userId)
  expect(await accountCount(stack.emulator)).toBe(1)
})

test('through the SDK: a device player proves itself with session.createIdentityProof(), registers, and the username login is the same player', async () => {
  const { stack } = await setUp()
  const profile = new Profile({
    clientId: stack.emulator.credentials.application.clientId,
    clientSecret: stack.emulator.credentials.application.clientSecret,
    endpointTemplate: stack.emulator.endpointTemplate,
    store: createMemoryStore(),
    crossTab: false,
  })
  cleanups.push(() => profile.dispose())
  const guest = await profile.login(new Gs2AccountAuthenticator())
  const before = await accountCount(stack.emulator)

  const { keyId, body, signature } = await guest.createIdentityProof()
  const registered = await stack.register({
    username: 'guest-sdk',
    password: 'guest sdk password',
    gs2Proof: { keyId, body, signature },
  })
  expect(registered.gs2_user_id).toBe(guest.userId)

  const player = await profile.login(
    new OAuth2PasswordAuthenticator({
      url: stack.url,
      clientId: CLIENT_ID,
      credentials: async () => ({ username: 'guest-sdk', password: 'guest sdk password' }),
    }),
  )
  expect(player.userId).toBe(guest.userId)
  expect(await accountCount(stack.emulator)).toBe(before)
})

test('a forged or altered proof is refused as gs2_proof_invalid, quotes nothing of it, and stores nothing', async () => {
  const { stack, device } = await setUp()
  const proof = await device.prove()
  const flipped = proof.signature.startsWith('A')
    ? `B${proof.signature.slice(1)}`
    : `A${proof.signature.slice(1)}`
  // The body names another (existing) user: a signature made for the real body does not cover it.
  const other = await deviceAccount(stack.emulator)
  cleanups.push(() => other.close())
  const alteredBody = proof.body.replace(device.userId, other.userId)
  expect(alteredBody).not.toBe(proof.body)
  const hostile = [
    { ...proof, signature: flipped },
    { ...proof, body: alteredBody },
    { ...proof, signature: Buffer.from('x'.repeat(32)).toString('base64') },
    { ...proof, keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:other' },
  ]
  for (const gs2Proof of hostile) {
    const res = await stack.json('/users', {
      username: 'mallory',
      password: 'mallory-password',
      gs2Proof,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      field: 'gs2Proof',
      error_reason: 'gs2_proof_invalid',
    })
    const description = res.body.error_description as string
    expect(description.length).toBeLessThan(160)
    expect(description).not.toContain(gs2Proof.signature)
    expect(description).not.toContain(device.userId)
  }
  // Nothing was stored: the name is free and no GS2 token was minted for anyone by the password.
  expect(await stack.dump()).not.toContain('mallory')
  const later = await stack.register({ username: 'mallory', password: 'mallory-password' })
  expect(later.gs2_user_id).toBeUndefined()
})

test('a stale proof is refused as gs2_proof_expired', async () => {
  let skewMs = 0
  const emulator = await startEmulator({ clock: { now: () => Date.now() + skewMs } })
  cleanups.push(() => emulator.close())
  const { stack, device } = await setUp({ emulator })
  const proof = await device.prove()
  skewMs = 11 * 60_000 // past the emulator's 10-minute freshness window
  const res = await stack.json('/users', {
    username: 'late-larry',
    password: 'late-larry-password',
    gs2Proof: proof,
  })
  expect(res.status).toBe(400)
  expect(res.body).toMatchObject({
    error: 'invalid_request',
    field: 'gs2Proof',
    error_reason: 'gs2_proof_expired',
  })
  // A fresh proof works.
  const ok = await stack.register({
    username: 'late-larry',
    password: 'late-larry-password',
    gs2Proof: await device.prove(),
  })
  expect(ok.gs2_user_id).toBe(device.userId)
})

test('a second username cannot claim a GS2 user another username holds: 409 gs2_user_linked', async () => {
  const { stack, device } = await setUp()
  await stack.register({
    username: 'first-name',
    password: 'first-password',
    gs2Proof: await device.prove(),
  })
  const again = await stack.json('/users', {
    username: 'second-name',
    password: 'second-password',
    gs2Proof: await device.prove(),
  })
  expect(again.status).toBe(409)
  expect(again.body).toMatchObject({ error: 'gs2_user_linked', field: 'gs2Proof' })
  const refused = await stack.token(passwordForm('second-name', 'second-password'))
  expect(refused.status).toBe(400)
  const first = await stack.token(passwordForm('first-name', 'first-password'))
  expect(first.body.gs2_user_id).toBe(device.userId)
})

test('concurrent registrations with one proof: exactly one wins, on two instances of one database', async () => {
  // GS2 answers late, so every request has its proof verified before any row is written: the
  // UNIQUE index, not the early check, decides.
  const { stack, device } = await setUp({ gs2LatencyMs: 150 })
  const other = await stack.addInstance()
  const proof = await device.prove()
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      (i % 2 === 0 ? stack : other).json('/users', {
        username: `racer-${i}`,
        password: `racer-password-${i}`,
        gs2Proof: proof,
      }),
    ),
  )
  const statuses = results.map((r) => r.status).sort()
  expect(statuses, JSON.stringify(results)).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
  for (const lost of results.filter((r) => r.status === 409)) {
    expect(lost.body).toMatchObject({ error: 'gs2_user_linked' })
  }
  const winner = results.findIndex((r) => r.status === 201)
  const login = await stack.token(passwordForm(`racer-${winner}`, `racer-password-${winner}`))
  expect(login.body.gs2_user_id).toBe(device.userId)
  expect(await accountCount(stack.emulator)).toBe(1)
  const dump = JSON.parse(await stack.dump()) as { users: Array<{ gs2_user_id: string }> }
  expect(dump.users.filter((u) => u.gs2_user_id === device.userId)).toHaveLength(1)
  expect(dump.users).toHaveLength(1)
})

test('a malformed gs2Proof is a 400 naming the field, without echoing it', async () => {
  const { stack, device } = await setUp()
  const proof = await device.prove()
  const cases: Array<[unknown, string]> = [
    ['a string', 'gs2Proof'],
    [{ ...proof, signature: 'S'.repeat(1025) }, 'gs2Proof.signature'],
    [{ ...proof, body: '' }, 'gs2Proof.body'],
    [{ body: proof.body }, 'gs2Proof.signature'],
  ]
  for (const [gs2Proof, field] of cases) {
    const res = await stack.json('/users', { username: 'eve', password: 'eve-password', gs2Proof })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_request', field })
    expect(JSON.stringify(res.body)).not.toContain('SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS')
  }
  const extra = await stack.json('/users', {
    username: 'eve',
    password: 'eve-password',
    gs2Proof: { ...proof, [`x${'y'.repeat(4000)}`]: 1 },
  })
  expect(extra.status).toBe(400)
  expect(JSON.stringify(extra.body).length).toBeLessThan(300)
  // None of these reached GS2.
  expect(await stack.gs2Tokens(device.userId)).toHaveLength(0)
})

test('a proof of a device account deleted since is refused, and the username stays free', async () => {
  const { stack, device } = await setUp()
  const proof = await device.prove()
  const deleted = await fetch(
    `${stack.emulator.url}/__emulator/accounts/default/${encodeURIComponent(device.userId)}`,
    { method: 'DELETE', headers: { 'x-gs2ez-admin-token': stack.emulator.adminToken } },
  )
  expect(deleted.status).toBe(200)
  const res = await stack.json('/users', {
    username: 'ghost',
    password: 'ghost-password',
    gs2Proof: proof,
  })
  expect(res.status).toBe(400)
  expect(res.body).toMatchObject({
    error: 'invalid_request',
    field: 'gs2Proof',
    error_reason: 'gs2_proof_invalid',
  })
  expect(res.body.error_description).toMatch(/no longer exists/)
  expect(await stack.dump()).not.toContain('ghost')
})
