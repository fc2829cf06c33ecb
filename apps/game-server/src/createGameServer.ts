import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import {
  DEFAULT_LIMITS,
  DEFAULT_SCRYPT,
  DEV_ADMIN_TOKEN,
  defaultClock,
  defaultRandom,
  type GameServerLimits,
  type GameServerOptions,
  isLocalOrigin,
  isLoopbackHost,
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
import type { Database } from './store/database.ts'
import { importJournal, type JournalImport } from './store/journalImport.ts'
import { migrate } from './store/migrations.ts'
import { openPgliteDatabase } from './store/pgliteDatabase.ts'
import { openPostgresDatabase } from './store/postgresDatabase.ts'
import { purgeExpired } from './store/purgeExpired.ts'
import { SecretBox } from './store/secretBox.ts'
import { ChallengeStore } from './twoFactor/challengeStore.ts'
import { Outbox } from './twoFactor/outbox.ts'
import { SecondFactor } from './twoFactor/secondFactor.ts'
import { PasswordHasher } from './users/passwordHasher.ts'
import { UserStore } from './users/userStore.ts'
import { WorkGate } from './users/workGate.ts'

export interface RunningGameServer {
  /** e.g. `http://127.0.0.1:4100` */
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

export interface GameServer {
  readonly app: Hono
  /** The PGlite data directory, when the embedded store is on disk. */
  readonly dataDir: string | undefined
  /** Which store serves this instance. */
  readonly store: Database['kind']
  /** What a journal import moved into the database on this start, if one ran. */
  readonly imported: JournalImport | undefined
  /**
   * Port 0 picks a free one. Host defaults to 127.0.0.1; the public dev admin token is refused
   * on any other.
   */
  listen(port?: number, host?: string): Promise<RunningGameServer>
  /** Closes every listener started here, the GS2 session and the database (unless injected). */
  close(): Promise<void>
}

async function openDatabase(options: GameServerOptions): Promise<Database> {
  if (options.database !== undefined) return options.database
  if (options.databaseUrl !== undefined) return openPostgresDatabase(options.databaseUrl)
  return openPgliteDatabase(options.dataDir)
}

/**
 * A trusted game server: OAuth 2.0 password login with second factors, signing players in to GS2.
 * Opens (and migrates) its database before it resolves.
 */
export async function createGameServer(options: GameServerOptions): Promise<GameServer> {
  if (typeof options.adminToken !== 'string' || options.adminToken.length < 16) {
    throw new TypeError('adminToken: must be a string of at least 16 characters')
  }
  const clock = options.clock ?? defaultClock()
  const random = options.random ?? defaultRandom
  const limits: GameServerLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const scrypt = { ...DEFAULT_SCRYPT, ...options.scrypt }
  const key =
    typeof options.encryptionKey === 'string'
      ? new Uint8Array(Buffer.from(options.encryptionKey, 'base64'))
      : options.encryptionKey
  const secrets = new SecretBox(key, random)

  const db = await openDatabase(options)
  const ownsDatabase = options.database === undefined
  const embedded = options.database === undefined && options.databaseUrl === undefined
  let imported: JournalImport | undefined
  let refreshTokens: RefreshTokens
  const hasher = new PasswordHasher(
    scrypt,
    random,
    new WorkGate(limits.hashConcurrency, limits.hashQueue),
  )
  const users = new UserStore(db, hasher, clock, random, options.totpIssuer ?? 'gs2ez', secrets)
  try {
    await migrate(db)
    const journalDir =
      options.importJournalFrom ?? (embedded ? options.dataDir : undefined) ?? undefined
    if (journalDir !== undefined) imported = await importJournal(db, journalDir, clock.now())
    await purgeExpired(db, clock.now(), limits)
    refreshTokens = await RefreshTokens.open(db, clock, random, limits)
    // A missing or wrong key would only surface at a player's second factor: refuse to start.
    const sealed = await users.anyTotpUser()
    if (sealed) {
      try {
        users.totpSecretOf(sealed)
      } catch (error) {
        throw new Error(
          'encryptionKey: cannot open the stored TOTP secrets (missing or wrong key)',
          { cause: error },
        )
      }
    }
  } catch (error) {
    if (ownsDatabase) await db.close().catch(() => {})
    throw error
  }

  const gs2 = createGs2Gateway({
    ...options.gs2,
    clock,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  const outbox = new Outbox(db, clock, random)
  const challenges = new ChallengeStore(db, clock, random)
  const secondFactor = new SecondFactor(users, challenges, outbox, clock, random, limits)
  const lockout = { windowMs: limits.loginWindowMs, lockoutMs: limits.loginLockoutMs }
  const limiter = new LoginRateLimiter(db, clock, {
    ...lockout,
    maxFailures: limits.loginMaxFailures,
    subject: 'this username',
    namespace: 'user',
    successClears: true,
  })
  const ipLimiter = new LoginRateLimiter(db, clock, {
    ...lockout,
    maxFailures: limits.ipMaxFailures,
    subject: 'this address',
    namespace: 'ip',
    successClears: false,
  })
  const registrationLimiter = new LoginRateLimiter(db, clock, {
    windowMs: limits.registerWindowMs,
    lockoutMs: limits.registerWindowMs,
    maxFailures: limits.registerMaxPerAddress,
    subject: 'this address',
    counted: 'registrations',
    namespace: 'register',
    successClears: false,
  })
  const tokens = new TokenService({
    db,
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
  app.route('/', userRoutes({ users, gs2, registrationLimiter }))
  app.route('/', adminRoutes({ adminToken: options.adminToken, users, gs2, db, clock }))
  if (options.devRoutes ?? false) {
    app.route('/', devRoutes({ outbox, adminToken: options.adminToken }))
  }

  const servers = new Set<RunningGameServer>()
  let closed = false

  return {
    app,
    dataDir: embedded ? options.dataDir : undefined,
    store: db.kind,
    imported,
    listen(port = 0, host = '127.0.0.1') {
      if (options.adminToken === DEV_ADMIN_TOKEN && !isLoopbackHost(host)) {
        return Promise.reject(
          new TypeError(
            `adminToken: the public dev admin token only works on loopback, not on ${host}; set a secret one`,
          ),
        )
      }
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
      if (ownsDatabase) await db.close()
    },
  }
}
