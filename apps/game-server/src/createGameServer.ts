import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import {
  DEFAULT_LIMITS,
  DEFAULT_SCRYPT,
  defaultClock,
  defaultRandom,
  type GameServerLimits,
  type GameServerOptions,
  isLocalOrigin,
} from './config.ts'
import { OAuthError } from './errors/oauthError.ts'
import { createGs2Gateway } from './gs2/gs2Gateway.ts'
import { LoginRateLimiter } from './oauth/loginRateLimiter.ts'
import { RefreshTokens } from './oauth/refreshTokens.ts'
import { TokenService } from './oauth/tokenService.ts'
import { adminRoutes } from './routes/adminRoutes.ts'
import { devRoutes } from './routes/devRoutes.ts'
import { errorResponse } from './routes/http.ts'
import { tokenRoutes } from './routes/tokenRoutes.ts'
import { userRoutes } from './routes/userRoutes.ts'
import { compactJournal, openJournal } from './store/journal.ts'
import type { Change } from './store/records.ts'
import { SecretBox } from './store/secretBox.ts'
import { ServerState } from './store/serverState.ts'
import { ChallengeStore } from './twoFactor/challengeStore.ts'
import { Outbox } from './twoFactor/outbox.ts'
import { SecondFactor } from './twoFactor/secondFactor.ts'
import { PasswordHasher } from './users/passwordHasher.ts'
import { UserStore } from './users/userStore.ts'
import { WorkGate } from './users/workGate.ts'

/** Mail older than this is dropped when the journal is compacted. */
const OUTBOX_RETENTION_MS = 24 * 3600_000

export interface RunningGameServer {
  /** e.g. `http://127.0.0.1:4100` */
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

export interface GameServer {
  readonly app: Hono
  /** Where the journal lives, when persistent. */
  readonly dataDir: string | undefined
  /** Port 0 picks a free one. Host defaults to 127.0.0.1. */
  listen(port?: number, host?: string): Promise<RunningGameServer>
  /** Closes the journal and the GS2 session (and every listener started here). */
  close(): Promise<void>
}

/** A trusted game server: OAuth 2.0 password login with second factors, signing players in to GS2. */
export function createGameServer(options: GameServerOptions): GameServer {
  if (typeof options.adminToken !== 'string' || options.adminToken.length < 16) {
    throw new TypeError('adminToken: must be a string of at least 16 characters')
  }
  const clock = options.clock ?? defaultClock()
  const random = options.random ?? defaultRandom
  const limits: GameServerLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const scrypt = { ...DEFAULT_SCRYPT, ...options.scrypt }

  const opened = options.dataDir === undefined ? undefined : openJournal(options.dataDir)
  const state = new ServerState(opened?.journal)
  for (const batch of opened?.batches ?? []) {
    for (const change of batch) state.apply(change as Change)
  }
  // Every refresh appends a line: rewrite a long journal as its live records on start.
  if (
    options.dataDir !== undefined &&
    opened !== undefined &&
    opened.batches.length > (options.compactAfterBatches ?? 10_000)
  ) {
    opened.journal.close()
    compactJournal(options.dataDir, state.liveRecords(clock.now(), OUTBOX_RETENTION_MS))
    state.setJournal(openJournal(options.dataDir).journal)
  }

  const gs2 = createGs2Gateway({
    ...options.gs2,
    clock,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  const hasher = new PasswordHasher(
    scrypt,
    random,
    new WorkGate(limits.hashConcurrency, limits.hashQueue),
  )
  const key =
    typeof options.encryptionKey === 'string'
      ? new Uint8Array(Buffer.from(options.encryptionKey, 'base64'))
      : options.encryptionKey
  const users = new UserStore(
    state,
    hasher,
    clock,
    random,
    options.totpIssuer ?? 'gs2ez',
    new SecretBox(key, random),
  )
  // A missing or wrong key would only surface at a player's second factor: refuse to start.
  const sealed = [...state.values('users')].find((u) => u.totpSecret !== null)
  if (sealed) {
    try {
      users.totpSecretOf(sealed)
    } catch (error) {
      gs2.close()
      state.close()
      throw new Error('encryptionKey: cannot open the stored TOTP secrets (missing or wrong key)', {
        cause: error,
      })
    }
  }
  const outbox = new Outbox(state, clock, random)
  const challenges = new ChallengeStore(clock, random)
  const secondFactor = new SecondFactor(users, challenges, outbox, clock, random, limits)
  const lockout = { windowMs: limits.loginWindowMs, lockoutMs: limits.loginLockoutMs }
  const limiter = new LoginRateLimiter(clock, {
    ...lockout,
    maxFailures: limits.loginMaxFailures,
    subject: 'this username',
  })
  const ipLimiter = new LoginRateLimiter(clock, {
    ...lockout,
    maxFailures: limits.ipMaxFailures,
    subject: 'this address',
  })
  const refreshTokens = new RefreshTokens(state, clock, random, limits)
  const tokens = new TokenService({
    state,
    users,
    secondFactor,
    limiter,
    ipLimiter,
    refreshTokens,
    gs2,
    clock,
    clientIds: options.clientIds ?? ['gs2ez-demo'],
  })

  const allowOrigin = options.corsOrigins ?? isLocalOrigin
  const app = new Hono()
  app.onError((error, c) => errorResponse(c, error))
  app.notFound((c) => c.json({ error: 'not_found', error_description: 'No such route.' }, 404))
  app.use(
    '*',
    cors({
      origin: (origin) => {
        const allowed =
          typeof allowOrigin === 'function' ? allowOrigin(origin) : allowOrigin.includes(origin)
        return allowed ? origin : null
      },
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  )
  app.use(
    '*',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: () => {
        throw new OAuthError(
          'invalid_request',
          `body: must be at most ${limits.maxBodyBytes} bytes`,
          {
            status: 413,
            field: 'body',
          },
        )
      },
    }),
  )
  app.get('/health', (c) => c.json({ ok: true }))
  app.route('/', tokenRoutes({ tokens, refreshTokens }))
  app.route('/', userRoutes({ users }))
  app.route('/', adminRoutes({ adminToken: options.adminToken, users, gs2, state, clock }))
  if (options.devRoutes ?? true) app.route('/', devRoutes({ outbox }))

  const servers = new Set<RunningGameServer>()
  let closed = false

  return {
    app,
    dataDir: options.dataDir,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`
          const running: RunningGameServer = {
            url,
            port: info.port,
            close: () =>
              new Promise<void>((done) => {
                servers.delete(running)
                if ('closeAllConnections' in server) server.closeAllConnections()
                server.close(() => done())
              }),
          }
          servers.add(running)
          resolve(running)
        })
        server.once('error', reject)
      })
    },
    async close() {
      if (closed) return
      closed = true
      await Promise.all([...servers].map((server) => server.close()))
      gs2.close()
      state.close()
    },
  }
}
