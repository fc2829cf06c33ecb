import { ACCOUNT_LIMITS } from '@gs2ez/account'
import { AUTH_LIMITS } from '@gs2ez/auth'
import { ValidationError } from '@gs2ez/core'
// zod/mini, not `import { z } from 'zod'`: measured with esbuild, the latter drags every locale
// in (~92 kB gz) where mini costs ~6 kB gz.
import * as z from 'zod/mini'
import type { EzStore } from './ezStore.ts'

// Every record a session keeps in the store, with its key, schema and format version, in one
// place. A record that does not parse (an older format, a torn write, another script of the
// origin) reads as absent and is deleted. A new format gets a new `/vN/` key or `v` literal.

/** What makes a session's records distinct: two games, users or credentials never share one. */
export interface SessionRecordScope {
  readonly endpoint: string
  readonly clientId: string
  readonly namespace: string
  /** The authenticator's `id` (the credential). */
  readonly authenticator: string
}

// A JSON array keeps the parts apart whatever characters they contain ('a:b' + 'c' != 'a' + 'b:c').
const key = (kind: string, parts: readonly string[]) => `gs2ez/${kind}/v1/${JSON.stringify(parts)}`

/** The keys of one session's records. */
export const sessionRecordKeys = (scope: SessionRecordScope) => {
  // `session` is the historical name of the token record: kept so a reload finds it.
  const token = key('session', [
    scope.endpoint,
    scope.clientId,
    scope.namespace,
    scope.authenticator,
  ])
  return {
    token,
    /** The cross-tab claim on the next refresh of that token. */
    lease: `${token}#lease`,
    /** Server minus device clock, per project: every credential of the game shares it. */
    clockOffset: key('clock', [scope.endpoint, scope.clientId]),
    /** The device account, per namespace: whichever authenticator id asked for it. */
    deviceAccount: key('device-account', [scope.endpoint, scope.clientId, scope.namespace]),
    /** Device accounts this device lost for good, kept for support (no password). */
    deviceAccountTombstones: key('device-account-tombstones', [
      scope.endpoint,
      scope.clientId,
      scope.namespace,
    ]),
  }
}

/**
 * The access token as persisted between reloads and shared between tabs. Times are server
 * epoch ms so a restore judges expiry with the server clock, never the device's. `generation`
 * grows by one per refresh: it is what the compare-and-swap compares.
 */
export const StoredTokenSchema = z.object({
  v: z.literal(1),
  generation: z.int().check(z.minimum(0)),
  token: z.string().check(z.minLength(1), z.maxLength(AUTH_LIMITS.token)),
  userId: z.string().check(z.minLength(1), z.maxLength(AUTH_LIMITS.userId)),
  expire: z.int().check(z.minimum(0)),
  federationFromUserId: z.optional(
    z.string().check(z.minLength(1), z.maxLength(AUTH_LIMITS.userId)),
  ),
  timeOffset: z.optional(
    z.int().check(z.minimum(AUTH_LIMITS.timeOffsetMin), z.maximum(AUTH_LIMITS.timeOffsetMax)),
  ),
  obtainedAt: z.int().check(z.minimum(0)),
})
export type StoredToken = z.infer<typeof StoredTokenSchema>

/**
 * The claim on the next refresh, kept next to the token. It frees itself at `expiresAt` (device
 * clock), so a tab that dies or freezes mid-refresh blocks the others for one lease at most.
 */
export const LeaseSchema = z.object({
  holder: z.string().check(z.minLength(1), z.maxLength(128)),
  generation: z.int().check(z.minimum(0)),
  expiresAt: z.number(),
})
export type Lease = z.infer<typeof LeaseSchema>

/** Version 1 of the clock offset record is the bare number of milliseconds. */
export const ClockOffsetSchema = z.number().check(z.refine(Number.isFinite))

/** The anonymous account a device created for itself, kept so the player can log in again. */
export const DeviceAccountSchema = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(ACCOUNT_LIMITS.userId)),
  password: z.string().check(z.minLength(1), z.maxLength(ACCOUNT_LIMITS.password)),
})
export type DeviceAccount = z.infer<typeof DeviceAccountSchema>

/**
 * Why a device account was forgotten: GS2-Account answered that the account does not exist
 * (`notFound`), it refused the password after a takeover moved it (`movedToAnotherDevice`), or
 * the player took another account over on this device (`replacedByTakeOver`).
 */
export type DeviceAccountTombstoneReason =
  | 'notFound'
  | 'movedToAnotherDevice'
  | 'replacedByTakeOver'

/** What is left of a forgotten device account: enough for support to find it, no password. */
export const DeviceAccountTombstoneSchema = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(ACCOUNT_LIMITS.userId)),
  /** Device epoch ms. */
  at: z.number().check(z.refine(Number.isFinite)),
  reason: z.enum(['notFound', 'movedToAnotherDevice', 'replacedByTakeOver']),
})
export type DeviceAccountTombstone = z.infer<typeof DeviceAccountTombstoneSchema>
export const DeviceAccountTombstonesSchema = z.array(DeviceAccountTombstoneSchema)

/**
 * One read of a record. `empty` says whether the store could vouch for the absence: only a
 * healthy persistent store can (`confirmed`); a store that fell back to memory cannot.
 */
export type RecordRead<T> =
  | { readonly status: 'found'; readonly value: T }
  | { readonly status: 'empty'; readonly confirmed: boolean }

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false }
}

/**
 * Reads `key` through `schema`. A malformed value is deleted, judged again inside the store's
 * transaction so a good value another tab wrote meanwhile is kept. `accept` can refuse a value
 * that parses (an expired token) the same way.
 */
export const readRecord = async <T>(
  store: EzStore,
  recordKey: string,
  schema: Parser<T>,
  accept: (value: T) => boolean = () => true,
): Promise<RecordRead<T>> => {
  const usable = (value: unknown): T | undefined => {
    const parsed = schema.safeParse(value)
    return parsed.success && accept(parsed.data) ? parsed.data : undefined
  }
  const empty = (): RecordRead<T> => ({ status: 'empty', confirmed: store.kind === 'indexeddb' })
  const stored = await store.get(recordKey)
  if (stored === undefined) return empty()
  const value = usable(stored)
  if (value !== undefined) return { status: 'found', value }
  const kept = await store.update<unknown>(recordKey, (current) =>
    current === undefined || usable(current) === undefined ? undefined : current,
  )
  const again = kept === undefined ? undefined : usable(kept)
  return again === undefined ? empty() : { status: 'found', value: again }
}

/** Parses a record about to be written; a bad one is the caller's bug, named by its field. */
export const checkRecord = <T>(schema: Parser<T>, value: unknown, what: string): T => {
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new ValidationError(`refusing to store a malformed ${what}`, { field: what })
  return parsed.data
}
