import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../createEmulator.ts'
import { createEmulator } from '../createEmulator.ts'
import type { RunningEmulator } from '../startEmulator.ts'
import { startEmulator } from '../startEmulator.ts'

const SEGMENTS = [
  'identifier',
  'projectToken',
  'login',
  'account',
  'auth',
  'key',
  'default',
  'signed',
  'federation',
  'timeoffset',
  'token',
  'system',
  'version',
  '__emulator',
  'tokens',
  'revoke',
  'accounts',
  'ban',
  'state',
  'requests',
  'ui',
  'null',
  'me',
  '..',
  '.',
  '',
  '%00',
  '%E0%A4%A',
  '%2F',
  'a'.repeat(200),
]
const FIELDS = [
  'userId',
  'timeOffset',
  'keyId',
  'body',
  'signature',
  'originalUserId',
  'policyDocument',
  'password',
  'contextStack',
  'client_id',
  'client_secret',
  'name',
  'expire',
  'token',
  'tokenId',
  'ttlSeconds',
  'releaseTimestamp',
  'reason',
  'description',
]

const ROUTES = [
  '/identifier/projectToken/login',
  '/auth/login',
  '/auth/login/signed',
  '/auth/federation',
  '/auth/timeoffset/token',
  '/auth/system/version',
  '/account/',
  '/account/$',
  '/account/$/account',
  '/account/$/account/$',
  '/key/',
  '/key/$',
  '/key/$/key',
  '/key/$/key/$',
  '/__emulator/tokens',
  '/__emulator/tokens/$',
  '/__emulator/tokens/revoke',
  '/__emulator/accounts/$/$/ban',
  '/__emulator/accounts/$/$/ban/$',
  '/__emulator/accounts/$/$',
  '/__emulator/state',
  '/__emulator/players',
  '/__emulator/players/$',
]

const segment = fc.oneof(
  fc.constantFrom(...SEGMENTS),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
)
const param = fc.oneof(
  fc.constantFrom('default', 'null', 'k', 'x'.repeat(129)),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
)
const knownRoute = fc
  .tuple(fc.constantFrom(...ROUTES), fc.array(param, { minLength: 4, maxLength: 4 }))
  .map(([route, params]) => {
    let i = 0
    return route.replace(/\$/g, () => params[i++] ?? '')
  })
const randomRoute = fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`)
const path = fc
  .oneof({ weight: 3, arbitrary: knownRoute }, { weight: 1, arbitrary: randomRoute })
  .chain((route) =>
    fc
      .oneof(
        fc.constant(''),
        fc.constant('?pageToken=null&limit=null'),
        fc.string({ maxLength: 20 }).map((q) => `?${encodeURIComponent(q)}`),
      )
      .map((query) => `${route}${query}`),
  )
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 120, maxLength: 1100 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'null',
    'True',
    '3600',
    '-1',
    '1e400',
    '{"Statements":[]}',
    'grn:gs2:{region}:{ownerId}:key:default:key:default',
  ),
)
const jsonBody = fc.dictionary(
  fc.constantFrom(...FIELDS),
  fc.oneof(scalar, fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 6 },
)
const body = fc.oneof(
  jsonBody.map((o) => ({ bytes: Buffer.from(JSON.stringify(o)), gzip: false })),
  jsonBody.map((o) => ({ bytes: gzipSync(JSON.stringify(o)), gzip: true })),
  fc.jsonValue().map((v) => ({ bytes: Buffer.from(JSON.stringify(v) ?? ''), gzip: false })),
  fc
    .tuple(fc.uint8Array({ maxLength: 200 }), fc.boolean())
    .map(([b, gzip]) => ({ bytes: Buffer.from(b), gzip })),
  fc.string({ maxLength: 60 }).map((s) => ({ bytes: Buffer.from(s), gzip: false })),
)
const headerValue = fc.stringMatching(/^[\x21-\x7e]{0,40}$/)

interface Shape {
  method: string
  path: string
  headers: Record<string, string>
  body: { bytes: Buffer; gzip: boolean } | undefined
}

const requestShape = (tokens: { app: string; server: string; admin: string }) =>
  fc
    .record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('POST', 'PUT', 'GET') },
        { weight: 1, arbitrary: fc.constantFrom('DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND') },
      ),
      path,
      auth: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('app', 'server') },
        { weight: 1, arbitrary: fc.constantFrom('none', 'junk') },
      ),
      accessToken: fc.option(headerValue, { nil: undefined, freq: 4 }),
      timeOffsetToken: fc.option(headerValue, { nil: undefined, freq: 4 }),
      clientId: fc.option(fc.constantFrom('gs2ez-demo-app', 'gs2ez-demo-server', 'x', 'null'), {
        nil: undefined,
      }),
      encoding: fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'GZIP', 'x'), {
        nil: undefined,
      }),
      host: fc.option(
        fc.constantFrom(
          'auth.ap-northeast-1.gen2.gs2io.com',
          'account.us-east-1.gen2.gs2io.com:443',
          'nope.gen2.gs2io.com',
          'rebound.evil.example',
        ),
        { nil: undefined },
      ),
      origin: fc.option(fc.constantFrom('http://localhost:5173', 'https://evil.example', 'null'), {
        nil: undefined,
      }),
      avoider: fc.option(headerValue, { nil: undefined }),
      adminToken: fc.oneof(
        { weight: 3, arbitrary: fc.constant(tokens.admin) },
        { weight: 1, arbitrary: fc.option(headerValue, { nil: undefined }) },
      ),
      body: fc.option(body, { nil: undefined }),
    })
    .map((r): Shape => {
      const headers: Record<string, string> = {}
      if (r.auth !== 'none')
        headers.authorization = `Bearer ${r.auth === 'app' ? tokens.app : r.auth === 'server' ? tokens.server : 'junk'}`
      if (r.accessToken !== undefined) headers['x-gs2-access-token'] = r.accessToken
      if (r.timeOffsetToken !== undefined) headers['x-gs2-time-offset-token'] = r.timeOffsetToken
      if (r.clientId !== undefined) headers['x-gs2-client-id'] = r.clientId
      if (r.host !== undefined) headers.host = r.host
      if (r.origin !== undefined) headers.origin = r.origin
      if (r.avoider !== undefined) headers['x-gs2-duplication-avoider'] = r.avoider
      if (r.adminToken !== undefined) headers['x-gs2ez-admin-token'] = r.adminToken
      const hasBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD'
      if (hasBody) {
        headers['content-type'] = 'application/json'
        const enc = r.encoding ?? (r.body?.gzip ? 'gzip' : undefined)
        if (enc !== undefined) headers['content-encoding'] = enc
      }
      return { method: r.method, path: r.path, headers, body: hasBody ? r.body : undefined }
    })

/** No 5xx, and every error is GS2's shape: {message: "<JSON [{component, message, code}]>"}. */
const checkReply = async (
  shape: Shape,
  res: Response,
  seen: Map<number, number>,
): Promise<void> => {
  seen.set(res.status, (seen.get(res.status) ?? 0) + 1)
  const text = await res.text()
  const context = `${shape.method} ${shape.path} -> ${res.status} ${text.slice(0, 300)}`
  expect(res.status, context).toBeLessThan(500)
  if (res.status < 400 || shape.method === 'HEAD') return
  const json = JSON.parse(text) as { message: string }
  expect(typeof json.message, context).toBe('string')
  const details = JSON.parse(json.message) as {
    component: unknown
    message: unknown
    code: unknown
  }[]
  expect(details.length, context).toBeGreaterThan(0)
  for (const d of details) {
    expect(typeof d.component, context).toBe('string')
    expect(typeof d.message, context).toBe('string')
    expect(d.code, context).toMatch(/^[\w-]+(\.[\w-]+)+$/)
  }
}

const login = async (
  fetcher: (r: Request) => Promise<Response>,
  base: string,
  clientId: string,
) => {
  const res = await fetcher(
    new Request(`${base}/identifier/projectToken/login`, {
      method: 'POST',
      body: JSON.stringify({ client_id: clientId, client_secret: `${clientId}-secret` }),
    }),
  )
  return ((await res.json()) as { access_token: string }).access_token
}

/** The fuzzer must reach the handlers, not only the guards: each of these statuses must show. */
const expectCoverage = (seen: Map<number, number>) => {
  for (const status of [200, 204, 400, 401, 404])
    expect(seen.get(status), `status ${status} never seen`).toBeGreaterThan(0)
}

describe('fuzz: random malformed requests', () => {
  const unexpected: unknown[] = []
  let emulator: Emulator
  let running: RunningEmulator
  let tokens: { app: string; server: string; admin: string }

  beforeAll(async () => {
    // A long project-token life: the fuzzer must keep reaching the handlers behind the guard.
    emulator = createEmulator({
      config: { projectTokenTtlSeconds: 86_400 },
      log: (e) => unexpected.push(e),
    })
    const base = 'http://127.0.0.1'
    tokens = {
      app: await login(emulator.fetch, base, 'gs2ez-demo-app'),
      server: await login(emulator.fetch, base, 'gs2ez-demo-server'),
      admin: emulator.adminToken,
    }
    running = await startEmulator({ log: (e) => unexpected.push(e) })
  })
  afterAll(async () => {
    emulator.close()
    await running.close()
  })

  it('10,000 in-process requests: no 5xx, every error GS2-shaped, nothing logged', {
    timeout: 120_000,
  }, async () => {
    const seen = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(requestShape(tokens), async (shape) => {
        const headers = new Headers(shape.headers)
        const init: RequestInit & { duplex?: 'half' } = { method: shape.method, headers }
        if (shape.body) init.body = new Uint8Array(shape.body.bytes)
        const res = await emulator.fetch(new Request(`http://127.0.0.1${shape.path}`, init))
        await checkReply(shape, res, seen)
      }),
      { numRuns: 10_000 },
    )
    expect(unexpected).toEqual([])
    expectCoverage(seen)
  })

  it('400 requests over real HTTP', { timeout: 120_000 }, async () => {
    const httpTokens = {
      app: await login(fetch, running.url, 'gs2ez-demo-app'),
      server: await login(fetch, running.url, 'gs2ez-demo-server'),
      admin: running.adminToken,
    }
    const seen = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(requestShape(httpTokens), async (shape) => {
        const { host: _host, ...headers } = shape.headers
        const res = await fetch(`${running.url}${shape.path}`, {
          method: shape.method,
          headers,
          ...(shape.body ? { body: new Uint8Array(shape.body.bytes) } : {}),
        })
        await checkReply(shape, res, seen)
      }),
      { numRuns: 400 },
    )
    expect(unexpected).toEqual([])
    expect(seen.get(400)).toBeGreaterThan(0)
    expect(seen.get(401)).toBeGreaterThan(0)
  })
})
