/** What the emulator keeps, one record type per table. Every table is journaled as key -> record. */

import type {
  DevicePasswordsRecord,
  TakeOverIdentifierRecord,
  TakeOverRecord,
} from '../services/account/takeOverRecord.ts'

export type CredentialKind = 'application' | 'trusted'

export interface ProjectTokenRecord {
  readonly clientId: string
  readonly kind: CredentialKind
  readonly issuedAt: number
  readonly expiresAt: number
}

export interface KeyNamespaceRecord {
  readonly name: string
  readonly description: string
  readonly createdAt: number
}

export interface KeyRecord {
  readonly namespaceName: string
  readonly name: string
  readonly description: string
  /** base64 of the symmetric secret; GS2-Key keys are symmetric, so it cannot be a hash. */
  readonly secret: string
  readonly createdAt: number
}

export interface AccountNamespaceRecord {
  readonly name: string
  readonly description: string
  readonly createdAt: number
  /** doTakeOver gives the account a new password (absent in older journals: false). */
  readonly changePasswordIfTakeOver?: boolean
}

export interface BanStatusRecord {
  readonly name: string
  readonly reason: string
  /** Epoch ms; null bans until an admin lifts it. */
  readonly releaseTimestamp: number | null
}

export interface AccountRecord {
  readonly namespaceName: string
  readonly userId: string
  /**
   * `s256:` + hex SHA-256 of the server-chosen password; the password itself is never stored.
   * Without the prefix: a legacy HMAC under `meta.pepper`, replaced at the account's next login.
   */
  readonly passwordHash: string
  readonly timeOffset: number
  readonly banStatuses: readonly BanStatusRecord[]
  readonly lastAuthenticatedAt: number | null
  readonly createdAt: number
  readonly revision: number
}

/** Keyed by a hash of namespace + avoider: the avoider itself is never stored. */
export interface AvoiderRecord {
  readonly namespaceName: string
  readonly userId: string
  readonly expiresAt: number
  /**
   * The password createAccount answered, sealed (AES-256-GCM) under another hash of the
   * avoider, so a retry gets it back; absent in records of older versions (then ignored).
   */
  readonly sealedPassword?: string
}

export interface AccessTokenRecord {
  readonly tokenId: string
  readonly userId: string
  readonly issuedAt: number
  readonly expire: number
  readonly timeOffset: number
  readonly federationFromUserId: string | null
  readonly policyDocument: string | null
}

export interface TimeOffsetTokenRecord {
  readonly userId: string
  readonly timeOffset: number
  readonly issuedAt: number
  readonly expire: number
}

/** How a trusted caller named a user: the API that last issued something for it. */
export type ServerUserVia = 'login' | 'federation' | 'timeOffsetToken' | 'admin'

/**
 * A user a trusted server (auth `login`, `federation`, `timeoffset/token`) or the admin API had
 * something issued for. Players who sign in through a game server (username + password) may have
 * no GS2-Account account: this is the emulator's only lasting trace of them, since their tokens
 * expire and are purged. Keyed by userId.
 */
export interface ServerUserRecord {
  readonly userId: string
  readonly firstSeenAt: number
  readonly lastSeenAt: number
  readonly via: ServerUserVia
}

/**
 * Legacy only: the key of the password HMAC of older versions. Kept while an account still
 * has such a hash (until its next login re-hashes it), dropped at start-up after that.
 */
export interface MetaRecord {
  readonly pepper: string
}

export interface Tables {
  meta: MetaRecord
  projectTokens: ProjectTokenRecord
  keyNamespaces: KeyNamespaceRecord
  keys: KeyRecord
  accountNamespaces: AccountNamespaceRecord
  accounts: AccountRecord
  avoiders: AvoiderRecord
  accessTokens: AccessTokenRecord
  timeOffsetTokens: TimeOffsetTokenRecord
  takeOvers: TakeOverRecord
  takeOverIdentifiers: TakeOverIdentifierRecord
  devicePasswords: DevicePasswordsRecord
  serverUsers: ServerUserRecord
}

export type TableName = keyof Tables

export const TABLE_NAMES: readonly TableName[] = [
  'meta',
  'projectTokens',
  'keyNamespaces',
  'keys',
  'accountNamespaces',
  'accounts',
  'avoiders',
  'accessTokens',
  'timeOffsetTokens',
  'takeOvers',
  'takeOverIdentifiers',
  'devicePasswords',
  'serverUsers',
]

/** One change. `v` absent means delete. Tokens are keyed by the SHA-256 of their value. */
export type Change = {
  [T in TableName]: { readonly t: T; readonly k: string; readonly v?: Tables[T] }
}[TableName]
