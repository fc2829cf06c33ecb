import { Hono } from 'hono'
import { parseInput } from '../errors/parseInput.ts'
import type { Gs2Gateway } from '../gs2/gs2Gateway.ts'
import { RegistrationSchema } from '../users/registration.ts'
import type { UserStore } from '../users/userStore.ts'
import { readJsonObject } from './http.ts'

export function userRoutes(deps: { users: UserStore; gs2: Gs2Gateway }): Hono {
  const app = new Hono()

  app.post('/users', async (c) => {
    const registration = parseInput(RegistrationSchema, await readJsonObject(c))
    const proof = registration.gs2Proof
    const { user, totp } = await deps.users.register(
      registration,
      proof === undefined ? undefined : () => deps.gs2.verifyIdentity(proof),
    )
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
