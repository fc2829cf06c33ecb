// What goes over the wire, checked on a real HTTP server: only the headers the official GS2 SDK
// sends (README "Headers"), unset body fields absent, and a non-idempotent call (createAccount)
// sent exactly once even when its reply is lost.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startRecordingServer } from '@gs2ez/test-utils'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { BasicGs2Credential } from '../credentials.ts'
import { NetworkError } from '../errors/clientErrors.ts'
import { Gs2RestSession } from '../gs2RestSession.ts'

// What Node's fetch adds on its own; everything else was put there by gs2ez.
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'accept',
])
const ours = (headers: IncomingHttpHeaders) =>
  Object.keys(headers)
    .filter((name) => !TRANSPORT_HEADERS.has(name))
    .sort()

const Any = z.object({})

let server: Awaited<ReturnType<typeof startRecordingServer>>
const sessions: Gs2RestSession[] = []
const open = (endpointTemplate: string) => {
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential('client-id', 'client-secret'),
    endpointTemplate,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
  })
  sessions.push(session)
  return session
}

beforeAll(async () => {
  server = await startRecordingServer(() => ({ body: {} }))
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  for (const session of sessions.splice(0)) session.close()
  server.received.length = 0
})

describe('headers on the wire', () => {
  it('the project-token login carries no X-GS2-CLIENT-ID, no Authorization, no request id', async () => {
    await open(server.endpointTemplate).connect()
    const [login] = server.received
    expect(login).toMatchObject({ method: 'POST', url: '/identifier/projectToken/login' })
    expect(ours(login!.headers)).toEqual(['content-type'])
    expect(login!.headers['content-type']).toBe('application/json')
    expect(login!.body).toEqual({ client_id: 'client-id', client_secret: 'client-secret' })
  })

  it('a call sends the client id and project token, and nothing optional unless given', async () => {
    const session = open(server.endpointTemplate)
    await session.request({ service: 'auth', method: 'GET', path: '/system/version', schema: Any })
    await session.request({
      service: 'account',
      method: 'PUT',
      path: '/ns/account/u',
      body: { keyId: undefined, password: 'p', contextStack: undefined },
      schema: Any,
    })
    const [get, put] = server.apiRequests()
    expect(ours(get!.headers)).toEqual(['authorization', 'x-gs2-client-id'])
    expect(get!.headers).toMatchObject({
      authorization: 'Bearer pt',
      'x-gs2-client-id': 'client-id',
    })
    expect(ours(put!.headers)).toEqual(['authorization', 'content-type', 'x-gs2-client-id'])
    // Unset fields are left out, as GS2's C# SDK does.
    expect(put!.body).toEqual({ password: 'p' })
  })

  it('X-GS2-REQUEST-ID, access and time-offset tokens go out only when the caller gives them', async () => {
    const session = open(server.endpointTemplate)
    await session.request({
      service: 'inventory',
      method: 'GET',
      path: '/ns/user/me/inventory',
      accessToken: 'user-token',
      timeOffsetToken: 'offset-token',
      requestId: 'request-1',
      schema: Any,
    })
    const [call] = server.apiRequests()
    expect(ours(call!.headers)).toEqual([
      'authorization',
      'x-gs2-access-token',
      'x-gs2-client-id',
      'x-gs2-request-id',
      'x-gs2-time-offset-token',
    ])
    expect(call!.headers).toMatchObject({
      'x-gs2-access-token': 'user-token',
      'x-gs2-time-offset-token': 'offset-token',
      'x-gs2-request-id': 'request-1',
    })
  })
})

describe('a non-idempotent call whose reply is lost', () => {
  it('is sent exactly once and fails with NetworkError (createAccount)', async () => {
    const arrived: string[] = []
    // The request is read in full (the server "ran" it), then the socket dies before a reply.
    const lossy = createServer((req, res) => {
      arrived.push(`${req.method} ${req.url}`)
      req.resume()
      req.on('end', () => {
        if (req.url?.endsWith('/projectToken/login')) {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ access_token: 'pt', expires_in: 3600 }))
        } else {
          req.socket.destroy()
        }
      })
    })
    await new Promise<void>((resolve) => lossy.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = lossy.address() as AddressInfo
      const session = open(`http://127.0.0.1:${port}/{service}`)
      const create = () =>
        session.request({
          service: 'account',
          method: 'POST',
          path: '/ns/account',
          body: {},
          idempotent: false,
          retry: 5,
          schema: Any,
        })
      const error = await create().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(NetworkError)
      expect(arrived).toEqual(['POST /identifier/projectToken/login', 'POST /account/ns/account'])

      // The same drop on an idempotent call is retried: the rule is the call's, not the path's.
      arrived.length = 0
      await session
        .request({ service: 'account', method: 'GET', path: '/ns/account/u', schema: Any })
        .catch(() => {})
      expect(arrived).toEqual([
        'GET /account/ns/account/u',
        'GET /account/ns/account/u',
        'GET /account/ns/account/u',
      ])
    } finally {
      lossy.closeAllConnections()
      await new Promise<void>((resolve) => lossy.close(() => resolve()))
    }
  })
})
