import type { Clock, RandomBytes } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { randomUuid } from '../store/ids.ts'
import type { UserRecord } from '../store/records.ts'
import type { SecretBox } from '../store/secretBox.ts'
import type { ServerState } from '../store/serverState.ts'
import { generateTotpSecret, totpUri } from '../twoFactor/totp.ts'
import type { PasswordHasher } from './passwordHasher.ts'
import type { Registration } from './registration.ts'

export interface RegisteredUser {
  readonly user: UserRecord
  readonly totp?: { readonly secret: string; readonly otpauthUri: string }
}

export const usernameKey = (username: string): string => username.toLowerCase()

export class UserStore {
  /** Registrations in flight, so two concurrent ones for one name cannot both pass the check. */
  readonly #pending = new Set<string>()

  constructor(
    private readonly state: ServerState,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
    private readonly totpIssuer: string,
    private readonly secrets: SecretBox,
  ) {}

  get(userGuid: string): UserRecord | undefined {
    return this.state.get('users', userGuid)
  }

  findByUsername(username: string): UserRecord | undefined {
    const guid = this.state.userGuidByUsernameKey(usernameKey(username))
    return guid === undefined ? undefined : this.get(guid)
  }

  /** Username or user_guid, for the admin routes. */
  findByHandle(handle: string): UserRecord | undefined {
    return this.get(handle) ?? this.findByUsername(handle)
  }

  async register(registration: Registration): Promise<RegisteredUser> {
    const key = usernameKey(registration.username)
    if (this.state.userGuidByUsernameKey(key) !== undefined || this.#pending.has(key)) {
      throw new OAuthError('username_taken', `username: "${registration.username}" is taken`, {
        status: 409,
        field: 'username',
      })
    }
    this.#pending.add(key)
    try {
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
      this.state.commit([{ t: 'users', k: user.userGuid, v: user }])
      if (totpSecret === null) return { user }
      const otpauthUri = totpUri({
        issuer: this.totpIssuer,
        label: user.username,
        secret: totpSecret,
      })
      return { user, totp: { secret: totpSecret, otpauthUri } }
    } finally {
      this.#pending.delete(key)
    }
  }

  /** The user if the password matches; unknown names cost the same time as known ones. */
  async verifyCredentials(username: string, password: string): Promise<UserRecord | undefined> {
    const user = this.findByUsername(username)
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

  recordTotpStep(userGuid: string, timeStep: number): void {
    const user = this.get(userGuid)
    if (!user) return
    this.state.commit([{ t: 'users', k: userGuid, v: { ...user, lastTotpTimeStep: timeStep } }])
  }
}
