import { Hono } from 'hono'
import { z } from 'zod'
import { constantTimeEqual, randomToken, sha256Hex } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { unauthorized } from '../../server/emulatorError.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { readJsonBody } from '../../server/readBody.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'

const LoginSchema = z.object({
  client_id: z.string().min(1).max(1024),
  client_secret: z.string().min(1).max(1024),
})

const digest = (value: string): Buffer => Buffer.from(sha256Hex(value), 'hex')

/** GS2-Identifier: only the project-token login, `POST /projectToken/login`. */
export const identifierRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>()
  app.post('/projectToken/login', async (c) => {
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      client_id: 'string',
      client_secret: 'string',
    })
    const { client_id, client_secret } = validateWire('identifier', LoginSchema, wire)
    const credential = ctx.config.credentials.find((x) => x.clientId === client_id)
    // Compare digests so the check costs the same whatever the secret's length.
    if (!credential || !constantTimeEqual(digest(credential.clientSecret), digest(client_secret))) {
      throw unauthorized(
        'client_secret',
        'identifier.credential.invalid',
        'client_id/client_secret: unknown client or wrong secret',
      )
    }
    const now = ctx.clock.now()
    const token = randomToken(ctx.random)
    const expiresAt = now + ctx.config.projectTokenTtlMs
    ctx.state.commit([
      {
        t: 'projectTokens',
        k: sha256Hex(token),
        v: { clientId: client_id, kind: credential.kind, issuedAt: now, expiresAt },
      },
    ])
    return c.json({
      access_token: token,
      token_type: 'Bearer',
      expires_in: Math.floor(ctx.config.projectTokenTtlMs / 1000),
      owner_id: ctx.config.ownerId,
    })
  })
  return app
}
