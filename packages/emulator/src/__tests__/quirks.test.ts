import { request as httpRequest } from 'node:http'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

const adminInit = () => ({ headers: { 'x-gs2ez-admin-token': h.emulator.adminToken } })

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** node:http, because fetch will not send an arbitrary Host header. */
const viaHost = (
  url: string,
  host: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; json: Record<string, unknown> }> =>
  new Promise((resolve, reject) => {
    const u = new URL(url)
    const req = httpRequest(
      { host: u.hostname, port: u.port, method, path, headers: { ...headers, host } },
      (res) => {
        let data = ''
        res.setEncoding('utf8')
        res.on('data', (c) => {
          data += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })

describe('client quirks', () => {
  it('accepts null for unset keys, missing keys, and numbers sent as strings', async () => {
    h = await startHarness()
    const tsStyle = await h.call('POST', '/auth/login', {
      body: { contextStack: null, userId: 'u1', timeOffset: null },
      as: 'server',
    })
    expect(tsStyle.status).toBe(200)
    const csStyle = await h.call('POST', '/auth/login', { body: { userId: 'u1' }, as: 'server' })
    expect(csStyle.status).toBe(200)
    const offset = await h.call<{ token: string }>('POST', '/auth/timeoffset/token', {
      body: { userId: 'u1', timeOffset: '3600' },
      as: 'server',
    })
    expect(offset.status).toBe(200)
  })

  it('treats a literal "null" header value as unset', async () => {
    h = await startHarness()
    const r = await h.call('GET', '/auth/system/version', {
      headers: {
        'x-gs2-access-token': 'null',
        'x-gs2-time-offset-token': 'null',
        'x-gs2-client-id': 'null',
      },
    })
    expect(r.status).toBe(200)
  })

  it('ignores literal "null" query values', async () => {
    h = await startHarness()
    const r = await h.call('GET', '/account/?pageToken=null&limit=null')
    expect(r.status).toBe(200)
    const tokens = await fetch(`${h.emulator.url}/__emulator/tokens?userId=null`, adminInit()).then(
      (x) => x.json(),
    )
    expect(tokens).toEqual({ items: [], nextCursor: null })
  })

  it('reads gzip request bodies', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    const auth = await h.call<{ body: string; signature: string }>(
      'PUT',
      `/account/default/account/${userId}`,
      {
        body: { password, keyId: null, contextStack: null },
        gzip: true,
      },
    )
    expect(auth.status).toBe(200)
    const login = await h.call('POST', '/auth/login/signed', { body: auth.json, gzip: true })
    expect(login.status).toBe(200)
  })

  it('400s malformed JSON, non-object bodies, bad gzip and unknown encodings, naming the field', async () => {
    h = await startHarness()
    const opts = { as: 'server' as const, raw: true }
    expectGs2Error(await h.call('POST', '/auth/login', { ...opts, body: '{"userId":' }), 400, {
      component: 'body',
      code: 'emulator.body.malformed',
    })
    expectGs2Error(await h.call('POST', '/auth/login', { ...opts, body: '[1,2]' }), 400, {
      component: 'body',
    })
    expectGs2Error(await h.call('POST', '/auth/login', { ...opts, body: 'null' }), 400, {
      component: 'body',
    })
    expectGs2Error(
      await h.call('POST', '/auth/login', {
        ...opts,
        body: 'plain',
        headers: { 'content-encoding': 'gzip' },
      }),
      400,
      { component: 'body' },
    )
    expectGs2Error(
      await h.call('POST', '/auth/login', {
        ...opts,
        body: '{}',
        headers: { 'content-encoding': 'br' },
      }),
      400,
      { component: 'Content-Encoding' },
    )
    expectGs2Error(
      await h.call('POST', '/auth/login', { as: 'server', body: { userId: ['u'] } }),
      400,
      { component: 'userId' },
    )
    expectGs2Error(
      await h.call('POST', '/auth/login', { as: 'server', body: { userId: {} } }),
      400,
      { component: 'userId' },
    )
  })

  it('400s bodies over 1 MiB, raw or after decompression (gzip bomb)', async () => {
    h = await startHarness()
    const big = JSON.stringify({ userId: 'u', pad: 'x'.repeat(1024 * 1024) })
    const refused = await h.call('POST', '/auth/login', { as: 'server', raw: true, body: big })
    expectGs2Error(refused, 400, { component: 'body', code: 'emulator.body.tooLarge' })
    // Refused unread: the socket is not reused, so the next request cannot meet its reset.
    expect(refused.headers.get('connection')).toBe('close')
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const res = await fetch(`${h.emulator.url}/auth/login`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.serverToken}`,
        'content-encoding': 'gzip',
        'content-type': 'application/json',
      },
      body: bomb,
    })
    expectGs2Error({ status: res.status, headers: res.headers, json: await res.json() }, 400, {
      code: 'emulator.body.tooLarge',
    })
  })

  it('404s unknown routes GS2-shaped', async () => {
    h = await startHarness()
    expectGs2Error(await h.call('GET', '/no/such/thing'), 404, { code: 'emulator.route.notFound' })
    expectGs2Error(await h.call('PATCH', '/identifier/projectToken/login'), 404, {
      code: 'emulator.route.notFound',
    })
  })

  it('sends a Date header from the injected clock', async () => {
    const clock = manualClock(Date.UTC(2031, 0, 2, 3, 4, 5))
    h = await startHarness({ clock })
    const r = await h.call('GET', '/auth/system/version')
    expect(r.headers.get('date')).toBe('Thu, 02 Jan 2031 03:04:05 GMT')
    clock.advance(61_000)
    const e = await h.call('GET', '/nope')
    expect(e.headers.get('date')).toBe('Thu, 02 Jan 2031 03:05:06 GMT')
  })

  it('routes by Host: {service}.{region}.gen2.gs2io.com', async () => {
    h = await startHarness()
    const login = await viaHost(
      h.emulator.url,
      'identifier.ap-northeast-1.gen2.gs2io.com',
      'POST',
      '/projectToken/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ client_id: 'gs2ez-demo-server', client_secret: 'gs2ez-demo-server-secret' }),
    )
    expect(login.status).toBe(200)
    const token = login.json.access_token as string
    const version = await viaHost(
      h.emulator.url,
      'auth.ap-northeast-1.gen2.gs2io.com:443',
      'GET',
      '/system/version',
      {
        authorization: `Bearer ${token}`,
      },
    )
    expect(version).toEqual({ status: 200, json: { item: expect.any(String) } })
    const gz = await viaHost(
      h.emulator.url,
      'auth.ap-northeast-1.gen2.gs2io.com',
      'POST',
      '/login',
      {
        authorization: `Bearer ${token}`,
        'content-encoding': 'gzip',
        'content-type': 'application/json',
      },
      gzipSync(JSON.stringify({ userId: 'via-host', timeOffset: null })),
    )
    expect(gz).toMatchObject({ status: 200, json: { userId: 'via-host' } })
  })
})

describe('CORS', () => {
  it('answers preflights from localhost origins and exposes Date', async () => {
    h = await startHarness()
    const pre = await fetch(`${h.emulator.url}/auth/login/signed`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-gs2-client-id',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT')
    expect(pre.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-gs2-client-id',
    )
    const r = await h.call('GET', '/auth/system/version', {
      headers: { origin: 'http://127.0.0.1:8080' },
    })
    expect(r.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
    expect(r.headers.get('access-control-expose-headers')).toContain('Date')
    const err = await h.call('GET', '/nope', { headers: { origin: 'http://localhost:3000' } })
    expect(err.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
  })

  it('gives no CORS headers to other origins, and honours a configured allow-list', async () => {
    h = await startHarness()
    const pre = await fetch(`${h.emulator.url}/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    const tricky = await h.call('GET', '/auth/system/version', {
      headers: { origin: 'http://localhost.evil.example' },
    })
    expect(tricky.headers.get('access-control-allow-origin')).toBeNull()
    await h.close()

    h = await startHarness({ config: { corsOrigins: ['https://game.example'] } })
    const ok = await h.call('GET', '/auth/system/version', {
      headers: { origin: 'https://game.example' },
    })
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://game.example')
    const local = await h.call('GET', '/auth/system/version', {
      headers: { origin: 'http://localhost:5173' },
    })
    expect(local.headers.get('access-control-allow-origin')).toBeNull()
  })
})
