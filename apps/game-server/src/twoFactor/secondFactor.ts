import { timingSafeEqual } from 'node:crypto'
import type { Clock, GameServerLimits, RandomBytes } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { randomDigits, sha256 } from '../store/ids.ts'
import type { UserRecord } from '../store/records.ts'
import type { UserStore } from '../users/userStore.ts'
import type { Challenge, ChallengeStore } from './challengeStore.ts'
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
  async begin(
    user: UserRecord,
    context: { scope: string; timeOffsetToken: string | undefined },
  ): Promise<ChallengeAnswer> {
    const now = this.clock.now()
    const expiresAt = now + this.limits.challengeTtlMs
    const expiresIn = Math.round(this.limits.challengeTtlMs / 1000)
    const base = {
      userGuid: user.userGuid,
      expiresAt,
      attempts: this.limits.challengeMaxAttempts,
      ...context,
    }
    if (user.twoFactor === 'email' && user.email !== null) {
      const code = randomDigits(this.random, EMAIL_CODE_DIGITS)
      const mfaToken = await this.challenges.create({
        ...base,
        kind: 'email',
        codeHash: sha256(code),
      })
      const minutes = Math.max(1, Math.round(this.limits.challengeTtlMs / 60_000))
      await this.outbox.send({
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
    const mfaToken = await this.challenges.create({ ...base, kind: 'totp', codeHash: null })
    return {
      error: { code: '410', message: 'Enter the 6-digit code from your authenticator app.' },
      mfa_token: mfaToken,
      challenge_type: 'totp',
      expires_in: expiresIn,
    }
  }

  /** The challenge and its user, for rate limiting before the code is checked. */
  async peek(mfaToken: string): Promise<{ challenge: Challenge; user: UserRecord } | undefined> {
    const challenge = await this.challenges.get(mfaToken)
    const user = challenge ? await this.users.get(challenge.userGuid) : undefined
    return challenge && user ? { challenge, user } : undefined
  }

  /**
   * Step 2. Each request first takes one of the challenge's attempts (atomic), then checks the
   * code, then consumes the challenge (atomic DELETE … RETURNING): of N racing requests with the
   * right code, on one instance or several, exactly one signs in.
   */
  async complete(
    mfaToken: string,
    code: SecondFactorCode,
    username: string | undefined,
  ): Promise<CompletedChallenge> {
    const found = await this.peek(mfaToken)
    if (!found || (username !== undefined && found.user.usernameKey !== username.toLowerCase())) {
      throw grantError('challenge_unknown', 'The sign-in challenge is unknown; sign in again.')
    }
    const { challenge, user } = found
    if (challenge.attemptsLeft <= 0) {
      throw grantError('challenge_locked', 'Too many wrong codes; sign in again.')
    }
    if (challenge.expiresAt <= this.clock.now()) {
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
    const attemptsLeft = await this.challenges.takeAttempt(mfaToken)
    if (attemptsLeft === undefined) {
      throw grantError('challenge_locked', 'Too many wrong codes; sign in again.')
    }
    const accepted =
      challenge.kind === 'email'
        ? challenge.codeHash !== null && sameHash(sha256(given), challenge.codeHash)
        : await this.#acceptsTotp(user.userGuid, given)
    if (!accepted) {
      if (attemptsLeft <= 0) {
        throw grantError('challenge_locked', 'Too many wrong codes; sign in again.', 0)
      }
      throw grantError('invalid_code', 'The code is wrong.', attemptsLeft)
    }
    if (!(await this.challenges.consume(mfaToken))) {
      throw grantError('challenge_unknown', 'The sign-in challenge is unknown; sign in again.')
    }
    return { user, scope: challenge.scope, timeOffsetToken: challenge.timeOffsetToken }
  }

  /** A TOTP code sent along with the password in step 1 skips the challenge round trip. */
  async acceptsDirectTotp(user: UserRecord, otp: string): Promise<boolean> {
    return user.twoFactor === 'totp' && this.#acceptsTotp(user.userGuid, otp)
  }

  /** Checks the code against a fresh read, then claims its time step atomically (single use). */
  async #acceptsTotp(userGuid: string, given: string): Promise<boolean> {
    const user = await this.users.get(userGuid)
    const secret = user ? this.users.totpSecretOf(user) : null
    if (!user || secret === null) return false
    const check = checkTotp({
      secret,
      code: given,
      nowMs: this.clock.now(),
      afterTimeStep: user.lastTotpTimeStep,
    })
    return check.valid && (await this.users.claimTotpStep(userGuid, check.timeStep))
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
