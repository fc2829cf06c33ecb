import { Hono } from 'hono'
import { OAuthError } from '../errors/oauthError.ts'
import { parseInput } from '../errors/parseInput.ts'
import type { Gs2Gateway } from '../gs2/gs2Gateway.ts'
import type { LoginRateLimiter } from '../oauth/loginRateLimiter.ts'
import { RegistrationSchema } from '../users/registration.ts'
import type { UserStore } from '../users/userStore.ts'
import { peerAddress, readJsonObject } from './http.ts'

export function userRoutes(deps: {
  users: UserStore
  gs2: Gs2Gateway
  /** Registrations per client address (the shared `login_limits` rows, so one count for every instance). */
  registrationLimiter: LoginRateLimiter
}): Hono {
  const app = new Hono()

  app.post('/users', async (c) => {
    const registration = parseInput(RegistrationSchema, await readJsonObject(c))
    // Reserved only once the input is valid (a typo costs nothing) and before the password
    // hash and any GS2 call, so 40 concurrent sign-ups get at most the limit through.
    const ip = peerAddress(c)
    const attempt = ip === undefined ? undefined : await deps.registrationLimiter.reserve(ip)
    const proof = registration.gs2Proof
    let created: Awaited<ReturnType<UserStore['register']>>
    try {
      created = await deps.users.register(
        registration,
        proof === undefined ? undefined : () => deps.gs2.verifyIdentity(proof),
      )
    } catch (error) {
      // A taken username or a refused proof counts (probing names, replaying proofs); our own
      // or GS2's trouble (busy, unreachable) gives the slot back.
      const ours = !(error instanceof OAuthError) || error.status >= 500
      await attempt?.settle(ours ? 'neutral' : 'failure')
      throw error
    }
    // Every registration counts, not only failures ('failure' is the outcome that counts).
    await attempt?.settle('failure')
    const { user, totp } = created
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        user_guid: user.userGuid,
        username: user.username,
        two_factor: user.twoFactor,
        ...(user.gs2LinkedAt === null ? {} : { gs2_user_id: user.gs2UserId }),
        ...(totp ? { totp: { secret: totp.secret, otpauth_uri: totp.otpauthUri } } : {}),
      },
      201,
    )
  })

  return app
}
