import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Gs2AccountRestClient, TAKE_OVER_LIMITS as L } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import { BasicGs2Credential, Gs2RestSession, isGs2Error } from '@gs2ez/core'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

// Every GS2-Account takeover API of the account client, its limits and its errors, against the
// real emulator over HTTP.

let emulator: RunningEmulator
const sessions: Gs2RestSession[] = []
const extra: RunningEmulator[] = []

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
})
afterEach(async () => {
  for (const session of sessions.splice(0)) session.close()
  for (const e of extra.splice(0)) await e.close()
})

const NS = 'default'
const s = (n: number, c = 'x') => c.repeat(n)
let seq = 0
const unique = (label: string) => `${label}-${Date.now()}-${++seq}@example.com`

/** A client whose every HTTP request is counted (real fetch, nothing stubbed). */
const connect = (
  kind: 'application' | 'trusted' = 'application',
  on = emulator,
  retry?: { baseDelayMs: number; maxDelayMs: number },
) => {
  const { clientId, clientSecret } = on.credentials[kind]
  let requests = 0
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential(clientId, clientSecret),
    region: on.region,
    endpointTemplate: on.endpointTemplate,
    ...(retry === undefined ? {} : { retry }),
    fetch: (input, init) => {
      requests++
      return globalThis.fetch(input, init)
    },
  })
  sessions.push(session)
  return {
    session,
    requests: () => requests,
    auth: new Gs2AuthRestClient(session),
    account: new Gs2AccountRestClient(session),
  }
}

type Client = ReturnType<typeof connect>

/** A new player on a device: account, authentication, loginBySignature. */
const newPlayer = async (c: Client, namespaceName = NS) => {
  const { item } = await c.account.createAccount({ namespaceName })
  const password = item.password as string
  return {
    userId: item.userId,
    password,
    accessToken: await logIn(c, namespaceName, item.userId, password),
  }
}

const logIn = async (c: Client, namespaceName: string, userId: string, password: string) => {
  const { body, signature } = await c.account.authentication({ namespaceName, userId, password })
  return (await c.auth.loginBySignature({ body, signature })).token
}

/** A project token straight from the emulator's identifier service. */
const projectToken = async (kind: 'application' | 'trusted' = 'application', on = emulator) => {
  const { clientId, clientSecret } = on.credentials[kind]
  const res = await fetch(`${on.url}/identifier/projectToken/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
  })
  return ((await res.json()) as { access_token: string }).access_token
}

/** One GS2-Account request as raw HTTP, for what the client would never send. */
const raw = async (
  method: string,
  urlPath: string,
  init: { body?: unknown; accessToken?: string; projectToken: string; on?: RunningEmulator },
) => {
  const res = await fetch(`${(init.on ?? emulator).url}/account${urlPath}`, {
    method,
    headers: {
      authorization: `Bearer ${init.projectToken}`,
      'content-type': 'application/json',
      ...(init.accessToken === undefined ? {} : { 'x-gs2-access-token': init.accessToken }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  const json = (await res.json()) as Record<string, unknown>
  const details =
    res.status === 200
      ? []
      : (JSON.parse(String(json.message)) as { component: string; code: string }[])
  return { status: res.status, json, detail: details[0] }
}

/** createNamespace through GS2's own API (as the official SDK sends it), trusted credential. */
const createNamespace = async (name: string, changePasswordIfTakeOver: boolean, on = emulator) => {
  const r = await raw('POST', '/', {
    projectToken: await projectToken('trusted', on),
    body: { name, description: null, changePasswordIfTakeOver },
    on,
  })
  expect(r.status).toBe(200)
  return r.json as { item: { name: string; changePasswordIfTakeOver: boolean } }
}

describe('takeover settings (the "me" APIs)', () => {
  it('createTakeOver registers a setting; get, describe, update and delete it', async () => {
    const c = connect()
    const player = await newPlayer(c)
    const userIdentifier = unique('create')
    const created = await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'first-password',
    })
    expect(created.item).toMatchObject({
      takeOverId: `grn:gs2:${emulator.region}:${emulator.ownerId}:account:${NS}:takeOver:0:${userIdentifier}`,
      userId: player.userId,
      type: 0,
      userIdentifier,
      revision: 1,
    })
    // Never echoed, by any API.
    expect(created.item.password ?? null).toBeNull()

    const got = await c.account.getTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
    })
    expect(got.item).toEqual(created.item)
    const listed = await c.account.describeTakeOvers({
      namespaceName: NS,
      accessToken: player.accessToken,
    })
    expect(listed.items).toEqual([created.item])
    expect(listed.nextPageToken ?? null).toBeNull()

    const updated = await c.account.updateTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
      oldPassword: 'first-password',
      password: 'second-password',
    })
    expect(updated.item).toMatchObject({ userIdentifier, revision: 2 })
    expect(updated.item.password ?? null).toBeNull()
    // The old password no longer recovers the account; the new one does.
    const other = connect()
    await expect(
      other.account.doTakeOver({
        namespaceName: NS,
        type: 0,
        userIdentifier,
        password: 'first-password',
      }),
    ).rejects.toMatchObject({
      name: 'UnauthorizedError',
      status: 401,
      code: 'account.password.invalid',
    })
    const moved = await other.account.doTakeOver({
      namespaceName: NS,
      type: 0,
      userIdentifier,
      password: 'second-password',
    })
    expect(moved.item.userId).toBe(player.userId)

    const deleted = await c.account.deleteTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
    })
    expect(deleted.item).toMatchObject({ userIdentifier, type: 0 })
    await expect(
      c.account.getTakeOver({ namespaceName: NS, accessToken: player.accessToken, type: 0 }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      code: 'account.takeOver.notFound',
    })
    await expect(
      c.account.deleteTakeOver({ namespaceName: NS, accessToken: player.accessToken, type: 0 }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.takeOver.notFound' })
    await expect(
      other.account.doTakeOver({
        namespaceName: NS,
        type: 0,
        userIdentifier,
        password: 'second-password',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.takeOver.notFound' })
    // The identifier is free again.
    const again = await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'third-password',
    })
    expect(again.item.revision).toBe(1)
  })

  it('updateTakeOver with a wrong old password is 401 and changes nothing', async () => {
    const c = connect()
    const player = await newPlayer(c)
    const userIdentifier = unique('update')
    await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 3,
      userIdentifier,
      password: 'right',
    })
    const error = await c.account
      .updateTakeOver({
        namespaceName: NS,
        accessToken: player.accessToken,
        type: 3,
        oldPassword: 'wrong',
        password: 'new',
      })
      .catch((e: unknown) => e)
    expect(isGs2Error(error, 'UnauthorizedError')).toBe(true)
    expect(error).toMatchObject({ status: 401, code: 'account.password.invalid', retryable: false })
    const moved = await connect().account.doTakeOver({
      namespaceName: NS,
      type: 3,
      userIdentifier,
      password: 'right',
    })
    expect(moved.item.userId).toBe(player.userId)
    await expect(
      c.account.updateTakeOver({
        namespaceName: NS,
        accessToken: player.accessToken,
        type: 4,
        oldPassword: 'right',
        password: 'new',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.takeOver.notFound' })
  })

  it('describeTakeOvers pages by limit with nextPageToken, in type order', async () => {
    const c = connect()
    const player = await newPlayer(c)
    for (const type of [7, 2, 1024]) {
      await c.account.createTakeOver({
        namespaceName: NS,
        accessToken: player.accessToken,
        type,
        userIdentifier: unique(`page${type}`),
        password: 'p',
      })
    }
    const first = await c.account.describeTakeOvers({
      namespaceName: NS,
      accessToken: player.accessToken,
      limit: 2,
    })
    expect(first.items.map((x) => x.type)).toEqual([2, 7])
    expect(first.nextPageToken).toEqual(expect.any(String))
    const second = await c.account.describeTakeOvers({
      namespaceName: NS,
      accessToken: player.accessToken,
      limit: 2,
      pageToken: first.nextPageToken as string,
    })
    expect(second.items.map((x) => x.type)).toEqual([1024])
    expect(second.nextPageToken ?? null).toBeNull()
    await expect(
      c.account.describeTakeOvers({
        namespaceName: NS,
        accessToken: player.accessToken,
        pageToken: 'not-a-token',
      }),
    ).rejects.toMatchObject({
      name: 'BadRequestError',
      status: 400,
      code: 'account.pageToken.invalid',
    })
    // Another player sees only their own.
    const other = await newPlayer(c)
    expect(
      (await c.account.describeTakeOvers({ namespaceName: NS, accessToken: other.accessToken }))
        .items,
    ).toEqual([])
  })

  it('one userIdentifier per namespace and type; one setting per player and type', async () => {
    const c = connect()
    const a = await newPlayer(c)
    const b = await newPlayer(c)
    const userIdentifier = unique('unique')
    await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: a.accessToken,
      type: 1,
      userIdentifier,
      password: 'a',
    })
    const taken = await c.account
      .createTakeOver({
        namespaceName: NS,
        accessToken: b.accessToken,
        type: 1,
        userIdentifier,
        password: 'b',
      })
      .catch((e: unknown) => e)
    expect(isGs2Error(taken, 'ConflictError')).toBe(true)
    expect(taken).toMatchObject({ status: 409, code: 'account.takeOver.exists' })
    // Same identifier, other type: a different slot.
    await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: b.accessToken,
      type: 2,
      userIdentifier,
      password: 'b',
    })
    // The player's own slot is taken too, whatever the identifier.
    await expect(
      c.account.createTakeOver({
        namespaceName: NS,
        accessToken: a.accessToken,
        type: 1,
        userIdentifier: unique('other'),
        password: 'a',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError', code: 'account.takeOver.exists' })
    // Same identifier and type in another namespace is another setting.
    await createNamespace('takeover-other', false)
    const elsewhere = await newPlayer(c, 'takeover-other')
    await c.account.createTakeOver({
      namespaceName: 'takeover-other',
      accessToken: elsewhere.accessToken,
      type: 1,
      userIdentifier,
      password: 'c',
    })
    const moved = await c.account.doTakeOver({
      namespaceName: 'takeover-other',
      type: 1,
      userIdentifier,
      password: 'c',
    })
    expect(moved.item.userId).toBe(elsewhere.userId)
  })

  it('40 players racing for one identifier: exactly one wins, the rest get 409', async () => {
    const c = connect()
    const players = await Promise.all(Array.from({ length: 40 }, () => newPlayer(c)))
    const userIdentifier = unique('race')
    const results = await Promise.allSettled(
      players.map((p) =>
        c.account.createTakeOver({
          namespaceName: NS,
          accessToken: p.accessToken,
          type: 9,
          userIdentifier,
          password: 'race',
        }),
      ),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    expect(won).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ status: 409, code: 'account.takeOver.exists' })
    }
    const winner = (won[0] as PromiseFulfilledResult<{ item: { userId: string } }>).value.item
      .userId
    const moved = await c.account.doTakeOver({
      namespaceName: NS,
      type: 9,
      userIdentifier,
      password: 'race',
    })
    expect(moved.item.userId).toBe(winner)
  })

  it('needs the player: no access token is 401, an unknown one is 401, a deleted account 404', async () => {
    const c = connect()
    const player = await newPlayer(c)
    await expect(
      c.account.getTakeOver({ namespaceName: NS, accessToken: 'not-a-token', type: 0 }),
    ).rejects.toMatchObject({ name: 'UnauthorizedError', code: 'auth.accessToken.invalid' })
    const token = await projectToken()
    for (const [method, p] of [
      ['POST', '/default/account/me/takeover'],
      ['GET', '/default/account/me/takeover'],
      ['GET', '/default/account/me/takeover/type/0'],
      ['PUT', '/default/account/me/takeover/type/0'],
      ['DELETE', '/default/account/me/takeover/type/0'],
    ] as const) {
      const r = await raw(method, p, {
        projectToken: token,
        ...(method === 'POST' || method === 'PUT'
          ? { body: { type: 0, userIdentifier: 'x', password: 'y', oldPassword: 'y' } }
          : {}),
      })
      expect(r.status, `${method} ${p}`).toBe(401)
      expect(r.detail).toMatchObject({
        component: 'X-GS2-ACCESS-TOKEN',
        code: 'auth.accessToken.required',
      })
    }
    // A token whose player has no account in that namespace.
    await createNamespace('takeover-empty', false)
    await expect(
      c.account.describeTakeOvers({
        namespaceName: 'takeover-empty',
        accessToken: player.accessToken,
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.account.notFound' })
    await expect(
      c.account.describeTakeOvers({
        namespaceName: 'no-such-namespace',
        accessToken: player.accessToken,
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.namespace.notFound' })
  })

  it('deleting the account deletes its settings and frees their identifiers', async () => {
    const c = connect()
    const player = await newPlayer(c)
    const userIdentifier = unique('deleted')
    await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 5,
      userIdentifier,
      password: 'p',
    })
    await connect('trusted').account.deleteAccount({ namespaceName: NS, userId: player.userId })
    await expect(
      c.account.doTakeOver({ namespaceName: NS, type: 5, userIdentifier, password: 'p' }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.takeOver.notFound' })
    const next = await newPlayer(c)
    const created = await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: next.accessToken,
      type: 5,
      userIdentifier,
      password: 'q',
    })
    expect(created.item.userId).toBe(next.userId)
  })
})

describe('doTakeOver', () => {
  it('recovers the account on a new device; the old device keeps its password by default', async () => {
    const oldDevice = connect()
    const player = await newPlayer(oldDevice)
    const userIdentifier = unique('move')
    await oldDevice.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'transfer',
    })

    const newDevice = connect()
    const moved = await newDevice.account.doTakeOver({
      namespaceName: NS,
      type: 0,
      userIdentifier,
      password: 'transfer',
    })
    expect(moved.item.userId).toBe(player.userId)
    expect(moved.item.accountId).toBe(
      `grn:gs2:${emulator.region}:${emulator.ownerId}:account:${NS}:account:${player.userId}`,
    )
    expect(moved.item.password).toHaveLength(32)
    // The new device logs in as the same player.
    const token = await logIn(newDevice, NS, player.userId, moved.item.password as string)
    const { body } = await newDevice.account.authentication({
      namespaceName: NS,
      userId: player.userId,
      password: moved.item.password as string,
    })
    expect(JSON.parse(body)).toMatchObject({ userId: player.userId })
    expect(token.length).toBeGreaterThan(0)
    // changePasswordIfTakeOver is off in `default`: the old device still logs in.
    await logIn(oldDevice, NS, player.userId, player.password)
  })

  it('a wrong password is 401 account.password.invalid; an unknown identifier, type or namespace 404', async () => {
    const c = connect()
    const player = await newPlayer(c)
    const userIdentifier = unique('errors')
    await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'right',
    })
    const wrong = await c.account
      .doTakeOver({ namespaceName: NS, type: 0, userIdentifier, password: 'wrong' })
      .catch((e: unknown) => e)
    expect(isGs2Error(wrong, 'UnauthorizedError')).toBe(true)
    expect(wrong).toMatchObject({ status: 401, code: 'account.password.invalid', retryable: false })
    await expect(
      c.account.doTakeOver({
        namespaceName: NS,
        type: 0,
        userIdentifier: unique('nobody'),
        password: 'right',
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      code: 'account.takeOver.notFound',
    })
    await expect(
      c.account.doTakeOver({ namespaceName: NS, type: 1, userIdentifier, password: 'right' }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.takeOver.notFound' })
    await expect(
      c.account.doTakeOver({
        namespaceName: 'no-such-namespace',
        type: 0,
        userIdentifier,
        password: 'right',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError', code: 'account.namespace.notFound' })
  })

  it('with changePasswordIfTakeOver the old device can no longer authenticate', async () => {
    const created = await createNamespace('takeover-strict', true)
    expect(created.item.changePasswordIfTakeOver).toBe(true)
    const oldDevice = connect()
    const player = await newPlayer(oldDevice, 'takeover-strict')
    const userIdentifier = unique('strict')
    await oldDevice.account.createTakeOver({
      namespaceName: 'takeover-strict',
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'code',
    })

    const second = connect()
    const moved = await second.account.doTakeOver({
      namespaceName: 'takeover-strict',
      type: 0,
      userIdentifier,
      password: 'code',
    })
    expect(moved.item.userId).toBe(player.userId)
    const error = await oldDevice.account
      .authentication({
        namespaceName: 'takeover-strict',
        userId: player.userId,
        password: player.password,
      })
      .catch((e: unknown) => e)
    expect(isGs2Error(error, 'UnauthorizedError')).toBe(true)
    expect(error).toMatchObject({ status: 401, code: 'account.password.invalid' })
    await logIn(second, 'takeover-strict', player.userId, moved.item.password as string)

    // A third device takes over again: the second one is locked out in turn.
    const third = await connect().account.doTakeOver({
      namespaceName: 'takeover-strict',
      type: 0,
      userIdentifier,
      password: 'code',
    })
    await expect(
      second.account.authentication({
        namespaceName: 'takeover-strict',
        userId: player.userId,
        password: moved.item.password as string,
      }),
    ).rejects.toMatchObject({ code: 'account.password.invalid' })
    await logIn(second, 'takeover-strict', player.userId, third.item.password as string)
  })

  it('turning changePasswordIfTakeOver on later (updateNamespace) also locks out earlier new devices', async () => {
    await createNamespace('takeover-later', false)
    const c = connect()
    const player = await newPlayer(c, 'takeover-later')
    const userIdentifier = unique('later')
    await c.account.createTakeOver({
      namespaceName: 'takeover-later',
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'code',
    })
    const first = await c.account.doTakeOver({
      namespaceName: 'takeover-later',
      type: 0,
      userIdentifier,
      password: 'code',
    })
    await logIn(c, 'takeover-later', player.userId, first.item.password as string)

    const updated = await raw('PUT', '/takeover-later', {
      projectToken: await projectToken('trusted'),
      body: { description: null, changePasswordIfTakeOver: 'True' },
    })
    expect(updated.json).toMatchObject({ item: { changePasswordIfTakeOver: true } })
    // updateNamespace needs a trusted credential.
    const refused = await raw('PUT', '/takeover-later', {
      projectToken: await projectToken(),
      body: { changePasswordIfTakeOver: false },
    })
    expect(refused.status).toBe(401)
    expect(refused.detail?.code).toBe('identifier.credential.untrusted')

    const last = await c.account.doTakeOver({
      namespaceName: 'takeover-later',
      type: 0,
      userIdentifier,
      password: 'code',
    })
    for (const stale of [player.password, first.item.password as string]) {
      await expect(
        c.account.authentication({
          namespaceName: 'takeover-later',
          userId: player.userId,
          password: stale,
        }),
      ).rejects.toMatchObject({ code: 'account.password.invalid' })
    }
    await logIn(c, 'takeover-later', player.userId, last.item.password as string)
  })
})

describe('limits: refused by the client before any request, and by the emulator', () => {
  const ok = {
    namespaceName: NS,
    accessToken: 'token',
    type: 0,
    userIdentifier: 'u',
    password: 'p',
  }
  const cases: [
    string,
    () => (a: Gs2AccountRestClient) => Promise<unknown>,
    string,
    number | undefined,
  ][] = [
    ['type -1', () => (a) => a.createTakeOver({ ...ok, type: -1 }), 'type', 0],
    ['type 1025', () => (a) => a.createTakeOver({ ...ok, type: 1025 }), 'type', 1024],
    ['type 1.5', () => (a) => a.getTakeOver({ ...ok, type: 1.5 }), 'type', undefined],
    [
      'empty userIdentifier',
      () => (a) => a.createTakeOver({ ...ok, userIdentifier: '' }),
      'userIdentifier',
      1,
    ],
    [
      'userIdentifier 1025',
      () => (a) => a.createTakeOver({ ...ok, userIdentifier: s(1025) }),
      'userIdentifier',
      1024,
    ],
    ['password 129', () => (a) => a.createTakeOver({ ...ok, password: s(129) }), 'password', 128],
    [
      'empty password',
      () => (a) => a.doTakeOver({ namespaceName: NS, type: 0, userIdentifier: 'u', password: '' }),
      'password',
      1,
    ],
    [
      'oldPassword 129',
      () => (a) => a.updateTakeOver({ ...ok, oldPassword: s(129) }),
      'oldPassword',
      128,
    ],
    [
      'new password 129',
      () => (a) => a.updateTakeOver({ ...ok, oldPassword: 'p', password: s(129) }),
      'password',
      128,
    ],
    [
      'pageToken 1025',
      () => (a) => a.describeTakeOvers({ ...ok, pageToken: s(1025) }),
      'pageToken',
      1024,
    ],
    ['limit 0', () => (a) => a.describeTakeOvers({ ...ok, limit: 0 }), 'limit', 1],
    ['limit 1001', () => (a) => a.describeTakeOvers({ ...ok, limit: 1001 }), 'limit', 1000],
    [
      'accessToken 1025',
      () => (a) => a.deleteTakeOver({ ...ok, accessToken: s(1025) }),
      'accessToken',
      1024,
    ],
    [
      'accessToken with a line break',
      () => (a) => a.getTakeOver({ ...ok, accessToken: 'a\nb' }),
      'accessToken',
      undefined,
    ],
    [
      'namespaceName with /',
      () => (a) =>
        a.doTakeOver({ namespaceName: 'a/b', type: 0, userIdentifier: 'u', password: 'p' }),
      'namespaceName',
      undefined,
    ],
    [
      'doTakeOver type 1025',
      () => (a) =>
        a.doTakeOver({ namespaceName: NS, type: 1025, userIdentifier: 'u', password: 'p' }),
      'type',
      1024,
    ],
  ]

  it.each(cases)(
    '%s is a ValidationError naming the field, and nothing is sent',
    async (_, call, field, limit) => {
      const c = connect()
      const error = await call()(c.account).catch((e: unknown) => e)
      expect(isGs2Error(error, 'ValidationError')).toBe(true)
      expect(error).toMatchObject({ field, status: 400 })
      if (limit !== undefined) expect(error).toMatchObject({ limit })
      expect(c.requests()).toBe(0)
    },
  )

  it('the boundary values themselves are accepted end to end', async () => {
    const c = connect()
    const player = await newPlayer(c)
    const userIdentifier = `${Date.now()}${s(L.userIdentifier - 20, 'i')}`.slice(
      0,
      L.userIdentifier,
    )
    const password = s(L.password, 'p')
    for (const type of [L.typeMin, L.typeMax]) {
      await c.account.createTakeOver({
        namespaceName: NS,
        accessToken: player.accessToken,
        type,
        userIdentifier,
        password,
      })
      const moved = await c.account.doTakeOver({
        namespaceName: NS,
        type,
        userIdentifier,
        password,
      })
      expect(moved.item.userId).toBe(player.userId)
    }
    const page = await c.account.describeTakeOvers({
      namespaceName: NS,
      accessToken: player.accessToken,
      limit: L.limitMax,
    })
    expect(page.items).toHaveLength(2)
  })

  it('the emulator refuses what the client would not send, with a 400 naming the field', async () => {
    const c = connect()
    const player = await newPlayer(c)
    const token = await projectToken()
    const bad: [string, string, unknown, string][] = [
      [
        'POST',
        '/default/account/me/takeover',
        { type: 1025, userIdentifier: 'u', password: 'p' },
        'type',
      ],
      [
        'POST',
        '/default/account/me/takeover',
        { type: -1, userIdentifier: 'u', password: 'p' },
        'type',
      ],
      [
        'POST',
        '/default/account/me/takeover',
        { type: 0, userIdentifier: s(1025), password: 'p' },
        'userIdentifier',
      ],
      [
        'POST',
        '/default/account/me/takeover',
        { type: 0, userIdentifier: 'u', password: s(129) },
        'password',
      ],
      [
        'POST',
        '/default/account/me/takeover',
        { type: 0, userIdentifier: null, password: 'p' },
        'userIdentifier',
      ],
      ['GET', '/default/account/me/takeover/type/abc', undefined, 'type'],
      [
        'PUT',
        '/default/account/me/takeover/type/0',
        { oldPassword: s(129), password: 'p' },
        'oldPassword',
      ],
      ['GET', '/default/account/me/takeover?limit=1001', undefined, 'limit'],
      ['POST', '/default/takeover/type/1025', { userIdentifier: 'u', password: 'p' }, 'type'],
      ['POST', '/default/takeover/type/0', { userIdentifier: 'u', password: '' }, 'password'],
      ['POST', '/default/takeover/type/null', { userIdentifier: 'u', password: 'p' }, 'type'],
    ]
    for (const [method, p, body, component] of bad) {
      const r = await raw(method, p, { projectToken: token, accessToken: player.accessToken, body })
      expect(r.status, `${method} ${p}`).toBe(400)
      expect(r.detail?.component, `${method} ${p}`).toBe(component)
    }
  })
})

describe('durability and secrecy', () => {
  it('settings and changed passwords survive a restart; the data directory holds no takeover password', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs2ez-takeover-'))
    try {
      const first = await startEmulator({ dataDir })
      extra.push(first)
      await createNamespace('durable', true, first)
      const c = connect('application', first)
      const player = await newPlayer(c, 'durable')
      const userIdentifier = 'durable-player@example.com'
      const secret = 'correct horse battery staple'
      await c.account.createTakeOver({
        namespaceName: 'durable',
        accessToken: player.accessToken,
        type: 0,
        userIdentifier,
        password: secret,
      })
      const moved = await c.account.doTakeOver({
        namespaceName: 'durable',
        type: 0,
        userIdentifier,
        password: secret,
      })
      await first.close()

      const files = fs
        .readdirSync(dataDir)
        .map((f) => fs.readFileSync(path.join(dataDir, f), 'utf8'))
        .join('\n')
      expect(files).toContain(userIdentifier)
      expect(files).not.toContain(secret)
      expect(files).not.toContain(Buffer.from(secret).toString('base64'))
      expect(files).not.toContain(moved.item.password as string)

      const second = await startEmulator({ dataDir })
      extra.push(second)
      const d = connect('application', second)
      // The password doTakeOver set is the account's after the restart; the first one is not.
      const token = await logIn(d, 'durable', player.userId, moved.item.password as string)
      await expect(
        d.account.authentication({
          namespaceName: 'durable',
          userId: player.userId,
          password: player.password,
        }),
      ).rejects.toMatchObject({ code: 'account.password.invalid' })
      const got = await d.account.getTakeOver({
        namespaceName: 'durable',
        accessToken: token,
        type: 0,
      })
      expect(got.item).toMatchObject({ userIdentifier, userId: player.userId })
      const again = await d.account.doTakeOver({
        namespaceName: 'durable',
        type: 0,
        userIdentifier,
        password: secret,
      })
      expect(again.item.userId).toBe(player.userId)
      await expect(
        d.account.doTakeOver({
          namespaceName: 'durable',
          type: 0,
          userIdentifier,
          password: 'wrong',
        }),
      ).rejects.toMatchObject({ code: 'account.password.invalid' })
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

/** Admin calls; send the admin token when the emulator has one (the admin-token contract). */
const admin = async (method: string, p: string, body?: unknown) => {
  const token = (emulator as { adminToken?: string }).adminToken
  const res = await fetch(`${emulator.url}/__emulator${p}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { 'x-gs2ez-admin-token': token }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(res.status, `${method} ${p}`).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

describe('under faults (the emulator answering 503 or losing the answer)', () => {
  afterEach(async () => {
    await admin('DELETE', '/faults')
  })

  it('doTakeOver and reads are retried through a 503', async () => {
    const c = connect('application', emulator, { baseDelayMs: 5, maxDelayMs: 10 })
    const player = await newPlayer(c)
    const userIdentifier = unique('fault')
    await c.account.createTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
      userIdentifier,
      password: 'p',
    })
    await admin('POST', '/faults', { api: 'account.doTakeOver', status: 503, times: 1 })
    await admin('POST', '/faults', { api: 'account.getTakeOver', status: 503, times: 1 })
    const before = c.requests()
    const moved = await c.account.doTakeOver({
      namespaceName: NS,
      type: 0,
      userIdentifier,
      password: 'p',
    })
    expect(moved.item.userId).toBe(player.userId)
    await c.account.getTakeOver({ namespaceName: NS, accessToken: player.accessToken, type: 0 })
    expect(c.requests() - before).toBe(4)
  })

  it('createTakeOver is not replayed after a lost answer: the caller sees the error, the setting exists', async () => {
    const c = connect('application', emulator, { baseDelayMs: 5, maxDelayMs: 10 })
    const player = await newPlayer(c)
    const userIdentifier = unique('lost')
    await admin('POST', '/faults', { api: 'account.createTakeOver', drop: 'after', times: 1 })
    const before = c.requests()
    const error = await c.account
      .createTakeOver({
        namespaceName: NS,
        accessToken: player.accessToken,
        type: 0,
        userIdentifier,
        password: 'p',
      })
      .catch((e: unknown) => e)
    expect(isGs2Error(error, 'NetworkError')).toBe(true)
    expect(c.requests() - before).toBe(1)
    // It did take effect: a game checks with getTakeOver before registering again.
    const got = await c.account.getTakeOver({
      namespaceName: NS,
      accessToken: player.accessToken,
      type: 0,
    })
    expect(got.item.userIdentifier).toBe(userIdentifier)
  })
})
