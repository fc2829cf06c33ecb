import { randomBytes } from 'node:crypto'
import type { Database } from './store/database.ts'

/** Epoch milliseconds; same shape as @gs2ez/core's Clock. */
export interface Clock {
  now(): number
}

/** Cryptographically strong random bytes. */
export type RandomBytes = (bytes: number) => Uint8Array

export interface Gs2ConnectionOptions {
  /** A TRUSTED credential: GS2-Auth `login` issues tokens for any user id without a password. */
  readonly clientId: string
  readonly clientSecret: string
  readonly region?: 'ap-northeast-1' | 'us-east-1' | 'eu-west-1' | 'ap-southeast-1'
  /** e.g. `http://127.0.0.1:4000/{service}` for the emulator. */
  readonly endpointTemplate?: string
}

export interface ScryptCost {
  /** CPU/memory cost, a power of two. Default 2^15 (~32 MiB, tens of ms). */
  readonly N: number
  readonly r: number
  readonly p: number
}

export interface GameServerOptions {
  readonly gs2: Gs2ConnectionOptions
  /** Bearer token for /admin routes. Required: an admin API without a secret is a backdoor. */
  readonly adminToken: string
  /**
   * The embedded store: a PGlite cluster in `<dataDir>/pglite` (one instance only). An old
   * journal found in this directory is imported once. In memory when absent, unless
   * `databaseUrl` or `database` is given.
   */
  readonly dataDir?: string
  /** `postgres://…`: a PostgreSQL server that several instances share. Wins over `dataDir`. */
  readonly databaseUrl?: string
  /**
   * An open database (tests, custom pools). The caller owns it: `close()` leaves it open. Wins
   * over `databaseUrl` and `dataDir`.
   */
  readonly database?: Database
  /** A journal data directory (the store before PostgreSQL) to import once into the database. */
  readonly importJournalFrom?: string
  readonly clock?: Clock
  readonly random?: RandomBytes
  /** OAuth client ids accepted at the token endpoint. Default `['gs2ez-demo']`. */
  readonly clientIds?: readonly string[]
  /** Browser origins allowed by CORS: exact strings, or a predicate. Default: localhost/127.0.0.1 on any port. */
  readonly corsOrigins?: readonly string[] | ((origin: string) => boolean)
  /**
   * Dev mode: serve GET /dev/outbox (the mail a real server would send, behind the admin token).
   * Default false; `pnpm start` turns it on.
   */
  readonly devRoutes?: boolean
  /** Issuer shown in authenticator apps. Default `gs2ez`. */
  readonly totpIssuer?: string
  readonly scrypt?: Partial<ScryptCost>
  /**
   * 32 bytes (raw or base64) sealing TOTP secrets at rest (AES-256-GCM). Keep it out of the data
   * directory. Without it secrets are stored readable (dev).
   */
  readonly encryptionKey?: Uint8Array | string
  readonly limits?: Partial<GameServerLimits>
  /** Injected fetch for the GS2 calls (tests, proxies). */
  readonly fetch?: typeof fetch
}

export interface GameServerLimits {
  /** How long a second-factor challenge (and an emailed code) stays usable. */
  readonly challengeTtlMs: number
  /** Wrong codes before a challenge is locked. */
  readonly challengeMaxAttempts: number
  /** Failed password logins per username within `loginWindowMs` before 429. */
  readonly loginMaxFailures: number
  readonly loginWindowMs: number
  /** Failed sign-ins per client address within `loginWindowMs` (any usernames) before 429. */
  readonly ipMaxFailures: number
  /** How long a username (or address) stays locked once it reached its limit. */
  readonly loginLockoutMs: number
  /**
   * Registrations (`POST /users` with valid input, whatever the outcome) per client address
   * within `registerWindowMs` before 429; the address then waits out `registerWindowMs`.
   */
  readonly registerMaxPerAddress: number
  readonly registerWindowMs: number
  readonly refreshTokenTtlMs: number
  /** Reuse of a rotated refresh token within this window answers the same new pair. */
  readonly refreshGraceMs: number
  /** Largest request body accepted, bytes. */
  readonly maxBodyBytes: number
  /** Password hashes computed at once (libuv runs scrypt on its 4-thread pool). */
  readonly hashConcurrency: number
  /** Hashes waiting beyond that; more answer 503 + Retry-After at once. */
  readonly hashQueue: number
}

export const DEFAULT_LIMITS: GameServerLimits = {
  challengeTtlMs: 5 * 60_000,
  challengeMaxAttempts: 5,
  loginMaxFailures: 5,
  loginWindowMs: 15 * 60_000,
  loginLockoutMs: 5 * 60_000,
  ipMaxFailures: 50,
  // A school or a carrier NAT puts many players behind one address: generous, but a script
  // filling the users table (and the scrypt queue, and GS2 with proofs) stops within a minute.
  registerMaxPerAddress: 30,
  registerWindowMs: 60 * 60_000,
  refreshTokenTtlMs: 30 * 24 * 3600_000,
  refreshGraceMs: 10_000,
  maxBodyBytes: 16 * 1024,
  hashConcurrency: 2,
  hashQueue: 64,
}

/**
 * The public development admin token (printed in the docs): accepted only on a server bound to
 * loopback, where nobody else can use it.
 */
export const DEV_ADMIN_TOKEN = 'gs2ez-dev-admin-token'

/** 127.0.0.0/8, ::1 and localhost. */
export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)

export const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 15, r: 8, p: 1 }

export const defaultClock = (): Clock => ({ now: () => Date.now() })
export const defaultRandom: RandomBytes = (bytes) => new Uint8Array(randomBytes(bytes))

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

export const isLocalOrigin = (origin: string): boolean => LOCAL_ORIGIN.test(origin)
