import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator } from '../createEmulator.ts'
import { GLOB_LIMITS, globProblem, pathGlob } from '../faults/pathGlob.ts'
import { issueAccessToken } from '../services/auth/accessTokens.ts'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, gs2Error, rawCall, startHarness } from './helpers/emulatorHarness.ts'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const EVIL = 'https://evil.example'

/** Every admin route, with a body a real caller would send. */
const adminRoutes = (userId: string, tokenId: string, faultId: string) =>
  [
    ['GET', '/tokens'],
    ['POST', '/tokens', { userId: 'minted' }],
    ['PATCH', `/tokens/${tokenId}`, { expire: 0 }],
    ['DELETE', `/tokens/${tokenId}`],
    ['POST', '/tokens/revoke', { userId }],
    ['POST', `/accounts/default/${userId}/ban`, { name: 'x' }],
    ['DELETE', `/accounts/default/${userId}/ban/x`],
    ['DELETE', `/accounts/default/${userId}`],
    ['POST', '/reset', {}],
    ['GET', '/state'],
    ['GET', '/accounts'],
    ['GET', '/requests'],
    ['POST', '/faults', { path: '/**', status: 503 }],
    ['GET', '/faults'],
    ['DELETE', `/faults/${faultId}`],
    ['DELETE', '/faults'],
  ] as const

/** Everything an admin call could change, read with the token. */
const observable = async (harness: Harness) => {
  const [state, tokens, accounts, faults] = await Promise.all([
    harness.admin<Record<string, unknown>>('GET', '/state'),
    harness.admin('GET', '/tokens'),
    harness.admin('GET', '/accounts'),
    harness.admin('GET', '/faults'),
  ])
  const { now: _now, ...rest } = state.json
  return JSON.stringify([rest, tokens.json, accounts.json, faults.json])
}

describe('admin API: no cross-site control', () => {
  it('refuses text/plain, foreign-Origin and token-less calls to every route, changing nothing', async () => {
    h = await startHarness()
    const player = await h.signIn()
    const tokenId = (await h.admin<{ items: { tokenId: string }[] }>('GET', '/tokens')).json
      .items[0]!.tokenId
    const fault = await h.admin<{ item: { faultId: string } }>('POST', '/faults', {
      api: 'auth.login',
      status: 503,
    })
    const before = await observable(h)
    const url = (p: string) => `${h!.emulator.url}/__emulator${p}`
    const token = h.emulator.adminToken
    for (const [method, p, body] of adminRoutes(player.userId, tokenId, fault.json.item.faultId)) {
      const text = body === undefined ? undefined : JSON.stringify(body)
      const context = `${method} ${p}`
      // What a foreign page can send without a preflight: a simple POST with a text/plain body,
      // even if it somehow knew the token.
      for (const headers of [
        { 'content-type': 'text/plain' },
        { 'content-type': 'text/plain', origin: EVIL, 'x-gs2ez-admin-token': token },
        { 'content-type': 'application/x-www-form-urlencoded', 'x-gs2ez-admin-token': token },
      ]) {
        const r = await fetch(url(p), { method: 'POST', headers, body: text ?? 'x=1' })
        expect(r.status, context).toBeGreaterThanOrEqual(400)
        expect(r.status, context).toBeLessThan(500)
        gs2Error(await r.json())
      }
      // A foreign Origin with a JSON body and the right token: refused for its Origin.
      const foreign = await rawCall(url(p), method, {
        headers: { origin: EVIL, 'content-type': 'application/json' },
        adminToken: token,
        ...(body === undefined ? {} : { body }),
      })
      expectGs2Error(foreign, 403, { code: 'emulator.admin.origin' })
      expect(foreign.headers.get('access-control-allow-origin'), context).toBeNull()
      // No token, or a wrong one, from no page at all (curl): refused.
      for (const adminToken of [undefined, 'x'.repeat(43), `${token}x`]) {
        const r = await rawCall(url(p), method, {
          ...(adminToken === undefined ? {} : { adminToken }),
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body }),
        })
        expectGs2Error(r, 401, { code: 'emulator.admin.token' })
      }
    }
    expect(await observable(h)).toBe(before)
    // The player and their token are untouched.
    expect(
      (await h.call('GET', '/auth/system/version', { accessToken: player.token })).status,
    ).toBe(200)
  })

  it('guards every spelling of an admin path', async () => {
    h = await startHarness()
    await h.createAccount()
    const { hostname, port } = new URL(h.emulator.url)
    for (const path of [
      '/%5F%5Femulator/reset',
      '/./__emulator/reset',
      '/x/../__emulator/reset',
      '/__emulator//reset',
      '/__emulator/reset/',
      '/__emulator%2Freset',
      '//__emulator/reset',
    ]) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({
          host: hostname,
          port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        })
        req.on('response', (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end('{}')
      })
      expect([401, 404], path).toContain(status)
    }
    expect(((await h.admin('GET', '/state')).json as { accounts: number }).accounts).toBe(1)
  })

  it('answers allowed origins with CORS, and serves the token only to its own page', async () => {
    h = await startHarness()
    const local = await rawCall(`${h.emulator.url}/__emulator/state`, 'GET', {
      adminToken: h.emulator.adminToken,
      headers: { origin: 'http://localhost:5173' },
    })
    expect(local.status).toBe(200)
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const preflight = await fetch(`${h.emulator.url}/__emulator/tokens/revoke`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-gs2ez-admin-token',
      },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()

    const page = await fetch(h.emulator.dashboardUrl, {
      headers: { origin: 'http://localhost:5173' },
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(JSON.stringify(h.emulator.adminToken))
    // No page of another origin may read or frame it; it is never cached.
    expect(page.headers.get('access-control-allow-origin')).toBeNull()
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('cache-control')).toBe('no-store')
    // The game-facing API keeps its CORS.
    const api = await h.call('GET', '/auth/system/version', {
      headers: { origin: 'http://localhost:5173' },
    })
    expect(api.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('takes a fixed admin token, and refuses a weak one', async () => {
    h = await startHarness({ adminToken: 'ci-admin-token-0123456789' })
    expect(h.emulator.adminToken).toBe('ci-admin-token-0123456789')
    expect((await h.admin('GET', '/state')).status).toBe(200)
    expect(() => createEmulator({ adminToken: 'short' })).toThrow(/adminToken/)
    const a = createEmulator()
    const b = createEmulator()
    expect(a.adminToken).not.toBe(b.adminToken)
    expect(a.adminToken.length).toBeGreaterThanOrEqual(43)
    a.close()
    b.close()
  })
})

/** A request with a Host header of our choosing (fetch cannot set Host). */
const withHost = (url: string, method: string, host: string, body?: string) =>
  new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { host, 'content-type': 'application/json' } })
    req.on('response', (res) => {
      let text = ''
      res.on('data', (c: Buffer) => {
        text += c.toString()
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || 'null') }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })

describe('DNS rebinding: only known Host names are answered', () => {
  it('refuses a foreign Host on the admin API and the GS2 API', async () => {
    h = await startHarness()
    const port = new URL(h.emulator.url).port
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost.evil.example:${port}`]) {
      for (const [method, p, body] of [
        ['GET', '/__emulator/ui', undefined],
        ['POST', '/__emulator/reset', '{}'],
        [
          'POST',
          '/identifier/projectToken/login',
          '{"client_id":"gs2ez-demo-app","client_secret":"gs2ez-demo-app-secret"}',
        ],
        ['GET', '/auth/system/version', undefined],
      ] as const) {
        const r = await withHost(`${h.emulator.url}${p}`, method, host, body)
        expect(r.status, `${host} ${p}`).toBe(403)
        expect(gs2Error(r.json).code).toBe('emulator.host.forbidden')
      }
    }
    expect(((await h.admin('GET', '/state')).json as { accounts: number }).accounts).toBe(0)
  })

  it('answers loopback, localhost, IP literals, GS2 hosts and configured hosts', async () => {
    h = await startHarness({ config: { allowedHosts: ['emulator.test', '.dev.test'] } })
    const port = new URL(h.emulator.url).port
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `game.localhost:${port}`,
      '192.168.1.20',
      'emulator.test',
      `a.dev.test:${port}`,
    ]) {
      const r = await withHost(`${h.emulator.url}/auth/system/version`, 'GET', host)
      expect(r.status, host).toBe(401) // past the Host check: the project token is missing
    }
    // Host routing: GS2's real name, the service from the Host.
    const routed = await withHost(
      `${h.emulator.url}/system/version`,
      'GET',
      'auth.ap-northeast-1.gen2.gs2io.com',
    )
    expect(routed.status).toBe(401)
  })
})

describe('faults: path globs cannot freeze the server', () => {
  it('rejects pathological globs with a 400 naming path', async () => {
    h = await startHarness()
    for (const path of [
      `/${'*a'.repeat(100)}`,
      `/a/**/b`,
      `/${Array.from({ length: GLOB_LIMITS.segments + 1 }, () => '*').join('/')}`,
      `/${'a'.repeat(600)}`,
    ]) {
      const r = await h.admin('POST', '/faults', { path, status: 503 })
      expectGs2Error(r, 400, { component: 'path' })
    }
  })

  it('matches the worst allowed glob against a long path within 1 ms', () => {
    const glob = `/${Array.from({ length: GLOB_LIMITS.segments }, () => 'a*a').join('/')}`
    expect(globProblem(glob)).toBeUndefined()
    const compiled = pathGlob(glob)
    const long = `/${Array.from({ length: GLOB_LIMITS.segments }, () => 'a'.repeat(200)).join('/')}`
    const near = `${long.slice(0, -1)}b`
    const hostile = `/${'a'.repeat(100_000)}`
    let best = Number.POSITIVE_INFINITY
    for (let run = 0; run < 20; run++) {
      const started = performance.now()
      expect(compiled.test(long)).toBe(true)
      expect(compiled.test(near)).toBe(false)
      expect(compiled.test(hostile)).toBe(false)
      best = Math.min(best, performance.now() - started)
    }
    expect(best).toBeLessThan(1)
  })

  it('bounds how many faults are active', async () => {
    h = await startHarness()
    for (let i = 0; i < 100; i++)
      expect((await h.admin('POST', '/faults', { path: `/x${i}`, status: 503 })).status).toBe(200)
    expectGs2Error(await h.admin('POST', '/faults', { path: '/y', status: 503 }), 400, {
      code: 'emulator.faults.tooMany',
    })
  })
})

describe('admin listings page with limit and cursor', () => {
  it('pages tokens newest first, accounts and the request log, without gaps or repeats', async () => {
    h = await startHarness()
    for (let i = 0; i < 25; i++) await h.admin('POST', '/tokens', { userId: `u${i % 3}` })
    for (let i = 0; i < 7; i++) await h.createAccount()
    const walk = async (path: string, limit: number) => {
      const seen: Record<string, unknown>[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const q: string = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`
        const r = await h!.admin<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
          'GET',
          q,
        )
        expect(r.status, JSON.stringify(r.json)).toBe(200)
        expect(r.json.items.length).toBeLessThanOrEqual(limit)
        seen.push(...r.json.items)
        cursor = r.json.nextCursor
        pages++
      } while (cursor !== null && pages < 100)
      return seen
    }
    const tokens = await walk('/tokens', 10)
    expect(tokens).toHaveLength(25)
    expect(new Set(tokens.map((t) => t.tokenId)).size).toBe(25)
    const issued = tokens.map((t) => t.issuedAt as number)
    expect([...issued].sort((a, b) => b - a)).toEqual(issued)
    expect(await walk('/tokens?userId=u1', 3)).toHaveLength(8)
    const accounts = await walk('/accounts', 3)
    expect(new Set(accounts.map((a) => a.userId)).size).toBe(7)
    const requests = await walk('/requests', 4)
    expect(requests.map((r) => r.path)).toEqual(
      (await h.admin<{ items: { path: string }[] }>('GET', '/requests')).json.items.map(
        (r) => r.path,
      ),
    )
    expectGs2Error(await h.admin('GET', '/tokens?limit=0'), 400, { component: 'limit' })
    expectGs2Error(await h.admin('GET', '/tokens?limit=1001'), 400, { component: 'limit' })
    expectGs2Error(await h.admin('GET', '/tokens?cursor=nope'), 400, { component: 'cursor' })
  })
})

describe('the dashboard polls what it shows, not every token', () => {
  it('with 100,000 live tokens, one poll is a few kilobytes and stays fast', async () => {
    const emulator = createEmulator()
    try {
      const { context } = emulator
      for (let i = 0; i < 100_000; i++)
        issueAccessToken(context, { userId: `u${i}`, timeOffset: 0 })
      const get = async (path: string) => {
        const r = await emulator.fetch(
          new Request(`http://127.0.0.1/__emulator${path}`, {
            headers: { 'x-gs2ez-admin-token': emulator.adminToken },
          }),
        )
        expect(r.status).toBe(200)
        return r.text()
      }
      // Exactly what the page asks for each second (dashboardPage's refresh).
      const poll = ['/state', '/tokens?limit=50', '/accounts?limit=50', '/faults']
      const started = performance.now()
      const bodies = await Promise.all(poll.map(get))
      const elapsed = performance.now() - started
      const bytes = bodies.reduce((n, b) => n + b.length, 0)
      expect(bytes).toBeLessThan(32 * 1024)
      expect(JSON.parse(bodies[0] as string)).toMatchObject({ accessTokens: 100_000 })
      const tokens = JSON.parse(bodies[1] as string) as { items: { userId: string }[] }
      expect(tokens.items).toHaveLength(50)
      // Generous for a loaded 2-core box; the old full listing took seconds and 17 MB.
      expect(elapsed).toBeLessThan(2000)
      const html = await get('/ui')
      for (const path of poll) expect(html).toContain(`'${path.split('?')[0]}`)
    } finally {
      emulator.close()
    }
  }, 60_000)
})
