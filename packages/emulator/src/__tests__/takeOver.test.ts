import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, rawCall, startHarness } from './helpers/emulatorHarness.ts'

// GS2-Account takeover in the emulator: what real clients send, races, the journal, and the
// admin routes. The client-side view is in integration-tests (takeOver*.emulator.test.ts).

let h: Harness
let dir: string | undefined
afterEach(async () => {
  await h?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** Admin calls; sends the admin token when this emulator has one (the admin-token contract). */
const admin = <T = Record<string, unknown>>(method: string, p: string, body?: unknown) => {
  const token = (h.emulator as { adminToken?: string }).adminToken
  return rawCall<T>(`${h.emulator.url}/__emulator${p}`, method, {
    ...(body === undefined ? {} : { body }),
    ...(token === undefined ? {} : { headers: { 'x-gs2ez-admin-token': token } }),
  })
}

const createTakeOver = (
  accessToken: string,
  body: Record<string, unknown>,
  namespaceName = 'default',
) => h.call('POST', `/account/${namespaceName}/account/me/takeover`, { accessToken, body })

const doTakeOver = (
  type: number | string,
  body: Record<string, unknown>,
  namespaceName = 'default',
) =>
  h.call<{ item: { userId: string; password: string } }>(
    'POST',
    `/account/${namespaceName}/takeover/type/${type}`,
    {
      body,
    },
  )

const authenticateIn = (namespaceName: string, userId: string, password: string) =>
  h.call('PUT', `/account/${namespaceName}/account/${userId}`, { body: { password } })

describe('takeover: what real clients send', () => {
  it('takes numbers and booleans as strings, null keys, contextStack and gzip bodies', async () => {
    h = await startHarness()
    const a = await h.signIn()
    const created = await h.call('POST', '/account/default/account/me/takeover', {
      accessToken: a.token,
      gzip: true,
      body: {
        contextStack: 'ctx',
        type: '7',
        userIdentifier: 'quirks@example.com',
        password: 'pw',
        extra: 1,
      },
    })
    expect(created.status, JSON.stringify(created.json)).toBe(200)
    expect(created.json).toMatchObject({ item: { type: 7, password: null } })
    const list = await h.call(
      'GET',
      '/account/default/account/me/takeover?contextStack=null&pageToken=null&limit=null',
      {
        accessToken: a.token,
      },
    )
    expect(list.json).toMatchObject({ items: [{ type: 7 }], nextPageToken: null })
    const moved = await doTakeOver('7', {
      contextStack: null,
      userIdentifier: 'quirks@example.com',
      password: 'pw',
    })
    expect(moved.status).toBe(200)
    expect(moved.json.item.userId).toBe(a.userId)
    const ns = await h.call('POST', '/account/', {
      as: 'server',
      body: {
        name: 'quirky',
        description: null,
        changePasswordIfTakeOver: 'True',
        authenticationScript: null,
      },
    })
    expect(ns.json).toMatchObject({ item: { name: 'quirky', changePasswordIfTakeOver: true } })
    expect((await h.call('GET', '/account/quirky')).json).toMatchObject({
      item: { changePasswordIfTakeOver: true },
    })
    expect((await h.call('GET', '/account/default')).json).toMatchObject({
      item: { changePasswordIfTakeOver: false },
    })
  })

  it('a userIdentifier may hold any character; the takeOverId GRN carries it as is', async () => {
    h = await startHarness()
    const a = await h.signIn()
    const userIdentifier = 'ユーザー/"quoted"\\?#%00'
    const r = await createTakeOver(a.token, { type: 0, userIdentifier, password: 'pässwörd 🔑' })
    expect(r.json).toMatchObject({
      item: {
        takeOverId: `grn:gs2:ap-northeast-1:gs2ez-local:account:default:takeOver:0:${userIdentifier}`,
      },
    })
    expect(
      (await doTakeOver(0, { userIdentifier, password: 'pässwörd 🔑' })).json.item.userId,
    ).toBe(a.userId)
    expectGs2Error(await doTakeOver(0, { userIdentifier, password: 'passwörd 🔑' }), 401, {
      component: 'password',
      code: 'account.password.invalid',
    })
  })

  it('a deleted or revoked access token is refused before anything else', async () => {
    h = await startHarness()
    const a = await h.signIn()
    await admin('POST', '/tokens/revoke', { token: a.token })
    expectGs2Error(
      await createTakeOver(a.token, { type: 0, userIdentifier: 'x', password: 'y' }),
      401,
      {
        code: 'auth.accessToken.invalid',
      },
    )
  })
})

describe('takeover: races', () => {
  it('concurrent doTakeOver with changePasswordIfTakeOver: every answer is a password, exactly one works', async () => {
    h = await startHarness()
    await h.call('POST', '/account/', {
      as: 'server',
      body: { name: 'strict', changePasswordIfTakeOver: true },
    })
    const a = await h.signIn('strict')
    expect(
      (await createTakeOver(a.token, { type: 0, userIdentifier: 'race', password: 'pw' }, 'strict'))
        .status,
    ).toBe(200)
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        doTakeOver(0, { userIdentifier: 'race', password: 'pw' }, 'strict'),
      ),
    )
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200))
    const works = await Promise.all(
      replies.map(
        async (r) => (await authenticateIn('strict', a.userId, r.json.item.password)).status,
      ),
    )
    expect(works.filter((s) => s === 200)).toHaveLength(1)
    expect((await authenticateIn('strict', a.userId, a.password)).status).toBe(401)
  })

  it('concurrent updateTakeOver with the same old password: one wins, the rest are 401', async () => {
    // Dozens of hashes: the lowest cost, so a busy machine spends seconds, not minutes.
    h = await startHarness({ config: { takeOverPasswordCost: 10 } })
    const a = await h.signIn()
    await createTakeOver(a.token, { type: 2, userIdentifier: 'upd', password: 'old' })
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h.call('PUT', '/account/default/account/me/takeover/type/2', {
          accessToken: a.token,
          body: { oldPassword: 'old', password: `new-${i}` },
        }),
      ),
    )
    const won = replies.flatMap((r, i) => (r.status === 200 ? [i] : []))
    expect(won).toHaveLength(1)
    for (const r of replies)
      if (r.status !== 200) expectGs2Error(r, 401, { code: 'account.password.invalid' })
    expect((await doTakeOver(2, { userIdentifier: 'upd', password: `new-${won[0]}` })).status).toBe(
      200,
    )
    expect((await doTakeOver(2, { userIdentifier: 'upd', password: 'old' })).status).toBe(401)
  })

  it('new devices keep their own passwords (without changePasswordIfTakeOver), up to 32', async () => {
    // Dozens of hashes: the lowest cost, so a busy machine spends seconds, not minutes.
    h = await startHarness({ config: { takeOverPasswordCost: 10 } })
    const a = await h.signIn()
    await createTakeOver(a.token, { type: 0, userIdentifier: 'many', password: 'pw' })
    const passwords: string[] = []
    for (let i = 0; i < 33; i++)
      passwords.push(
        (await doTakeOver(0, { userIdentifier: 'many', password: 'pw' })).json.item.password,
      )
    expect(new Set(passwords).size).toBe(33)
    expect((await authenticateIn('default', a.userId, a.password)).status).toBe(200)
    expect((await authenticateIn('default', a.userId, passwords[0] as string)).status).toBe(401)
    expect((await authenticateIn('default', a.userId, passwords[1] as string)).status).toBe(200)
    expect((await authenticateIn('default', a.userId, passwords[32] as string)).status).toBe(200)
  })
})

describe('takeover: the journal', () => {
  it('holds hashes only: salted scrypt for the takeover password, nothing to recompute it from', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-takeover-journal-'))
    h = await startHarness({ dataDir: dir })
    const a = await h.signIn()
    const b = await h.signIn()
    // The same password for two players: different salts, so different stored values.
    await createTakeOver(a.token, {
      type: 0,
      userIdentifier: 'a@example.com',
      password: 'same password',
    })
    await createTakeOver(b.token, {
      type: 0,
      userIdentifier: 'b@example.com',
      password: 'same password',
    })
    const device = (
      await doTakeOver(0, { userIdentifier: 'a@example.com', password: 'same password' })
    ).json.item.password
    await h.close()
    const text = readdirSync(dir)
      .map((f) => readFileSync(path.join(dir as string, f), 'utf8'))
      .join('\n')
    expect(text).not.toContain('same password')
    expect(text).not.toContain(device)
    const hashes = [...text.matchAll(/"passwordHash":"(scrypt\$[^"]+)"/g)].map((m) => m[1])
    expect(hashes).toHaveLength(2)
    expect(hashes[0]).not.toBe(hashes[1])
    // The default cost, N = 2^14, r = 8, p = 1, is stored with each hash.
    for (const hash of hashes) expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    h = await startHarness({ dataDir: dir })
    expect((await authenticateIn('default', a.userId, device)).status).toBe(200)
    expect(
      (await doTakeOver(0, { userIdentifier: 'b@example.com', password: 'same password' })).json
        .item.userId,
    ).toBe(b.userId)
  })

  it('a damaged record is read as absent or as a wrong password, never a crash or a way in', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-takeover-journal-'))
    h = await startHarness({ dataDir: dir })
    const a = await h.signIn()
    await createTakeOver(a.token, { type: 0, userIdentifier: 'orphan', password: 'pw' })
    await createTakeOver(a.token, { type: 1, userIdentifier: 'tampered', password: 'pw' })
    await h.close()
    const journal = path.join(dir, 'journal.jsonl')
    // An index entry whose setting is gone, and a setting whose hash was cut short.
    appendFileSync(
      journal,
      `${JSON.stringify([{ t: 'takeOvers', k: JSON.stringify(['default', a.userId, 0]) }])}\n`,
    )
    appendFileSync(
      journal,
      `${JSON.stringify([
        {
          t: 'takeOvers',
          k: JSON.stringify(['default', a.userId, 1]),
          v: {
            namespaceName: 'default',
            userId: a.userId,
            type: 1,
            userIdentifier: 'tampered',
            passwordHash: 'scrypt$99999999$8$1$AA$AA',
            createdAt: 0,
            revision: 1,
          },
        },
      ])}\n`,
    )
    // Wrong types where strings and arrays belong.
    appendFileSync(
      journal,
      `${JSON.stringify([
        {
          t: 'devicePasswords',
          k: `default/${a.userId}`,
          v: { namespaceName: 'default', userId: a.userId, hashes: 5 },
        },
        {
          t: 'takeOvers',
          k: JSON.stringify(['default', a.userId, 2]),
          v: {
            namespaceName: 'default',
            userId: a.userId,
            type: 2,
            userIdentifier: 'typed',
            passwordHash: 42,
            createdAt: 0,
            revision: 1,
          },
        },
        {
          t: 'takeOverIdentifiers',
          k: JSON.stringify(['default', 2, 'typed']),
          v: { userId: a.userId },
        },
      ])}\n`,
    )
    h = await startHarness({ dataDir: dir })
    expect((await authenticateIn('default', a.userId, 'not-the-password')).status).toBe(401)
    expect((await authenticateIn('default', a.userId, a.password)).status).toBe(200)
    expectGs2Error(await doTakeOver(2, { userIdentifier: 'typed', password: 'pw' }), 401, {
      code: 'account.password.invalid',
    })
    expectGs2Error(await doTakeOver(0, { userIdentifier: 'orphan', password: 'pw' }), 404, {
      code: 'account.takeOver.notFound',
    })
    expectGs2Error(await doTakeOver(1, { userIdentifier: 'tampered', password: 'pw' }), 401, {
      code: 'account.password.invalid',
    })
    // The orphaned identifier does not stay taken.
    const b = await h.signIn()
    expect(
      (await createTakeOver(b.token, { type: 0, userIdentifier: 'orphan', password: 'pw2' }))
        .status,
    ).toBe(200)
    expect(
      (await doTakeOver(0, { userIdentifier: 'orphan', password: 'pw2' })).json.item.userId,
    ).toBe(b.userId)
  })
})

describe('takeover: admin routes', () => {
  it('lists settings without passwords, switches changePasswordIfTakeOver, deletes a setting', async () => {
    h = await startHarness()
    const a = await h.signIn()
    await createTakeOver(a.token, { type: 4, userIdentifier: 'admin@example.com', password: 'pw' })
    const listed = await admin<{ namespaces: unknown[]; items: Record<string, unknown>[] }>(
      'GET',
      '/takeovers',
    )
    expect(listed.json.namespaces).toContainEqual({
      name: 'default',
      changePasswordIfTakeOver: false,
      takeOvers: 1,
    })
    expect(listed.json.items).toEqual([
      expect.objectContaining({
        namespaceName: 'default',
        userId: a.userId,
        type: 4,
        userIdentifier: 'admin@example.com',
        password: null,
      }),
    ])
    expect(JSON.stringify(listed.json)).not.toContain('scrypt')

    const on = await admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
    expect(on.json).toMatchObject({ item: { changePasswordIfTakeOver: true } })
    const moved = await doTakeOver(4, { userIdentifier: 'admin@example.com', password: 'pw' })
    expect((await authenticateIn('default', a.userId, a.password)).status).toBe(401)
    expect((await authenticateIn('default', a.userId, moved.json.item.password)).status).toBe(200)
    expect(
      (await admin('PATCH', '/namespaces/nope', { changePasswordIfTakeOver: true })).status,
    ).toBe(404)
    expect(
      (await admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: 'maybe' })).status,
    ).toBe(400)

    expect((await admin('DELETE', `/takeovers/default/${a.userId}/4`)).status).toBe(200)
    expect((await admin('DELETE', `/takeovers/default/${a.userId}/4`)).status).toBe(404)
    expect((await admin('DELETE', `/takeovers/default/${a.userId}/x`)).status).toBe(400)
    expectGs2Error(
      await doTakeOver(4, { userIdentifier: 'admin@example.com', password: 'pw' }),
      404,
      {
        code: 'account.takeOver.notFound',
      },
    )
  })
})

describe('takeover: the server-side ByUserId APIs', () => {
  it("need a trusted credential, as GS2's ApplicationAccess policy denies *ByUserId", async () => {
    h = await startHarness()
    const a = await h.signIn()
    const base = `/account/default/account/${a.userId}/takeover`
    for (const [method, p] of [
      ['POST', base],
      ['GET', base],
      ['GET', `${base}/type/0`],
      ['PUT', `${base}/type/0`],
      ['DELETE', `${base}/type/0/takeover`],
      ['DELETE', '/account/default/takeover/type/0/userIdentifier/x'],
    ] as const) {
      expectGs2Error(
        await h.call(method, p, {
          ...(method === 'POST' || method === 'PUT'
            ? { body: { type: 0, userIdentifier: 'x', password: 'y', oldPassword: 'y' } }
            : {}),
        }),
        401,
        { code: 'identifier.credential.untrusted' },
      )
    }
  })

  it("a game server creates, lists, reads, updates and deletes a player's settings", async () => {
    h = await startHarness()
    const a = await h.signIn()
    const base = `/account/default/account/${a.userId}/takeover`
    const server = { as: 'server' as const }
    expect(
      (
        await h.call('POST', base, {
          ...server,
          body: { type: 1, userIdentifier: 'srv', password: 'pw' },
        })
      ).json,
    ).toMatchObject({
      item: { userId: a.userId, type: 1, userIdentifier: 'srv', password: null },
    })
    expect(
      (
        await h.call('POST', base, {
          ...server,
          body: { type: 2, userIdentifier: 'srv2', password: 'pw' },
        })
      ).status,
    ).toBe(200)
    expect((await h.call('GET', `${base}?limit=1`, server)).json).toMatchObject({
      items: [{ type: 1 }],
      nextPageToken: expect.any(String),
    })
    expect((await h.call('GET', `${base}/type/1`, server)).json).toMatchObject({
      item: { userIdentifier: 'srv' },
    })
    expectGs2Error(
      await h.call('PUT', `${base}/type/1`, {
        ...server,
        body: { oldPassword: 'no', password: 'pw2' },
      }),
      401,
      {
        code: 'account.password.invalid',
      },
    )
    expect(
      (
        await h.call('PUT', `${base}/type/1`, {
          ...server,
          body: { oldPassword: 'pw', password: 'pw2' },
        })
      ).json,
    ).toMatchObject({
      item: { revision: 2 },
    })
    // The player sees what the server registered.
    expect(
      (await h.call('GET', '/account/default/account/me/takeover', { accessToken: a.token })).json,
    ).toMatchObject({
      items: [{ type: 1 }, { type: 2 }],
    })
    expect((await doTakeOver(1, { userIdentifier: 'srv', password: 'pw2' })).json.item.userId).toBe(
      a.userId,
    )
    expect((await h.call('DELETE', `${base}/type/1/takeover`, server)).status).toBe(200)
    expectGs2Error(await h.call('GET', `${base}/type/1`, server), 404, {
      code: 'account.takeOver.notFound',
    })
    expect(
      (await h.call('DELETE', '/account/default/takeover/type/2/userIdentifier/srv2', server)).json,
    ).toMatchObject({
      item: { userIdentifier: 'srv2', userId: a.userId },
    })
    expectGs2Error(
      await h.call('DELETE', '/account/default/takeover/type/2/userIdentifier/srv2', server),
      404,
      {
        code: 'account.takeOver.notFound',
      },
    )
    expectGs2Error(await h.call('GET', '/account/default/account/nobody/takeover', server), 404, {
      code: 'account.account.notFound',
    })
  })
})

describe('takeover: the config', () => {
  it('changePasswordIfTakeOver in the config creates the namespace switched on, and turns an existing one on', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-takeover-config-'))
    h = await startHarness({ dataDir: dir, config: { changePasswordIfTakeOver: ['strict'] } })
    expect((await h.call('GET', '/account/strict')).json).toMatchObject({
      item: { changePasswordIfTakeOver: true },
    })
    expect((await h.call('GET', '/account/default')).json).toMatchObject({
      item: { changePasswordIfTakeOver: false },
    })
    await h.close()
    // Restarted with `default` listed: switched on; `strict`, no longer listed, stays on.
    h = await startHarness({ dataDir: dir, config: { changePasswordIfTakeOver: ['default'] } })
    expect((await h.call('GET', '/account/default')).json).toMatchObject({
      item: { changePasswordIfTakeOver: true },
    })
    expect((await h.call('GET', '/account/strict')).json).toMatchObject({
      item: { changePasswordIfTakeOver: true },
    })
    const a = await h.signIn()
    await createTakeOver(a.token, { type: 0, userIdentifier: 'cfg', password: 'pw' })
    const moved = await doTakeOver(0, { userIdentifier: 'cfg', password: 'pw' })
    expect((await authenticateIn('default', a.userId, a.password)).status).toBe(401)
    expect((await authenticateIn('default', a.userId, moved.json.item.password)).status).toBe(200)
  })
})
