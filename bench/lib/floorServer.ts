// The floor reference of the throughput benchmark: the emulator's two hot login APIs served on
// plain node:http, calling the emulator's own framework-free functions (projectTokenCheck,
// authenticate, loginBySignature) on the emulator's own state, without the HTTP framework,
// middleware, CORS, faults, request log or host routing. No server doing that work can be
// much faster, so it shows how much of the gap to a bare server the emulator could still close.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { EmulatorContext } from '../../packages/emulator/src/server/emulatorContext.ts'
import {
  EmulatorError,
  isEmulatorError,
  notFound,
} from '../../packages/emulator/src/server/emulatorError.ts'
import { projectTokenCheck } from '../../packages/emulator/src/server/projectTokenGuard.ts'
import { parseJsonObject } from '../../packages/emulator/src/server/readBody.ts'
import { authenticate } from '../../packages/emulator/src/services/account/authenticate.ts'
import { accessTokenResult } from '../../packages/emulator/src/services/auth/accessTokens.ts'
import { loginBySignature } from '../../packages/emulator/src/services/auth/loginBySignature.ts'

/** The emulator's header rule on node's headers: empty and `null` are unset. */
const nodeHeader =
  (headers: IncomingHttpHeaders) =>
  (name: string): string | undefined => {
    const raw = headers[name]
    const value = Array.isArray(raw) ? raw.join(', ') : raw
    return value === undefined || value === '' || value === 'null' ? undefined : value
  }

const AUTHENTICATION = /^\/account\/([^/]+)\/account\/([^/]+)\/?$/

/** What hono does to a path parameter: decoded only when it has something to decode. */
const param = (raw: string): string => (raw.includes('%') ? decodeURIComponent(raw) : raw)

const reply = (res: ServerResponse, status: number, value: unknown) => {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

/**
 * Serves PUT /account/{namespaceName}/account/{userId} (authentication) and POST
 * /auth/login/signed (loginBySignature) on `ctx`, the context of a createEmulator() whose own
 * HTTP server answers everything else (tokens, accounts), so both see one state.
 */
export const createFloorServer = (ctx: EmulatorContext): Server => {
  const check = projectTokenCheck(ctx)
  const handle = (req: IncomingMessage, text: string): unknown => {
    const url = req.url ?? '/'
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    if (
      req.method === 'POST' &&
      (path === '/auth/login/signed' || path === '/auth/login/signed/')
    ) {
      check(nodeHeader(req.headers))
      return accessTokenResult(loginBySignature(ctx, parseJsonObject(text)))
    }
    const match = req.method === 'PUT' ? AUTHENTICATION.exec(path) : null
    if (match?.[1] && match[2]) {
      const header = nodeHeader(req.headers)
      check(header)
      return authenticate(ctx, {
        namespaceName: param(match[1]),
        userId: param(match[2]),
        body: parseJsonObject(text),
        timeOffsetToken: header('x-gs2-time-offset-token'),
      })
    }
    throw notFound('path', 'emulator.route.notFound', `${req.method} ${path}: not on the floor`)
  }
  return createServer((req, res) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => {
      let status = 200
      let value: unknown
      try {
        value = handle(req, text)
      } catch (error) {
        if (!isEmulatorError(error)) console.error('[floor]', error)
        const failure = isEmulatorError(error)
          ? error
          : new EmulatorError(500, 'emulator', 'emulator.internal', 'internal error')
        status = failure.status
        value = failure.toBody()
      }
      reply(res, status, value)
    })
  })
}
