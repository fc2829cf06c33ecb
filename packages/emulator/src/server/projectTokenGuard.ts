import type { Context } from 'hono'
import { sha256Hex } from '../crypto/secrets.ts'
import type { AccessTokenRecord, ProjectTokenRecord } from '../store/records.ts'
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

/** What a request's headers say about its caller, once checked. */
export interface CheckedCaller {
  readonly credential: ProjectTokenRecord
  readonly accessToken: AccessTokenRecord | undefined
}

/**
 * Every service call but the project-token login needs `Authorization: Bearer <projectToken>`.
 * A request that also carries X-GS2-ACCESS-TOKEN is refused at once when that token is
 * unknown, revoked or expired, whatever the API, as GS2 does. Framework-free: `header` reads a
 * request header (empty and `null` count as absent), so the bench's floor runs the same check.
 */
export const projectTokenCheck = (
  ctx: EmulatorContext,
): ((header: (name: string) => string | undefined) => CheckedCaller) => {
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
  return (header) => {
    const match = BEARER.exec(header('authorization') ?? '')
    if (!match?.[1]) {
      throw unauthorized(
        'Authorization',
        'identifier.projectToken.missing',
        'Authorization: Bearer <project token> is required',
      )
    }
    const credential = ctx.state.get('projectTokens', hashOf(match[1]))
    if (!credential) {
      throw unauthorized(
        'Authorization',
        'identifier.projectToken.invalid',
        'Authorization: unknown project token',
      )
    }
    if (credential.expiresAt <= ctx.clock.now()) {
      throw unauthorized(
        'Authorization',
        'identifier.projectToken.expired',
        'Authorization: the project token has expired',
      )
    }
    const clientId = header('x-gs2-client-id')
    if (clientId !== undefined && clientId !== credential.clientId) {
      throw unauthorized(
        'X-GS2-CLIENT-ID',
        'identifier.clientId.mismatch',
        'X-GS2-CLIENT-ID: does not match the project token',
      )
    }
    const token = header('x-gs2-access-token')
    const accessToken = token === undefined ? undefined : findAccessToken(ctx, token)
    if (token !== undefined && !accessToken) {
      throw unauthorized(
        'X-GS2-ACCESS-TOKEN',
        'auth.accessToken.invalid',
        'X-GS2-ACCESS-TOKEN: expired, revoked or unknown access token',
      )
    }
    return { credential, accessToken }
  }
}

/** projectTokenCheck for a hono route: what it found goes on the context for the handler. */
export const projectTokenGuard = (ctx: EmulatorContext): ((c: Context<EmulatorEnv>) => void) => {
  const check = projectTokenCheck(ctx)
  // A check the route's own handler runs first (see createApp), not a middleware: a route with a
  // single synchronous handler lets hono and its node adapter answer without a promise.
  return (c) => {
    const { credential, accessToken } = check((name) => headerValue(c, name))
    c.set('credential', credential)
    if (accessToken) c.set('accessToken', accessToken)
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
