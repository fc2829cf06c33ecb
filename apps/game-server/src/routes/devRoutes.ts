import { Hono } from 'hono'
import { invalidRequest } from '../errors/oauthError.ts'
import type { Outbox } from '../twoFactor/outbox.ts'
import { requireAdminToken } from './adminRoutes.ts'

/**
 * Dev mode only (`devRoutes: true`, which `pnpm start` turns on): the mail this server would have
 * sent, behind the admin token, since it holds live sign-in codes.
 */
export function devRoutes(deps: { outbox: Outbox; adminToken: string }): Hono {
  const app = new Hono()
  const assertAdmin = requireAdminToken(deps.adminToken)
  app.get('/dev/outbox', async (c) => {
    assertAdmin(c.req.header('authorization'))
    const to = c.req.query('to')
    if (to !== undefined && (to.length === 0 || to.length > 254)) {
      throw invalidRequest('to', 'must be 1..254 characters')
    }
    return c.json({ items: await deps.outbox.list(to) })
  })
  return app
}
