import { Hono } from 'hono'
import { adminRoutes } from '../admin/adminRoutes.ts'
import { accountRoutes } from '../services/account/accountRoutes.ts'
import { authRoutes } from '../services/auth/authRoutes.ts'
import { identifierRoutes } from '../services/identifier/identifierRoutes.ts'
import { keyRoutes } from '../services/key/keyRoutes.ts'
import { corsHeaders, originMatcher, preflightHeaders } from './cors.ts'
import type { EmulatorContext } from './emulatorContext.ts'
import { EmulatorError, isEmulatorError, notFound } from './emulatorError.ts'
import type { EmulatorEnv } from './honoEnv.ts'
import { routeByHost } from './hostRouting.ts'
import { httpDate } from './httpDate.ts'
import { projectTokenGuard } from './projectTokenGuard.ts'
import { bindNodeHeaders, type NodeBindings, requestHeader } from './requestHeader.ts'

export interface EmulatorApp {
  readonly app: Hono<EmulatorEnv>
  /**
   * Host-header routing in front of the app; what the HTTP server calls, with the node adapter's
   * bindings (absent in-process).
   */
  fetch(request: Request, env?: NodeBindings): Promise<Response>
}

const GUARDED = { account: accountRoutes, auth: authRoutes, key: keyRoutes } as const

export const createApp = (
  ctx: EmulatorContext,
  options: { log?: (error: unknown) => void } = {},
): EmulatorApp => {
  const app = new Hono<EmulatorEnv>({ strict: false })
  const isAllowedOrigin = originMatcher(ctx.config.corsOrigins)
  const date = httpDate(ctx.clock)
  const log = options.log ?? ((error: unknown) => console.error('[gs2ez-emulator]', error))

  app.use('*', async (c, next) => {
    const started = performance.now()
    const raw = c.req.raw
    const origin = requestHeader(raw, 'origin')
    const allowed = origin !== undefined && isAllowedOrigin(origin)
    if (c.req.method === 'OPTIONS') {
      // A refused origin gets no CORS headers, so the browser blocks the real request.
      const headers: Record<string, string> = allowed
        ? preflightHeaders(origin, requestHeader(raw, 'access-control-request-headers') ?? null)
        : {}
      headers.date = date()
      return c.body(null, 204, headers)
    }
    // Set before the handler runs so they are part of every response it builds (errors too).
    // Over HTTP they go straight on node's response, which merges them at writeHead: a hono
    // c.header() would make every reply carry a WHATWG Headers the adapter must convert back.
    const outgoing = c.env?.outgoing
    const set = outgoing ? (k: string, v: string) => outgoing.setHeader(k, v) : c.header
    set('date', date())
    if (allowed) {
      const cors = corsHeaders(origin)
      for (const k in cors) set(k, cors[k] as string)
    }
    await next()
    const path = c.req.path
    if (!path.startsWith('/__emulator')) {
      ctx.requestLog.add({
        at: ctx.clock.now(),
        method: c.req.method,
        path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        clientId: requestHeader(raw, 'x-gs2-client-id') ?? null,
      })
    }
    return undefined
  })

  app.get('/', (c) => c.redirect('/__emulator/ui'))
  app.route('/__emulator', adminRoutes(ctx))
  app.route('/identifier', identifierRoutes(ctx))
  for (const [service, routes] of Object.entries(GUARDED)) {
    const sub = new Hono<EmulatorEnv>({ strict: false })
    sub.use('*', projectTokenGuard(ctx))
    sub.route('/', routes(ctx))
    app.route(`/${service}`, sub)
  }

  app.notFound((c) => {
    const error = notFound(
      'path',
      'emulator.route.notFound',
      `${c.req.method} ${c.req.path}: no such API`,
    )
    return c.json(error.toBody(), 404)
  })

  app.onError((error, c) => {
    if (isEmulatorError(error)) return c.json(error.toBody(), error.status)
    log(error)
    const internal = new EmulatorError(
      500,
      'emulator',
      'emulator.internal',
      'internal error; see the emulator log',
    )
    return c.json(internal.toBody(), 500)
  })

  return {
    app,
    fetch: (request, env) => {
      let routed: Request
      try {
        if (env) bindNodeHeaders(request, env.incoming.headers)
        routed = routeByHost(request)
        if (env && routed !== request) bindNodeHeaders(routed, env.incoming.headers)
      } catch (error) {
        // Only a request the Request constructor itself refuses can land here.
        const bad = new EmulatorError(
          400,
          'request',
          'emulator.request.malformed',
          'malformed request',
        )
        log(error)
        return Promise.resolve(
          new Response(JSON.stringify(bad.toBody()), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          }),
        )
      }
      // Handed on as is, without an extra await: hono answers every handler error (onError).
      return Promise.resolve(app.fetch(routed, env))
    },
  }
}
