import { randomBytes } from 'node:crypto'

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
  /** Journal directory; state is in memory only when absent. */
  readonly dataDir?: string
  readonly clock?: Clock
  readonly random?: RandomBytes
  /** OAuth client ids accepted at the token endpoint. Default `['gs2ez-demo']`. */
  readonly clientIds?: readonly string[]
  /** Browser origins allowed by CORS: exact strings, or a predicate. Default: localhost/127.0.0.1 on any port. */
  readonly corsOrigins?: readonly string[] | ((origin: string) => boolean)
  /** Serve GET /dev/outbox (the mail a real server would send). Default true: this is a dev server. */
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
  /**
   * On start, a journal of more batches than this is rewritten as a snapshot of the live records
   * (expired refresh tokens and old mail dropped). Default 10_000.
   */
  readonly compactAfterBatches?: number
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
  refreshTokenTtlMs: 30 * 24 * 3600_000,
  refreshGraceMs: 10_000,
  maxBodyBytes: 16 * 1024,
  hashConcurrency: 2,
  hashQueue: 64,
}

export const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 15, r: 8, p: 1 }

export const defaultClock = (): Clock => ({ now: () => Date.now() })
export const defaultRandom: RandomBytes = (bytes) => new Uint8Array(randomBytes(bytes))

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

export const isLocalOrigin = (origin: string): boolean => LOCAL_ORIGIN.test(origin)
