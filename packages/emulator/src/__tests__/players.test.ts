import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

// `/__emulator/players`: every player the emulator knows, GS2-Account accounts and users only a
// trusted server named (a game server's username players get tokens through auth `login`).

let h: Harness
let dir: string | undefined
afterEach(async () => {
  await h?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

interface Player {
  kind: 'account' | 'server'
  userId: string
  namespaceName: string | null
  banned: boolean
  createdAt: number
  lastAuthenticatedAt: number | null
  serverSeenAt: number | null
  serverSeenVia: string | null
}
interface Players {
  items: Player[]
  nextCursor: string | null
}

/** What apps/game-server does for a username player: auth `login` with its trusted credential. */
const serverLogin = async (userId: string) => {
  const r = await h.call<{ token: string }>('POST', '/auth/login', {
    as: 'server',
    body: { userId },
  })
  expect(r.status, JSON.stringify(r.json)).toBe(200)
  return r.json.token
}

describe('admin: players', () => {
  it('lists device accounts and users known only through a trusted server, marked by kind', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    const device = await h.signIn()
    clock.advance(1000)
    await serverLogin('username-player')
    clock.advance(1000)
    expect(
      (
        await h.call('POST', '/auth/federation', {
          as: 'server',
          body: { originalUserId: 'support-agent', userId: 'federated-player' },
        })
      ).status,
    ).toBe(200)
    clock.advance(1000)
    expect(
      (
        await h.call('POST', '/auth/timeoffset/token', {
          as: 'server',
          body: { userId: 'qa-player', timeOffset: 60 },
        })
      ).status,
    ).toBe(200)
    clock.advance(1000)
    // A guest who registered a username: the game server signs its device account's user in.
    await serverLogin(device.userId)
    // An application credential cannot name users: nobody is remembered from a refused login.
    expect((await h.call('POST', '/auth/login', { body: { userId: 'intruder' } })).status).not.toBe(
      200,
    )

    const all = await h.admin<Players>('GET', '/players')
    expect(all.status).toBe(200)
    expect(all.json.nextCursor).toBeNull()
    expect(all.json.items.map((p) => [p.kind, p.userId, p.serverSeenVia])).toEqual([
      ['server', 'qa-player', 'timeOffsetToken'],
      ['server', 'federated-player', 'federation'],
      ['server', 'username-player', 'login'],
      ['account', device.userId, 'login'],
    ])
    const start = Date.UTC(2026, 10, 21, 12, 0, 0)
    expect(all.json.items[2]).toEqual({
      kind: 'server',
      userId: 'username-player',
      namespaceName: null,
      banned: false,
      createdAt: start + 1000,
      lastAuthenticatedAt: null,
      serverSeenAt: start + 1000,
      serverSeenVia: 'login',
    })
    expect(all.json.items[3]).toMatchObject({
      namespaceName: 'default',
      serverSeenAt: start + 4000,
      lastAuthenticatedAt: start,
    })

    // The paged listings keep their shape: /accounts still lists accounts only.
    const accounts = await h.admin<Players>('GET', '/accounts')
    expect(accounts.json.items.map((a) => a.userId)).toEqual([device.userId])
    expect((await h.admin<Record<string, unknown>>('GET', '/state')).json).toMatchObject({
      accounts: 1,
      serverUsers: 3,
    })

    // Filters: by kind, and a namespace asks for accounts only.
    const servers = await h.admin<Players>('GET', '/players?kind=server')
    expect(servers.json.items.map((p) => p.userId)).toEqual([
      'qa-player',
      'federated-player',
      'username-player',
    ])
    const inDefault = await h.admin<Players>('GET', '/players?namespaceName=default')
    expect(inDefault.json.items.map((p) => p.userId)).toEqual([device.userId])
    expectGs2Error(await h.admin('GET', '/players?kind=robot'), 400, {
      component: 'kind',
      code: 'emulator.kind.invalid',
    })
  })

  it('re-dates a returning user, keeps its first sighting, and pages both kinds together', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    await serverLogin('s1')
    clock.advance(1000)
    const device = await h.signIn()
    clock.advance(1000)
    await serverLogin('s2')
    clock.advance(1000)
    await serverLogin('s1')

    const seen: Player[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor === null ? '?limit=1' : `?limit=1&cursor=${cursor}`
      const page = await h.admin<Players>('GET', `/players${query}`)
      expect(page.json.items).toHaveLength(1)
      seen.push(...page.json.items)
      cursor = page.json.nextCursor
    } while (cursor !== null)
    expect(seen.map((p) => p.userId)).toEqual(['s2', device.userId, 's1'])
    const start = Date.UTC(2026, 10, 21, 12, 0, 0)
    expect(seen[2]).toMatchObject({ createdAt: start, serverSeenAt: start + 3000 })

    for (const query of ['limit=0', 'limit=1001', 'cursor=nope']) {
      const players = await h.admin('GET', `/players?${query}`)
      expect(players.status).toBe(400)
      expect(players.json).toEqual((await h.admin('GET', `/accounts?${query}`)).json)
    }
  })

  it('a deleted device account the server still signs in becomes a server user; forgetting one revokes its tokens', async () => {
    h = await startHarness()
    const device = await h.signIn()
    await serverLogin(device.userId)
    expect((await h.admin('DELETE', `/accounts/default/${device.userId}`)).status).toBe(200)
    const after = await h.admin<Players>('GET', '/players')
    expect(after.json.items.map((p) => [p.kind, p.userId])).toEqual([['server', device.userId]])

    const token = await serverLogin('to-forget')
    const forgot = await h.admin<{ revoked: number }>('DELETE', '/players/to-forget')
    expect(forgot.status).toBe(200)
    expect(forgot.json.revoked).toBe(1)
    expect((await h.call('GET', '/auth/system/version', { accessToken: token })).status).toBe(401)
    expect(
      (await h.admin<Players>('GET', '/players')).json.items.map((p) => p.userId),
    ).not.toContain('to-forget')
    expectGs2Error(await h.admin('DELETE', '/players/to-forget'), 404, {
      code: 'emulator.player.notFound',
    })
    expectGs2Error(await h.admin('DELETE', `/players/${'x'.repeat(129)}`), 400, {
      component: 'userId',
    })
  })

  it('remembers server users across a restart, and forgets them on reset', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-players-'))
    h = await startHarness({ dataDir: dir })
    await serverLogin('survivor')
    await h.close()
    h = await startHarness({ dataDir: dir })
    const listed = await h.admin<Players>('GET', '/players')
    expect(listed.json.items.map((p) => [p.kind, p.userId])).toEqual([['server', 'survivor']])
    await h.admin('POST', '/reset')
    expect((await h.admin<Players>('GET', '/players')).json.items).toEqual([])
  })

  it('40 concurrent server logins of 40 players are all listed, each once', async () => {
    h = await startHarness()
    const ids = Array.from({ length: 40 }, (_, i) => `concurrent-${i}`)
    await Promise.all(ids.map(serverLogin))
    const [listed, ...pages] = await Promise.all([
      h.admin<Players>('GET', '/players?kind=server'),
      ...Array.from({ length: 39 }, () => h.admin<Players>('GET', '/players?limit=7')),
    ])
    expect(listed!.json.items.map((p) => p.userId).sort()).toEqual([...ids].sort())
    for (const page of pages) {
      expect(page.json.items).toHaveLength(7)
      expect(page.json.items).toEqual(listed!.json.items.slice(0, 7))
    }
  })
})
