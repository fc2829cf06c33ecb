import { AuthenticationRequestSchema } from '@gs2ez/account'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { unauthorized } from '../../server/emulatorError.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import type { AccountRecord } from '../../store/records.ts'
import { timeOffsetFromToken } from '../auth/timeOffsetTokens.ts'
import { resolveKey, signBody } from '../key/keyRing.ts'
import { getAccount } from './accountLookup.ts'
import { accountKey, accountView, banStatusView, isBanned } from './accountView.ts'
import { checkPassword, hashPassword, isLegacyHash } from './passwordHash.ts'
import { checkDevicePassword } from './takeOverStore.ts'

/** One `authentication` call as it came off the wire: path, JSON body, time offset header. */
export interface AuthenticationCall {
  readonly namespaceName: string
  readonly userId: string
  readonly body: Readonly<Record<string, unknown>>
  readonly timeOffsetToken: string | undefined
}

/**
 * GS2-Account `authentication`: checks the password, records the login, and answers the account
 * with a body signed by the key, for loginBySignature. Framework-free, so the throughput bench's
 * floor runs exactly this work without the HTTP layer.
 */
export const authenticate = (ctx: EmulatorContext, call: AuthenticationCall) => {
  // coerceWire returns a fresh object: the path and the header join it without more copies.
  const input = coerceWire(call.body, { password: 'string', keyId: 'string' })
  input.namespaceName = call.namespaceName
  input.userId = call.userId
  if (call.timeOffsetToken !== undefined) input.timeOffsetToken = call.timeOffsetToken
  const req = validateWire('account', AuthenticationRequestSchema, input)
  const account = getAccount(ctx, req.namespaceName, req.userId)
  if (
    !checkPassword(ctx, req.password, account.passwordHash) &&
    !checkDevicePassword(ctx, account, req.password)
  ) {
    throw unauthorized('password', 'account.password.invalid', 'password: wrong password')
  }
  const now = ctx.clock.now()
  if (isBanned(account, now)) {
    throw unauthorized('account', 'account.banned.infinity', `account: ${account.userId} is banned`)
  }
  const timeOffset =
    req.timeOffsetToken === undefined
      ? account.timeOffset
      : timeOffsetFromToken(ctx, req.timeOffsetToken, account.userId)
  const { keyId, key } = resolveKey(ctx, req.keyId)
  const updated: AccountRecord = {
    ...account,
    // A legacy peppered hash is replaced now that the password is at hand.
    passwordHash: isLegacyHash(account.passwordHash)
      ? hashPassword(ctx, req.password)
      : account.passwordHash,
    lastAuthenticatedAt: now,
    revision: account.revision + 1,
  }
  ctx.state.commit([
    { t: 'accounts', k: accountKey(account.namespaceName, account.userId), v: updated },
  ])
  const signed = JSON.stringify({
    userId: account.userId,
    namespaceName: account.namespaceName,
    keyId,
    timeOffset,
    issuedAt: now,
  })
  return {
    item: accountView(ctx, updated),
    banStatuses: updated.banStatuses.map((ban) => banStatusView(ctx, updated, ban)),
    body: signed,
    signature: signBody(key, signed),
  }
}
