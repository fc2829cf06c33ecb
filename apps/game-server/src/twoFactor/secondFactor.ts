import { timingSafeEqual } from 'node:crypto'
import type { Clock, GameServerLimits, RandomBytes } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { randomDigits, sha256 } from '../store/ids.ts'
import type { UserRecord } from '../store/records.ts'
import type { UserStore } from '../users/userStore.ts'
import type { ChallengeStore } from './challengeStore.ts'
import { maskEmail, type Outbox } from './outbox.ts'
import { checkTotp } from './totp.ts'

/**
 * The 202 answer of step 1. `error.code` follows the convention game clients know: `410` means
 * "a second factor is required (authenticator app)", `400` means "an access code was sent".
 */
export interface ChallengeAnswer {
  readonly error: { readonly code: '410' | '400'; readonly message: string }
  readonly mfa_token: string
  readonly challenge_type: 'totp' | 'email'
  readonly expires_in: number
}

export interface SecondFactorCode {
  readonly otp?: string | undefined
  readonly emailCode?: string | undefined
}

export interface CompletedChallenge {
  readonly user: UserRecord
  readonly scope: string
  readonly timeOffsetToken: string | undefined
}

const EMAIL_CODE_DIGITS = 6

const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export class SecondFactor {
  constructor(
    private readonly users: UserStore,
    private readonly challenges: ChallengeStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
    private readonly limits: GameServerLimits,
  ) {}

  /** Step 1 for a user with a second factor: opens a challenge (and mails the code). */
  begin(
    user: UserRecord,
    context: { scope: string; timeOffsetToken: string | undefined },
  ): ChallengeAnswer {
    const now = this.clock.now()
    const expiresAt = now + this.limits.challengeTtlMs
    const expiresIn = Math.round(this.limits.challengeTtlMs / 1000)
    const base = {
      userGuid: user.userGuid,
      expiresAt,
      attemptsLeft: this.limits.challengeMaxAttempts,
      ...context,
    }
    if (user.twoFactor === 'email' && user.email !== null) {
      const code = randomDigits(this.random, EMAIL_CODE_DIGITS)
      const mfaToken = this.challenges.create({ ...base, kind: 'email', codeHash: sha256(code) })
      const minutes = Math.max(1, Math.round(this.limits.challengeTtlMs / 60_000))
      this.outbox.send({
        to: user.email,
        subject: 'Your sign-in code',
        text: `Your sign-in code is ${code}. It expires in ${minutes} minutes and works once.`,
      })
      return {
        error: { code: '400', message: `An access code was sent to ${maskEmail(user.email)}.` },
        mfa_token: mfaToken,
        challenge_type: 'email',
        expires_in: expiresIn,
      }
    }
    const mfaToken = this.challenges.create({ ...base, kind: 'totp', codeHash: null })
    return {
      error: { code: '410', message: 'Enter the 6-digit code from your authenticator app.' },
      mfa_token: mfaToken,
      challenge_type: 'totp',
      expires_in: expiresIn,
    }
  }

  /**
   * Step 2. Synchronous from lookup to delete on purpose: two concurrent requests with one mfa
   * token cannot both pass, since nothing awaits in between.
   */
  complete(
    mfaToken: string,
    code: SecondFactorCode,
    username: string | undefined,
  ): CompletedChallenge {
    const challenge = this.challenges.get(mfaToken)
    const user = challenge ? this.users.get(challenge.userGuid) : undefined
    if (
      !challenge ||
      !user ||
      (username !== undefined && user.usernameKey !== username.toLowerCase())
    ) {
      throw grantError('challenge_unknown', 'The sign-in challenge is unknown; sign in again.')
    }
    if (challenge.attemptsLeft <= 0) {
      throw grantError('challenge_locked', 'Too many wrong codes; sign in again.')
    }
    if (challenge.expiresAt <= this.clock.now()) {
      this.challenges.delete(mfaToken)
      throw grantError('challenge_expired', 'The code expired; sign in again.')
    }
    const given = challenge.kind === 'totp' ? code.otp : code.emailCode
    if (given === undefined) {
      const field = challenge.kind === 'totp' ? 'otp' : 'email_code'
      throw new OAuthError('invalid_request', `additional_parameters.${field}: is required`, {
        status: 400,
        field: `additional_parameters.${field}`,
      })
    }
    if (!this.#accepts(challenge.kind, challenge.codeHash, user, given)) {
      challenge.attemptsLeft -= 1
      if (challenge.attemptsLeft <= 0) {
        throw grantError('challenge_locked', 'Too many wrong codes; sign in again.', 0)
      }
      throw grantError('invalid_code', 'The code is wrong.', challenge.attemptsLeft)
    }
    this.challenges.delete(mfaToken)
    return { user, scope: challenge.scope, timeOffsetToken: challenge.timeOffsetToken }
  }

  /** The user a pending challenge belongs to, for rate limiting before the code is checked. */
  peekUser(mfaToken: string): UserRecord | undefined {
    const challenge = this.challenges.get(mfaToken)
    return challenge ? this.users.get(challenge.userGuid) : undefined
  }

  /** A TOTP code sent along with the password in step 1 skips the challenge round trip. */
  acceptsDirectTotp(user: UserRecord, otp: string): boolean {
    return user.twoFactor === 'totp' && this.#accepts('totp', null, user, otp)
  }

  #accepts(
    kind: 'totp' | 'email',
    codeHash: string | null,
    user: UserRecord,
    given: string,
  ): boolean {
    if (kind === 'email') return codeHash !== null && sameHash(sha256(given), codeHash)
    const secret = this.users.totpSecretOf(user)
    if (secret === null) return false
    const check = checkTotp({
      secret,
      code: given,
      nowMs: this.clock.now(),
      afterTimeStep: user.lastTotpTimeStep,
    })
    if (!check.valid) return false
    this.users.recordTotpStep(user.userGuid, check.timeStep)
    return true
  }
}

const grantError = (
  reason: 'challenge_unknown' | 'challenge_locked' | 'challenge_expired' | 'invalid_code',
  description: string,
  attemptsRemaining?: number,
): OAuthError =>
  new OAuthError('invalid_grant', description, {
    status: 400,
    reason,
    ...(attemptsRemaining === undefined ? {} : { attemptsRemaining }),
  })
