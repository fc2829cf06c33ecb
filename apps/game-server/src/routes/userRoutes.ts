import { Hono } from 'hono'
import { parseInput } from '../errors/parseInput.ts'
import { RegistrationSchema } from '../users/registration.ts'
import type { UserStore } from '../users/userStore.ts'
import { readJsonObject } from './http.ts'

export function userRoutes(deps: { users: UserStore }): Hono {
  const app = new Hono()

  app.post('/users', async (c) => {
    const registration = parseInput(RegistrationSchema, await readJsonObject(c))
    const { user, totp } = await deps.users.register(registration)
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        user_guid: user.userGuid,
        username: user.username,
        two_factor: user.twoFactor,
        ...(totp ? { totp: { secret: totp.secret, otpauth_uri: totp.otpauthUri } } : {}),
      },
      201,
    )
  })

  return app
}
