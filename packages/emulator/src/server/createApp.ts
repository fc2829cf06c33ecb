import { Hono } from 'hono'
import { getPath } from 'hono/utils/url'
import { adminRoutes } from '../admin/adminRoutes.ts'
import { faultRoutes } from '../admin/faultRoutes.ts'
import type { Fault } from '../faults/faultInjector.ts'
import { droppedConnection, faultError } from '../faults/faultResponse.ts'
import { accountRoutes } from '../services/account/accountRoutes.ts'
import { authRoutes } from '../services/auth/authRoutes.ts'
import { identifierRoutes } from '../services/identifier/identifierRoutes.ts'
import { keyRoutes } from '../services/key/keyRoutes.ts'
import { adminGuard, isSameOrigin } from './adminGuard.ts'
import { corsHeaders, originMatcher, preflightHeaders } from './cors.ts'
import { mayCall, type RouteRef } from './credentialPolicy.ts'
import type { EmulatorContext } from './emulatorContext.ts'
import {
  EmulatorError,
  forbidden,
  isEmulatorError,
  notFound,
  unauthorized,
} from './emulatorError.ts'
import type { EmulatorEnv } from './honoEnv.ts'
import { hostMatcher } from './hostMatcher.ts'
import { routeByHost } from './hostRouting.ts'
import { httpDate } from './httpDate.ts'
import { projectTokenGuard } from './projectTokenGuard.ts'
import { bindNodeHeaders, type NodeBindings, requestHeader } from './requestHeader.ts'

export interface EmulatorApp {
  readonly app: Hono<EmulatorEnv>
  /** The emulator in-process, without a socket (what tests without HTTP call). */
  fetch(request: Request): Promise<Response>
  /**
   * What the HTTP server calls, with the node adapter's bindings: host routing, Date and CORS,
   * faults and the request log in front of the app. Synchronous when the route is, so the
   * adapter can answer on its fast path.
   */
  handle(request: Request, env?: NodeBindings): Response | Promise<Response>
}

const GUARDED = { account: accountRoutes, auth: authRoutes, key: keyRoutes } as const

const untrusted = (route: RouteRef) =>
  unauthorized(
    'Authorization',
    'identifier.credential.untrusted',
    `${route.method} /${route.service}${route.path}: needs a trusted (server) credential; an ` +
      'application credential may call only what a game client may (README, Credentials)',
  )

const UNREAD_BODY_CODES = new Set(['emulator.body.tooLarge', 'emulator.body.aborted'])

const jsonError = (error: EmulatorError, headers?: Record<string, string>): Response =>
  new Response(JSON.stringify(error.toBody()), {
    status: error.status,
    headers: { 'content-type': 'application/json', ...headers },
  })

export const createApp = (
  ctx: EmulatorContext,
  options: { log?: (error: unknown) => void } = {},
): EmulatorApp => {
  const app = new Hono<EmulatorEnv>({ strict: false })
  const isAllowedOrigin = originMatcher(ctx.config.corsOrigins)
  // `*` opens the game-facing API to every page; the admin API never follows it.
  const isAdminOrigin = originMatcher(ctx.config.corsOrigins.filter((o) => o !== '*'))
  const isAllowedHost = hostMatcher(ctx.config.allowedHosts)
  const guardAdmin = adminGuard({ adminToken: ctx.adminToken, isAllowedOrigin: isAdminOrigin })
  const date = httpDate(ctx.clock)
  const log = options.log ?? ((error: unknown) => console.error('[gs2ez-emulator]', error))

  app.get('/', (c) => c.redirect('/__emulator/ui'))
  app.route('/__emulator/faults', faultRoutes(ctx))
  app.route('/__emulator', adminRoutes(ctx))
  app.route('/identifier', identifierRoutes(ctx))
  // Each guarded route gets the project-token check folded into its one handler rather than a
  // middleware in front: hono then dispatches without composing, and a synchronous handler
  // (getServiceVersion) is answered without a promise on the node adapter's fast path.
  const guard = projectTokenGuard(ctx)
  for (const [service, routes] of Object.entries(GUARDED)) {
    const base = app.basePath(`/${service}`)
    for (const route of routes(ctx).routes) {
      const handler = route.handler
      const ref = { service, method: route.method, path: route.path }
      // Decided once per route: the application credential's allow-list (credentialPolicy).
      const forApplication = mayCall('application', ref)
      base.on(route.method, route.path, (c, next) => {
        guard(c)
        if (!forApplication && c.get('credential').kind !== 'trusted') throw untrusted(ref)
        return handler(c, next)
      })
    }
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
    if (isEmulatorError(error)) {
      // The body was refused unread: the connection is closed after this answer, and says so,
      // so a keep-alive client does not send its next request down a socket being torn down
      // (a stress run saw the request after a gzip bomb fail with ECONNRESET).
      if (UNREAD_BODY_CODES.has(error.code)) c.header('Connection', 'close')
      return c.json(error.toBody(), error.status)
    }
    log(error)
    const internal = new EmulatorError(
      500,
      'emulator',
      'emulator.internal',
      'internal error; see the emulator log',
    )
    return c.json(internal.toBody(), 500)
  })

  /** A fault's answer: after its delay, its status, a dropped connection, or the real answer. */
  const faulted = async (fault: Fault, request: Request, env?: NodeBindings): Promise<Response> => {
    if (fault.delayMs !== null && fault.delayMs > 0) await ctx.sleep(fault.delayMs)
    if (fault.status !== null) {
      const retryAfter = fault.retryAfterSeconds
      return jsonError(
        faultError({ ...fault, status: fault.status }),
        retryAfter === null ? undefined : { 'retry-after': String(retryAfter) },
      )
    }
    if (fault.drop === false) return app.fetch(request, env)
    // 'after': the API runs (and commits) first; only its answer is lost.
    if (fault.drop === 'after') await app.fetch(request, env)
    if (!env) throw droppedConnection(fault)
    env.outgoing.destroy()
    // Nothing reaches the client; the adapter's writes to the closed socket go nowhere.
    return new Response(null, { status: 204 })
  }

  const logRequest = (
    request: Request,
    method: string,
    path: string,
    status: number,
    started: number,
  ): void => {
    ctx.requestLog.add({
      at: ctx.clock.now(),
      method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      clientId: requestHeader(request, 'x-gs2-client-id') ?? null,
    })
  }

  /** In-process answers get Date and CORS on the Response itself (no node response to set). */
  const withHeaders = (
    response: Response,
    now: string,
    cors: Record<string, string> | undefined,
  ): Response => {
    response.headers.set('date', now)
    if (cors) for (const k in cors) response.headers.set(k, cors[k] as string)
    return response
  }

  const handle = (request: Request, env?: NodeBindings): Response | Promise<Response> => {
    let routed: Request
    try {
      if (env) bindNodeHeaders(request, env.incoming.headers)
      const host = requestHeader(request, 'host')
      if (!isAllowedHost(host)) {
        // DNS rebinding: a foreign name resolved to 127.0.0.1. No CORS, no Date: nothing to use.
        return jsonError(
          forbidden(
            'Host',
            'emulator.host.forbidden',
            `Host: ${String(host).slice(0, 200)} is not served; add it to allowedHosts to allow it`,
          ),
        )
      }
      routed = routeByHost(request)
      if (env && routed !== request) bindNodeHeaders(routed, env.incoming.headers)
    } catch (error) {
      // Only a request the Request constructor itself refuses can land here.
      log(error)
      return jsonError(
        new EmulatorError(400, 'request', 'emulator.request.malformed', 'malformed request'),
      )
    }
    const started = performance.now()
    const method = routed.method
    const path = getPath(routed)
    const isAdmin = path.startsWith('/__emulator')
    const origin = requestHeader(routed, 'origin')
    // The dashboard page is for its own origin only: no other page may read the token in it.
    const allowed =
      origin !== undefined &&
      (isAdmin
        ? !path.startsWith('/__emulator/ui') &&
          (isAdminOrigin(origin) || isSameOrigin(origin, requestHeader(routed, 'host')))
        : isAllowedOrigin(origin))
    if (method === 'OPTIONS') {
      // A refused origin gets no CORS headers, so the browser blocks the real request.
      const headers: Record<string, string> = allowed
        ? preflightHeaders(origin, requestHeader(routed, 'access-control-request-headers') ?? null)
        : {}
      headers.date = date()
      return new Response(null, { status: 204, headers })
    }
    // Every answer carries Date (the SDK's server clock) and CORS, errors and faults too. Over
    // HTTP they go straight on node's response, which merges them at writeHead: a WHATWG
    // Headers on every reply would have to be converted back by the adapter.
    const now = date()
    const cors = allowed ? corsHeaders(origin) : undefined
    if (env) {
      const out = env.outgoing
      out.setHeader('date', now)
      if (cors) for (const k in cors) out.setHeader(k, cors[k] as string)
    }

    if (isAdmin) {
      const refused = guardAdmin(routed, method, path)
      if (refused) {
        const response = jsonError(refused)
        return env ? response : withHeaders(response, now, cors)
      }
    }
    const logged = !isAdmin
    const fault =
      logged && ctx.faults.size > 0 ? ctx.faults.take(method, path, ctx.clock.now()) : undefined
    const answer = fault ? faulted(fault, routed, env) : app.fetch(routed, env)
    if (!(answer instanceof Promise)) {
      // Handed back as is when hono answered synchronously: the adapter's fast path.
      if (logged) logRequest(routed, method, path, answer.status, started)
      return env ? answer : withHeaders(answer, now, cors)
    }
    return answer.then(
      (response) => {
        if (logged) logRequest(routed, method, path, fault?.drop ? 0 : response.status, started)
        return env ? response : withHeaders(response, now, cors)
      },
      (error: unknown) => {
        if (logged) logRequest(routed, method, path, 0, started)
        throw error
      },
    )
  }

  return { app, handle, fetch: (request) => Promise.resolve(handle(request)) }
}
