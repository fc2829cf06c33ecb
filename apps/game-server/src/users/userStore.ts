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

const gs2UserLinked = () =>
  new OAuthError(
    'gs2_user_linked',
    'gs2Proof: this GS2 account already belongs to another username; sign in with that one',
    { status: 409, field: 'gs2Proof' },
  )

/** Which UNIQUE index refused the row (both stores report the constraint's name). */
const violatedConstraint = (error: unknown): string =>
  String((error as { constraint?: unknown }).constraint ?? '')

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
   * The UNIQUE indexes on username_key and gs2_user_id decide a race between two registrations
   * of one name, or of one device account (on one instance or several); the early checks only
   * spare a hash (and a GS2 call) for the common case. The
   * answer leaves after COMMIT, so an acknowledged registration survives a crash.
   */
  async register(
    registration: Registration,
    /**
     * Resolves the proven GS2 user id of a device player (gs2Gateway.verifyIdentity), run after the
     * cheap username check. Without it the player gets a fresh GS2 user id.
     */
    proveGs2User?: () => Promise<string>,
  ): Promise<RegisteredUser> {
    const key = usernameKey(registration.username)
    const taken = await this.db.query('SELECT 1 FROM users WHERE username_key = $1', [key])
    if (taken.length > 0) throw usernameTaken()
    const linkedGs2UserId = proveGs2User === undefined ? undefined : await proveGs2User()
    if (linkedGs2UserId !== undefined) {
      const linked = await this.db.query('SELECT 1 FROM users WHERE gs2_user_id = $1', [
        linkedGs2UserId,
      ])
      if (linked.length > 0) throw gs2UserLinked()
    }
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
      gs2UserId: linkedGs2UserId ?? randomUuid(this.random),
      createdAt: this.clock.now(),
      gs2LinkedAt: linkedGs2UserId === undefined ? null : this.clock.now(),
    }
    try {
      await this.db.query(
        `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
          user.gs2LinkedAt,
        ],
      )
    } catch (error) {
      // Two registrations racing with one proof: gs2_user_id's UNIQUE index lets exactly one in.
      if (isUniqueViolation(error)) {
        throw violatedConstraint(error).includes('gs2_user_id') ? gs2UserLinked() : usernameTaken()
      }
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
