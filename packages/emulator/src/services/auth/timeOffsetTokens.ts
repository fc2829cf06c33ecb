import { randomToken, sha256Hex } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { badRequest, unauthorized } from '../../server/emulatorError.ts'
import { serverUserSeen } from './serverUsers.ts'

/** A time offset token lives one hour, as in GS2. */
export const TIME_OFFSET_TOKEN_TTL_MS = 3_600_000

export const issueTimeOffsetToken = (
  ctx: EmulatorContext,
  userId: string,
  timeOffset: number,
): { token: string; expire: number } => {
  const now = ctx.clock.now()
  const token = randomToken(ctx.random)
  const expire = now + TIME_OFFSET_TOKEN_TTL_MS
  ctx.state.commit([
    {
      t: 'timeOffsetTokens',
      k: sha256Hex(token),
      v: { userId, timeOffset, issuedAt: now, expire },
    },
    // Only trusted servers issue these (issueTimeOffsetTokenByUserId).
    serverUserSeen(ctx, userId, 'timeOffsetToken'),
  ])
  return { token, expire }
}

/**
 * The offset a time offset token carries. Unknown or expired: 401 (a credential that no longer
 * works). Issued for another user: 400 `auth.timeOffsetToken.userMismatch`, because that is a
 * caller bug, not an authentication failure; a retry with fresh login would not fix it.
 */
export const timeOffsetFromToken = (
  ctx: EmulatorContext,
  token: string,
  userId: string,
): number => {
  const record = ctx.state.get('timeOffsetTokens', sha256Hex(token))
  if (!record || record.expire <= ctx.clock.now()) {
    throw unauthorized(
      'timeOffsetToken',
      'auth.timeOffsetToken.invalid',
      'X-GS2-TIME-OFFSET-TOKEN: unknown or expired time offset token',
    )
  }
  if (record.userId !== userId) {
    throw badRequest(
      'timeOffsetToken',
      'auth.timeOffsetToken.userMismatch',
      'X-GS2-TIME-OFFSET-TOKEN: issued for another user',
    )
  }
  return record.timeOffset
}

/**
 * The offset a token is issued at: the one bound to the request's time offset token when it
 * carries one (checked against `userId`), else the one it asks for, else none.
 */
export const requestedTimeOffset = (
  ctx: EmulatorContext,
  req: { userId: string; timeOffset?: number | undefined; timeOffsetToken?: string | undefined },
): number =>
  req.timeOffsetToken === undefined
    ? (req.timeOffset ?? 0)
    : timeOffsetFromToken(ctx, req.timeOffsetToken, req.userId)
