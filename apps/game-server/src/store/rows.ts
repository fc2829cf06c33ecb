import type { FamilyRecord, RefreshTokenRecord, TwoFactorKind, UserRecord } from './records.ts'

/** Column lists and row → record mappers, so every query reads a table the same way. */

export const USER_COLUMNS =
  'user_guid, username, username_key, password_hash, email, two_factor, totp_secret, last_totp_step, gs2_user_id, created_at, gs2_linked_at'

export interface UserRow {
  user_guid: string
  username: string
  username_key: string
  password_hash: string
  email: string | null
  two_factor: string
  totp_secret: string | null
  last_totp_step: number | null
  gs2_user_id: string
  created_at: number
  gs2_linked_at: number | null
}

export const userFromRow = (row: UserRow): UserRecord => ({
  userGuid: row.user_guid,
  username: row.username,
  usernameKey: row.username_key,
  passwordHash: row.password_hash,
  email: row.email,
  twoFactor: row.two_factor as TwoFactorKind,
  totpSecret: row.totp_secret,
  lastTotpTimeStep: row.last_totp_step,
  gs2UserId: row.gs2_user_id,
  createdAt: row.created_at,
  gs2LinkedAt: row.gs2_linked_at,
})

export const FAMILY_COLUMNS =
  'family_id, user_guid, client_id, scope, created_at, revoked_at, revoked_reason, time_offset'

export interface FamilyRow {
  family_id: string
  user_guid: string
  client_id: string
  scope: string
  created_at: number
  revoked_at: number | null
  revoked_reason: string | null
  time_offset: number | null
}

export const familyFromRow = (row: FamilyRow): FamilyRecord => ({
  familyId: row.family_id,
  userGuid: row.user_guid,
  clientId: row.client_id,
  scope: row.scope,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  revokedReason: row.revoked_reason,
  timeOffset: row.time_offset,
})

export const REFRESH_TOKEN_COLUMNS =
  'hash, family_id, user_guid, issued_at, expires_at, rotated_at, successor_hash'

export interface RefreshTokenRow {
  hash: string
  family_id: string
  user_guid: string
  issued_at: number
  expires_at: number
  rotated_at: number | null
  successor_hash: string | null
}

export const refreshTokenFromRow = (row: RefreshTokenRow): RefreshTokenRecord => ({
  hash: row.hash,
  familyId: row.family_id,
  userGuid: row.user_guid,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
  rotatedAt: row.rotated_at,
  successorHash: row.successor_hash,
})
