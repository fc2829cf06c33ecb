import type { Context } from 'hono'
import { sha256Hex } from '../crypto/secrets.ts'
import type { AccessTokenRecord } from '../store/records.ts'
import type { EmulatorContext } from './emulatorContext.ts'
import { unauthorized } from './emulatorError.ts'
import type { EmulatorEnv } from './honoEnv.ts'
import { requestHeader } from './requestHeader.ts'

const BEARER = /^Bearer\s+(\S+)\s*$/i

const headerValue = (c: Context, name: string): string | undefined => {
  const value = requestHeader(c.req.raw, name)
  return value === undefined || value === '' || value === 'null' ? undefined : value
}

/** An access token that is known, unrevoked and unexpired, or undefined. */
export const findAccessToken = (
  ctx: EmulatorContext,
  token: string,
): AccessTokenRecord | undefined => {
  const record = ctx.state.get('accessTokens', sha256Hex(token))
  return record && record.expire > ctx.clock.now() ? record : undefined
}

/**
 * Every service call but the project-token login needs `Authorization: Bearer <projectToken>`.
 * A request that also carries X-GS2-ACCESS-TOKEN is refused at once when that token is
 * unknown, revoked or expired, whatever the API, as GS2 does.
 */
export const projectTokenGuard = (ctx: EmulatorContext): ((c: Context<EmulatorEnv>) => void) => {
  // A client sends the same project token on every call: remember its hash (bounded, in memory
  // only; the state and the journal still hold hashes alone).
  const hashes = new Map<string, string>()
  const hashOf = (token: string): string => {
    let hash = hashes.get(token)
    if (hash === undefined) {
      hash = sha256Hex(token)
      if (hashes.size >= 1024) hashes.clear()
      hashes.set(token, hash)
    }
    return hash
  }
  // A check the route's own handler runs first (see createApp), not a middleware: a route with a
  // single synchronous handler lets hono and its node adapter answer without a promise.
  return (c) => {
    const match = BEARER.exec(requestHeader(c.req.raw, 'authorization') ?? '')
    if (!match?.[1]) {
      throw unauthorized(
        'Authorization',
        'identifier.projectToken.missing',
        'Authorization: Bearer <project token> is required',
      )
    }
    const record = ctx.state.get('projectTokens', hashOf(match[1]))
    if (!record) {
      throw unauthorized(
        'Authorization',
        'identifier.projectToken.invalid',
        'Authorization: unknown project token',
      )
    }
    if (record.expiresAt <= ctx.clock.now()) {
      throw unauthorized(
        'Authorization',
        'identifier.projectToken.expired',
        'Authorization: the project token has expired',
      )
    }
    const clientId = headerValue(c, 'x-gs2-client-id')
    if (clientId !== undefined && clientId !== record.clientId) {
      throw unauthorized(
        'X-GS2-CLIENT-ID',
        'identifier.clientId.mismatch',
        'X-GS2-CLIENT-ID: does not match the project token',
      )
    }
    c.set('credential', record)
    const accessToken = headerValue(c, 'x-gs2-access-token')
    if (accessToken !== undefined) {
      const found = findAccessToken(ctx, accessToken)
      if (!found) {
        throw unauthorized(
          'X-GS2-ACCESS-TOKEN',
          'auth.accessToken.invalid',
          'X-GS2-ACCESS-TOKEN: expired, revoked or unknown access token',
        )
      }
      c.set('accessToken', found)
    }
  }
}

/** APIs that do not verify the user (login, federation, time offset tokens) are for servers. */
export const requireTrusted = (c: Context<EmulatorEnv>, api: string): void => {
  if (c.get('credential').kind !== 'trusted') {
    throw unauthorized(
      'Authorization',
      'identifier.credential.untrusted',
      `${api}: needs a trusted (server) credential, not an application credential`,
    )
  }
}

export const optionalHeader = headerValue
