import { randomId, randomToken, sha256Hex } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { AccessTokenRecord, ServerUserVia } from '../../store/records.ts'
import { serverUserSeen } from './serverUsers.ts'

export interface IssueAccessToken {
  readonly userId: string
  readonly timeOffset: number
  readonly ttlMs?: number | undefined
  readonly federationFromUserId?: string | null | undefined
  readonly policyDocument?: string | null | undefined
  /** Set when a trusted caller names the user: it is remembered as a server user. */
  readonly seenVia?: ServerUserVia | undefined
}

/**
 * A new access token: 32 random bytes, of which only the SHA-256 is kept, so the state (and
 * the journal on disk) cannot be replayed as credentials.
 */
export const issueAccessToken = (
  ctx: EmulatorContext,
  input: IssueAccessToken,
): { token: string; record: AccessTokenRecord } => {
  const now = ctx.clock.now()
  const token = randomToken(ctx.random)
  const record: AccessTokenRecord = {
    tokenId: randomId(ctx.random),
    userId: input.userId,
    issuedAt: now,
    expire: now + (input.ttlMs ?? ctx.config.tokenTtlMs),
    timeOffset: input.timeOffset,
    federationFromUserId: input.federationFromUserId ?? null,
    policyDocument: input.policyDocument ?? null,
  }
  ctx.state.commit([
    { t: 'accessTokens', k: sha256Hex(token), v: record },
    ...(input.seenVia === undefined ? [] : [serverUserSeen(ctx, input.userId, input.seenVia)]),
  ])
  return { token, record }
}

/** Revokes every live token of a user; returns how many. */
export const revokeUserTokens = (ctx: EmulatorContext, userId: string): number => {
  const keys: string[] = []
  for (const [k, v] of ctx.state.tables.accessTokens) if (v.userId === userId) keys.push(k)
  ctx.state.commit(keys.map((k) => ({ t: 'accessTokens', k })))
  return keys.length
}

export const accessTokenView = (record: AccessTokenRecord) => ({
  tokenId: record.tokenId,
  userId: record.userId,
  issuedAt: record.issuedAt,
  expire: record.expire,
  timeOffset: record.timeOffset,
  federationFromUserId: record.federationFromUserId,
})

/** The GS2 AccessToken model a login answers (the token itself is shown this once). */
export const accessTokenResult = (issued: {
  token: string
  record: { userId: string; expire: number }
}) => ({
  token: issued.token,
  userId: issued.record.userId,
  expire: issued.record.expire,
})
