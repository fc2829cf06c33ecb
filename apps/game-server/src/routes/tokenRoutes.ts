import { Hono } from 'hono'
import { invalidRequest } from '../errors/oauthError.ts'
import type { RefreshTokens } from '../oauth/refreshTokens.ts'
import { parseTokenRequest } from '../oauth/tokenRequest.ts'
import type { TokenService } from '../oauth/tokenService.ts'
import { peerAddress, readForm } from './http.ts'

export function tokenRoutes(deps: { tokens: TokenService; refreshTokens: RefreshTokens }): Hono {
  const app = new Hono()

  app.post('/oauth/access_token', async (c) => {
    const request = parseTokenRequest(await readForm(c))
    const result = await deps.tokens.grant(request, { ip: peerAddress(c) })
    // Tokens must never sit in a cache (RFC 6749 §5.1).
    c.header('Cache-Control', 'no-store')
    c.header('Pragma', 'no-cache')
    return c.json(result.body, result.status)
  })

  // RFC 7009: sign-out. Always 200, so the answer does not tell whether a token existed.
  app.post('/oauth/revoke', async (c) => {
    const form = await readForm(c)
    const token = form.token
    if (token === undefined || token === '') throw invalidRequest('token', 'is required')
    if (token.length > 256) throw invalidRequest('token', 'must be at most 256 characters')
    await deps.refreshTokens.revokeByToken(token, 'signed_out')
    return c.json({})
  })

  return app
}
