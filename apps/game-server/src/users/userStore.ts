import type { Clock, RandomBytes } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { type Database, isUniqueViolation } from '../store/database.ts'
import { randomUuid } from '../store/ids.ts'
import type { UserRecord } from '../store/records.ts'
import { USER_COLUMNS, type UserRow, userFromRow } from '../store/rows.ts'
import type { SecretBox } from '../store/secretBox.ts'
import { generateTotpSecret, totpUri } from '../twoFactor/totp.ts'
import type { PasswordHasher } from './passwordHasher.ts'
import type { Registration } from './registration.ts'

export interface RegisteredUser {
  readonly user: UserRecord
  readonly totp?: { readonly secret: string; readonly otpauthUri: string }
}

export const usernameKey = (username: string): string => username.toLowerCase()

const usernameTaken = () =>
  new OAuthError('username_taken', 'username: is taken', { status: 409, field: 'username' })

export class UserStore {
  constructor(
    private readonly db: Database,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
    private readonly totpIssuer: string,
    private readonly secrets: SecretBox,
  ) {}

  async get(userGuid: string): Promise<UserRecord | undefined> {
    const rows = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE user_guid = $1`,
      [userGuid],
    )
    return rows[0] === undefined ? undefined : userFromRow(rows[0])
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const rows = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE username_key = $1`,
      [usernameKey(username)],
    )
    return rows[0] === undefined ? undefined : userFromRow(rows[0])
  }

  /** Username or user_guid, for the admin routes. */
  async findByHandle(handle: string): Promise<UserRecord | undefined> {
    return (await this.get(handle)) ?? (await this.findByUsername(handle))
  }

  /** Any user with a TOTP secret, to check on start that the encryption key opens it. */
  async anyTotpUser(): Promise<UserRecord | undefined> {
    const rows = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE totp_secret IS NOT NULL LIMIT 1`,
    )
    return rows[0] === undefined ? undefined : userFromRow(rows[0])
  }

  /**
   * The UNIQUE index on username_key decides a race between two registrations of one name (on
   * one instance or several); the early check only spares a hash for the common case. The
   * answer leaves after COMMIT, so an acknowledged registration survives a crash.
   */
  async register(registration: Registration): Promise<RegisteredUser> {
    const key = usernameKey(registration.username)
    const taken = await this.db.query('SELECT 1 FROM users WHERE username_key = $1', [key])
    if (taken.length > 0) throw usernameTaken()
    const passwordHash = await this.hasher.hash(registration.password)
    const twoFactor = registration.twoFactor ?? 'none'
    const totpSecret = twoFactor === 'totp' ? generateTotpSecret(this.random) : null
    const user: UserRecord = {
      userGuid: randomUuid(this.random),
      username: registration.username,
      usernameKey: key,
      passwordHash,
      email: registration.email ?? null,
      twoFactor,
      totpSecret: totpSecret === null ? null : this.secrets.seal(totpSecret),
      lastTotpTimeStep: null,
      gs2UserId: randomUuid(this.random),
      createdAt: this.clock.now(),
    }
    try {
      await this.db.query(
        `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          user.userGuid,
          user.username,
          user.usernameKey,
          user.passwordHash,
          user.email,
          user.twoFactor,
          user.totpSecret,
          user.lastTotpTimeStep,
          user.gs2UserId,
          user.createdAt,
        ],
      )
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken()
      throw error
    }
    if (totpSecret === null) return { user }
    const otpauthUri = totpUri({
      issuer: this.totpIssuer,
      label: user.username,
      secret: totpSecret,
    })
    return { user, totp: { secret: totpSecret, otpauthUri } }
  }

  /** The user if the password matches; unknown names cost the same time as known ones. */
  async verifyCredentials(username: string, password: string): Promise<UserRecord | undefined> {
    const user = await this.findByUsername(username)
    if (!user) {
      await this.hasher.verifyNobody(password)
      return undefined
    }
    return (await this.hasher.verify(password, user.passwordHash)) ? user : undefined
  }

  /** The TOTP seed in clear, for verification only. */
  totpSecretOf(user: UserRecord): string | null {
    return user.totpSecret === null ? null : this.secrets.open(user.totpSecret)
  }

  /**
   * Claims a TOTP time step for the user, atomically: true for exactly one caller per step, and
   * never for a step at or before the last one claimed, so one code signs in once even when
   * requests race on several instances.
   */
  async claimTotpStep(userGuid: string, timeStep: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE users SET last_totp_step = $2
       WHERE user_guid = $1 AND (last_totp_step IS NULL OR last_totp_step < $2)
       RETURNING 1`,
      [userGuid, timeStep],
    )
    return rows.length === 1
  }
}
