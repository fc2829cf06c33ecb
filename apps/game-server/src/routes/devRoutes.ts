import { Hono } from 'hono'
import { invalidRequest } from '../errors/oauthError.ts'
import type { Outbox } from '../twoFactor/outbox.ts'

/** Test and demo helpers: the mail this server would have sent. Off with `devRoutes: false`. */
export function devRoutes(deps: { outbox: Outbox }): Hono {
  const app = new Hono()
  app.get('/dev/outbox', (c) => {
    const to = c.req.query('to')
    if (to !== undefined && (to.length === 0 || to.length > 254)) {
      throw invalidRequest('to', 'must be 1..254 characters')
    }
    return c.json({ items: deps.outbox.list(to) })
  })
  return app
}
