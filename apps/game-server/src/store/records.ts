/**
 * What the game server keeps, one record type per table (see store/migrations.ts). `Tables` and
 * `Change` describe the old journal, read once by store/journalImport.ts.
 */

export type TwoFactorKind = 'none' | 'totp' | 'email'

export interface UserRecord {
  readonly userGuid: string
  /** As registered, for display. */
  readonly username: string
  /** Lowercased: the uniqueness key, so `Alice` and `alice` are one player. */
  readonly usernameKey: string
  /** `scrypt$N$r$p$salt$hash`, see users/passwordHasher.ts. */
  readonly passwordHash: string
  readonly email: string | null
  readonly twoFactor: TwoFactorKind
  /**
   * Base32, sealed with AES-256-GCM when an encryptionKey is configured (store/secretBox.ts): a
   * TOTP secret must be readable to verify codes, so it cannot be a hash.
   */
  readonly totpSecret: string | null
  /** Last accepted TOTP time step: a code is never accepted twice (replay). */
  readonly lastTotpTimeStep: number | null
  /**
   * The player's GS2 user id: the device account's id when registration proved one (a guest who
   * registers stays the same GS2 user), otherwise a random UUID made up at registration.
   */
  readonly gs2UserId: string
  readonly createdAt: number
  /** When gs2UserId was linked from a proven device account; null for a made-up id. */
  readonly gs2LinkedAt: number | null
}

export interface RefreshTokenRecord {
  /** sha256 (base64url) of the token; the token itself is never stored. */
  readonly hash: string
  readonly familyId: string
  readonly userGuid: string
  readonly issuedAt: number
  readonly expiresAt: number
  /** Set when the token was exchanged; it is then only good for the grace window. */
  readonly rotatedAt: number | null
  readonly successorHash: string | null
}

export interface FamilyRecord {
  readonly familyId: string
  readonly userGuid: string
  /** The OAuth client that started the family; only it may refresh. */
  readonly clientId: string
  readonly scope: string
  readonly createdAt: number
  readonly revokedAt: number | null
  readonly revokedReason: string | null
  /** Seconds; kept when the family was started with a time offset token, so refreshes keep it. */
  readonly timeOffset: number | null
}

export interface OutboxRecord {
  readonly id: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly sentAt: number
}

export interface TimeOffsetTokenRecord {
  /** sha256 (base64url) of the time offset token this server issued. */
  readonly hash: string
  readonly userGuid: string
  readonly timeOffset: number
  readonly expire: number
}

export interface MetaRecord {
  /** HMAC key that derives a rotated refresh token from its parent (see oauth/refreshTokens.ts). */
  readonly refreshKey: string
}

export interface Tables {
  // The journal predates linking: its users always had a made-up GS2 user id.
  users: Omit<UserRecord, 'gs2LinkedAt'>
  refreshTokens: RefreshTokenRecord
  families: FamilyRecord
  outbox: OutboxRecord
  timeOffsetTokens: TimeOffsetTokenRecord
  meta: MetaRecord
}

export type TableName = keyof Tables

export const TABLE_NAMES: readonly TableName[] = [
  'users',
  'refreshTokens',
  'families',
  'outbox',
  'timeOffsetTokens',
  'meta',
]

export type Change = { [T in TableName]: { t: T; k: string; v?: Tables[T] } }[TableName]
